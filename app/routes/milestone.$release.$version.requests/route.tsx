import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { CopyButton } from "~/components/copy-button";
import { RowHeader, Table, Td, Th, THead, Tr } from "~/components/ui/table";
import { EmptyNote, NoteSection } from "~/components/ui/text";
import { BugzillaLink } from "~/components/bug-link";
import { AcceptanceBadges, KindBadge } from "~/components/badge";
import { Badge } from "~/components/ui/badge";
import { MilestonePageHeader } from "~/components/milestone-nav";
import { SourceFailureNotice } from "~/components/sync-status";
import { RelativeAndUtcTime } from "~/components/time";
import { StableTagMarker, UpdateRequest, UpdateStatusBadge } from "~/components/updates";
import { pageTitle } from "~/components/format";
import { milestoneName } from "~/domain/milestone-name";
import { milestoneView } from "~/components/milestone-view";
import {
  buildRequestsView,
  type RequestGroupView,
  type RequestRow,
  type RequestsView,
} from "~/routes/milestone.$release.$version.requests/view";
import { listMilestoneBugs } from "~/db/bugs.server";
import { requireMilestone } from "~/db/milestones.server";
import { previousReleasesOf } from "~/db/bodhi-releases.server";
import { upstreamSyncFailures } from "~/sync/status.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Requests — ${data.milestone.name}` : "Requests") },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const milestone = await requireMilestone(context.db, params, {
    page: "requests",
    search: new URL(request.url).search,
  });
  const opts = {
    now: new Date(),
    bugzillaUrl: context.config.BUGZILLA_URL,
    release: milestone.release,
    previousReleases: await previousReleasesOf(context.db, milestone.release),
  };
  const bugs = await listMilestoneBugs(context.db, milestone.id);
  return {
    milestone: milestoneView(milestone, opts),
    requests: buildRequestsView(bugs, {
      ...opts,
      milestoneName: milestoneName(milestone.release, milestone.version),
    }),
    sourceFailures: await upstreamSyncFailures(context.db, opts.now, ["bodhi", "koji"]),
  };
}

/** One row: the bug, the update (with its release when it is not the milestone's), the builds concerned. */
function RequestTableRow({ row, release }: { row: RequestRow; release: number }) {
  const { bug, update } = row;
  return (
    <Tr className="align-baseline">
      <RowHeader>
        <a
          href={bug.url}
          className="font-mono font-medium text-sky-800 hover:underline"
          title="Bug in Bugzilla"
        >
          {bug.bugId}
        </a>
        <div className="mt-0.5 flex flex-wrap gap-1">
          {bug.kinds.map((k) => (
            <KindBadge key={k} kind={k} />
          ))}
          <AcceptanceBadges
            accepted0Day={bug.accepted0Day}
            acceptedPreviousRelease={bug.acceptedPreviousRelease}
          />
        </div>
      </RowHeader>
      <Td card="full">
        <Link to={`/bug/${bug.bugId}`} className={`hover:underline ${bug.closed ? "text-slate-500" : ""}`}>
          {bug.summary || <span className="italic text-slate-500">(no summary)</span>}
        </Link>
        <div className="text-xs text-slate-500">
          {bug.component} · <span className="font-mono">{bug.status}</span>
        </div>
      </Td>
      <Td>
        <a href={update.url} className="font-mono text-xs text-sky-800 hover:underline">
          {update.alias}
        </a>
        <div className="mt-0.5 flex flex-wrap items-center gap-1.5">
          {update.releaseName !== `F${release}` ? (
            <Badge tone="violet" title={`An update of ${update.releaseName}, a previous stable release`}>
              {update.releaseName}
            </Badge>
          ) : null}
          <UpdateStatusBadge marker={update.marker} title={`Bodhi status: ${update.status}`} />
          <UpdateRequest request={update.request} />
          <span className="text-[11px] tabular-nums text-slate-600" title="karma / stable karma">
            karma {update.karmaText}
          </span>
        </div>
      </Td>
      <Td>
        <ul className="space-y-0.5">
          {row.builds.map((b) => (
            <li key={b.nvr} className="flex items-baseline gap-1.5 font-mono text-xs">
              <StableTagMarker value={b.inStableTag} stableTag={update.stableTag} single />
              <span className="break-all">{b.nvr}</span>
            </li>
          ))}
        </ul>
      </Td>
    </Tr>
  );
}

/**
 * The group's Markdown for the release-engineering ticket in a read-only textarea (selectable without
 * JavaScript) with a Copy button.
 */
function CopyBlock({ group }: { group: RequestGroupView }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const id = `copy-${group.key}`;
  const lines = group.markdown.split("\n").length - 1;
  return (
    <div className="mt-2">
      <div className="mb-1 flex flex-wrap items-center gap-x-3 gap-y-1">
        <label htmlFor={id} className="text-xs font-medium text-slate-600">
          Text for the release-engineering ticket (Markdown)
        </label>
        <CopyButton target={area} label="Copy" />
      </div>
      <textarea
        id={id}
        ref={area}
        readOnly
        value={group.markdown}
        rows={Math.min(Math.max(lines + 1, 3), 16)}
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
        className="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs leading-5 text-slate-900 shadow-sm focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600"
      />
    </div>
  );
}

/** One action group: heading, what to do, its table (or its empty text) and its text to copy. */
function RequestGroup({ group, release }: { group: RequestGroupView; release: number }) {
  const id = `group-${group.key}`;
  return (
    <section aria-labelledby={id} className="mt-8 first:mt-0">
      <h2 id={id} className="flex items-baseline gap-2 text-lg font-semibold text-slate-900">
        {group.title}
        <span className="text-sm font-normal text-slate-500">{group.rows.length}</span>
      </h2>
      <p className="text-sm text-slate-600">{group.description}</p>
      {group.rows.length === 0 ? (
        <EmptyNote className="mt-2">{group.empty}.</EmptyNote>
      ) : (
        <Table
          caption={`${group.title}: ${group.rows.length} update${group.rows.length === 1 ? "" : "s"}`}
          density="compact"
          cards
          hover
          className="table-fixed sm:min-w-[56rem]"
          frameClassName="mt-2"
        >
          <THead>
            <Th className="w-32">Bug</Th>
            <Th>Summary</Th>
            <Th className="w-64">Update</Th>
            <Th className="w-80">
              {group.key === "tag"
                ? "Builds not in the stable tag"
                : group.key === "unknownTags"
                  ? "Builds not checked"
                  : "Builds"}
            </Th>
          </THead>
          <tbody>
            {group.rows.map((r) => (
              <RequestTableRow key={`${r.bug.bugId}-${r.update.alias}`} row={r} release={release} />
            ))}
          </tbody>
        </Table>
      )}
      {group.rows.length > 0 ? <CopyBlock group={group} /> : null}
    </section>
  );
}

/** The accepted open bugs that no update fixes yet. */
function WithoutUpdatesNote({ bugs }: { bugs: RequestsView["withoutUpdates"] }) {
  return (
    <NoteSection id="without-updates" title={`Accepted open bugs without an update yet (${bugs.length})`}>
      <ul className="mt-1 space-y-0.5">
        {bugs.map((b) => (
          <li key={b.bugId}>
            <BugzillaLink bugId={b.bugId} url={b.url} />{" "}
            <Link to={`/bug/${b.bugId}`} className="hover:underline">
              {b.summary}
            </Link>{" "}
            <span className="text-xs text-slate-500">({b.component})</span>
          </li>
        ))}
      </ul>
    </NoteSection>
  );
}

export default function Requests() {
  const { milestone, requests, sourceFailures } = useLoaderData<typeof loader>();
  const total = requests.groups.reduce((n, g) => n + g.rows.length, 0);
  return (
    <>
      <MilestonePageHeader milestone={milestone} title="Release engineering requests">
        What release engineering still has to do for the updates fixing the {requests.acceptedCount} accepted{" "}
        {requests.acceptedCount === 1 ? "blocker or freeze exception" : "blockers and freeze exceptions"}{" "}
        (closed bugs included). Obsolete, unpushed and revoked updates are left out. The compose groups
        concern this release&apos;s own updates; 0-day and previous-release fixes have groups of their own.
        {milestone.sync.state !== "never" && milestone.sync.lastSuccess ? (
          <>
            {" "}
            Bugs last synced <RelativeAndUtcTime time={milestone.sync.lastSuccess} />.
          </>
        ) : null}
        <SourceFailureNotice failures={sourceFailures} />
      </MilestonePageHeader>

      {requests.acceptedCount === 0 ? (
        <EmptyNote page>
          No accepted blockers or freeze exceptions yet: nothing for release engineering to do.
        </EmptyNote>
      ) : (
        <>
          {total === 0 ? (
            <p className="mb-6 rounded-md border border-emerald-300 bg-emerald-50 px-4 py-3 text-emerald-900">
              Nothing to do: every update of an accepted bug is stable with all builds in the stable tag.
            </p>
          ) : null}
          {requests.groups.map((g) => (
            <RequestGroup key={g.key} group={g} release={milestone.release} />
          ))}
          {requests.withoutUpdates.length > 0 ? <WithoutUpdatesNote bugs={requests.withoutUpdates} /> : null}
        </>
      )}
    </>
  );
}

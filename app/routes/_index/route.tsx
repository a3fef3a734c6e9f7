import { millisecondsToSeconds } from "date-fns/millisecondsToSeconds";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { RowHeader, Table, Td, Tr } from "~/components/ui/table";
import { PageTitle } from "~/components/ui/text";
import { SourceCheckoutNote } from "~/components/cli-note";
import { SourceFailureNotice, SyncSummary } from "~/components/sync-status";
import type { SectionKey } from "~/domain/sections";
import { SITE_TITLE, milestonePath } from "~/components/format";
import { buildHomeView, type MilestoneSummaryView } from "./view.js";
import { listMilestones } from "~/db/milestones.server";
import { countActiveBugStates } from "./queries.server.js";
import { milestoneBurndowns } from "~/db/milestone-history.server";
import { BurndownSparkline } from "~/components/burndown-chart";
import { upstreamSyncFailures } from "~/sync/status.server";
import { formatDuration } from "~/sync/status-view";

export const meta: MetaFunction = () => [{ title: SITE_TITLE }];

export async function loader({ context }: LoaderFunctionArgs) {
  const milestones = await listMilestones(context.db, { activeOnly: true });
  const ids = milestones.map((m) => m.id);
  const now = new Date();
  const [states, trends, sourceFailures] = await Promise.all([
    countActiveBugStates(context.db, ids),
    milestoneBurndowns(context.db, ids, now),
    upstreamSyncFailures(context.db, now),
  ]);
  return {
    ...buildHomeView(milestones, states, { now, bugzillaUrl: context.config.BUGZILLA_URL, trends }),
    sourceFailures,
    syncEvery: formatDuration(millisecondsToSeconds(context.config.SYNC_INTERVAL)),
  };
}

const COUNT_COLUMNS: readonly { key: SectionKey; label: string }[] = [
  { key: "proposedBlockers", label: "Proposed blockers" },
  { key: "acceptedBlockers", label: "Accepted blockers" },
  { key: "proposedFEs", label: "Proposed FEs" },
  { key: "acceptedFEs", label: "Accepted FEs" },
];

/** An open/closed count, "5 (+2 closed)", with the closed part muted. */
function Count({ open, closed }: { open: number; closed: number }) {
  return (
    <span className="tabular-nums">
      <span className={open > 0 ? "text-base font-semibold" : "text-base text-slate-500"}>{open}</span>
      {closed > 0 ? <span className="ml-1 text-xs text-slate-500">(+{closed} closed)</span> : null}
    </span>
  );
}

/** One milestone row of a release table. */
function MilestoneRow({ m }: { m: MilestoneSummaryView }) {
  const conflicts = m.counts.conflicts.open + m.counts.conflicts.closed;
  return (
    <Tr className="align-middle">
      <RowHeader card="full">
        <div className="flex flex-wrap items-center gap-2">
          <Link to={m.path} className="font-semibold text-sky-800 hover:underline">
            {m.name}
          </Link>
          {m.current ? <Badge tone="green">current</Badge> : null}
          {conflicts > 0 ? (
            <Badge tone="red" title="Bugs with both Accepted and Rejected keywords">
              {conflicts} conflict{conflicts === 1 ? "" : "s"}
            </Badge>
          ) : null}
        </div>
        <div className="mt-0.5 text-xs text-slate-500">
          <a href={m.blockerTracker.url} className="hover:underline">
            {m.blockerTracker.alias ?? `#${m.blockerTracker.id}`}
          </a>
          {" · "}
          <a href={m.feTracker.url} className="hover:underline">
            {m.feTracker.alias ?? `#${m.feTracker.id}`}
          </a>
        </div>
        <Link
          to={`${m.path}#trend`}
          className="mt-1 inline-block rounded hover:bg-sky-100"
          title="Open blockers per day (solid: accepted, dashed: proposed)"
        >
          <BurndownSparkline series={m.trend} />
        </Link>
      </RowHeader>
      {COUNT_COLUMNS.map((c) => (
        <Td key={c.key} label={c.label} className="text-right">
          <Count {...m.counts[c.key]} />
        </Td>
      ))}
      <Td label="Last sync" card="full">
        <SyncSummary sync={m.sync} />
      </Td>
      <Td card="full" className="text-right max-sm:text-left">
        <Link
          to={m.path}
          className="inline-block whitespace-nowrap rounded border border-sky-700 px-2.5 py-1 text-xs font-medium text-sky-800 hover:bg-sky-700 hover:text-white"
        >
          Bug list<span className="sr-only"> of {m.name}</span> →
        </Link>
        <div className="mt-1 flex flex-wrap justify-end gap-x-2 text-xs text-slate-500 max-sm:justify-start">
          <Link
            to={milestonePath(m.release, m.version, "requests")}
            className="hover:text-sky-800 hover:underline"
          >
            Requests<span className="sr-only"> of {m.name}</span>
          </Link>
          <Link
            to={milestonePath(m.release, m.version, "irc")}
            className="hover:text-sky-800 hover:underline"
          >
            IRC<span className="sr-only"> meeting script of {m.name}</span>
          </Link>
          <Link
            to={milestonePath(m.release, m.version, "changes")}
            className="hover:text-sky-800 hover:underline"
          >
            Changes<span className="sr-only"> since the last meeting in {m.name}</span>
          </Link>
        </div>
      </Td>
    </Tr>
  );
}

/** Shown when no milestone is active yet: how to add one. */
function EmptyState({ syncEvery }: { syncEvery: string }) {
  const cmd = "block rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-50 overflow-x-auto";
  return (
    <div className="rounded-md border border-slate-200 bg-white p-6 shadow-sm">
      <h2 className="text-lg font-semibold">No active milestones yet</h2>
      <p className="mt-2 text-sm text-slate-600">
        Blockerbugs lists the milestones an administrator has added and marked active. Admins can add them on
        the{" "}
        <Link to="/admin" className="text-sky-800 underline">
          admin page
        </Link>
        , or with the <code className="font-mono">blockerbugs</code> command, for example:
      </p>
      <pre className={`${cmd} mt-3`}>
        {`blockerbugs add_release 41
blockerbugs add_milestone 41 beta --blocker-tracker F41BetaBlocker --fe-tracker F41BetaFreezeException --current`}
      </pre>
      <p className="mt-3 text-sm text-slate-600">
        or let Blockerbugs find the standard trackers of a release (or, without{" "}
        <code className="font-mono">--release</code>, of every pending Fedora release Bodhi lists):
      </p>
      <pre className={`${cmd} mt-2`}>blockerbugs discover --release 41</pre>
      <p className="mt-3 text-sm text-slate-600">
        then fetch their bugs (a primary server also syncs on its own every {syncEvery}):
      </p>
      <pre className={`${cmd} mt-2`}>blockerbugs sync</pre>
      <SourceCheckoutNote example="blockerbugs add_release 41" className="mt-3" />
    </div>
  );
}

export default function Index() {
  const { releases, sourceFailures, syncEvery } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="mb-6">
        <PageTitle>Release milestones</PageTitle>
        <p className="mt-1 text-sm text-slate-600">
          Blocker and freeze-exception (FE) bugs of the active Fedora milestones. Counts are open bugs, with
          closed ones in brackets.
        </p>
        {releases.length > 0 ? <SourceFailureNotice failures={sourceFailures} /> : null}
      </div>
      {releases.length === 0 ? (
        <EmptyState syncEvery={syncEvery} />
      ) : (
        <div className="space-y-6">
          {releases.map((r) => (
            <Table
              key={r.release}
              caption={`Fedora ${r.release}`}
              showCaption
              density="roomy"
              cards
              hover
              className="table-fixed sm:min-w-[60rem]"
              columns={[
                "Milestone",
                ...COUNT_COLUMNS.map((c) => ({ label: c.label, className: "w-28 text-right" })),
                { label: "Last sync", className: "w-60" },
                { label: <span className="sr-only">Link</span>, key: "Link", className: "w-28" },
              ]}
              rows={r.milestones}
              row={(m) => <MilestoneRow key={m.version} m={m} />}
            />
          ))}
        </div>
      )}
    </>
  );
}

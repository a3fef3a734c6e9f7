import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { AcceptanceBadges, Badge, StateBadge } from "~/components/badge";
import { RelativeAndUtcTime } from "~/components/time";
import { PreviouslyRejectedBadge, ProposalNote } from "~/components/proposal";
import { MeetingBadge, StableTagMarker, UpdateRequest, UpdateStatusBadge } from "~/components/updates";
import { SourceFailureNotice } from "~/components/sync-status";
import { buildBugPageView } from "~/routes/bug.$id/view";
import { notABugIdMessage, parseBugId } from "~/domain/bug-id";
import { pageTitle } from "~/components/format";
import { getBugDetail } from "~/db/bugs.server";
import { upstreamSyncFailures } from "~/sync/status.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(
      data ? `Bug ${data.bug.bugId}${data.bug.summary ? ` — ${data.bug.summary}` : ""}` : "Bug",
    ),
  },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = parseBugId(params.id);
  if (id === null) {
    throw new Response(`${notABugIdMessage(params.id)}.`, {
      status: 400,
      statusText: "Bad Request",
    });
  }
  const bug = await getBugDetail(context.db, id);
  if (!bug) {
    throw new Response(`Bug ${id} has never been tracked for any milestone here.`, {
      status: 404,
      statusText: "Not Found",
    });
  }
  const now = new Date();
  return {
    bug: buildBugPageView(bug, { now, bugzillaUrl: context.config.BUGZILLA_URL }),
    sourceFailures: await upstreamSyncFailures(context.db, now),
  };
}

/** One term/description pair of the fields list. */
function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 border-t border-slate-100 py-1.5 first:border-t-0">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** The word for a decided state in "accepted 3 days ago"; null while proposed or not proposed. */
function decisionWord(state: string | null): string | null {
  return state === "accepted" || state === "rejected" ? state : state === "conflict" ? "conflicting" : null;
}

/** A muted dash for empty values. */
function None() {
  return <span className="text-slate-400">—</span>;
}

const th = "px-3 py-1.5 text-left font-semibold";
const td = "px-3 py-1.5";

export default function BugPage() {
  const { bug, sourceFailures } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="mb-5">
        <p className="text-sm text-slate-500">
          <a href={bug.url} className="font-mono font-medium text-sky-800 hover:underline">
            Bug {bug.bugId}
          </a>
          {bug.alias.length > 0 ? <span> · {bug.alias.join(", ")}</span> : null}
          {" · "}
          <Link to={`/api/v1/bugs/${bug.bugId}`} reloadDocument className="hover:underline">
            JSON
          </Link>
        </p>
        <h1 className={`mt-1 text-2xl font-semibold tracking-tight ${bug.closed ? "text-slate-500" : ""}`}>
          {bug.summary || (
            <span className="italic text-slate-500">
              {bug.inaccessible ? `Bug ${bug.bugId}: details not available` : `Bug ${bug.bugId}: no summary`}
            </span>
          )}
        </h1>
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          {bug.status ? <Badge tone={bug.closed ? "gray" : "blue"}>{bug.status}</Badge> : null}
          {bug.component ? <span className="text-slate-600">{bug.component}</span> : null}
          {bug.prioritized ? <Badge tone="violet">prioritized</Badge> : null}
          <a href={bug.url} className="text-sky-800 hover:underline">
            Open in Bugzilla →
          </a>
        </div>
        {bug.inaccessible ? (
          <p className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950">
            Bugzilla did not give us this bug on the last sync (
            {bug.inaccessible === "private"
              ? "it is private"
              : bug.inaccessible === "missing"
                ? "it does not exist"
                : bug.inaccessible}
            ); the details below may be missing or out of date.
          </p>
        ) : null}
        <SourceFailureNotice failures={sourceFailures} />
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
        <section
          aria-labelledby="fields"
          className="self-start rounded-md border border-slate-200 bg-white p-4 shadow-sm"
        >
          <h2 id="fields" className="mb-2 text-base font-semibold">
            Fields
          </h2>
          <dl className="text-sm">
            <Field label="Whiteboard">
              {bug.whiteboard ? <span className="font-mono text-xs">{bug.whiteboard}</span> : <None />}
            </Field>
            <Field label="Keywords">{bug.keywords.length > 0 ? bug.keywords.join(", ") : <None />}</Field>
            <Field label="Needinfo">
              {bug.needinfo.length > 0 ? (
                <ul>
                  {bug.needinfo.map((who) => (
                    <li key={who} className="text-amber-900">
                      {who}
                    </li>
                  ))}
                </ul>
              ) : (
                <None />
              )}
            </Field>
            <Field label="Depends on">
              {bug.dependsOn.length > 0 ? (
                <ul className="flex flex-wrap gap-x-2">
                  {bug.dependsOn.map((d) => (
                    <li key={d.id}>
                      <a
                        href={d.url}
                        className={`font-mono text-xs hover:underline ${d.open ? "text-sky-800" : "text-slate-500"}`}
                        title={d.open ? "open" : "closed"}
                      >
                        {d.id}
                      </a>
                      {d.open ? null : <span className="sr-only"> (closed)</span>}
                    </li>
                  ))}
                </ul>
              ) : (
                <None />
              )}
            </Field>
            <Field label="Blocks">
              {bug.blocks.length > 0 ? (
                <ul className="flex flex-wrap gap-x-2">
                  {bug.blocks.map((b) => (
                    <li key={b.id}>
                      <a href={b.url} className="font-mono text-xs text-sky-800 hover:underline">
                        {b.id}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : (
                <None />
              )}
            </Field>
            <Field label="Last change">
              <RelativeAndUtcTime time={bug.lastChange} fallback="unknown" />
            </Field>
            <Field label="Fetched">
              <RelativeAndUtcTime time={bug.fetched} fallback="never" />
            </Field>
          </dl>
        </section>

        <section aria-labelledby="milestones" className="min-w-0">
          <h2 id="milestones" className="mb-2 text-base font-semibold">
            Milestones
          </h2>
          <div className="relative overflow-x-auto rounded-md border border-slate-200 bg-white shadow-sm">
            <table className="w-full border-collapse text-sm">
              <caption className="sr-only">State of bug {bug.bugId} per milestone</caption>
              <thead className="bg-slate-100 text-xs text-slate-600">
                <tr>
                  <th scope="col" className={th}>
                    Milestone
                  </th>
                  <th scope="col" className={th}>
                    Blocker
                  </th>
                  <th scope="col" className={th}>
                    Freeze exception
                  </th>
                  <th scope="col" className={th}>
                    Tracked
                  </th>
                </tr>
              </thead>
              <tbody>
                {bug.milestones.map((m) => (
                  <tr
                    key={m.path}
                    className={`border-t border-slate-200 ${m.active ? "" : "text-slate-500"}`}
                  >
                    <th scope="row" className={`${td} text-left font-normal`}>
                      <Link to={m.path} className="font-medium text-sky-800 hover:underline">
                        {m.name}
                      </Link>
                      {m.current ? (
                        <span className="ml-2">
                          <Badge tone="green">current</Badge>
                        </span>
                      ) : null}
                    </th>
                    <td className={td}>
                      <span className="inline-flex flex-wrap gap-1">
                        <StateBadge state={m.blocker} />
                        <AcceptanceBadges
                          accepted0Day={m.accepted0Day}
                          acceptedPreviousRelease={m.acceptedPreviousRelease}
                        />
                        {m.blockerProposal?.previouslyRejected ? <PreviouslyRejectedBadge /> : null}
                      </span>
                      {m.blockerProposal ? (
                        <ProposalNote proposal={m.blockerProposal} decision={decisionWord(m.blocker)} />
                      ) : null}
                    </td>
                    <td className={td}>
                      <span className="inline-flex flex-wrap gap-1">
                        <StateBadge state={m.fe} />
                        {m.feProposal?.previouslyRejected ? <PreviouslyRejectedBadge /> : null}
                      </span>
                      {m.feProposal ? (
                        <ProposalNote proposal={m.feProposal} decision={decisionWord(m.fe)} />
                      ) : null}
                    </td>
                    <td className={td}>
                      <span
                        title={
                          m.firstSeen
                            ? `Blockerbugs' sync first saw it here ${m.firstSeen.relative} (${m.firstSeen.utc})`
                            : undefined
                        }
                      >
                        {m.active ? "yes" : "removed"}
                      </span>
                      {m.active ? null : (
                        <span className="sr-only"> (no longer blocks a tracker of this milestone)</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {bug.milestones.length === 0 ? (
              <p className="px-3 py-2 text-sm text-slate-500">Not tracked for any milestone.</p>
            ) : null}
          </div>

          <h2 id="updates" className="mb-2 mt-6 text-base font-semibold">
            Updates
          </h2>
          {bug.updates.length === 0 ? (
            <p className="rounded border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-500">
              No Bodhi update lists this bug.
            </p>
          ) : (
            <div className="relative overflow-x-auto rounded-md border border-slate-200 bg-white shadow-sm">
              <table className="w-full border-collapse text-sm">
                <caption className="sr-only">Bodhi updates of bug {bug.bugId} and their builds</caption>
                <thead className="bg-slate-100 text-xs text-slate-600">
                  <tr>
                    <th scope="col" className={th}>
                      Update
                    </th>
                    <th scope="col" className={th}>
                      Status
                    </th>
                    <th scope="col" className={th}>
                      Karma
                    </th>
                    <th scope="col" className={th}>
                      Builds and stable tag
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {bug.updates.map((u) => (
                    <tr
                      key={u.alias}
                      className={`border-t border-slate-200 align-baseline ${u.dead ? "text-slate-500" : ""}`}
                    >
                      <th scope="row" className={`${td} text-left font-normal`}>
                        <a
                          href={u.url}
                          className={`font-mono text-xs hover:underline ${u.dead ? "text-slate-500" : "text-sky-800"}`}
                        >
                          {u.alias}
                        </a>
                        <div className="text-xs text-slate-500">{u.releaseName}</div>
                      </th>
                      <td className={td}>
                        <span className="inline-flex flex-wrap items-center gap-1.5">
                          <UpdateStatusBadge status={u.status} />
                          <UpdateRequest request={u.request} />
                        </span>
                      </td>
                      <td className={`${td} tabular-nums`}>{u.karmaText}</td>
                      <td className={td}>
                        <ul className="space-y-1">
                          {u.builds.map((b) => (
                            <li key={b.nvr} className="text-xs">
                              <span className="flex items-baseline gap-1.5 font-mono">
                                <StableTagMarker value={b.inStableTag} stableTag={u.stableTag} single />
                                <span className="break-all">{b.nvr}</span>
                              </span>
                              <span className="ml-4 block text-[11px] text-slate-500">
                                {b.kojiError
                                  ? `Koji: ${b.kojiError}`
                                  : b.tags === null
                                    ? "tags not fetched from Koji yet"
                                    : b.tags.length === 0
                                      ? "no tags"
                                      : `tags: ${b.tags.join(", ")}`}
                              </span>
                            </li>
                          ))}
                        </ul>
                        {u.builds.length === 0 ? <None /> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h2 id="discussion" className="mb-2 mt-6 flex flex-wrap items-center gap-2 text-base font-semibold">
            Discussion
            {bug.discussion?.meeting ? <MeetingBadge /> : null}
            {bug.discussion?.closed ? <Badge tone="gray">ticket closed</Badge> : null}
          </h2>
          {!bug.discussion ? (
            <p className="rounded border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-500">
              No discussion ticket.
            </p>
          ) : (
            <div className="rounded-md border border-slate-200 bg-white shadow-sm">
              <p className="px-3 py-2 text-sm">
                {bug.discussion.url ? (
                  <a href={bug.discussion.url} className="font-medium text-sky-800 hover:underline">
                    Discussion ticket: vote here →
                  </a>
                ) : (
                  <span className="text-slate-500">The discussion ticket is being created.</span>
                )}
              </p>
              {bug.discussion.tallies.length === 0 ? (
                <p className="border-t border-slate-200 px-3 py-2 text-sm text-slate-500">No votes yet.</p>
              ) : (
                <div className="relative overflow-x-auto border-t border-slate-200">
                  <table className="w-full border-collapse text-sm">
                    <caption className="sr-only">Votes per tracker</caption>
                    <thead className="bg-slate-100 text-xs text-slate-600">
                      <tr>
                        <th scope="col" className={th}>
                          Tracker
                        </th>
                        <th scope="col" className={th}>
                          Tally
                        </th>
                        <th scope="col" className={th}>
                          +1
                        </th>
                        <th scope="col" className={th}>
                          0
                        </th>
                        <th scope="col" className={th}>
                          −1
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {bug.discussion.tallies.map((t) => (
                        <tr key={t.tracker} className="border-t border-slate-200 align-baseline">
                          <th scope="row" className={`${td} text-left font-medium`}>
                            {t.tracker}
                          </th>
                          <td className={`${td} font-mono tabular-nums`}>{t.counts}</td>
                          <td className={`${td} text-emerald-800`}>
                            {t.plus.length > 0 ? t.plus.join(", ") : <None />}
                          </td>
                          <td className={`${td} text-slate-700`}>
                            {t.zero.length > 0 ? t.zero.join(", ") : <None />}
                          </td>
                          <td className={`${td} text-red-800`}>
                            {t.minus.length > 0 ? t.minus.join(", ") : <None />}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          )}

          <h2 id="history" className="mb-2 mt-6 text-base font-semibold">
            History
          </h2>
          {bug.history.length === 0 ? (
            <p className="rounded border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-500">
              No state changes recorded yet.
            </p>
          ) : (
            <div className="relative overflow-x-auto rounded-md border border-slate-200 bg-white shadow-sm">
              <table className="w-full border-collapse text-sm">
                <caption className="sr-only">State changes of bug {bug.bugId}, newest first</caption>
                <thead className="bg-slate-100 text-xs text-slate-600">
                  <tr>
                    <th scope="col" className={th}>
                      Time (UTC)
                    </th>
                    <th scope="col" className={th}>
                      Milestone
                    </th>
                    <th scope="col" className={th}>
                      Field
                    </th>
                    <th scope="col" className={th}>
                      Change
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {bug.history.map((e) => (
                    <tr key={e.id} className="border-t border-slate-200">
                      <th scope="row" className={`${td} whitespace-nowrap text-left text-xs font-normal`}>
                        {e.at ? (
                          <time dateTime={e.at.iso} title={e.at.relative}>
                            {e.at.utc.replace(" UTC", "")}
                          </time>
                        ) : (
                          <None />
                        )}
                        {e.fromBugzilla ? null : (
                          <span
                            className="ml-1 text-slate-400"
                            title="When Blockerbugs' sync noticed the change: Bugzilla's history did not date it"
                          >
                            (sync)
                          </span>
                        )}
                      </th>
                      <td className={td}>
                        <Link to={e.path} className="text-sky-800 hover:underline">
                          {e.milestone}
                        </Link>
                      </td>
                      <td className={`${td} font-medium`}>{e.field}</td>
                      <td className={td}>
                        <span className="text-slate-500">{e.old}</span>
                        <span aria-hidden="true" className="px-1.5 text-slate-400">
                          →
                        </span>
                        <span className="sr-only"> changed to </span>
                        <span className="font-medium">{e.new}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
  );
}

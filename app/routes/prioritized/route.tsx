import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { StateBadge } from "~/components/badge";
import { RelativeTime } from "~/components/time";
import { pageTitle } from "~/components/format";
import { buildPrioritizedView } from "~/routes/prioritized/view";
import { listPrioritizedBugs } from "./queries.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Prioritized bugs") }];

export async function loader({ context }: LoaderFunctionArgs) {
  const bugs = await listPrioritizedBugs(context.db);
  return { rows: buildPrioritizedView(bugs, { now: new Date(), bugzillaUrl: context.config.BUGZILLA_URL }) };
}

const th = "px-2 py-1.5 text-left font-semibold";
const td = "px-2 py-1.5";

export default function Prioritized() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="mb-5">
        <h1 className="text-2xl font-semibold tracking-tight">Prioritized bugs</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Open bugs the Fedora Prioritized Bugs process flagged{" "}
          <code className="font-mono text-xs">fedora_prioritized_bug+</code>, whatever their release, with the
          active milestones they block. Only bugs tracked for a milestone here are known to Blockerbugs.
        </p>
      </header>
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white px-4 py-3 text-slate-600">
          No open prioritized bugs among the tracked bugs.
        </p>
      ) : (
        <div className="relative overflow-x-auto rounded-md border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[56rem] table-fixed border-collapse text-sm">
            <caption className="sr-only">Open prioritized bugs: {rows.length}, by component</caption>
            <thead className="bg-slate-100 text-xs text-slate-600">
              <tr>
                <th scope="col" className={`${th} w-28`}>
                  Bug
                </th>
                <th scope="col" className={`${th} w-36`}>
                  Component
                </th>
                <th scope="col" className={`${th} w-28`}>
                  Status
                </th>
                <th scope="col" className={th}>
                  Summary
                </th>
                <th scope="col" className={`${th} w-72`}>
                  Blocks milestones
                </th>
                <th scope="col" className={`${th} w-28`}>
                  Last change
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.bugId} className="border-t border-slate-200 align-baseline hover:bg-sky-50/60">
                  <th scope="row" className={`${td} text-left font-normal`}>
                    <a href={r.url} className="font-mono font-medium text-sky-800 hover:underline">
                      {r.bugId}
                    </a>
                  </th>
                  <td className={`${td} break-words`}>{r.component}</td>
                  <td className={`${td} font-mono text-xs`}>{r.status}</td>
                  <td className={td}>
                    <Link to={`/bug/${r.bugId}`} className="hover:underline">
                      {r.summary || <span className="italic text-slate-500">(no summary)</span>}
                    </Link>
                    {r.needinfo.length > 0 ? (
                      <div className="text-xs text-amber-900">needinfo: {r.needinfo.join(", ")}</div>
                    ) : null}
                  </td>
                  <td className={td}>
                    {r.milestones.length === 0 ? (
                      <span className="text-xs text-slate-500">no active milestone</span>
                    ) : (
                      <ul className="space-y-0.5">
                        {r.milestones.map((m) => (
                          <li key={m.path} className="flex flex-wrap items-center gap-1.5 text-xs">
                            <Link to={m.path} className="font-medium text-sky-800 hover:underline">
                              {m.name}
                            </Link>
                            {m.blocker ? (
                              <span className="inline-flex items-center gap-1">
                                <Badge tone="red">Blocker</Badge>
                                <StateBadge state={m.blocker} />
                              </span>
                            ) : null}
                            {m.fe ? (
                              <span className="inline-flex items-center gap-1">
                                <Badge tone="blue">FE</Badge>
                                <StateBadge state={m.fe} />
                              </span>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className={`${td} text-xs`}>
                    <RelativeTime time={r.lastChange} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { RelativeAndUtcTime } from "~/components/time";
import { pageTitle } from "~/components/format";
import { SourceCheckoutNote } from "~/components/cli-note";
import { syncPageView, syncStatusJson } from "~/sync/status-view";
import { lastSyncRuns } from "~/sync/status.server";
import { SYNC_SOURCES } from "~/sync/run-sync.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Sync status") }];

/** Last run of each source and this node's schedule (the same data as `GET /api/v1/sync`). */
export async function loader({ context }: LoaderFunctionArgs) {
  const json = syncStatusJson(
    SYNC_SOURCES,
    await lastSyncRuns(context.db, SYNC_SOURCES),
    context.config.BLOCKERBUGS_ROLE,
    context.scheduler?.status(),
  );
  return syncPageView(json, new Date());
}

const OUTCOME_TONE = { success: "green", partial: "amber", failed: "red", running: "gray" } as const;

export default function SyncStatus() {
  const view = useLoaderData<typeof loader>();
  return (
    <div className="max-w-5xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Sync status</h1>
        <p className="mt-2 text-sm text-slate-700">
          Node role: <strong>{view.node.role}</strong>. {view.node.note}
        </p>
        <SourceCheckoutNote example="blockerbugs sync" className="mt-1" />
        {view.nextScheduledRun ? (
          <ul className="mt-2 text-sm text-slate-700">
            <li>
              Next incremental sync: <RelativeAndUtcTime time={view.times.next.incremental} fallback="—" />{" "}
              (every {Math.round((view.intervalSeconds ?? 0) / 60)} min)
            </li>
            <li>
              Next full sync: <RelativeAndUtcTime time={view.times.next.full} fallback="—" /> (daily)
            </li>
          </ul>
        ) : null}
      </header>
      <div className="relative overflow-x-auto">
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Last sync run of each source</caption>
          <thead>
            <tr className="border-b border-slate-300 text-slate-600">
              <th scope="col" className="py-2 pr-4">
                Source
              </th>
              <th scope="col" className="py-2 pr-4">
                Last run
              </th>
              <th scope="col" className="py-2 pr-4">
                Kind
              </th>
              <th scope="col" className="py-2 pr-4">
                Outcome
              </th>
              <th scope="col" className="py-2 pr-4">
                Duration
              </th>
              <th scope="col" className="py-2 pr-4">
                Counts
              </th>
              <th scope="col" className="py-2">
                Error
              </th>
            </tr>
          </thead>
          <tbody>
            {view.sources.map(({ source, lastRun }) => (
              <tr key={source} className="border-b border-slate-200 align-top">
                <th scope="row" className="py-2 pr-4 font-medium">
                  {source}
                </th>
                {lastRun ? (
                  <>
                    <td className="py-2 pr-4">
                      <RelativeAndUtcTime time={view.times.runs[source]?.started ?? null} fallback="—" />
                    </td>
                    <td className="py-2 pr-4">{lastRun.kind}</td>
                    <td className="py-2 pr-4">
                      <Badge tone={OUTCOME_TONE[lastRun.outcome as keyof typeof OUTCOME_TONE] ?? "gray"}>
                        {lastRun.outcome}
                      </Badge>
                    </td>
                    <td className="py-2 pr-4">{view.times.runs[source]?.duration}</td>
                    <td className="py-2 pr-4">{view.counts[source] || "—"}</td>
                    <td className="max-w-md whitespace-pre-wrap break-words py-2 text-red-800">
                      {lastRun.error ?? ""}
                    </td>
                  </>
                ) : (
                  <td colSpan={6} className="py-2 text-slate-500">
                    never synced
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-600">
        As JSON:{" "}
        <Link to="/api/v1/sync" reloadDocument className="font-mono text-sky-800 hover:underline">
          /api/v1/sync
        </Link>
      </p>
    </div>
  );
}

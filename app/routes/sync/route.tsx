import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { RowHeader, Table, Td, Th, THead, Tr } from "~/components/ui/table";
import { PageTitle } from "~/components/ui/text";
import { RelativeAndUtcTime } from "~/components/time";
import { pageTitle } from "~/components/format";
import { SourceCheckoutNote } from "~/components/cli-note";
import { formatDuration, syncPageView, syncStatusJson } from "~/sync/status-view";
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
        <PageTitle>Sync status</PageTitle>
        <p className="mt-2 text-sm text-slate-700">
          Node role: <strong>{view.node.role}</strong>. {view.node.note}
        </p>
        <SourceCheckoutNote example="blockerbugs sync" className="mt-1" />
        {view.nextScheduledRun ? (
          <ul className="mt-2 text-sm text-slate-700">
            <li>
              Next incremental sync: <RelativeAndUtcTime time={view.times.next.incremental} fallback="—" />{" "}
              (every {formatDuration(view.intervalSeconds ?? 0)})
            </li>
            <li>
              Next full sync: <RelativeAndUtcTime time={view.times.next.full} fallback="—" /> (daily)
            </li>
          </ul>
        ) : null}
      </header>
      <Table caption="Last sync run of each source" cards>
        <THead>
          <Th>Source</Th>
          <Th>Last run</Th>
          <Th>Kind</Th>
          <Th>Outcome</Th>
          <Th>Duration</Th>
          <Th>Counts</Th>
          <Th>Error</Th>
        </THead>
        <tbody>
          {view.sources.map(({ source, lastRun }) => (
            <Tr key={source} className="align-top">
              <RowHeader className="font-medium">{source}</RowHeader>
              {lastRun ? (
                <>
                  <Td label="last run">
                    <RelativeAndUtcTime time={view.times.runs[source]?.started ?? null} fallback="—" />
                  </Td>
                  <Td label="kind">{lastRun.kind}</Td>
                  <Td label="outcome">
                    <Badge tone={OUTCOME_TONE[lastRun.outcome as keyof typeof OUTCOME_TONE] ?? "gray"}>
                      {lastRun.outcome}
                    </Badge>
                  </Td>
                  <Td label="took">{view.times.runs[source]?.duration}</Td>
                  <Td card="full">{view.counts[source] || "—"}</Td>
                  <Td card="full" className="max-w-md whitespace-pre-wrap break-words text-red-800">
                    {lastRun.error ?? ""}
                  </Td>
                </>
              ) : (
                <Td colSpan={6} className="text-slate-500">
                  never synced
                </Td>
              )}
            </Tr>
          ))}
        </tbody>
      </Table>
      <p className="text-sm text-slate-600">
        As JSON:{" "}
        <Link to="/api/v1/sync" reloadDocument className="font-mono text-sky-800 hover:underline">
          /api/v1/sync
        </Link>
      </p>
    </div>
  );
}

import type { Db } from "~/db/db.server";
import { SOURCE_DATA, sourceFailures, type SourceFailureView, type SyncRunRow } from "~/sync/status-view";

/** The most recent SyncRun of each of `sources` (by start time); a source that never ran is absent. */
export async function lastSyncRuns(db: Db, sources: readonly string[]): Promise<Map<string, SyncRunRow>> {
  const runs = await Promise.all(
    sources.map((source) => db.syncRun.findFirst({ where: { source }, orderBy: { startedAt: "desc" } })),
  );
  return new Map(runs.filter((r) => r !== null).map((r) => [r.source, r]));
}

/**
 * The syncs of `sources` (default: Bodhi, Koji and Pagure) whose last finished run failed or was partial
 * (see `sourceFailures`), for the warning on the milestone and bug pages: their data there is from an
 * earlier sync.
 */
export async function upstreamSyncFailures(
  db: Db,
  now: Date,
  sources: readonly string[] = Object.keys(SOURCE_DATA),
): Promise<SourceFailureView[]> {
  const [finished, succeeded] = await Promise.all([
    Promise.all(
      sources.map((source) =>
        db.syncRun.findFirst({
          where: { source, outcome: { not: "running" } },
          orderBy: { startedAt: "desc" },
        }),
      ),
    ),
    Promise.all(
      sources.map((source) =>
        db.syncRun.findFirst({
          where: { source, outcome: "success" },
          orderBy: { startedAt: "desc" },
          select: { source: true, startedAt: true },
        }),
      ),
    ),
  ]);
  return sourceFailures(
    new Map(finished.filter((r) => r !== null).map((r) => [r.source, r])),
    new Map(succeeded.filter((r) => r !== null).map((r) => [r.source, r.startedAt])),
    now,
  );
}

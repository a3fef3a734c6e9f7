import type { Db } from "~/db/db.server";
import type { SyncRunRow } from "~/lib/sync-view";

/** The most recent SyncRun of each of `sources` (by start time); a source that never ran is absent. */
export async function lastSyncRuns(db: Db, sources: readonly string[]): Promise<Map<string, SyncRunRow>> {
  const runs = await Promise.all(
    sources.map((source) => db.syncRun.findFirst({ where: { source }, orderBy: { startedAt: "desc" } })),
  );
  return new Map(runs.filter((r) => r !== null).map((r) => [r.source, r]));
}

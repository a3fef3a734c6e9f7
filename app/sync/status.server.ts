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
 * earlier sync. One statement (the last finished and the last successful run of each source): every
 * check of a kept page runs it (app/server/page-cache.ts).
 */
export async function upstreamSyncFailures(
  db: Db,
  now: Date,
  sources: readonly string[] = Object.keys(SOURCE_DATA),
): Promise<SourceFailureView[]> {
  const rows = await db.$queryRaw<(SyncRunRow & { last: "finished" | "success" })[]>`
    SELECT * FROM (
      SELECT DISTINCT ON ("source") 'finished' AS "last", "id", "source", "kind", "startedAt",
        "finishedAt", "outcome", "counts", "error"
      FROM "SyncRun" WHERE "source" = ANY(${[...sources]}::text[]) AND "outcome" <> 'running'
      ORDER BY "source", "startedAt" DESC
    ) finished
    UNION ALL
    SELECT * FROM (
      SELECT DISTINCT ON ("source") 'success' AS "last", "id", "source", "kind", "startedAt",
        "finishedAt", "outcome", "counts", "error"
      FROM "SyncRun" WHERE "source" = ANY(${[...sources]}::text[]) AND "outcome" = 'success'
      ORDER BY "source", "startedAt" DESC
    ) success`;
  const of = (last: string) =>
    new Map(rows.filter((r) => r.last === last).map(({ last: _last, ...run }) => [run.source, run]));
  return sourceFailures(
    of("finished"),
    new Map([...of("success")].map(([source, run]) => [source, run.startedAt])),
    now,
  );
}

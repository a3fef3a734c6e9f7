import type { Config } from "~/config.server";
import type { Db } from "~/db/db.server";
import { logger } from "~/logger.server";
import { SYNC_LOCK_KEY, SyncLockedError } from "~/sync/lock.server";
import { runSync } from "~/sync/run-sync.server";

/**
 * Whether some process (any node) holds the sync lock right now: the advisory lock shows in `pg_locks`
 * (a single bigint key is stored as classid = high 32 bits, objid = low 32 bits, objsubid = 1).
 */
export async function isSyncRunning(db: Db): Promise<boolean> {
  const rows = await db.$queryRaw<{ held: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 1
        AND classid = ${Math.floor(SYNC_LOCK_KEY / 2 ** 32)}::oid AND objid = ${SYNC_LOCK_KEY % 2 ** 32}::oid
    ) AS held`;
  return rows[0]?.held ?? false;
}

/**
 * Starts a sync of every active milestone in the background (not awaited: it may take minutes) and
 * logs its outcome. Another sync starting in between is caught by the lock and logged.
 * @returns "started", or "running" when a sync already holds the lock (nothing is started)
 */
export async function startBackgroundSync(
  db: Db,
  databaseUrl: string,
  config: Config,
  opts: { full: boolean },
): Promise<"started" | "running"> {
  if (await isSyncRunning(db)) return "running";
  runSync(db, databaseUrl, config, { full: opts.full }).then(
    (summary) =>
      logger.info({ ok: summary.ok, runs: summary.runs.map((r) => r.runId) }, "admin sync finished"),
    (error: unknown) => {
      if (error instanceof SyncLockedError) logger.info("admin sync not started: another sync is running");
      else logger.error({ err: error }, "admin sync failed");
    },
  );
  return "started";
}

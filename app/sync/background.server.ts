import type { Config } from "~/config.server";
import type { Db } from "~/db/db.server";
import { logger } from "~/logger.server";
import { SYNC_LOCK_KEY, SyncLockedError } from "~/sync/lock.server";
import { runSync, type StartedRun } from "~/sync/run-sync.server";

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

/** What {@link startBackgroundSync} did. */
export type BackgroundSyncStart =
  /** A sync is running in the background; `first` is its first source's run as it started (the kind
   * that step decided), null when the sync ended before starting one. */
  | { state: "started"; first: StartedRun | null }
  /** Another sync holds the lock: nothing was started. */
  | { state: "running" };

/**
 * Starts a sync of every active milestone in the background (it may take minutes; its outcome is
 * logged) and waits only until its first source's SyncRun exists, so the caller can say what kind of
 * sync really started (an incremental one asked for is full for Bugzilla when a milestone is new or not
 * fully synced for a day) and the page it shows next lists the run.
 * @returns `{ state: "started", first }`, or `{ state: "running" }` when another sync holds the lock
 * @throws what the sync throws before its first run starts (the database is unreachable, say)
 */
export async function startBackgroundSync(
  db: Db,
  databaseUrl: string,
  config: Config,
  opts: { full: boolean },
): Promise<BackgroundSyncStart> {
  if (await isSyncRunning(db)) return { state: "running" };
  return new Promise((resolve, reject) => {
    let first: StartedRun | undefined;
    runSync(db, databaseUrl, config, {
      full: opts.full,
      onRunStart: (run) => {
        if (first) return;
        first = run;
        resolve({ state: "started", first: run });
      },
    }).then(
      (summary) => {
        logger.info({ ok: summary.ok, runs: summary.runs.map((r) => r.runId) }, "admin sync finished");
        resolve({ state: "started", first: null });
      },
      (error: unknown) => {
        // Another sync took the lock between the check above and this one's start.
        if (error instanceof SyncLockedError) {
          logger.info("admin sync not started: another sync is running");
          resolve({ state: "running" });
        } else if (first) {
          logger.error({ err: error }, "admin sync failed");
        } else {
          reject(error);
        }
      },
    );
  });
}

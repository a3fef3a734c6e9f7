import pg from "pg";
import { logger } from "~/logger.server";

/** Key of the PostgreSQL advisory lock held while a sync runs (any node, any process). */
export const SYNC_LOCK_KEY = 0x626c6b72; // "blkr"

/** Thrown when another sync holds the lock. */
export class SyncLockedError extends Error {
  override name = "SyncLockedError";
  constructor() {
    super("another sync is already running (on this or another node); try again when it has finished");
  }
}

/**
 * Runs `fn` while holding the cluster-wide sync lock (a session-level `pg_try_advisory_lock` on its own
 * connection, released when `fn` settles or the process dies). `fn` gets a signal that aborts when the
 * lock's connection is lost (database restarted, connection killed): the lock is gone then, so the sync
 * should stop at its next step rather than run unguarded.
 * @throws SyncLockedError at once when another sync holds the lock.
 */
export async function withSyncLock<T>(
  databaseUrl: string,
  fn: (lockLost: AbortSignal) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  const lockLost = new AbortController();
  // Without a listener, a dropped connection would be an uncaught exception that ends the process.
  client.on("error", (error) => {
    if (lockLost.signal.aborted) return;
    logger.error({ err: error }, "sync lock connection lost; the running sync stops at its next step");
    lockLost.abort(error);
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      SYNC_LOCK_KEY,
    ]);
    if (!rows[0]?.locked) throw new SyncLockedError();
    try {
      return await fn(lockLost.signal);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [SYNC_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

import pg from "pg";

/** The data version as read from the database (`DataVersion`, one row). */
export interface DataVersion {
  /** Grows by 1 with every committed transaction that wrote a table a page shows (decimal string). */
  version: string;
  /** When that transaction committed (UTC). */
  changedAt: Date;
}

/** Reads the current data version; see {@link openDataVersionReader}. */
export interface DataVersionReader {
  /**
   * The data version as committed at some instant after this call: never older than a write that
   * committed before the call. Rejects when the database cannot be reached.
   */
  read(): Promise<DataVersion>;
  /** Closes the reader's connection. */
  close(): Promise<void>;
}

// "changedAt" is a timestamp without time zone holding UTC (Prisma's convention).
const QUERY = `SELECT "version"::text AS version, "changedAt" AT TIME ZONE 'UTC' AS changed_at
  FROM "DataVersion" WHERE "id" = 1`;

/**
 * A reader of the data version (the `DataVersion` row, moved by the triggers of the data_version
 * migration) over one connection of its own, outside Prisma: one indexed read of one row.
 *
 * Reads are single-flight: a call made while a read is in flight does not share that read (it was
 * sent before the call, so it may miss a write committed just before the call); it waits for the next
 * read, which every call made meanwhile shares. Under load that is one query per round trip, whatever
 * the number of requests, and each request still sees every write committed before it arrived.
 * (A LISTEN/NOTIFY-fed value would not be enough alone: a notification of a committed write may still
 * be on its way when the next request arrives, and proving it is not takes the same round trip.)
 * @param url PostgreSQL connection URL.
 */
export function openDataVersionReader(url: string): DataVersionReader {
  // max 1: reads never overlap; the pool reconnects after a lost connection.
  const pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 });
  // A connection dropped while idle (database restart) is replaced on the next read, not fatal.
  pool.on("error", () => {});
  const read = freshSingleFlight(async (): Promise<DataVersion> => {
    const result = await pool.query<{ version: string; changed_at: Date }>({
      name: "data-version",
      text: QUERY,
    });
    const row = result.rows[0];
    if (!row) throw new Error("the DataVersion row is missing: run blockerbugs upgrade_db");
    return { version: row.version, changedAt: row.changed_at };
  });
  return { read, close: () => pool.end() };
}

/**
 * `run` made single-flight without ever answering from a run that started before the call: a call
 * while no run is in flight starts one; a call while one is in flight waits for the next run, started
 * as soon as the current one settles and shared by every call made in the meantime. So at most one run
 * is in flight and one queued, and every caller gets the result of a run started after its call.
 */
export function freshSingleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  let queued: Promise<T> | undefined;
  const start = (): Promise<T> => {
    const p: Promise<T> = run().finally(() => {
      if (running === p) running = undefined;
    });
    running = p;
    return p;
  };
  return () => {
    if (!running) return start();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };
}

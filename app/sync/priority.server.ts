import fs from "node:fs";
import os from "node:os";
import { logger } from "~/logger.server";

/**
 * Lowers the CPU priority of a sync to the nice value `nice` (`SYNC_NICE`, 0 to 19). On Linux a nice
 * value belongs to each thread: `"thread"` (the scheduler's worker thread) lowers the calling thread
 * only, so the server's thread answering pages keeps its own; `"process"` (`blockerbugs sync`, a
 * process that only syncs) lowers every thread it has (the main one, V8's and libuv's), and threads
 * started later inherit it from the main one. A sync shares the node's cores with the pages and
 * PostgreSQL, and is the one that can wait. A thread already at `nice` or lower priority is left as it
 * is (raising a priority needs privileges); a refusal is logged, never thrown.
 *
 * @returns the nice value the calling thread runs at afterwards.
 */
export function lowerSyncPriority(nice: number, scope: "thread" | "process"): number {
  // Thread ids of this process (Linux); elsewhere the calling thread (0) only.
  const threads =
    scope === "process" && fs.existsSync("/proc/self/task")
      ? fs.readdirSync("/proc/self/task").map(Number)
      : [0];
  for (const tid of threads) {
    try {
      if (os.getPriority(tid) < nice) os.setPriority(tid, nice);
    } catch (error) {
      // A thread may end between the listing and the call.
      if (tid === 0 || tid === process.pid)
        logger.warn(
          { err: error, nice },
          "could not lower the sync's CPU priority; it runs at its current one",
        );
    }
  }
  return os.getPriority(0);
}

import os from "node:os";
import { logger } from "~/logger.server";

/**
 * Lowers the CPU priority of the calling thread to the nice value `nice` (`SYNC_NICE`, 0 to 19) for a
 * sync: on Linux a nice value belongs to each thread, so in the scheduler's worker thread this lowers
 * the sync only, not the server's thread answering pages; in `blockerbugs sync` it lowers that
 * process's main thread. A sync shares the node's cores with the pages and PostgreSQL, and is the one
 * that can wait. A thread already at `nice` or lower priority is left as it is (raising a priority
 * needs privileges); a refusal is logged, never thrown.
 *
 * @returns the nice value the thread runs at afterwards.
 */
export function lowerSyncPriority(nice: number): number {
  try {
    const current = os.getPriority(0);
    if (current >= nice) return current;
    os.setPriority(0, nice);
    return os.getPriority(0);
  } catch (error) {
    logger.warn({ err: error, nice }, "could not lower the sync's CPU priority; it runs at its current one");
    return nice;
  }
}

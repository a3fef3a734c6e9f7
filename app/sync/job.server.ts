import { z } from "zod";
import { getConfig } from "~/config.server";
import { createPrismaClient } from "~/db/db.server";
import { lowerSyncPriority } from "./priority.server";
import { logger } from "~/logger.server";
import { runSync } from "./run-sync.server";
import { SyncLockedError } from "./lock.server";

/** What the scheduler hands a sync job (Bree adds its own `job` field, which is ignored). */
export const SyncJobInput = z.looseObject({
  /** PostgreSQL URL of the app's database (the embedded one's too: the job never starts a server). */
  databaseUrl: z.string().min(1),
  /** Full sync (re-read every tracked bug) instead of an incremental one. */
  full: z.boolean(),
});
export type SyncJobInput = z.infer<typeof SyncJobInput>;

/** The message a sync job always sends its parent before it ends. */
export interface SyncJobResult {
  type: "sync-result";
  full: boolean;
  /**
   * success/partial/failed: the sync ran (per-source outcomes in `runs`); cancelled: stopped by the
   * scheduler; skipped: another sync held the lock; error: the job could not run (message in `error`).
   */
  outcome: "success" | "partial" | "failed" | "cancelled" | "skipped" | "error";
  runs: { source: string; runId: number; outcome: string; error?: string }[];
  error?: string;
  durationMs: number;
}

/**
 * Body of the scheduled sync job (jobs/sync.ts, run by Bree in a worker thread): validates its input,
 * runs the same `runSync` as `blockerbugs sync` with the process configuration, and reports the outcome.
 * Never throws: every failure becomes an `error` result.
 */
export async function runSyncJob(input: unknown, signal: AbortSignal): Promise<SyncJobResult> {
  const started = Date.now();
  const parsed = SyncJobInput.safeParse(input);
  const full = parsed.success ? parsed.data.full : false;
  const result = (r: Pick<SyncJobResult, "outcome"> & Partial<SyncJobResult>): SyncJobResult => ({
    type: "sync-result",
    full,
    runs: [],
    durationMs: Date.now() - started,
    ...r,
  });
  if (!parsed.success) return result({ outcome: "error", error: `bad job input: ${parsed.error.message}` });
  let db: ReturnType<typeof createPrismaClient> | undefined;
  try {
    const config = getConfig();
    logger.level = config.LOG_LEVEL;
    lowerSyncPriority(config.SYNC_NICE, "thread");
    db = createPrismaClient(parsed.data.databaseUrl);
    const summary = await runSync(db, parsed.data.databaseUrl, config, { full, signal });
    const runs = summary.runs.map((r) => ({
      source: r.source,
      runId: r.runId,
      outcome: r.outcome,
      ...(r.error ? { error: r.error } : {}),
    }));
    const outcomes = runs.map((r) => r.outcome);
    const outcome = summary.cancelled
      ? "cancelled"
      : outcomes.every((o) => o === "success")
        ? "success"
        : outcomes.every((o) => o === "failed")
          ? "failed"
          : "partial";
    return result({ outcome, runs });
  } catch (error) {
    if (error instanceof SyncLockedError) return result({ outcome: "skipped", error: error.message });
    return result({ outcome: "error", error: (error as Error).message });
  } finally {
    await db?.$disconnect().catch(() => {});
  }
}

import { hoursToMilliseconds } from "date-fns/hoursToMilliseconds";
import path from "node:path";
import Bree from "bree";
import { PROJECT_ROOT, type Config } from "~/config.server";
import { logger } from "~/logger.server";
import type { SyncJobResult } from "./job.server";

/** Compiled job file Bree runs (`npm run build:jobs` bundles jobs/sync.ts into it). */
export const SYNC_JOB_FILE = path.join(PROJECT_ROOT, "build", "jobs", "sync.js");
/** The full sync runs once a day. */
export const FULL_SYNC_INTERVAL_MS = hoursToMilliseconds(24);
/** After the shutdown grace, a cancelled job gets this long to stop before its thread is terminated. */
const CANCEL_GRACE_MS = 10_000;

/** One scheduled job as the /sync page shows it. */
export interface ScheduledJobStatus {
  name: "sync" | "sync-full";
  kind: "incremental" | "full";
  intervalMs: number;
  /** When the scheduler next starts it (null once the scheduler stopped). */
  nextRunAt: Date | null;
  running: boolean;
  /** What its last run reported in this process (null before the first run ends). */
  lastResult: (SyncJobResult & { finishedAt: Date }) | null;
}

/** This node's scheduling state. */
export interface SchedulerStatus {
  role: Config["BLOCKERBUGS_ROLE"];
  /** True on a primary whose scheduler is running; a secondary never schedules. */
  scheduling: boolean;
  jobs: ScheduledJobStatus[];
}

/** The in-process sync scheduler (a no-op on secondaries). */
export interface SyncScheduler {
  status(): SchedulerStatus;
  /**
   * Stops scheduling, lets a running sync finish for up to `graceMs`, then cancels it (it stops between
   * milestones; after 10 s more its thread is terminated — the next sync marks that run as failed).
   */
  stop(graceMs: number): Promise<void>;
}

interface JobPlan {
  name: ScheduledJobStatus["name"];
  kind: ScheduledJobStatus["kind"];
  /** Delay of the first run after start, ms. */
  firstMs: number;
  intervalMs: number;
}

/**
 * Starts the sync schedule when `config.BLOCKERBUGS_ROLE` is `primary`: an incremental sync at start and
 * every `SYNC_INTERVAL`, and a full sync once a day (half an interval away from the incremental ones), each
 * in a Bree worker thread running `build/jobs/sync.js`. Two runs never overlap in the cluster: the job's
 * `runSync` takes the PostgreSQL advisory lock and a run that finds it taken reports `skipped`.
 * On a secondary nothing is scheduled (`blockerbugs sync` still works there).
 * @param databaseUrl the URL the jobs connect to (the app's own database).
 * @throws when the compiled job file is missing (run `npm run build`).
 */
export async function startSyncScheduler(
  config: Pick<Config, "BLOCKERBUGS_ROLE" | "SYNC_INTERVAL">,
  databaseUrl: string,
  opts: { jobFile?: string } = {},
): Promise<SyncScheduler> {
  const role = config.BLOCKERBUGS_ROLE;
  if (role !== "primary") {
    logger.info({ role }, "secondary node: the sync scheduler is off (only primaries schedule syncs)");
    return { status: () => ({ role, scheduling: false, jobs: [] }), stop: async () => {} };
  }
  const log = logger.child({ component: "scheduler" });
  const interval = config.SYNC_INTERVAL;
  const plans: JobPlan[] = [
    { name: "sync", kind: "incremental", firstMs: 0, intervalMs: interval },
    {
      name: "sync-full",
      kind: "full",
      firstMs: Math.max(FULL_SYNC_INTERVAL_MS - Math.floor(interval / 2), 1),
      intervalMs: FULL_SYNC_INTERVAL_MS,
    },
  ];
  const startedAt = Date.now();
  const lastResults = new Map<string, ScheduledJobStatus["lastResult"]>();
  let stopped = false;
  const breeLog = (level: "info" | "warn" | "error") => (message: unknown, meta?: { name?: string }) =>
    log[level === "info" ? "debug" : level]({ job: meta?.name }, String(message));
  const bree = new Bree({
    root: false,
    logger: { info: breeLog("info"), warn: breeLog("warn"), error: breeLog("error") },
    jobs: plans.map((p) => ({
      name: p.name,
      path: opts.jobFile ?? SYNC_JOB_FILE,
      timeout: p.firstMs,
      interval: p.intervalMs,
      worker: { workerData: { databaseUrl, full: p.kind === "full" } },
    })),
    workerMessageHandler: ({ name, message }: { name: string; message: unknown }) => {
      if (!isSyncResult(message)) return;
      lastResults.set(name, { ...message, finishedAt: new Date() });
      const level = message.outcome === "error" || message.outcome === "failed" ? "error" : "info";
      log[level](
        { job: name, ...message },
        `scheduled ${message.full ? "full" : "incremental"} sync: ${message.outcome}`,
      );
    },
    errorHandler: (error, meta) => log.error({ job: meta?.name, err: error }, "sync job failed"),
  });
  await bree.start();
  log.info({ role, intervalMs: interval }, "sync scheduler started");

  const nextRunAt = (p: JobPlan): Date | null => {
    if (stopped) return null;
    const first = startedAt + p.firstMs;
    const now = Date.now();
    if (now < first) return new Date(first);
    return new Date(first + Math.ceil((now - first) / p.intervalMs) * p.intervalMs);
  };

  return {
    status: () => ({
      role,
      scheduling: !stopped,
      jobs: plans.map((p) => ({
        name: p.name,
        kind: p.kind,
        intervalMs: p.intervalMs,
        nextRunAt: nextRunAt(p),
        running: bree.workers.has(p.name),
        lastResult: lastResults.get(p.name) ?? null,
      })),
    }),
    stop: async (graceMs) => {
      if (stopped) return;
      stopped = true;
      for (const p of plans) {
        bree.removeSafeTimer("timeouts", p.name);
        bree.removeSafeTimer("intervals", p.name);
      }
      if (!(await waitUntil(() => bree.workers.size === 0, graceMs))) {
        log.warn({ jobs: [...bree.workers.keys()] }, "shutdown: cancelling the running sync");
        void bree.stop();
        if (!(await waitUntil(() => bree.workers.size === 0, CANCEL_GRACE_MS))) {
          log.warn("shutdown: the sync did not stop in time; terminating its thread");
          await Promise.all([...bree.workers.values()].map((w) => w.terminate()));
        }
      }
      log.info("sync scheduler stopped");
    },
  };
}

function isSyncResult(message: unknown): message is SyncJobResult {
  return typeof message === "object" && message !== null && (message as SyncJobResult).type === "sync-result";
}

/** Polls `done` every 100 ms; true once it holds, false when `ms` passed first. */
async function waitUntil(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

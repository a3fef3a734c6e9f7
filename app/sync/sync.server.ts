import type { Config } from "~/config.server";
import type { Db } from "~/db/db.server";
import { bugzillaClient } from "~/upstream/clients.server";
import type { BugzillaClient } from "~/upstream/bugzilla.server";
import { syncMilestoneBugs, type MilestoneSyncResult, type ProgressFn } from "./bugzilla-sync.server";
import { withSyncLock } from "./sync-lock.server";

/** Upstream sources, each synced as its own step with its own SyncRun record. */
export const SYNC_SOURCES = ["bugzilla"] as const;
export type SyncSource = (typeof SYNC_SOURCES)[number];

export interface SyncOptions {
  /** Re-read every tracked bug instead of only those changed since the last sync. */
  full?: boolean;
  /** Only this milestone (it must exist; inactive ones are synced too when named). */
  milestone?: { release: number; version: string };
  sources?: readonly SyncSource[];
  progress?: ProgressFn;
  /** Use this Bugzilla client instead of one built from the configuration. */
  bugzilla?: BugzillaClient;
  /**
   * Cancels the sync between steps (before each source and each milestone): the current source's run is
   * recorded as failed ("cancelled"), nothing half-written; a milestone already being written finishes.
   */
  signal?: AbortSignal;
}

/** What one source's step did. */
export interface SourceRunSummary {
  source: SyncSource;
  runId: number;
  outcome: "success" | "partial" | "failed";
  requests: number;
  milestones: MilestoneSyncResult[];
  error?: string;
}

export interface SyncSummary {
  ok: boolean;
  runs: SourceRunSummary[];
  /** True when `signal` stopped the sync before it finished. */
  cancelled?: boolean;
}

/** Error text of a SyncRun stopped by `SyncOptions.signal`. */
export const SYNC_CANCELLED = "cancelled: the sync was stopped before it finished";

/** Thrown when the sync cannot start (e.g. the named milestone does not exist). */
export class SyncSetupError extends Error {
  override name = "SyncSetupError";
}

/**
 * Runs one sync of the given sources under the cluster-wide sync lock. Each source records a SyncRun
 * (start, end, outcome, counts, error); a failing milestone or source does not stop the others.
 * @throws SyncLockedError when another sync is running; SyncSetupError for an unknown milestone.
 */
export async function runSync(
  db: Db,
  databaseUrl: string,
  config: Config,
  opts: SyncOptions = {},
): Promise<SyncSummary> {
  const milestones = await db.milestone.findMany({
    where: opts.milestone
      ? { version: opts.milestone.version, release: { number: opts.milestone.release } }
      : { active: true },
    include: { release: true },
    orderBy: [{ release: { number: "asc" } }, { version: "asc" }],
  });
  if (opts.milestone && milestones.length === 0) {
    throw new SyncSetupError(
      `milestone ${opts.milestone.release}/${opts.milestone.version} does not exist (see: blockerbugs status)`,
    );
  }
  return withSyncLock(databaseUrl, async () => {
    // Holding the lock, no other sync runs: a run still marked running was cut short (process killed).
    await db.syncRun.updateMany({
      where: { outcome: "running" },
      data: {
        outcome: "failed",
        finishedAt: new Date(),
        error: "interrupted: the process ended before the sync finished",
      },
    });
    const runs: SourceRunSummary[] = [];
    let cancelled = false;
    for (const source of opts.sources ?? SYNC_SOURCES) {
      if ((cancelled ||= !!opts.signal?.aborted)) break;
      if (source === "bugzilla") {
        const client = opts.bugzilla ?? bugzillaClient(config);
        const before = client.requestCount;
        const kind = opts.full ? "full" : "incremental";
        const run = await db.syncRun.create({ data: { source, kind } });
        const results: MilestoneSyncResult[] = [];
        for (const milestone of milestones) {
          if ((cancelled ||= !!opts.signal?.aborted)) break;
          opts.progress?.(`bugzilla: syncing ${milestone.release.number}/${milestone.version}…`);
          results.push(
            await syncMilestoneBugs(db, client, milestone, {
              full: !!opts.full,
              syncRunId: run.id,
              progress: opts.progress,
            }),
          );
        }
        const failed = results.filter((r) => !r.ok);
        const outcome = cancelled
          ? "failed"
          : failed.length === 0
            ? "success"
            : failed.length === results.length
              ? "failed"
              : "partial";
        const error =
          [...failed.map((r) => `${r.milestone}: ${r.error}`), ...(cancelled ? [SYNC_CANCELLED] : [])].join(
            "; ",
          ) || undefined;
        const requests = client.requestCount - before;
        await db.syncRun.update({
          where: { id: run.id },
          data: {
            finishedAt: new Date(),
            outcome,
            error,
            // A milestone never synced, or not fully synced for a day, gets a full sync anyway.
            kind: results.some((r) => r.kind === "full") ? "full" : "incremental",
            counts: {
              milestones: results.length,
              bugsFetched: results.reduce((n, r) => n + r.fetched, 0),
              changes: results.reduce((n, r) => n + r.changes, 0),
              deactivated: results.reduce((n, r) => n + r.deactivated, 0),
              inaccessible: results.reduce((n, r) => n + r.inaccessible.length, 0),
              requests,
            },
            details: { milestones: results.map((r) => ({ ...r })) },
          },
        });
        runs.push({ source, runId: run.id, outcome, requests, milestones: results, error });
      }
    }
    return { ok: !cancelled && runs.every((r) => r.outcome === "success"), runs, cancelled };
  });
}

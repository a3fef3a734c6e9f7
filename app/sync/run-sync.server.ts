import type { Config } from "~/config.server";
import type { Db } from "~/db/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { bodhiClient, bugzillaClient, kojiClient, pagureClient } from "~/upstream/clients.server";
import type { BodhiClient } from "~/upstream/bodhi.server";
import { PRIORITIZED_SEARCH, type BugzillaClient } from "~/upstream/bugzilla.server";
import type { KojiClient } from "~/upstream/koji.server";
import type { PagureClient } from "~/upstream/pagure.server";
import { syncBodhi } from "./bodhi-step.server";
import { syncMilestonesBugs, type MilestoneSyncResult, type ProgressFn } from "./bugzilla-step.server";
import { syncKoji } from "./koji-step.server";
import { syncPreviousReleaseUpdates } from "./previous-release-step.server";
import { syncPrioritizedBugs, type PrioritizedSyncResult } from "./prioritized-step.server";
import { pagureListingSince, syncPagure } from "./pagure-step.server";
import { withSyncLock } from "./lock.server";
import { runStepParts, type StepResult, type SyncKind } from "./step-result.server";

/**
 * Upstream sources, each synced as its own step with its own SyncRun record: Bugzilla (tracked bugs)
 * first, then Bodhi (updates of those bugs) and Koji (tags of those updates' builds) one after the
 * other, alongside Pagure (discussion tickets and votes).
 */
export const SYNC_SOURCES = ["bugzilla", "bodhi", "koji", "pagure"] as const;
export type SyncSource = (typeof SYNC_SOURCES)[number];

export interface SyncOptions {
  /** Re-read every tracked bug instead of only those changed since the last sync. */
  full?: boolean;
  /** Only this milestone (it must exist; inactive ones are synced too when named). */
  milestone?: { release: number; version: string };
  sources?: readonly SyncSource[];
  progress?: ProgressFn;
  /** Use these clients instead of ones built from the configuration. */
  bugzilla?: BugzillaClient;
  bodhi?: BodhiClient;
  koji?: KojiClient;
  pagure?: PagureClient;
  /**
   * Cancels the sync between steps (before each source, and before each milestone's write in the Bugzilla
   * step): the interrupted source's run is recorded as failed (`SYNC_CANCELLED`), nothing is half-written.
   */
  signal?: AbortSignal;
  /**
   * Told each source's SyncRun as it starts, with the kind the step decided (before it asks upstream
   * anything): what a caller starting a sync in the background reports. Awaited.
   */
  onRunStart?: (run: StartedRun) => Promise<void> | void;
}

/** A source's SyncRun as it starts: its id and the kind of sync the step is doing. */
export interface StartedRun {
  id: number;
  source: SyncSource;
  kind: SyncKind;
}

/** What one source's step did. */
export interface SourceRunSummary {
  source: SyncSource;
  runId: number;
  outcome: "success" | "partial" | "failed";
  requests: number;
  /** Bugzilla: per-milestone results (empty for the other sources). */
  milestones: MilestoneSyncResult[];
  /** Counters as stored in `SyncRun.counts` (requests included). */
  counts: Record<string, number>;
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
      `milestone ${opts.milestone.release}/${opts.milestone.version} does not exist: run "blockerbugs status" to list the milestones`,
    );
  }
  return withSyncLock(databaseUrl, async (lockLost) => {
    opts = { ...opts, signal: opts.signal ? AbortSignal.any([opts.signal, lockLost]) : lockLost };
    // Holding the lock, no other sync runs: a run still marked running was cut short (process killed).
    await db.syncRun.updateMany({
      where: { outcome: "running" },
      data: {
        outcome: "failed",
        finishedAt: new Date(),
        error: "interrupted: the process ended before the sync finished",
      },
    });
    const wanted = new Set(opts.sources ?? SYNC_SOURCES);
    const done = new Map<SyncSource, SourceRunSummary>();
    const run = async (source: SyncSource) => {
      if (!wanted.has(source) || opts.signal?.aborted) return;
      done.set(
        source,
        source === "bugzilla"
          ? await runBugzilla(db, config, milestones, opts)
          : await runStep(db, config, source, milestones, opts),
      );
    };
    // Bugzilla first: the others read the bugs it tracks. Then Bodhi and Koji (which reads the builds
    // Bodhi wrote) alongside Pagure: different services, different tables, so each waits for its own
    // upstream while the other works.
    await run("bugzilla");
    await Promise.all([run("bodhi").then(() => run("koji")), run("pagure")]);
    const runs = SYNC_SOURCES.flatMap((source) => done.get(source) ?? []);
    const cancelled = !!opts.signal?.aborted;
    return { ok: !cancelled && runs.every((r) => r.outcome === "success"), runs, cancelled };
  });
}

type MilestoneRow = Prisma.MilestoneGetPayload<{ include: { release: true } }>;

async function runBugzilla(
  db: Db,
  config: Config,
  milestones: MilestoneRow[],
  opts: SyncOptions,
): Promise<SourceRunSummary> {
  const source = "bugzilla";
  const client = opts.bugzilla ?? bugzillaClient(config);
  const before = client.requestCount;
  const run = runRecord(db, source, opts);
  let results: MilestoneSyncResult[] = [];
  let cancelled = !!opts.signal?.aborted;
  // The flag search needs nothing of the milestones' answers: it goes out with them, and is written
  // after them (it reads which bugs they track).
  const flagSearch = !opts.milestone && !cancelled ? client.searchAll(PRIORITIZED_SEARCH) : undefined;
  flagSearch?.catch(() => undefined);
  if (!cancelled) {
    opts.progress?.(
      `bugzilla: syncing ${milestones.map((m) => `${m.release.number}/${m.version}`).join(", ")}…`,
    );
    results = await syncMilestonesBugs(db, client, milestones, {
      full: !!opts.full,
      startRun: run.start,
      progress: opts.progress,
      signal: opts.signal,
    });
    // The signal stops the step before a milestone's write: the ones not written are not in results.
    cancelled = results.length < milestones.length;
  }
  // Prioritized bugs are release-independent: one flag search per sync of every milestone.
  let prioritized: PrioritizedSyncResult | undefined;
  if (!opts.milestone && !(cancelled ||= !!opts.signal?.aborted)) {
    opts.progress?.("bugzilla: prioritized bugs…");
    prioritized = await syncPrioritizedBugs(db, client, { progress: opts.progress, search: flagSearch });
  }
  const failed = results.filter((r) => !r.ok);
  // Each milestone and the prioritized search is one part: all failed → failed, some → partial.
  const parts = [...results.map((r) => r.ok), ...(prioritized ? [prioritized.ok] : [])];
  const outcome =
    cancelled || (parts.length > 0 && parts.every((ok) => !ok))
      ? "failed"
      : parts.every((ok) => ok)
        ? "success"
        : "partial";
  const error =
    [
      ...failed.map((r) => `${r.milestone}: ${r.error}`),
      ...(prioritized?.error ? [`prioritized bugs: ${prioritized.error}`] : []),
      ...(cancelled ? [SYNC_CANCELLED] : []),
    ].join("; ") || undefined;
  const requests = client.requestCount - before;
  const runId = await run.start(opts.full ? "full" : "incremental");
  const counts = {
    milestones: results.length,
    bugsFetched: results.reduce((n, r) => n + r.fetched, 0),
    changes: results.reduce((n, r) => n + r.changes, 0),
    deactivated: results.reduce((n, r) => n + r.deactivated, 0),
    inaccessible: results.reduce((n, r) => n + r.inaccessible.length, 0),
    historiesRead: results.reduce((n, r) => n + r.historiesRead, 0),
    // A bug of two milestones is one failed read, reported by both.
    historyFailures: new Set(results.flatMap((r) => r.historyFailures.map((f) => f.bugId))).size,
    ...(prioritized?.ok
      ? { prioritizedBugs: prioritized.found, untrackedPrioritizedBugs: prioritized.untracked }
      : {}),
    requests,
  };
  return finishRun(db, runId, {
    source,
    outcome,
    error,
    requests,
    counts,
    milestones: results,
    details: {
      milestones: results.map((r) => ({ ...r })),
      ...(prioritized ? { prioritized: { ...prioritized } } : {}),
    },
  });
}

/**
 * Records the end of a source's SyncRun `runId` (now): its outcome, error, counts and details
 * (`details` as JSON: what `JSON.stringify` keeps of it), and its kind when given.
 * @returns the source's summary.
 */
async function finishRun(
  db: Db,
  runId: number,
  end: Omit<SourceRunSummary, "runId"> & { kind?: SyncKind; details: unknown },
): Promise<SourceRunSummary> {
  const { details, kind, ...summary } = end;
  // One statement, the JSON as text: a step's details can hold a result per ticket or build (2,000 of
  // them in a Pagure run), which Prisma's JSON handling took a good part of a quiet sync to pass on.
  await db.$executeRaw`UPDATE "SyncRun" SET "finishedAt" = ${new Date()}, outcome = ${summary.outcome},
    kind = COALESCE(${kind ?? null}, kind), error = ${summary.error ?? null},
    counts = ${JSON.stringify(summary.counts)}::jsonb, details = ${JSON.stringify(details ?? {})}::jsonb
    WHERE id = ${runId}`;
  return { ...summary, runId };
}

/**
 * A source's SyncRun, created once its step has decided its kind (`start`, called by the step before it
 * asks upstream, or after it when the step ended without deciding): so a running run already shows
 * the kind it is. Its start time is when the step began; `onRunStart` hears of it.
 */
function runRecord(db: Db, source: SyncSource, opts: SyncOptions) {
  const startedAt = new Date();
  let created: Promise<StartedRun> | undefined;
  return {
    /** Creates the run with `kind` the first time; later calls return the same run. */
    start(kind: SyncKind): Promise<number> {
      created ??= db.syncRun
        .create({ data: { source, kind, startedAt }, select: { id: true } })
        .then(async ({ id }) => {
          const run = { id, source, kind };
          await opts.onRunStart?.(run);
          return run;
        });
      return created.then((run) => run.id);
    },
    /** The kind the run was created with, if it was. */
    async kind(): Promise<SyncKind | undefined> {
      return (await created)?.kind;
    },
  };
}

/**
 * Runs the Bodhi, Koji or Pagure step as its own SyncRun. The step's own failure (thrown) marks the
 * run failed and leaves that source's data as it was; failed parts (a release, a ticket) make it
 * partial. Never throws for upstream errors.
 */
async function runStep(
  db: Db,
  config: Config,
  source: Exclude<SyncSource, "bugzilla">,
  milestones: MilestoneRow[],
  opts: SyncOptions,
): Promise<SourceRunSummary> {
  const run = runRecord(db, source, opts);
  const step = { db, milestones, progress: opts.progress, onKind: run.start };
  let client: { requestCount: number };
  let work: () => Promise<StepResult<unknown>>;
  if (source === "bodhi") {
    const c = (client = opts.bodhi ?? bodhiClient(config));
    work = () =>
      runStepParts([
        () => syncBodhi({ ...step, client: c, full: opts.full }),
        () => syncPreviousReleaseUpdates({ ...step, client: c }),
      ]);
  } else if (source === "koji") {
    const c = (client = opts.koji ?? kojiClient(config));
    work = () => syncKoji({ ...step, client: c, full: opts.full });
  } else {
    const c = (client = opts.pagure ?? pagureClient(config));
    const bot =
      config.PAGURE_BOT_ENABLED && config.PAGURE_API_TOKEN ? { bugzillaUrl: config.BUGZILLA_URL } : undefined;
    work = async () => {
      const since = await pagureListingSince(
        db,
        milestones.map((m) => m.id),
        { full: opts.full },
      );
      return syncPagure({ ...step, client: c, bot, since });
    };
  }
  const before = client.requestCount;
  let outcome: SourceRunSummary["outcome"];
  let error: string | undefined;
  let counts: Record<string, number> = {};
  let details: unknown = {};
  let kind: SyncKind | undefined;
  try {
    const result = await work();
    outcome = result.errors.length === 0 ? "success" : "partial";
    error = result.errors.join("; ") || undefined;
    counts = result.counts;
    details = { ...result.details, results: result.results };
    kind = result.kind;
  } catch (e) {
    outcome = "failed";
    error = (e as Error).message;
  }
  const requests = client.requestCount - before;
  // A step that failed before deciding its kind is recorded as a full run that failed, as before.
  kind ??= (await run.kind()) ?? "full";
  const runId = await run.start(kind);
  return finishRun(db, runId, {
    source,
    outcome,
    kind,
    error,
    requests,
    counts: { ...counts, requests },
    milestones: [],
    details,
  });
}

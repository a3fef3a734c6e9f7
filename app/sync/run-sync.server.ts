import type { Config } from "~/config.server";
import type { Db } from "~/db/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { bodhiClient, bugzillaClient, kojiClient, pagureClient } from "~/upstream/clients.server";
import type { BodhiClient } from "~/upstream/bodhi.server";
import { PRIORITIZED_SEARCH, type BugzillaClient } from "~/upstream/bugzilla.server";
import type { BuildTagsResult, KojiClient } from "~/upstream/koji.server";
import type { PagureClient } from "~/upstream/pagure.server";
import { prefetchBodhi, syncBodhi, type BodhiPrefetch } from "./bodhi-step.server";
import {
  syncMilestonesBugs,
  type MembersKnown,
  type MilestoneSyncResult,
  type ProgressFn,
} from "./bugzilla-step.server";
import { kojiFullPassBuilds, prefetchKojiTags, syncKoji } from "./koji-step.server";
import { syncPreviousReleaseUpdates } from "./previous-release-step.server";
import { syncPrioritizedBugs, type PrioritizedSyncResult } from "./prioritized-step.server";
import { earlyListingFor, pagureListingSince, prefetchPagureListing, syncPagure } from "./pagure-step.server";
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
    const clients = syncClients(config, opts, wanted);
    const early: Prefetches = {};
    const done = new Map<SyncSource, SourceRunSummary>();
    const run = async (source: SyncSource) => {
      if (!wanted.has(source) || opts.signal?.aborted) return;
      done.set(
        source,
        source === "bugzilla"
          ? await runBugzilla(db, clients, milestones, opts, (members) =>
              Object.assign(early, prefetch(db, clients, milestones, members, opts)),
            )
          : await runStep(db, config, clients, source, milestones, opts, early),
      );
    };
    // Bugzilla first: the others read the bugs it tracks. Then Bodhi and Koji (which reads the builds
    // Bodhi wrote) alongside Pagure: different services, different tables, so each waits for its own
    // upstream while the other works. Their requests go out before, as soon as Bugzilla's trackers say
    // which bugs are tracked (`prefetch`): each step then asks only for what those lacked.
    await run("bugzilla");
    await Promise.all([run("bodhi").then(() => run("koji")), run("pagure")]);
    // Every step ran and took its early requests' answers; a step that failed first leaves them to
    // settle here, so no request outlives the sync. A cancelled sync does not wait for them (they write
    // nothing; the helper cannot abort a request, and one can take its timeout and retries).
    if (!opts.signal?.aborted) await settled(early);
    const runs = SYNC_SOURCES.flatMap((source) => done.get(source) ?? []);
    const cancelled = !!opts.signal?.aborted;
    return { ok: !cancelled && runs.every((r) => r.outcome === "success"), runs, cancelled };
  });
}

type MilestoneRow = Prisma.MilestoneGetPayload<{ include: { release: true } }>;

/** The upstream clients of one sync, each with its request count when the sync began. */
interface SyncClients {
  bugzilla: BugzillaClient;
  bodhi: BodhiClient;
  koji: KojiClient;
  pagure: PagureClient;
  /** Requests each client had made before this sync (the steps' counts start there). */
  before: Record<SyncSource, number>;
}

/** The given clients, or ones built from the configuration (only for the sources synced). */
function syncClients(config: Config, opts: SyncOptions, wanted: Set<SyncSource>): SyncClients {
  const make = <C>(source: SyncSource, given: C | undefined, build: () => C): C =>
    given ?? (wanted.has(source) ? build() : (undefined as C));
  const clients = {
    bugzilla: make("bugzilla", opts.bugzilla, () => bugzillaClient(config)),
    bodhi: make("bodhi", opts.bodhi, () => bodhiClient(config)),
    koji: make("koji", opts.koji, () => kojiClient(config)),
    pagure: make("pagure", opts.pagure, () => pagureClient(config)),
  };
  const count = (c: { requestCount: number } | undefined) => c?.requestCount ?? 0;
  return {
    ...clients,
    before: {
      bugzilla: count(clients.bugzilla),
      bodhi: count(clients.bodhi),
      koji: count(clients.koji),
      pagure: count(clients.pagure),
    },
  };
}

/** The other steps' requests sent early (see `prefetch`). */
interface Prefetches {
  bodhi?: Promise<BodhiPrefetch>;
  koji?: Promise<Map<string, BuildTagsResult>>;
  pagure?: Promise<Awaited<ReturnType<typeof prefetchPagureListing>>>;
}

/**
 * Sends the Bodhi, Koji and Pagure steps' requests as soon as the Bugzilla step knows which bugs block
 * the milestones' trackers (`members`), so they are answered while Bugzilla is read and written. Bodhi:
 * the listings of those bugs' updates (or the incremental listing); Koji, when its pass will be full:
 * the tags of the builds stored and of those listings' updates; Pagure: the issue listing. Nothing is
 * written: each step, after Bugzilla's writes, asks for what these lack and uses them only as far as
 * they cover what it then finds tracked (a request that failed here fails, or is asked again by, the
 * step as its own would). Only for the sources synced, and with no milestone named.
 */
function prefetch(
  db: Db,
  clients: SyncClients,
  milestones: MilestoneRow[],
  members: Map<number, number[]>,
  opts: SyncOptions,
): Prefetches {
  const wanted = new Set(opts.sources ?? SYNC_SOURCES);
  const milestoneIds = milestones.map((m) => m.id);
  const tracked = [...members.values()].some((ids) => ids.length > 0);
  // A failure here (the database) only means the step does its own asking.
  const quiet = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => undefined);
    return p;
  };
  const out: Prefetches = {};
  if (!tracked || opts.signal?.aborted) return out;
  if (wanted.has("bodhi")) {
    out.bodhi = quiet(
      prefetchBodhi({
        db,
        client: clients.bodhi,
        milestones,
        members,
        full: opts.full,
        progress: opts.progress,
      }),
    );
  }
  if (wanted.has("koji") && out.bodhi) {
    const bodhi = out.bodhi;
    out.koji = quiet(
      (async () => {
        const stored = await kojiFullPassBuilds(db, milestoneIds, { full: opts.full });
        if (!stored) throw new Error("no full Koji pass due");
        const early = await bodhi;
        const memberIds = new Set([...members.values()].flat());
        const listings = await Promise.all([
          ...[...early.full.values()].map((f) => f.listing),
          ...(early.shared ? [early.shared.listing] : []),
        ]);
        const nvrs = new Set(stored);
        for (const listing of listings)
          if (listing.ok)
            for (const u of listing.updates)
              if (u.bugs.some((b) => memberIds.has(b.bug_id))) for (const b of u.builds) nvrs.add(b.nvr);
        return prefetchKojiTags(clients.koji, [...nvrs].sort());
      })(),
    );
  }
  if (wanted.has("pagure")) {
    out.pagure = quiet(prefetchPagureListing(db, clients.pagure, milestoneIds, { full: opts.full }));
  }
  return out;
}

/** Resolves once every early request has been answered or has failed. */
async function settled(early: Prefetches): Promise<void> {
  const ignore = () => undefined;
  const [bodhi, , pagure] = await Promise.all([
    early.bodhi?.catch(ignore),
    early.koji?.catch(ignore),
    early.pagure?.catch(ignore),
  ]);
  await Promise.all([
    ...[...(bodhi?.full.values() ?? [])].map((f) => f.listing),
    bodhi?.shared?.listing,
    pagure?.listing.catch(ignore),
  ]);
}

async function runBugzilla(
  db: Db,
  clients: SyncClients,
  milestones: MilestoneRow[],
  opts: SyncOptions,
  onMembers: MembersKnown,
): Promise<SourceRunSummary> {
  const source = "bugzilla";
  const client = clients.bugzilla;
  const before = clients.before.bugzilla;
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
      // A sync of one named milestone is a check: its other steps ask after Bugzilla, as before.
      onMembers: opts.milestone ? undefined : onMembers,
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
  clients: SyncClients,
  source: Exclude<SyncSource, "bugzilla">,
  milestones: MilestoneRow[],
  opts: SyncOptions,
  early: Prefetches,
): Promise<SourceRunSummary> {
  const run = runRecord(db, source, opts);
  const step = { db, milestones, progress: opts.progress, onKind: run.start };
  // What was asked early and failed before it asked anything (the database) is asked by the step.
  const prefetched = <T>(p: Promise<T> | undefined) => p?.catch(() => undefined);
  const client = clients[source];
  let work: () => Promise<StepResult<unknown>>;
  if (source === "bodhi") {
    const c = clients.bodhi;
    work = async () => {
      const prefetch = await prefetched(early.bodhi);
      return runStepParts([
        () => syncBodhi({ ...step, client: c, full: opts.full, prefetch }),
        () => syncPreviousReleaseUpdates({ ...step, client: c }),
      ]);
    };
  } else if (source === "koji") {
    const c = clients.koji;
    work = () => syncKoji({ ...step, client: c, full: opts.full, prefetch: early.koji });
  } else {
    const c = clients.pagure;
    const bot =
      config.PAGURE_BOT_ENABLED && config.PAGURE_API_TOKEN ? { bugzillaUrl: config.BUGZILLA_URL } : undefined;
    work = async () => {
      const since = await pagureListingSince(
        db,
        milestones.map((m) => m.id),
        { full: opts.full },
      );
      const listed = earlyListingFor(await prefetched(early.pagure), since);
      return syncPagure({ ...step, client: c, bot, since: listed ? listed.since : since, early: listed });
    };
  }
  const before = clients.before[source];
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

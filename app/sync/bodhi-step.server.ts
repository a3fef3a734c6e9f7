import { insertRows, replaceRows, upsertRows, type Columns } from "~/db/bulk.server";
import type { Db } from "~/db/db.server";
import { webUrl } from "~/components/format";
import { isUnknownReleaseError, type BodhiClient, type BodhiUpdate } from "~/upstream/bodhi.server";
import type { ProgressFn } from "./bugzilla-step.server";
import { recentRuns, type StepMilestone, type StepResult, type StepRun } from "./step-result.server";
import { countOf } from "~/components/words";

/**
 * What one listing of a release's updates did: a release of the Bodhi step, or a previous release
 * of AcceptedPreviousRelease bugs (previous-release-step.server.ts).
 */
export interface UpdatesListingResult {
  /** Bodhi release name, e.g. "F45". */
  release: string;
  ok: boolean;
  /** Bugs asked about: the release's tracked bugs, or its AcceptedPreviousRelease bugs. */
  bugs: number;
  /** Updates read (obsolete ones included). */
  updates: number;
  /** Updates written because they were new or changed. */
  changed: number;
  /** Update ↔ bug links removed because the update no longer lists the bug. */
  staleLinks: number;
  /** Bodhi does not know the release (yet): it has no updates, nothing was changed. */
  unknownRelease?: boolean;
  error?: string;
}

/** Result of the Bodhi step for one release. */
export interface BodhiReleaseResult extends UpdatesListingResult {
  /**
   * `full`: every update of the tracked bugs was listed; `incremental`: only updates submitted or
   * edited since the last pass, those still in flight and those of newly tracked bugs.
   */
  kind: "full" | "incremental";
  /** Milestone ids whose tracked bugs this pass covered. */
  milestones: number[];
  /** Our clock when the release's fetch started (ISO): the next incremental pass starts there. */
  listedAt: string;
}

/** How far back an incremental pass reaches before the previous one started (clock skew). */
const OVERLAP_MS = 5 * 60_000;
/** A release gets a full pass at least this often (updates that changed without a Bodhi date). */
const FULL_PASS_MAX_AGE_MS = 24 * 3_600_000;
/** Update statuses that still change without an edit (pushes, karma, requests, obsoletion). */
const IN_FLIGHT = ["pending", "testing"];

/**
 * Syncs Bodhi updates for every release of `milestones` that has tracked (active) bugs. A release
 * gets a full pass (`GET /updates/?bugs=…&releases=F<N>`, batched and paged: every update of its
 * tracked bugs, obsolete ones included) with `full`, when it had none in the last 24 hours, or when
 * its milestones changed; otherwise an incremental one asks only for what can have changed since the
 * last pass (minus 5 minutes): updates submitted or edited since then (`submitted_since`,
 * `modified_since`; Bodhi dates nothing else), the stored updates still in flight (pending, testing
 * or with a request: their status, request and karma change undated) by alias, and every update of
 * bugs tracked since then. The requests of all releases go out together. Then one transaction per
 * release writes the new or changed Update rows, their Build rows and their links to bugs in our
 * database in a few set-based statements. Links of a tracked bug to an update that no longer lists it
 * are removed only after a full pass of the release completed. A failing release changes nothing of
 * its own and does not stop the others; a release Bodhi does not know yet has no updates
 * (`unknownReleases`). `onKind` hears the step's kind (`full` when every release gets a full pass)
 * before Bodhi is asked anything. With `prefetch` (`prefetchBodhi`, asked while Bugzilla was synced) its
 * listings are used: only what they lack is asked (the updates of bugs tracked since, in-flight updates
 * of such bugs), and only updates listing a bug tracked now are kept; its start is the pass's start.
 * @returns per-release results and counts (a failed release is listed in `errors`).
 * @throws Error when every release failed (nothing was changed).
 */
export async function syncBodhi(
  run: StepRun<BodhiClient> & { prefetch?: BodhiPrefetch },
): Promise<StepResult<BodhiReleaseResult>> {
  const { db, client, milestones, prefetch, ...opts } = run;
  const now = opts.now ?? (() => new Date());
  // The listings asked early were asked before this moment: the next incremental pass starts there.
  const startedAt = prefetch?.startedAt ?? now();
  const releases: ReleasePlan[] = [];
  for (const { name, milestoneIds } of releasesOf(milestones)) {
    const tracked = await db.$queryRaw<{ bugId: number }[]>`SELECT DISTINCT "bugId" FROM "MilestoneBug"
      WHERE active AND "milestoneId" = ANY(${milestoneIds}) ORDER BY "bugId"`;
    releases.push({ name, milestoneIds, bugIds: tracked.map((t) => t.bugId) });
  }
  const since = prefetch?.since ?? (opts.full ? new Map() : await incrementalSince(db, releases, startedAt));
  await opts.onKind?.(releases.every((r) => !since.has(r.name)) ? "full" : "incremental");
  const results = releases.map((r): BodhiReleaseResult => ({
    release: r.name,
    ok: false,
    kind: since.has(r.name) ? "incremental" : "full",
    milestones: r.milestoneIds,
    listedAt: startedAt.toISOString(),
    bugs: r.bugIds.length,
    updates: 0,
    changed: 0,
    staleLinks: 0,
  }));
  const fetched = await fetchReleases(db, client, releases, since, opts.progress, prefetch);
  for (const [i, release] of releases.entries()) {
    const result = results[i]!;
    if (release.bugIds.length === 0) {
      result.ok = true;
      continue;
    }
    await writeListing(db, result, release, fetched.get(release.name)!, result.kind === "full", now());
  }
  const failed = results.filter((r) => !r.ok);
  const unknownReleases = results.filter((r) => r.unknownRelease).length;
  if (failed.length > 0 && failed.length === results.length) {
    throw new Error(failed.map((r) => `${r.release}: ${r.error}`).join("; "));
  }
  return {
    results,
    counts: {
      releases: results.length,
      updates: results.reduce((n, r) => n + r.updates, 0),
      staleLinks: results.reduce((n, r) => n + r.staleLinks, 0),
      ...(unknownReleases > 0 ? { unknownReleases } : {}),
    },
    errors: failed.map((r) => `${r.release}: ${r.error}`),
    kind: results.every((r) => r.kind === "full") ? "full" : "incremental",
  };
}

/** The releases of `milestones` in release order, each with its Bodhi name and milestone ids. */
function releasesOf(milestones: readonly StepMilestone[]): { name: string; milestoneIds: number[] }[] {
  const numbers = [...new Set(milestones.map((m) => m.release.number))].sort((a, b) => a - b);
  return numbers.map((number) => ({
    name: `F${number}`,
    milestoneIds: milestones.filter((m) => m.release.number === number).map((m) => m.id),
  }));
}

/**
 * Bodhi listings asked before the Bodhi step runs (`prefetchBodhi`), while Bugzilla is still read and
 * written: the step completes and filters them with what it then finds tracked.
 */
export interface BodhiPrefetch {
  /** Our clock before the first of these requests. */
  startedAt: Date;
  /** Where each incremental release starts (as `incrementalSince`); the others get a full pass. */
  since: Map<string, { since: Date; runId: number }>;
  /** Full-pass releases: the bugs asked about and their listing (every update listing one of them). */
  full: Map<string, { bugIds: Set<number>; listing: Promise<Fetched> }>;
  /** Incremental releases: the in-flight aliases asked about and the shared listing. */
  shared?: { inFlight: Set<string>; listing: Promise<Fetched> };
}

/**
 * Sends the Bodhi step's listings early: for each release of `milestones` due a full pass, every
 * update of the bugs `members` says block its milestones' trackers (from Bugzilla's tracker bugs, before
 * anything is written); for the incremental ones, the updates changed since their last pass and the
 * stored ones in flight. Nothing is written. The step (`syncBodhi` with `prefetch`) asks for what
 * these lack once it knows the tracked bugs, and keeps only updates of its releases that list a
 * tracked bug (or are stored). Never rejects: a failed listing is a failed `Fetched`.
 */
export async function prefetchBodhi(
  run: StepRun<BodhiClient> & { members: Map<number, number[]> },
): Promise<BodhiPrefetch> {
  const { db, client, milestones, members, ...opts } = run;
  const now = opts.now ?? (() => new Date());
  const startedAt = now();
  const releases: ReleasePlan[] = releasesOf(milestones).map(({ name, milestoneIds }) => ({
    name,
    milestoneIds,
    bugIds: [...new Set(milestoneIds.flatMap((id) => members.get(id) ?? []))].sort((a, b) => a - b),
  }));
  const since = opts.full ? new Map() : await incrementalSince(db, releases, startedAt);
  const full = new Map<string, { bugIds: Set<number>; listing: Promise<Fetched> }>();
  for (const r of releases) {
    if (since.has(r.name) || r.bugIds.length === 0) continue;
    opts.progress?.(`bodhi: ${r.name}: updates of ${countOf(r.bugIds.length, "tracked bug")}…`);
    full.set(r.name, { bugIds: new Set(r.bugIds), listing: settle(client.updatesForBugs(r.name, r.bugIds)) });
  }
  // As fetchReleases: a release without tracked bugs asks Bodhi nothing (it may not know it yet).
  const incremental = releases.filter((r) => since.has(r.name) && r.bugIds.length > 0);
  if (incremental.length === 0) return { startedAt, since, full };
  const inFlight = await inFlightAliases(db, incremental);
  return {
    startedAt,
    since,
    full,
    shared: {
      inFlight: new Set(inFlight),
      listing: sharedListing(client, incremental, since, inFlight, opts.progress),
    },
  };
}

/**
 * The stored updates of `releases` still in flight (pending, testing or with a request: their status,
 * request and karma change undated) that list a bug tracked by one of their milestones.
 */
async function inFlightAliases(db: Db, releases: ReleasePlan[]): Promise<string[]> {
  const rows = await db.$queryRaw<{ alias: string }[]>`
    SELECT u.alias FROM "Update" u
    WHERE u."releaseName" = ANY(${releases.map((r) => r.name)})
      AND (u.status = ANY(${[...IN_FLIGHT]}) OR u.request IS NOT NULL)
      AND EXISTS (SELECT 1 FROM "UpdateBug" ub JOIN "MilestoneBug" mb ON mb."bugId" = ub."bugId"
        WHERE ub."updateAlias" = u.alias AND mb.active
          AND mb."milestoneId" = ANY(${releases.flatMap((r) => r.milestoneIds)}))`;
  return rows.map((r) => r.alias);
}

/** The updates of `releases` changed since the earliest of their starts, and those of `aliases`. */
function sharedListing(
  client: BodhiClient,
  releases: ReleasePlan[],
  since: Map<string, { since: Date; runId: number }>,
  aliases: string[],
  progress?: ProgressFn,
): Promise<Fetched> {
  const earliest = new Date(Math.min(...releases.map((r) => since.get(r.name)!.since.getTime())));
  progress?.(
    `bodhi: ${releases.map((r) => r.name).join(", ")}: updates changed since ` +
      `${earliest.toISOString()} and ${countOf(aliases.length, "update")} in flight…`,
  );
  return Promise.all([
    changedSince(
      client,
      releases.map((r) => r.name),
      earliest,
    ),
    client.updatesByAlias(aliases),
  ]).then(
    ([changed, flying]): Fetched => ({
      ok: true,
      updates: [...changed.updates, ...flying],
      unknownReleases: changed.unknown,
    }),
    (error: unknown): Fetched => ({ ok: false, error }),
  );
}

/**
 * The updates of the releases `names` submitted or edited since `since`, asked in one listing. Bodhi
 * refuses a whole query naming a release it does not know (BO-05: 400 "Invalid releases specified"),
 * so then each release is asked on its own: the others still get their updates, and the ones Bodhi
 * refused come back in `unknown` (release → its error).
 * @throws UpstreamError when a listing fails for another reason.
 */
async function changedSince(
  client: BodhiClient,
  names: string[],
  since: Date,
): Promise<{ updates: BodhiUpdate[]; unknown: Map<string, unknown> }> {
  try {
    return { updates: await client.updatesChangedSince(names, since), unknown: new Map() };
  } catch (error) {
    if (names.length < 2 || !isUnknownReleaseError(error)) throw error;
    const each = await Promise.all(names.map((name) => settle(client.updatesChangedSince([name], since))));
    const updates: BodhiUpdate[] = [];
    const unknown = new Map<string, unknown>();
    for (const [i, got] of each.entries()) {
      if (got.ok) updates.push(...got.updates);
      else if (isUnknownReleaseError(got.error)) unknown.set(names[i]!, got.error);
      else throw got.error;
    }
    return { updates, unknown };
  }
}

/** `a` and `b` together, each update once (by alias; `b`'s copy wins). */
async function mergeListings(a: Promise<Fetched>, b: Promise<Fetched>): Promise<Fetched> {
  const [x, y] = await Promise.all([a, b]);
  if (!x.ok) return x;
  if (!y.ok) return y;
  const byAlias = new Map<string, BodhiUpdate>();
  for (const u of [...x.updates, ...y.updates]) byAlias.set(u.alias, u);
  const unknownReleases = new Map([...(x.unknownReleases ?? []), ...(y.unknownReleases ?? [])]);
  return { ok: true, updates: [...byAlias.values()], ...(unknownReleases.size ? { unknownReleases } : {}) };
}

/** One release of the Bodhi step: its Bodhi name, milestones and tracked bugs. */
export interface ReleasePlan {
  name: string;
  milestoneIds: number[];
  bugIds: number[];
}

/**
 * Where each release's incremental pass starts (its last successful pass's `listedAt` minus 5
 * minutes, and that pass's run id); a release left out gets a full pass: it had no full pass in the last 24 hours that
 * covered its current milestones, Bodhi did not know it, or its milestones changed since.
 */
async function incrementalSince(
  db: Db,
  releases: ReleasePlan[],
  now: Date,
): Promise<Map<string, { since: Date; runId: number }>> {
  const runs = await recentRuns(db, "bodhi", { now, maxAgeMs: FULL_PASS_MAX_AGE_MS, keys: ["results"] });
  const passes = runs.flatMap((run) =>
    (
      ((run.details as { results?: Partial<BodhiReleaseResult>[] } | null)?.results ??
        []) as Partial<BodhiReleaseResult>[]
    ).map((pass) => ({ ...pass, runId: run.id })),
  );
  const since = new Map<string, { since: Date; runId: number }>();
  for (const release of releases) {
    const covers = (p: Partial<BodhiReleaseResult>) =>
      p.release === release.name &&
      p.ok === true &&
      !p.unknownRelease &&
      typeof p.listedAt === "string" &&
      release.milestoneIds.every((id) => p.milestones?.includes(id));
    const last = passes.find((p) => p.release === release.name && p.ok);
    if (!last || !covers(last) || !passes.some((p) => covers(p) && p.kind === "full")) continue;
    since.set(release.name, { since: new Date(Date.parse(last.listedAt!) - OVERLAP_MS), runId: last.runId });
  }
  return since;
}

/**
 * A release's listed updates, or why they could not be listed. A listing of several releases names
 * those Bodhi refused as unknown in `unknownReleases` (release → its error; see `changedSince`).
 */
export type Fetched =
  | { ok: true; updates: BodhiUpdate[]; unknownReleases?: ReadonlyMap<string, unknown> }
  | { ok: false; error: unknown };

/** The listing `p` as a `Fetched`: its updates, or the error it failed with. */
export function settle(p: Promise<BodhiUpdate[]>): Promise<Fetched> {
  return p.then(
    (updates) => ({ ok: true as const, updates }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * Writes a release's listing `got` with `writeUpdates` (`full`: it was complete for `release.bugIds`,
 * so their stale links go) and records in `result` what it did: `updates`, `changed`, `staleLinks`
 * and `ok`; a failed listing or write sets `error` instead, and a release Bodhi does not know yet
 * is `ok` and `unknownRelease` (trackers exist before Bodhi has the release, BO-05).
 */
export async function writeListing(
  db: Db,
  result: UpdatesListingResult,
  release: ReleasePlan,
  got: Fetched,
  full: boolean,
  now: Date,
): Promise<void> {
  if (!got.ok) {
    if (isUnknownReleaseError(got.error)) result.ok = result.unknownRelease = true;
    else result.error = (got.error as Error).message;
    return;
  }
  try {
    result.updates = got.updates.length;
    const written = await writeUpdates(db, release, got.updates, full, now);
    result.changed = written.changed;
    result.staleLinks = written.staleLinks;
    result.ok = true;
  } catch (error) {
    result.error = (error as Error).message;
  }
}

/**
 * The updates of each release, all requests together: a full listing by tracked bugs for releases
 * without a start in `since`; for the others the changed updates of all of them in one listing,
 * the in-flight stored ones by alias, and the updates of bugs tracked since. Each release's list
 * holds only its own updates that list one of its tracked bugs or are stored already.
 */
async function fetchReleases(
  db: Db,
  client: BodhiClient,
  releases: ReleasePlan[],
  since: Map<string, { since: Date; runId: number }>,
  progress?: ProgressFn,
  prefetch?: BodhiPrefetch,
): Promise<Map<string, Fetched>> {
  const withBugs = releases.filter((r) => r.bugIds.length > 0);
  const full = withBugs.filter((r) => !since.has(r.name));
  const incremental = withBugs.filter((r) => since.has(r.name));
  const fullLists = full.map((r) => {
    const early = prefetch?.full.get(r.name);
    if (!early) {
      progress?.(`bodhi: ${r.name}: updates of ${countOf(r.bugIds.length, "tracked bug")}…`);
      return settle(client.updatesForBugs(r.name, r.bugIds));
    }
    // Asked early for the bugs that blocked the trackers then: the ones tracked since are asked now,
    // and only updates that list a bug tracked now are this release's.
    const missing = r.bugIds.filter((id) => !early.bugIds.has(id));
    const rest = missing.length
      ? settle(client.updatesForBugs(r.name, missing))
      : Promise.resolve<Fetched>({ ok: true, updates: [] });
    const tracked = new Set(r.bugIds);
    return mergeListings(early.listing, rest).then((got): Fetched =>
      got.ok
        ? { ok: true, updates: got.updates.filter((u) => u.bugs.some((b) => tracked.has(b.bug_id))) }
        : got,
    );
  });

  let shared: Promise<Fetched> = Promise.resolve({ ok: true, updates: [] });
  const newlyTracked = new Map<string, Promise<Fetched>>();
  const stored = new Set<string>();
  if (incremental.length > 0) {
    const inFlight = await inFlightAliases(db, incremental);
    const early = prefetch?.shared;
    if (early) {
      // Listed early: the updates in flight for bugs tracked since are asked now.
      const missing = inFlight.filter((alias) => !early.inFlight.has(alias));
      shared = missing.length
        ? mergeListings(early.listing, settle(client.updatesByAlias(missing)))
        : early.listing;
    } else {
      shared = sharedListing(client, incremental, since, inFlight, progress);
    }
    for (const r of incremental) {
      // Tracked since the last pass: by a later sync (run ids grow across nodes, so no clock is
      // compared), or by a proposal's immediate re-read (no run: by time, with the overlap).
      const last = since.get(r.name)!;
      const events = await db.$queryRaw<{ bugId: number }[]>`
        SELECT DISTINCT e."bugId" FROM "BugEvent" e
        WHERE e."milestoneId" = ANY(${r.milestoneIds}) AND e.field = 'active' AND e."newValue" = 'true'
          AND (e."syncRunId" > ${last.runId} OR (e."syncRunId" IS NULL AND e."recordedAt" >= ${last.since}))
          AND EXISTS (SELECT 1 FROM "MilestoneBug" mb
            WHERE mb."bugId" = e."bugId" AND mb.active AND mb."milestoneId" = ANY(${r.milestoneIds}))`;
      if (events.length > 0)
        newlyTracked.set(
          r.name,
          settle(
            client.updatesForBugs(
              r.name,
              events.map((e) => e.bugId),
            ),
          ),
        );
    }
  }

  const out = new Map<string, Fetched>();
  const fullDone = await Promise.all(fullLists);
  full.forEach((r, i) => out.set(r.name, fullDone[i]!));
  const sharedDone = await shared;
  if (incremental.length > 0 && sharedDone.ok) {
    const aliases = [...new Set(sharedDone.updates.map((u) => u.alias))];
    for (const u of await db.$queryRaw<
      { alias: string }[]
    >`SELECT alias FROM "Update" WHERE alias = ANY(${aliases})`)
      stored.add(u.alias);
  }
  for (const r of incremental) {
    const extra = (await newlyTracked.get(r.name)) ?? { ok: true as const, updates: [] };
    const refused = sharedDone.ok ? sharedDone.unknownReleases?.get(r.name) : undefined;
    if (refused !== undefined) {
      out.set(r.name, { ok: false, error: refused });
      continue;
    }
    if (!sharedDone.ok || !extra.ok) {
      out.set(r.name, sharedDone.ok ? extra : sharedDone);
      continue;
    }
    const tracked = new Set(r.bugIds);
    const byAlias = new Map<string, BodhiUpdate>();
    for (const u of [...sharedDone.updates, ...extra.updates]) {
      if (u.release.name !== r.name) continue;
      if (stored.has(u.alias) || u.bugs.some((b) => tracked.has(b.bug_id))) byAlias.set(u.alias, u);
    }
    out.set(r.name, { ok: true, updates: [...byAlias.values()] });
  }
  for (const r of releases) if (!out.has(r.name)) out.set(r.name, { ok: true, updates: [] });
  return out;
}

const UPDATE_COLUMNS = {
  alias: "text",
  title: "text",
  releaseName: "text",
  stableTag: "text",
  status: "text",
  request: "text",
  karma: "integer",
  stableKarma: "integer",
  gating: "text",
  url: "text",
  submitter: "text",
  submittedAt: "timestamp(3)",
  pushedAt: "timestamp(3)",
  testingAt: "timestamp(3)",
  stableAt: "timestamp(3)",
  fetchedAt: "timestamp(3)",
  changedAt: "timestamp(3)",
} as const satisfies Columns;

/**
 * Writes one release's fetched updates in one transaction, a handful of set-based statements
 * whatever their number: new builds, new or changed Update rows (`INSERT … ON CONFLICT`) and their
 * links replaced; after a full pass also the stale links. An unchanged update is not written (not even
 * a read time), so a sync that finds nothing new leaves the pages' data as it was. Also used
 * for the previous-release updates of AcceptedPreviousRelease bugs (previous-release-step.server.ts).
 * @returns the updates written and the stale links removed.
 */
export async function writeUpdates(
  db: Db,
  release: ReleasePlan,
  updates: BodhiUpdate[],
  full: boolean,
  now: Date,
): Promise<{ changed: number; staleLinks: number }> {
  const listedBugIds = [...new Set(updates.flatMap((u) => u.bugs.map((b) => b.bug_id)))];
  // Plain queries: a full pass reads thousands of rows, where Prisma's `in` lists and nested selects
  // cost several times more.
  const known = new Set(
    (await db.$queryRaw<{ id: number }[]>`SELECT id FROM "Bug" WHERE id = ANY(${listedBugIds})`).map(
      (b) => b.id,
    ),
  );
  const stored = new Map(
    (
      await db.$queryRaw<
        (ReturnType<typeof updateRow> & { alias: string; builds: string[]; bugs: number[] })[]
      >`
        SELECT u.*,
          ARRAY(SELECT b.nvr FROM "UpdateBuild" b WHERE b."updateAlias" = u.alias) AS builds,
          ARRAY(SELECT b."bugId" FROM "UpdateBug" b WHERE b."updateAlias" = u.alias) AS bugs
        FROM "Update" u WHERE u.alias = ANY(${updates.map((u) => u.alias)})`
    ).map((u) => [u.alias, u]),
  );
  const changed: { alias: string; row: ReturnType<typeof updateRow>; builds: string[]; bugs: number[] }[] =
    [];
  for (const u of updates) {
    const row = updateRow(u);
    const builds = [...new Set(u.builds.map((b) => b.nvr))].sort();
    const bugs = [...new Set(u.bugs.map((b) => b.bug_id))]
      .filter((id) => known.has(id))
      .sort((a, b) => a - b);
    const before = stored.get(u.alias);
    const same =
      before &&
      sameRow(before, row) &&
      [...before.builds].sort().join() === builds.join() &&
      [...before.bugs].sort((a, b) => a - b).join() === bugs.join();
    if (!same) changed.push({ alias: u.alias, row, builds, bugs });
  }
  const staleLinks = await db.$transaction(
    async (tx) => {
      const nvrs = [...new Set(changed.flatMap((u) => u.builds))];
      // New builds start without tags (tagsFetchedAt null: "in stable tag" unknown until Koji answers).
      await insertRows(
        tx,
        "Build",
        { nvr: "text", tags: "text[]" },
        nvrs.map((nvr) => ({ nvr, tags: [] })),
        { skipDuplicates: true },
      );
      await upsertRows(
        tx,
        "Update",
        UPDATE_COLUMNS,
        changed.map((u) => ({ alias: u.alias, ...u.row, fetchedAt: now, changedAt: now })),
        { key: ["alias"] },
      );
      // The update's own lists are complete in its response: its links become exactly them.
      const ofChanged = { key: "updateAlias", keys: changed.map((u) => u.alias) };
      const buildLinks = changed.flatMap((u) => u.builds.map((nvr) => ({ updateAlias: u.alias, nvr })));
      const bugLinks = changed.flatMap((u) => u.bugs.map((bugId) => ({ updateAlias: u.alias, bugId })));
      await replaceRows(tx, "UpdateBuild", { updateAlias: "text", nvr: "text" }, buildLinks, ofChanged);
      await replaceRows(tx, "UpdateBug", { updateAlias: "text", bugId: "integer" }, bugLinks, ofChanged);
      if (!full) return 0;
      // Updates of this release we hold for a tracked bug that Bodhi no longer lists for it.
      return tx.$executeRaw`DELETE FROM "UpdateBug" ub USING "Update" u
        WHERE u.alias = ub."updateAlias" AND ub."bugId" = ANY(${release.bugIds})
          AND u."releaseName" = ${release.name} AND NOT (u.alias = ANY(${updates.map((u) => u.alias)}))`;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { changed: changed.length, staleLinks };
}

/** The Update row fields read from one Bodhi update (without `fetchedAt`). */
function updateRow(u: BodhiUpdate) {
  return {
    title: u.title ?? "",
    releaseName: u.release.name,
    stableTag: u.release.stable_tag ?? "",
    status: u.status,
    request: u.request,
    karma: u.karma ?? 0,
    stableKarma: u.stable_karma ?? null,
    gating: u.test_gating_status ?? null,
    url: webUrl(u.url) ?? "",
    submitter: u.user?.name ?? u.submitter ?? "",
    submittedAt: u.date_submitted,
    pushedAt: u.date_pushed ?? u.date_stable ?? u.date_testing,
    testingAt: u.date_testing,
    stableAt: u.date_stable,
  };
}

/** Whether a stored Update row already holds `row` (an unchanged update needs no write). */
function sameRow(stored: Record<string, unknown>, row: ReturnType<typeof updateRow>): boolean {
  return Object.entries(row).every(([key, value]) => {
    const old = stored[key];
    if (value instanceof Date || old instanceof Date)
      return (old as Date | null)?.getTime() === (value as Date | null)?.getTime();
    return old === value;
  });
}

import { updateRows } from "~/db/bulk.server";
import type { Db } from "~/db/db.server";
import type { BuildTagsResult, KojiClient } from "~/upstream/koji.server";
import { recentRuns, type StepResult, type StepRun } from "./step-result.server";
import { countOf } from "~/components/words";

/** A build Koji could not answer for (its old tags are kept). */
export interface KojiBuildError {
  nvr: string;
  error: string;
}

/** A full pass (every build's tags) at least this often: tags can also change outside any update. */
const FULL_PASS_MAX_AGE_MS = 24 * 3_600_000;

/** A build of a tracked bug's update, with the stable tag and change time of each of its updates. */
interface TrackedBuild {
  nvr: string;
  tags: string[];
  kojiError: string | null;
  tagsFetchedAt: Date | null;
  stableTags: string[];
  /** Each update's `changedAt` in epoch milliseconds (null: never). */
  changedAt: (number | null)[];
}

/**
 * The builds of every update of a bug tracked by one of the milestones, in NVR order: one plain query
 * (Prisma's nested relation filter and select take several times longer on thousands of builds).
 */
function trackedBuilds(db: Db, milestoneIds: readonly number[]): Promise<TrackedBuild[]> {
  return db.$queryRaw<TrackedBuild[]>`
    SELECT b.nvr, b.tags, b."kojiError", b."tagsFetchedAt", array_agg(u."stableTag") AS "stableTags",
      array_agg((extract(epoch FROM u."changedAt") * 1000)::float8) AS "changedAt"
    FROM "Build" b
    JOIN "UpdateBuild" ub ON ub.nvr = b.nvr
    JOIN "Update" u ON u.alias = ub."updateAlias"
    WHERE EXISTS (
      SELECT 1 FROM "UpdateBuild" tb
      JOIN "UpdateBug" tu ON tu."updateAlias" = tb."updateAlias"
      JOIN "MilestoneBug" mb ON mb."bugId" = tu."bugId"
      WHERE tb.nvr = b.nvr AND mb.active AND mb."milestoneId" = ANY(${[...milestoneIds]}))
    GROUP BY b.nvr
    ORDER BY b.nvr`;
}

/**
 * Reads the current Koji tags of the builds of the updates linked to active tracked bugs of
 * `milestones` (`listTags` through `multiCall` batches, all together) and stores them in
 * `Build.tags` / `tagsFetchedAt`, in one transaction of a few set-based statements. A build read with
 * the tags it has is not written (so pages keep their data), except for a new `tagsFetchedAt` when one
 * of its updates changed after its tags were last read (else every incremental sync would read it
 * again). A full pass reads every such build: with `full`, or when no full pass succeeded in the last
 * 24 hours (or one covered other milestones). Otherwise only the
 * builds whose tags can still matter are read: never read, failed last time, not carrying the stable
 * tag of each of their updates, or whose update changed (`Update.changedAt`) after their tags were
 * read. A per-build fault records `kojiError` and keeps the old tags (listed in `results`, not a
 * failure of the step); when Koji fails as a whole (transport, offline hub) nothing is written and the
 * error is thrown. `onKind` hears whether the pass is full before Koji is asked anything. With
 * `prefetch` (`prefetchKojiTags`, read while Bugzilla was synced) the tags it holds are used and only the
 * other builds are asked; a prefetch that failed as a whole is asked again.
 * @returns per-build errors and counts.
 * @throws UpstreamError when Koji fails as a whole.
 */
export async function syncKoji(
  run: StepRun<KojiClient> & { prefetch?: Promise<Map<string, BuildTagsResult>> },
): Promise<StepResult<KojiBuildError>> {
  const { db, client, milestones, prefetch, ...opts } = run;
  const now = opts.now ?? (() => new Date());
  const milestoneIds = milestones.map((m) => m.id);
  const tracked = await trackedBuilds(db, milestoneIds);
  const full = opts.full || !(await recentFullPass(db, milestoneIds, now()));
  await opts.onKind?.(full ? "full" : "incremental");
  const builds = full
    ? tracked
    : tracked.filter(
        (b) =>
          !b.tagsFetchedAt ||
          b.kojiError !== null ||
          b.stableTags.some((tag) => !b.tags.includes(tag)) ||
          updatedSinceRead(b),
      );
  opts.progress?.(`koji: tags of ${builds.length} of ${countOf(tracked.length, "build")}…`);
  // Tags read early in this sync (after Bodhi was read, so as fresh as its data) are used; a prefetch
  // that failed as a whole is asked again.
  const early = await prefetch?.catch(() => undefined);
  const tags = new Map<string, BuildTagsResult>();
  for (const b of builds) if (early?.has(b.nvr)) tags.set(b.nvr, early.get(b.nvr)!);
  const rest = builds.filter((b) => !tags.has(b.nvr)).map((b) => b.nvr);
  if (rest.length > 0 || !early) for (const [nvr, t] of await client.tagsOfBuilds(rest)) tags.set(nvr, t);
  const errors: KojiBuildError[] = [];
  const at = now();
  const stored = new Map(builds.map((b) => [b.nvr, b]));
  const reread: string[] = [];
  const newTags: { nvr: string; tags: string[] }[] = [];
  const newErrors: { nvr: string; kojiError: string }[] = [];
  for (const [nvr, result] of tags) {
    const before = stored.get(nvr);
    if (!result.ok) {
      errors.push({ nvr, error: result.error });
      if (before?.kojiError !== result.error) newErrors.push({ nvr, kojiError: result.error });
    } else if (before?.tagsFetchedAt && !before.kojiError && sameTags(before.tags, result.tags)) {
      if (updatedSinceRead(before)) reread.push(nvr);
    } else {
      newTags.push({ nvr, tags: result.tags });
    }
  }
  await db.$transaction(
    async (tx) => {
      await updateRows(
        tx,
        "Build",
        { nvr: "text", tags: "text[]", tagsFetchedAt: "timestamp(3)", kojiError: "text" },
        newTags.map((b) => ({ ...b, tagsFetchedAt: at, kojiError: null })),
        ["nvr"],
      );
      await updateRows(tx, "Build", { nvr: "text", kojiError: "text" }, newErrors, ["nvr"]);
      if (reread.length)
        await tx.$executeRaw`UPDATE "Build" SET "tagsFetchedAt" = ${at} WHERE nvr = ANY(${reread})`;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return {
    results: errors,
    counts: {
      builds: builds.length,
      tagged: builds.length - errors.length,
      buildErrors: errors.length,
      ...(full ? {} : { skipped: tracked.length - builds.length }),
    },
    // A build Koji does not know is a fact about that build, not a failed sync.
    errors: [],
    kind: full ? "full" : "incremental",
    details: { milestones: milestoneIds },
  };
}

/**
 * Whether the Koji step will make a full pass for `milestoneIds` (`full` asked, or no full pass of them
 * succeeded in the last 24 hours), and if so the builds it knows now (before this sync's writes):
 * the tags of those and of the builds of Bodhi's fresh listings can be read early (`prefetchKojiTags`).
 */
export async function kojiFullPassBuilds(
  db: Db,
  milestoneIds: readonly number[],
  opts: { full?: boolean; now?: Date },
): Promise<string[] | undefined> {
  const full = opts.full || !(await recentFullPass(db, milestoneIds, opts.now ?? new Date()));
  return full ? (await trackedBuilds(db, milestoneIds)).map((b) => b.nvr) : undefined;
}

/**
 * The tags of `nvrs` read early (`tagsOfBuilds`), for `syncKoji`'s `prefetch`. Rejects as
 * `tagsOfBuilds` does; nothing is written.
 */
export function prefetchKojiTags(
  client: KojiClient,
  nvrs: readonly string[],
): Promise<Map<string, BuildTagsResult>> {
  const tags = client.tagsOfBuilds(nvrs);
  tags.catch(() => undefined);
  return tags;
}

/** Whether a full Koji pass covering every one of `milestoneIds` succeeded in the last 24 hours. */
async function recentFullPass(db: Db, milestoneIds: readonly number[], now: Date): Promise<boolean> {
  const runs = await recentRuns(db, "koji", {
    now,
    maxAgeMs: FULL_PASS_MAX_AGE_MS,
    outcomes: ["success"],
    keys: ["milestones"],
  });
  return runs.some((run) => {
    if (run.kind !== "full") return false;
    const covered = (run.details as { milestones?: number[] } | null)?.milestones;
    return Array.isArray(covered) && milestoneIds.every((id) => covered.includes(id));
  });
}

/** Whether an update of the build changed after its tags were last read (never read: false). */
function updatedSinceRead(b: TrackedBuild): boolean {
  const readAt = b.tagsFetchedAt?.getTime();
  return readAt !== undefined && b.changedAt.some((ms) => ms !== null && ms > readAt);
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
}

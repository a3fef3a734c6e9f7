import type { Db } from "~/db/db.server";
import { webUrl } from "~/components/format";
import { isUnknownReleaseError, type BodhiClient, type BodhiUpdate } from "~/upstream/bodhi.server";
import type { ProgressFn } from "./bugzilla-step.server";
import type { StepMilestone, StepResult } from "./step-result.server";
import { countOf } from "~/components/words";

/** Result of the Bodhi step for one release. */
export interface BodhiReleaseResult {
  release: string;
  ok: boolean;
  /** Tracked bugs asked about. */
  bugs: number;
  /** Updates read (obsolete ones included). */
  updates: number;
  /** Update ↔ bug links removed because the update no longer lists the bug. */
  staleLinks: number;
  /** Bodhi does not know the release (yet): it has no updates, nothing was changed. */
  unknownRelease?: boolean;
  error?: string;
}

/**
 * Syncs Bodhi updates for every release of `milestones` that has tracked (active) bugs: one batched,
 * paged `GET /updates/?bugs=…&releases=F<N>` listing per release (obsolete updates included, kept with
 * their status; a release Bodhi does not know yet has none: `unknownReleases`), then one transaction
 * per release upserting Update, Build and UpdateBuild rows and the UpdateBug links to bugs in our
 * database. Links of a tracked bug to an update of that release that no longer lists it are removed,
 * only after the release's fetch completed. A failing release changes nothing of its own and does not
 * stop the others.
 * @returns per-release results and counts (a failed release is listed in `errors`).
 * @throws Error when every release failed (nothing was changed).
 */
export async function syncBodhi(
  db: Db,
  client: BodhiClient,
  milestones: readonly StepMilestone[],
  opts: { now?: () => Date; progress?: ProgressFn } = {},
): Promise<StepResult<BodhiReleaseResult>> {
  const now = opts.now ?? (() => new Date());
  const releases = [...new Set(milestones.map((m) => m.release.number))].sort((a, b) => a - b);
  const results: BodhiReleaseResult[] = [];
  for (const number of releases) {
    const name = `F${number}`;
    const tracked = await db.milestoneBug.findMany({
      where: {
        active: true,
        milestoneId: { in: milestones.filter((m) => m.release.number === number).map((m) => m.id) },
      },
      select: { bugId: true },
      distinct: ["bugId"],
    });
    const bugIds = tracked.map((t) => t.bugId);
    const result: BodhiReleaseResult = {
      release: name,
      ok: false,
      bugs: bugIds.length,
      updates: 0,
      staleLinks: 0,
    };
    results.push(result);
    if (bugIds.length === 0) {
      result.ok = true;
      continue;
    }
    try {
      opts.progress?.(`bodhi: ${name}: updates of ${countOf(bugIds.length, "tracked bug")}…`);
      const updates = await client.updatesForBugs(name, bugIds);
      result.updates = updates.length;
      result.staleLinks = await writeUpdates(db, name, bugIds, updates, now());
      result.ok = true;
    } catch (error) {
      // Trackers of a release exist before Bodhi has the release (BO-05): no updates yet, not a failure.
      if (isUnknownReleaseError(error)) result.ok = result.unknownRelease = true;
      else result.error = (error as Error).message;
    }
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
  };
}

/** Writes one release's complete update listing in one transaction; returns the stale links removed. */
async function writeUpdates(
  db: Db,
  release: string,
  trackedBugIds: number[],
  updates: BodhiUpdate[],
  now: Date,
): Promise<number> {
  const listedBugIds = [...new Set(updates.flatMap((u) => u.bugs.map((b) => b.bug_id)))];
  const known = new Set(
    (await db.bug.findMany({ where: { id: { in: listedBugIds } }, select: { id: true } })).map((b) => b.id),
  );
  const stored = new Map(
    (
      await db.update.findMany({
        where: { alias: { in: updates.map((u) => u.alias) } },
        include: { builds: { select: { nvr: true } }, bugs: { select: { bugId: true } } },
      })
    ).map((u) => [u.alias, u]),
  );
  return db.$transaction(
    async (tx) => {
      const nvrs = [...new Set(updates.flatMap((u) => u.builds.map((b) => b.nvr)))];
      // New builds start without tags (tagsFetchedAt null: "in stable tag" unknown until Koji answers).
      if (nvrs.length)
        await tx.build.createMany({ data: nvrs.map((nvr) => ({ nvr, tags: [] })), skipDuplicates: true });
      const unchanged: string[] = [];
      for (const u of updates) {
        const row = updateRow(u);
        const builds = [...new Set(u.builds.map((b) => b.nvr))].sort();
        const bugs = [...new Set(u.bugs.map((b) => b.bug_id))]
          .filter((id) => known.has(id))
          .sort((a, b) => a - b);
        const before = stored.get(u.alias);
        if (
          before &&
          sameRow(before, row) &&
          before.builds
            .map((b) => b.nvr)
            .sort()
            .join() === builds.join() &&
          before.bugs
            .map((b) => b.bugId)
            .sort((a, b) => a - b)
            .join() === bugs.join()
        ) {
          unchanged.push(u.alias);
          continue;
        }
        const data = { ...row, fetchedAt: now };
        await tx.update.upsert({
          where: { alias: u.alias },
          create: { alias: u.alias, ...data },
          update: data,
        });
        // The update's own lists are complete in its response: make the links match them exactly.
        await tx.updateBuild.deleteMany({ where: { updateAlias: u.alias, nvr: { notIn: builds } } });
        await tx.updateBuild.createMany({
          data: builds.map((nvr) => ({ updateAlias: u.alias, nvr })),
          skipDuplicates: true,
        });
        await tx.updateBug.deleteMany({ where: { updateAlias: u.alias, bugId: { notIn: bugs } } });
        await tx.updateBug.createMany({
          data: bugs.map((bugId) => ({ updateAlias: u.alias, bugId })),
          skipDuplicates: true,
        });
      }
      if (unchanged.length)
        await tx.update.updateMany({ where: { alias: { in: unchanged } }, data: { fetchedAt: now } });
      // Updates of this release we hold for a tracked bug that Bodhi no longer lists for it.
      const stale = await tx.updateBug.deleteMany({
        where: {
          bugId: { in: trackedBugIds },
          update: { releaseName: release, alias: { notIn: updates.map((u) => u.alias) } },
        },
      });
      return stale.count;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
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
    url: webUrl(u.url) ?? "",
    submitter: u.user?.name ?? u.submitter ?? "",
    submittedAt: u.date_submitted,
    pushedAt: u.date_pushed ?? u.date_stable ?? u.date_testing,
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

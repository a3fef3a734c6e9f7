import type { Db } from "~/db/db.server";
import type { BodhiClient, BodhiUpdate } from "~/upstream/bodhi.server";
import type { ProgressFn } from "./bugzilla-sync.server";
import type { StepMilestone, StepResult } from "./step.server";

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
  error?: string;
}

/**
 * Syncs Bodhi updates for every release of `milestones` that has tracked (active) bugs: one batched,
 * paged `GET /updates/?bugs=…&releases=F<N>` listing per release (obsolete updates included, kept with
 * their status), then one transaction per release upserting Update, Build and UpdateBuild rows and the
 * UpdateBug links to bugs in our database. Links of a tracked bug to an update of that release that no
 * longer lists it are removed, only after the release's fetch completed. A failing release changes
 * nothing of its own and does not stop the others.
 * @returns per-release results and counts; never throws for upstream errors.
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
      opts.progress?.(`bodhi: ${name}: updates of ${bugIds.length} tracked bugs…`);
      const updates = await client.updatesForBugs(name, bugIds);
      result.updates = updates.length;
      result.staleLinks = await writeUpdates(db, name, bugIds, updates, now());
      result.ok = true;
    } catch (error) {
      result.error = (error as Error).message;
    }
  }
  return {
    results,
    counts: {
      releases: results.length,
      updates: results.reduce((n, r) => n + r.updates, 0),
      staleLinks: results.reduce((n, r) => n + r.staleLinks, 0),
    },
    errors: results.filter((r) => !r.ok).map((r) => `${r.release}: ${r.error}`),
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
  return db.$transaction(
    async (tx) => {
      const nvrs = [...new Set(updates.flatMap((u) => u.builds.map((b) => b.nvr)))];
      // New builds start without tags (tagsFetchedAt null: "in stable tag" unknown until Koji answers).
      if (nvrs.length)
        await tx.build.createMany({ data: nvrs.map((nvr) => ({ nvr, tags: [] })), skipDuplicates: true });
      for (const u of updates) {
        const row = {
          title: u.title ?? "",
          releaseName: u.release.name,
          stableTag: u.release.stable_tag ?? "",
          status: u.status,
          request: u.request,
          karma: u.karma ?? 0,
          stableKarma: u.stable_karma ?? null,
          url: u.url ?? "",
          submitter: u.user?.name ?? u.submitter ?? "",
          submittedAt: u.date_submitted,
          pushedAt: u.date_pushed ?? u.date_stable ?? u.date_testing,
          fetchedAt: now,
        };
        await tx.update.upsert({
          where: { alias: u.alias },
          create: { alias: u.alias, ...row },
          update: row,
        });
        // The update's own lists are complete in its response: make the links match them exactly.
        const builds = [...new Set(u.builds.map((b) => b.nvr))];
        await tx.updateBuild.deleteMany({ where: { updateAlias: u.alias, nvr: { notIn: builds } } });
        await tx.updateBuild.createMany({
          data: builds.map((nvr) => ({ updateAlias: u.alias, nvr })),
          skipDuplicates: true,
        });
        const bugs = [...new Set(u.bugs.map((b) => b.bug_id))].filter((id) => known.has(id));
        await tx.updateBug.deleteMany({ where: { updateAlias: u.alias, bugId: { notIn: bugs } } });
        await tx.updateBug.createMany({
          data: bugs.map((bugId) => ({ updateAlias: u.alias, bugId })),
          skipDuplicates: true,
        });
      }
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

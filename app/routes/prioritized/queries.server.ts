import type { Db } from "~/db/db.server";

/**
 * Open bugs flagged `fedora_prioritized_bug+` (`Bug.prioritized`) among those tracked for an active
 * milestone (the only ones the sync keeps reading), with those milestones (their active MilestoneBug
 * rows on active milestones).
 *
 * @returns `{ bugId, summary, component, status, resolution, needinfo,
 *   lastChangeTime, milestones: { release, version, blocker, fe }[] }[]`, by bug id.
 */
export async function listPrioritizedBugs(db: Db) {
  const rows = await db.bug.findMany({
    // Only bugs still tracked for an active milestone are read by the sync: others' data is stale.
    where: {
      prioritized: true,
      NOT: { status: "CLOSED" },
      milestones: { some: { active: true, milestone: { active: true } } },
    },
    select: {
      id: true,
      summary: true,
      component: true,
      status: true,
      resolution: true,
      needinfo: true,
      lastChangeTime: true,
      milestones: {
        where: { active: true, milestone: { active: true } },
        select: {
          blocker: true,
          fe: true,
          milestone: { select: { version: true, release: { select: { number: true } } } },
        },
      },
    },
    orderBy: { id: "asc" },
  });
  return rows.map(({ id, milestones, ...b }) => ({
    bugId: id,
    ...b,
    milestones: milestones.map(({ milestone, ...s }) => ({
      release: milestone.release.number,
      version: milestone.version,
      ...s,
    })),
  }));
}

/** A prioritized bug as `/prioritized` lists it (see {@link listPrioritizedBugs}). */
export type PrioritizedBug = Awaited<ReturnType<typeof listPrioritizedBugs>>[number];

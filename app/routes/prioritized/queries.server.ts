import { TRACKED_BUG_SELECT, toTrackedBug } from "~/db/bugs.server";
import type { Db } from "~/db/db.server";

/**
 * Open bugs flagged `fedora_prioritized_bug+` (`Bug.prioritized`, kept by the sync's flag search
 * whether or not the bug blocks a tracker), with the milestones they are tracked for (their active
 * MilestoneBug rows on active milestones; none for a bug that blocks no tracker).
 *
 * @returns `{ bugId, summary, component, status, resolution, needinfo,
 *   lastChangeTime, milestones: { release, version, blocker, fe }[] }[]`, by bug id.
 */
export async function listPrioritizedBugs(db: Db) {
  const rows = await db.bug.findMany({
    where: { prioritized: true, NOT: { status: "CLOSED" } },
    select: { ...TRACKED_BUG_SELECT, resolution: true, needinfo: true, lastChangeTime: true },
    orderBy: { id: "asc" },
  });
  return rows.map(toTrackedBug);
}

/** A prioritized bug as `/prioritized` lists it (see {@link listPrioritizedBugs}). */
export type PrioritizedBug = Awaited<ReturnType<typeof listPrioritizedBugs>>[number];

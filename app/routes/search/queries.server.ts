import { TRACKED_BUG_SELECT, toTrackedBug } from "~/db/bugs.server";
import type { Db } from "~/db/db.server";

/**
 * The bugs tracked for an active milestone (active MilestoneBug rows of active milestones) that we
 * have read, with those milestones: what the jump box searches.
 *
 * @returns `{ bugId, summary, component, status, milestones: { release, version, blocker, fe }[] }[]`,
 *   by bug id.
 */
export async function listSearchableBugs(db: Db) {
  const rows = await db.bug.findMany({
    where: {
      fetchedAt: { not: null },
      milestones: { some: { active: true, milestone: { active: true } } },
    },
    select: { ...TRACKED_BUG_SELECT },
    orderBy: { id: "asc" },
  });
  return rows.map(toTrackedBug);
}

/** A searchable bug (see {@link listSearchableBugs}). */
export type SearchableBug = Awaited<ReturnType<typeof listSearchableBugs>>[number];

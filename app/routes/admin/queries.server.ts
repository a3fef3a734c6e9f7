import type { Db } from "~/db/db.server";
import { MILESTONE_TRACKERS_SELECT } from "~/db/milestones.server";

/**
 * Every release, newest first, with its milestones (by version) and their trackers, flags and last
 * sync: what the admin page lists.
 */
export async function listReleasesWithMilestones(db: Db) {
  return db.release.findMany({
    orderBy: { number: "desc" },
    select: {
      number: true,
      active: true,
      milestones: {
        orderBy: { version: "asc" },
        select: { ...MILESTONE_TRACKERS_SELECT, lastSyncAt: true, lastSyncError: true },
      },
    },
  });
}

/** The 20 most recent sync runs (any source), newest first. */
export async function listRecentSyncRuns(db: Db) {
  return db.syncRun.findMany({
    orderBy: { startedAt: "desc" },
    take: 20,
    select: {
      id: true,
      source: true,
      kind: true,
      outcome: true,
      startedAt: true,
      finishedAt: true,
      error: true,
    },
  });
}

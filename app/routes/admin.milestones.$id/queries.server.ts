import type { Db } from "~/db/db.server";

/** The milestone `id` with its release number, trackers and flags, or `null` when there is none. */
export async function getMilestoneForEdit(db: Db, id: number) {
  return db.milestone.findUnique({
    where: { id },
    select: {
      id: true,
      version: true,
      blockerTrackerId: true,
      blockerTrackerAlias: true,
      feTrackerId: true,
      feTrackerAlias: true,
      active: true,
      current: true,
      release: { select: { number: true } },
    },
  });
}

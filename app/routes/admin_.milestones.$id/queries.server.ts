import type { Db } from "~/db/db.server";
import { MILESTONE_TRACKERS_SELECT } from "~/db/milestones.server";

/** The milestone `id` with its release number, trackers and flags, or `null` when there is none. */
export async function getMilestoneForEdit(db: Db, id: number) {
  return db.milestone.findUnique({ where: { id }, select: MILESTONE_TRACKERS_SELECT });
}

import type { Db } from "~/db/db.server";

/** The active milestones (a bug can be proposed for these only), oldest release first. */
export async function listProposableMilestones(db: Db) {
  return db.milestone.findMany({
    where: { active: true },
    select: { id: true, version: true, current: true, release: { select: { number: true } } },
    orderBy: [{ release: { number: "asc" } }, { version: "asc" }],
  });
}

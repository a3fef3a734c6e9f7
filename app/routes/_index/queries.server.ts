import type { Db } from "~/db/db.server";
import type { MilestoneBugState } from "./view";

/**
 * The states of the active bugs of the given milestones, for counting per section.
 *
 * @returns `MilestoneBugState[]` = `{ milestoneId, blocker, fe, status, inaccessible, fetchedAt }[]` (one
 *   per active MilestoneBug; inaccessible bugs included, the counting leaves out those never read).
 */
export async function listActiveBugStates(
  db: Db,
  milestoneIds: readonly number[],
): Promise<MilestoneBugState[]> {
  if (milestoneIds.length === 0) return [];
  const rows = await db.milestoneBug.findMany({
    where: { milestoneId: { in: [...milestoneIds] }, active: true },
    select: {
      milestoneId: true,
      blocker: true,
      fe: true,
      bug: { select: { status: true, inaccessible: true, fetchedAt: true } },
    },
  });
  return rows.map((r) => ({
    milestoneId: r.milestoneId,
    blocker: r.blocker,
    fe: r.fe,
    status: r.bug.status,
    inaccessible: r.bug.inaccessible,
    fetchedAt: r.bug.fetchedAt,
  }));
}

import type { Db } from "~/db/db.server";
import type { ReviewState } from "~/generated/prisma/client";
import type { StateCount } from "./view";

/**
 * How many active bugs of the given milestones are in each state, counted by PostgreSQL (one row per
 * milestone, blocker state, FE state and open/closed; never-read bugs, `fetchedAt` null, left out as
 * the home page does not count them). `closed` is the domain's `isClosed` (status `CLOSED`, any case,
 * surrounding whitespace ignored).
 *
 * @returns `StateCount[]` = `{ milestoneId, blocker, fe, closed, bugs }[]`
 */
export async function countActiveBugStates(db: Db, milestoneIds: readonly number[]): Promise<StateCount[]> {
  if (milestoneIds.length === 0) return [];
  const rows = await db.$queryRaw<
    {
      milestoneId: number;
      blocker: ReviewState | null;
      fe: ReviewState | null;
      closed: boolean;
      bugs: number;
    }[]
  >`SELECT mb."milestoneId", mb."blocker", mb."fe",
      upper(btrim(b."status", E' \\t\\n\\r\\f\\v')) = 'CLOSED' AS "closed", count(*)::int AS "bugs"
    FROM "MilestoneBug" mb JOIN "Bug" b ON b."id" = mb."bugId"
    WHERE mb."active" AND b."fetchedAt" IS NOT NULL AND mb."milestoneId" = ANY(${[...milestoneIds]}::int[])
    GROUP BY mb."milestoneId", mb."blocker", mb."fe", "closed"`;
  return rows;
}

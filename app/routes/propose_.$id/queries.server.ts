import type { Db } from "~/db/db.server";

/**
 * Proposal `id` if it is one of user `userId`'s own (others' are not shown), with its milestone's
 * version, trackers and release number; `null` otherwise.
 */
export async function getUserProposal(db: Db, userId: number, id: number) {
  return db.proposal.findFirst({
    where: { id, userId },
    select: {
      bugId: true,
      blocker: true,
      fe: true,
      comment: true,
      ccAdded: true,
      outcome: true,
      error: true,
      milestone: {
        select: {
          version: true,
          blockerTrackerId: true,
          blockerTrackerAlias: true,
          feTrackerId: true,
          feTrackerAlias: true,
          release: { select: { number: true } },
        },
      },
    },
  });
}

import { addMilestone, addRelease } from "../../app/admin/milestones.server";
import type { Db } from "../../app/db/db.server";
import type { BugzillaClient } from "../../app/upstream/bugzilla.server";
import { VERSIONS, type GenRelease } from "./random-upstream-dataset";

/**
 * Adds each release of a random upstream world with its Beta and Final milestones, their trackers
 * given by the standard aliases (`F90BetaBlocker`, `F90BetaFreezeException`, …) that `bugzilla`
 * resolves from the world's sandbox.
 */
export async function addWorldMilestones(
  db: Db,
  bugzilla: BugzillaClient,
  releases: readonly GenRelease[],
): Promise<void> {
  for (const r of releases) {
    await addRelease(db, r.number);
    for (const v of VERSIONS) {
      const name = `F${r.number}${v === "beta" ? "Beta" : "Final"}`;
      await addMilestone(db, bugzilla, {
        release: r.number,
        version: v,
        blockerTracker: `${name}Blocker`,
        feTracker: `${name}FreezeException`,
      });
    }
  }
}

/**
 * How far the fix of an accepted bug has come, for the weekly blocker-status mail: from no Bodhi update
 * at all to builds in the release's stable tag, which the next compose picks up (product spec §5:
 * "a build is in the stable tag when it carries its update's stable_tag").
 *
 * Pure: no I/O.
 */
import { isDeadUpdate } from "./updates.js";

/** Fix status, from least to most advanced. */
export type FixStatus = "none" | "pending" | "testing" | "stable" | "compose";

/** Fix statuses in order; the mail's words for each. */
export const FIX_STATUS_LABELS: Record<FixStatus, string> = {
  none: "no update",
  pending: "update pending",
  testing: "testing",
  stable: "stable",
  compose: "in compose",
};

/** What the rule reads of an update of the milestone's release. */
export interface FixUpdate {
  /** Bodhi status: pending, testing, stable, obsolete, unpushed, revoked, … */
  status: string;
  /** Whether every build carries the stable tag (`updateInStableTag`); null when not known. */
  inStableTag: boolean | null;
}

const RANK: readonly FixStatus[] = ["none", "pending", "testing", "stable", "compose"];

/** One update's status: in compose when all its builds carry the stable tag, else Bodhi's status. */
function updateFixStatus(u: FixUpdate): FixStatus {
  if (isDeadUpdate(u)) return "none";
  if (u.inStableTag === true) return "compose";
  const status = u.status.toLowerCase();
  if (status === "stable") return "stable";
  if (status === "testing") return "testing";
  return "pending";
}

/**
 * The most advanced status among a bug's updates for the milestone's release: `compose` when one
 * update's builds all carry the stable tag, else `stable` / `testing` / `pending` by Bodhi status;
 * `none` without a live update (obsolete, unpushed and revoked ones do not count).
 */
export function fixStatus(updates: readonly FixUpdate[]): FixStatus {
  let best: FixStatus = "none";
  for (const u of updates) {
    const s = updateFixStatus(u);
    if (RANK.indexOf(s) > RANK.indexOf(best)) best = s;
  }
  return best;
}

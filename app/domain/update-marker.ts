/**
 * The marker a page shows for a Bodhi update: its tone and its word (issue 18). Testing is the normal
 * state of a fix before its stable push, so it is neutral; stable (or every build already in the
 * release's stable tag) is good; only a real problem is marked as one.
 *
 * Pure: no I/O.
 */
import { isDeadUpdate } from "./updates.js";

/** `neutral`: on its way (pending, testing); `good`: stable or in the stable tag; `problem`: needs a person. */
export type UpdateMarkerTone = "neutral" | "good" | "problem";

/** What a page shows for an update. */
export interface UpdateMarker {
  tone: UpdateMarkerTone;
  /** A word or two: the Bodhi status (`testing`, `stable`, `obsolete`, …), `in stable tag` or `gating failed`. */
  label: string;
}

/** Bodhi requests that withdraw an update (`request` values; the statuses they lead to are dead). */
const WITHDRAWING_REQUESTS: readonly string[] = Object.freeze(["obsolete", "unpush", "revoke"]);

/** Bodhi `test_gating_status` values of failed gating tests (bodhi.md §4). */
const FAILED_GATING: readonly string[] = Object.freeze(["failed", "greenwave_failed"]);

/**
 * The marker of an update, from its Bodhi `status` and `request`, its `test_gating_status` (`gating`,
 * `null` or absent when unknown) and whether all its builds are in its release's stable Koji tag
 * (`inStableTag`, see `updateInStableTag`; `null` when unknown):
 * - `problem` when it is obsolete, unpushed or revoked, or is being withdrawn (an `obsolete`,
 *   `unpush` or `revoke` request; label: the status);
 * - otherwise `good` when it is stable (label `stable`) or all its builds are in the stable tag (label
 *   `in stable tag`): it is in, whatever its gating said;
 * - otherwise `problem` when it failed its gating tests (label `gating failed`);
 * - otherwise `neutral` (label: the status, e.g. `testing` or `pending`), whatever is known of the
 *   tag: a build not in the stable tag yet is what testing means.
 */
export function updateMarker(u: {
  status: string;
  request: string | null;
  inStableTag: boolean | null;
  gating?: string | null;
}): UpdateMarker {
  const status = u.status.toLowerCase();
  if (isDeadUpdate(u) || WITHDRAWING_REQUESTS.includes(u.request?.toLowerCase() ?? ""))
    return { tone: "problem", label: status };
  if (status === "stable") return { tone: "good", label: "stable" };
  if (u.inStableTag === true) return { tone: "good", label: "in stable tag" };
  if (FAILED_GATING.includes(u.gating?.toLowerCase() ?? ""))
    return { tone: "problem", label: "gating failed" };
  return { tone: "neutral", label: status };
}

/**
 * Derivation of a bug's blocker / freeze-exception review state for one milestone (product spec §3).
 *
 * Pure domain logic: no I/O, no server imports.
 */
import { hasToken, whiteboardTokens } from "./whiteboard.js";

/** Review state of a bug for one tracker (blocker or FE) of one milestone. */
export type ReviewState = "proposed" | "accepted" | "rejected" | "conflict";

/** All review states, in display order. */
export const REVIEW_STATES: readonly ReviewState[] = Object.freeze([
  "proposed",
  "accepted",
  "rejected",
  "conflict",
] as const);

/** Bugzilla ids of a milestone's two tracker bugs. */
export interface MilestoneTrackers {
  blockerTrackerId: number;
  feTrackerId: number;
}

/** Derived state of one bug for one milestone. */
export interface DerivedBugState {
  /** Blocker review state; `null` when the bug's `blocks` lacks the blocker tracker. */
  blocker: ReviewState | null;
  /** Freeze-exception review state; `null` when the bug's `blocks` lacks the FE tracker. */
  fe: ReviewState | null;
  /** Whiteboard has `Accepted0Day` and the bug blocks the blocker tracker. */
  accepted0Day: boolean;
  /** Whiteboard has `AcceptedPreviousRelease` and the bug blocks the blocker tracker. */
  acceptedPreviousRelease: boolean;
}

/** Whiteboard keywords (matched case-insensitively, as whole tokens). */
const KW = {
  acceptedBlocker: "AcceptedBlocker",
  rejectedBlocker: "RejectedBlocker",
  accepted0Day: "Accepted0Day",
  acceptedPreviousRelease: "AcceptedPreviousRelease",
  acceptedFE: "AcceptedFreezeException",
  rejectedFE: "RejectedFreezeException",
} as const;

/** Combines accepted / rejected evidence: both → conflict, one → that one, none → proposed. */
function reviewState(accepted: boolean, rejected: boolean): ReviewState {
  if (accepted && rejected) return "conflict";
  if (accepted) return "accepted";
  if (rejected) return "rejected";
  return "proposed";
}

/**
 * Derives a bug's blocker and FE state for one milestone.
 *
 * Input: `bug.blocks` (ids of the bugs it blocks) and `bug.whiteboard` (free text, tokenised by
 * {@link whiteboardTokens}: split on whitespace, commas, semicolons, brackets and pipes; tokens compared
 * case-insensitively and exactly, so `AcceptedBlockerX` is not `AcceptedBlocker`).
 *
 * Rules:
 * - `blocker` is `null` unless `blocks` contains `trackers.blockerTrackerId`. Otherwise:
 *   accepted evidence = `AcceptedBlocker` or `Accepted0Day` or `AcceptedPreviousRelease`;
 *   rejected evidence = `RejectedBlocker`;
 *   both → `"conflict"`, accepted only → `"accepted"`, rejected only → `"rejected"`, neither → `"proposed"`.
 *   So `Accepted0Day` / `AcceptedPreviousRelease` without `AcceptedBlocker` still give `"accepted"`, and
 *   `Accepted0Day` (or `AcceptedPreviousRelease`) together with `RejectedBlocker` gives `"conflict"`
 *   (accepted and rejected evidence are both present, so a human must resolve it).
 * - `accepted0Day` / `acceptedPreviousRelease` are kinds of *blocker* acceptance: they are `true` when the
 *   keyword is present and `blocker` is not `null` (also when `blocker` is `"conflict"`, recording the
 *   evidence); they are always `false` when the bug does not block the blocker tracker.
 * - `fe` is `null` unless `blocks` contains `trackers.feTrackerId`. Otherwise the same combination with
 *   `AcceptedFreezeException` (accepted) and `RejectedFreezeException` (rejected).
 * - Blocker and FE states are independent: a bug may have both (it then appears in both lists).
 * - Status (open/closed) does not affect the state; see {@link isClosed}.
 */
export function deriveBugState(
  bug: { blocks: readonly number[]; whiteboard: string },
  trackers: MilestoneTrackers,
): DerivedBugState {
  const tokens = whiteboardTokens(bug.whiteboard);
  const has = (kw: string): boolean => hasToken(tokens, kw);

  let blocker: ReviewState | null = null;
  let accepted0Day = false;
  let acceptedPreviousRelease = false;
  if (bug.blocks.includes(trackers.blockerTrackerId)) {
    accepted0Day = has(KW.accepted0Day);
    acceptedPreviousRelease = has(KW.acceptedPreviousRelease);
    const accepted = has(KW.acceptedBlocker) || accepted0Day || acceptedPreviousRelease;
    blocker = reviewState(accepted, has(KW.rejectedBlocker));
  }

  const fe: ReviewState | null = bug.blocks.includes(trackers.feTrackerId)
    ? reviewState(has(KW.acceptedFE), has(KW.rejectedFE))
    : null;

  return { blocker, fe, accepted0Day, acceptedPreviousRelease };
}

/**
 * Whether a bug is proposed for the milestone at all: its `blocks` contains the blocker tracker or the
 * FE tracker (or both). A bug for which this is false no longer belongs to the milestone.
 */
export function blocksMilestone(blocks: readonly number[], trackers: MilestoneTrackers): boolean {
  return blocks.includes(trackers.blockerTrackerId) || blocks.includes(trackers.feTrackerId);
}

/**
 * Whether a Bugzilla status means closed: `CLOSED` (case-insensitive, surrounding whitespace ignored),
 * whatever the resolution. Every other status (`NEW`, `ASSIGNED`, `POST`, `MODIFIED`, `ON_QA`,
 * `VERIFIED`, …) is open. Closed bugs keep their derived state.
 */
export function isClosed(status: string): boolean {
  return status.trim().toUpperCase() === "CLOSED";
}

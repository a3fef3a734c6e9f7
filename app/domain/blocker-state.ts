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

/** The keywords that accept and the keyword that rejects each kind of proposal (blocker, FE). */
const EVIDENCE = {
  blocker: {
    accepted: [KW.acceptedBlocker, KW.accepted0Day, KW.acceptedPreviousRelease],
    rejected: KW.rejectedBlocker,
  },
  fe: { accepted: [KW.acceptedFE], rejected: KW.rejectedFE },
} as const;

/** Which of the kind's accepting keywords and whether its rejecting keyword are on the whiteboard. */
function evidence(tokens: Set<string>, kind: keyof typeof EVIDENCE) {
  const { accepted, rejected } = EVIDENCE[kind];
  return {
    accepted: accepted.filter((kw) => hasToken(tokens, kw)),
    rejected: hasToken(tokens, rejected) ? [rejected] : [],
  };
}

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
  const state = (kind: keyof typeof EVIDENCE): ReviewState => {
    const e = evidence(tokens, kind);
    return reviewState(e.accepted.length > 0, e.rejected.length > 0);
  };

  let blocker: ReviewState | null = null;
  let accepted0Day = false;
  let acceptedPreviousRelease = false;
  if (bug.blocks.includes(trackers.blockerTrackerId)) {
    accepted0Day = hasToken(tokens, KW.accepted0Day);
    acceptedPreviousRelease = hasToken(tokens, KW.acceptedPreviousRelease);
    blocker = state("blocker");
  }
  const fe: ReviewState | null = bug.blocks.includes(trackers.feTrackerId) ? state("fe") : null;

  return { blocker, fe, accepted0Day, acceptedPreviousRelease };
}

/**
 * The whiteboard keywords that clash for one kind of proposal (`"blocker"` or `"fe"`): the accepting
 * keywords present (`AcceptedBlocker`, `Accepted0Day`, `AcceptedPreviousRelease`; for FE
 * `AcceptedFreezeException`), then the rejecting one (`RejectedBlocker` / `RejectedFreezeException`),
 * spelled as the process spells them, whatever their case on the whiteboard. Empty unless both sides
 * are present, i.e. unless {@link deriveBugState} gives `"conflict"` for a bug blocking that tracker.
 *
 * @example conflictKeywords("Accepted0Day rejectedblocker", "blocker") // → ["Accepted0Day", "RejectedBlocker"]
 */
export function conflictKeywords(whiteboard: string, kind: "blocker" | "fe"): string[] {
  const e = evidence(whiteboardTokens(whiteboard), kind);
  return e.accepted.length > 0 && e.rejected.length > 0 ? [...e.accepted, ...e.rejected] : [];
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

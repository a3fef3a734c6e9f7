/**
 * Re-proposals (QA:SOP_blocker_bug_process, QA:SOP_freeze_exception_bug_process: rejected bugs "will be
 * updated to no longer block the relevant tracker bug, and have the Rejected… Whiteboard field added so
 * that if they are proposed again, it is clear they have already been considered").
 *
 * A bug that blocks the tracker again after its rejection is a new proposal: it is listed as proposed,
 * marked "previously rejected", and goes to the review meeting. The evidence is Bugzilla's history (the
 * tracker added after the Rejected keyword was set, see `proposal-history.ts`): without it a bug that
 * blocks the tracker with the Rejected keyword stays rejected (it may simply not have been removed yet).
 *
 * Pure: no I/O.
 */
import type { DerivedBugState, ReviewState } from "./blocker-state.js";

/** One kind's state after the re-proposal rule, and whether it is a re-proposal. */
export interface ReviewOutcome {
  state: ReviewState | null;
  /** Rejected before, proposed again since: `state` is then `"proposed"`. */
  previouslyRejected: boolean;
}

/**
 * Applies the re-proposal rule to one kind's whiteboard-derived state.
 *
 * - `state` `"rejected"` and `reAddedAfterRejection` true → `"proposed"`, previously rejected.
 * - `reAddedAfterRejection` `false` or `null` (no history evidence) → the state as it is.
 * - Any other state (proposed, accepted, conflict, not proposed) is never changed: an Accepted keyword
 *   beside the Rejected one is a conflict for a person to resolve, not a re-proposal.
 */
export function reviewWithReProposal(
  state: ReviewState | null,
  reAddedAfterRejection: boolean | null,
): ReviewOutcome {
  if (state === "rejected" && reAddedAfterRejection === true)
    return { state: "proposed", previouslyRejected: true };
  return { state, previouslyRejected: false };
}

/** Whether each kind was re-added after its rejection (`null`: the history is not known). */
export interface ReProposalEvidence {
  blocker: boolean | null;
  fe: boolean | null;
}

/**
 * A bug's derived state in one milestone with the re-proposal rule applied to both kinds (see
 * {@link reviewWithReProposal}); the 0-day / previous-release flags are unchanged (a re-proposed bug
 * carries no Accepted keyword).
 */
export function withReProposals(derived: DerivedBugState, evidence: ReProposalEvidence): DerivedBugState {
  return {
    ...derived,
    blocker: reviewWithReProposal(derived.blocker, evidence.blocker).state,
    fe: reviewWithReProposal(derived.fe, evidence.fe).state,
  };
}

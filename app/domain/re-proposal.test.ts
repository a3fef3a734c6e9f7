import { describe, expect, it } from "vitest";
import type { DerivedBugState } from "./blocker-state.js";
import { reviewWithReProposal, withReProposals } from "./re-proposal.js";

describe("reviewWithReProposal (rejected bugs keep the Rejected keyword so a later proposal is a second one)", () => {
  it("a rejected bug blocking the tracker again after its rejection is proposed again", () => {
    expect(reviewWithReProposal("rejected", true)).toEqual({ state: "proposed", previouslyRejected: true });
  });

  it("without history evidence a rejected bug stays rejected", () => {
    expect(reviewWithReProposal("rejected", null)).toEqual({ state: "rejected", previouslyRejected: false });
    expect(reviewWithReProposal("rejected", false)).toEqual({ state: "rejected", previouslyRejected: false });
  });

  it("never changes other states", () => {
    for (const state of ["proposed", "accepted", "conflict", null] as const) {
      expect(reviewWithReProposal(state, true)).toEqual({ state, previouslyRejected: false });
    }
  });
});

describe("withReProposals", () => {
  const derived: DerivedBugState = {
    blocker: "rejected",
    fe: "rejected",
    accepted0Day: false,
    acceptedPreviousRelease: false,
  };

  it("applies the rule to blocker and freeze exception separately", () => {
    expect(withReProposals(derived, { blocker: true, fe: false })).toEqual({
      blocker: "proposed",
      fe: "rejected",
      accepted0Day: false,
      acceptedPreviousRelease: false,
    });
    expect(withReProposals(derived, { blocker: null, fe: true })).toMatchObject({
      blocker: "rejected",
      fe: "proposed",
    });
  });
});

import { describe, expect, it } from "vitest";
import { BETA_BLOCKER_VOTES } from "../../e2e/setup/view-fixtures";
import { discussionView } from "./discussion-view.js";
import { formatTallyCounts, formatVoters, tallyByTracker, type VoteInfo } from "~/domain/votes";

const votes: VoteInfo[] = [
  { tracker: "FinalFreezeException", voter: "erin", value: 1 },
  ...BETA_BLOCKER_VOTES,
  { tracker: "0Day", voter: "frank", value: 0 },
];

describe("tallyByTracker", () => {
  it("groups voters per tracker and vote, trackers in release order, names sorted", () => {
    const t = tallyByTracker(votes);
    expect(Object.keys(t)).toEqual(["BetaBlocker", "FinalFreezeException", "0Day"]);
    expect(t.BetaBlocker).toEqual({ plus: ["alice", "bob", "carol"], zero: [], minus: ["dave"] });
    expect(t["0Day"]).toEqual({ plus: [], zero: ["frank"], minus: [] });
  });
  it("is empty without votes", () => {
    expect(tallyByTracker([])).toEqual({});
  });
});

describe("tally formatting", () => {
  const t = { plus: ["alice", "bob", "carol"], zero: ["erin"], minus: ["dave"] };
  it("formats counts with and without spaces", () => {
    expect(formatTallyCounts(t)).toBe("(+3, 1, -1)");
    expect(formatTallyCounts(t, true)).toBe("(+3,1,-1)");
    expect(formatTallyCounts({ plus: ["a"], zero: [], minus: [] }, true)).toBe("(+1,0,-0)");
  });
  it("lists voters plus, zero, then minus", () => {
    expect(formatVoters(t)).toBe("+alice, +bob, +carol, 0erin, -dave");
  });
});

describe("discussionView", () => {
  it("prepares the tallies of every voted tracker", () => {
    const v = discussionView({ url: "https://pagure.example/7", status: "Closed", meeting: true, votes });
    expect(v.closed).toBe(true);
    expect(v.meeting).toBe(true);
    expect(v.tallies[0]).toEqual({
      tracker: "BetaBlocker",
      short: "BetaBlocker",
      counts: "(+3, 0, -1)",
      voters: "+alice, +bob, +carol, -dave",
      plus: ["alice", "bob", "carol"],
      zero: [],
      minus: ["dave"],
    });
    expect(v.tallies.map((x) => x.tracker)).toEqual(["BetaBlocker", "FinalFreezeException", "0Day"]);
    expect(v.tallies.map((x) => x.short)).toEqual(["BetaBlocker", "FinalFE", "0Day"]);
  });
});

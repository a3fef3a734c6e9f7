import { describe, expect, it } from "vitest";
import { milestoneVoteTrackers, tallyMoves, type CastVote } from "./vote-history";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 10, minute));
const cast = (
  commentId: number,
  voter: string,
  tracker: string,
  value: number,
  minute = commentId,
): CastVote => ({
  commentId,
  voter,
  tracker,
  value,
  votedAt: at(minute),
});

describe("tallyMoves", () => {
  it("one move per comment and tracker whose counts changed, with who voted how", () => {
    const moves = tallyMoves([
      cast(1, "alice", "BetaBlocker", 1),
      cast(1, "alice", "BetaFreezeException", 1),
      cast(2, "bob", "BetaBlocker", -1),
      cast(3, "alice", "BetaBlocker", -1),
    ]);
    expect(moves.map((m) => [m.commentId, m.tracker, m.before, m.after, m.votes])).toEqual([
      [1, "BetaBlocker", "(+0, 0, -0)", "(+1, 0, -0)", ["+alice"]],
      [1, "BetaFreezeException", "(+0, 0, -0)", "(+1, 0, -0)", ["+alice"]],
      [2, "BetaBlocker", "(+1, 0, -0)", "(+1, 0, -1)", ["-bob"]],
      [3, "BetaBlocker", "(+1, 0, -1)", "(+0, 0, -2)", ["-alice"]],
    ]);
    expect(moves[2]!.at).toEqual(at(2));
  });

  it("a voter repeating a vote moves nothing", () => {
    expect(
      tallyMoves([cast(1, "alice", "FinalBlocker", 1), cast(2, "alice", "FinalBlocker", 1)]),
    ).toHaveLength(1);
  });

  it("within one comment the last vote of a voter counts", () => {
    const moves = tallyMoves([cast(4, "carol", "BetaBlocker", 1), cast(4, "carol", "BetaBlocker", 0)]);
    expect(moves.map((m) => [m.after, m.votes])).toEqual([["(+0, 1, -0)", ["0carol"]]]);
  });

  it("replays in time order and keeps only the asked trackers", () => {
    const moves = tallyMoves(
      [
        cast(9, "bob", "BetaBlocker", 1, 2),
        cast(8, "alice", "FinalBlocker", 1, 1),
        cast(7, "dave", "BetaBlocker", 1, 3),
      ],
      ["BetaBlocker"],
    );
    expect(moves.map((m) => [m.commentId, m.after])).toEqual([
      [9, "(+1, 0, -0)"],
      [7, "(+2, 0, -0)"],
    ]);
  });
});

describe("milestoneVoteTrackers", () => {
  it("names the milestone's trackers, and the special Final ones", () => {
    expect(milestoneVoteTrackers("beta")).toEqual(["BetaBlocker", "BetaFreezeException"]);
    expect(milestoneVoteTrackers("final")).toEqual([
      "FinalBlocker",
      "FinalFreezeException",
      "0Day",
      "PreviousRelease",
    ]);
    expect(milestoneVoteTrackers("alpha")).toEqual(["AlphaBlocker", "AlphaFreezeException"]);
  });
});

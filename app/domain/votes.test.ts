import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  parseTrackerWord,
  parseVoteLine,
  tallyVotes,
  voteCastsFromComments,
  votesFromComments,
  type VoteComment,
} from "./votes";

const at = (s: number) => new Date(s * 1000);
const comment = (
  id: number,
  author: string,
  text: string,
  extra: Partial<VoteComment> = {},
): VoteComment => ({
  id,
  author,
  text,
  createdAt: at(1_700_000_000 + id),
  ...extra,
});

describe("parseTrackerWord", () => {
  it.each([
    ["BetaBlocker", "BetaBlocker"],
    ["betablocker", "BetaBlocker"],
    ["BETABLOCKER", "BetaBlocker"],
    ["FinalBlocker", "FinalBlocker"],
    ["AlphaBlocker", "AlphaBlocker"],
    ["BetaFreezeException", "BetaFreezeException"],
    ["betafreezeexception", "BetaFreezeException"],
    ["BetaFE", "BetaFreezeException"],
    ["betafe", "BetaFreezeException"],
    ["FinalFE", "FinalFreezeException"],
    ["FinalFreezeException", "FinalFreezeException"],
    ["AlphaFE", "AlphaFreezeException"],
    ["AlphaFreezeException", "AlphaFreezeException"],
    ["0Day", "0Day"],
    ["0day", "0Day"],
    ["PreviousRelease", "PreviousRelease"],
    ["previousrelease", "PreviousRelease"],
  ])("%s → %s", (word, tracker) => {
    expect(parseTrackerWord(word)).toBe(tracker);
  });

  it.each(["Blocker", "BetaBlockers", "Beta", "FE", "BetaFreeze", "AcceptedBlocker", "+1", ""])(
    "%j is not a tracker",
    (word) => {
      expect(parseTrackerWord(word)).toBeNull();
    },
  );
});

describe("parseVoteLine", () => {
  it("reads TRACKER VOTE and VOTE TRACKER for each vote value", () => {
    expect(parseVoteLine("BetaBlocker +1")).toEqual([{ tracker: "BetaBlocker", value: 1 }]);
    expect(parseVoteLine("BetaBlocker 0")).toEqual([{ tracker: "BetaBlocker", value: 0 }]);
    expect(parseVoteLine("BetaBlocker -1")).toEqual([{ tracker: "BetaBlocker", value: -1 }]);
    expect(parseVoteLine("+1 BetaBlocker")).toEqual([{ tracker: "BetaBlocker", value: 1 }]);
    expect(parseVoteLine("0 betablocker")).toEqual([{ tracker: "BetaBlocker", value: 0 }]);
    expect(parseVoteLine("-1 finalblocker")).toEqual([{ tracker: "FinalBlocker", value: -1 }]);
  });

  it("reads several pairs on one line, mixing word orders", () => {
    expect(parseVoteLine("BetaBlocker -1 BetaFE +1")).toEqual([
      { tracker: "BetaBlocker", value: -1 },
      { tracker: "BetaFreezeException", value: 1 },
    ]);
    expect(parseVoteLine("FinalBlocker +1 FinalFreezeException -1")).toEqual([
      { tracker: "FinalBlocker", value: 1 },
      { tracker: "FinalFreezeException", value: -1 },
    ]);
    expect(parseVoteLine("+1 BetaBlocker FinalFE 0 -1 0Day")).toEqual([
      { tracker: "BetaBlocker", value: 1 },
      { tracker: "FinalFreezeException", value: 0 },
      { tracker: "0Day", value: -1 },
    ]);
  });

  it("trims the line and accepts any whitespace between words", () => {
    expect(parseVoteLine("   BetaFE\t+1  ")).toEqual([{ tracker: "BetaFreezeException", value: 1 }]);
    expect(parseVoteLine("PreviousRelease   +1\r")).toEqual([{ tracker: "PreviousRelease", value: 1 }]);
  });

  it.each([
    "BetaBlocker +1 for sure",
    "BetaBlocker 0 because it breaks the criterion",
    "FinalFreezeException -1 because it breaks the criterion",
    "I think BetaBlocker +1",
    "Reproduced here.",
    "BetaBlocker",
    "+1",
    "BetaBlocker +1 FinalBlocker",
    "BetaBlocker +2",
    "BetaBlocker 1",
    "BetaBlocker +1.",
    "BetaBlocker: +1",
    "BetaBlocker BetaFE",
    "+1 -1",
    "+1 BetaBlocker +1",
    "`BetaBlocker +1`",
    "",
    "   ",
  ])("%j counts nothing", (line) => {
    expect(parseVoteLine(line)).toBeNull();
  });
});

describe("votesFromComments", () => {
  it("keeps each user's last vote per tracker, across comments", () => {
    const votes = votesFromComments([
      comment(1, "alice", "BetaBlocker +1"),
      comment(2, "bob", "BetaBlocker -1"),
      comment(3, "alice", "BetaBlocker -1"),
    ]);
    expect(votes.map((v) => [v.voter, v.tracker, v.value, v.commentId])).toEqual([
      ["bob", "BetaBlocker", -1, 2],
      ["alice", "BetaBlocker", -1, 3],
    ]);
  });

  it("orders comments by creation time, not by list order", () => {
    const votes = votesFromComments([
      comment(5, "alice", "BetaBlocker -1", { createdAt: at(200) }),
      comment(4, "alice", "BetaBlocker +1", { createdAt: at(100) }),
    ]);
    expect(votes).toEqual([
      { tracker: "BetaBlocker", voter: "alice", value: -1, commentId: 5, votedAt: at(200) },
    ]);
  });

  it("later lines and later pairs in one comment replace earlier ones", () => {
    const votes = votesFromComments([comment(1, "alice", "BetaBlocker +1\nBetaBlocker 0 BetaBlocker -1")]);
    expect(votes.map((v) => v.value)).toEqual([-1]);
  });

  it("aliases of one tracker count as the same tracker", () => {
    const votes = votesFromComments([
      comment(1, "alice", "BetaFE +1"),
      comment(2, "alice", "betafreezeexception -1"),
    ]);
    expect(votes.map((v) => [v.tracker, v.value])).toEqual([["BetaFreezeException", -1]]);
  });

  it("reads vote lines among prose and ignores lines with other words", () => {
    const votes = votesFromComments([
      comment(1, "alice", "Reproduced here.\n\nBetaBlocker +1\n"),
      comment(2, "bob", "FinalBlocker +1 because it breaks the criterion\nBetaBlocker 0"),
    ]);
    expect(votes.map((v) => [v.voter, v.tracker, v.value])).toEqual([
      ["alice", "BetaBlocker", 1],
      ["bob", "BetaBlocker", 0],
    ]);
  });

  it("skips system (notification) comments", () => {
    expect(votesFromComments([comment(1, "bot", "BetaBlocker +1", { notification: true })])).toEqual([]);
  });

  it("counts an edited comment as it reads now, at its creation time", () => {
    const votes = votesFromComments([comment(7, "alice", "FinalBlocker 0", { createdAt: at(50) })]);
    expect(votes).toEqual([
      { tracker: "FinalBlocker", voter: "alice", value: 0, commentId: 7, votedAt: at(50) },
    ]);
  });

  it("keeps votes on different trackers by the same user", () => {
    const votes = votesFromComments([
      comment(1, "alice", "BetaBlocker +1 0Day -1 PreviousRelease 0 AlphaFE +1"),
    ]);
    expect(votes.map((v) => `${v.tracker}=${v.value}`)).toEqual([
      "BetaBlocker=1",
      "0Day=-1",
      "PreviousRelease=0",
      "AlphaFreezeException=1",
    ]);
  });
});

describe("voteCastsFromComments", () => {
  it("keeps every vote in the order cast, a voter's earlier votes too", () => {
    const casts = voteCastsFromComments([
      comment(3, "alice", "BetaBlocker -1"),
      comment(1, "alice", "BetaBlocker +1 BetaFE +1"),
      comment(2, "bob", "looks fine to me\n+1 BetaBlocker", { notification: false }),
      comment(4, "pagure", "BetaBlocker +1", { notification: true }),
    ]);
    expect(casts.map((c) => [c.voter, c.tracker, c.value, c.commentId])).toEqual([
      ["alice", "BetaBlocker", 1, 1],
      ["alice", "BetaFreezeException", 1, 1],
      ["bob", "BetaBlocker", 1, 2],
      ["alice", "BetaBlocker", -1, 3],
    ]);
  });

  it("its last vote per voter and tracker is the current vote", () => {
    const comments = [comment(1, "alice", "BetaBlocker +1"), comment(2, "alice", "BetaBlocker 0")];
    expect(votesFromComments(comments)).toEqual([voteCastsFromComments(comments)[1]]);
  });
});

describe("tallyVotes", () => {
  it("groups voter names per tracker and value, in VOTE_TRACKERS order", () => {
    const tally = tallyVotes([
      { tracker: "FinalBlocker", voter: "c", value: 0 },
      { tracker: "BetaBlocker", voter: "a", value: 1 },
      { tracker: "BetaBlocker", voter: "b", value: -1 },
      { tracker: "BetaBlocker", voter: "d", value: 1 },
    ]);
    expect(tally).toEqual({
      BetaBlocker: { plus: ["a", "d"], zero: [], minus: ["b"] },
      FinalBlocker: { plus: [], zero: ["c"], minus: [] },
    });
    expect(Object.keys(tally)).toEqual(["BetaBlocker", "FinalBlocker"]);
  });

  it("is empty without votes", () => {
    expect(tallyVotes([])).toEqual({});
  });
});

/** Pagure's comment object (pagure.md §4.2) → the parser's input; timestamps are epoch-second strings. */
function fromPagure(c: {
  id: number;
  comment: string;
  date_created: string;
  notification: boolean;
  user: { name: string };
}): VoteComment {
  return {
    id: c.id,
    author: c.user.name,
    text: c.comment,
    createdAt: new Date(parseFloat(c.date_created) * 1000),
    notification: c.notification,
  };
}

const FIXTURES = path.join(import.meta.dirname, "..", "..", "e2e", "fixtures");

describe("fixtures", () => {
  it("PA-13: pagure_issue_with_votes.json tallies BetaBlocker +3, BetaFE +1, FinalBlocker 0; tester4 not counted", () => {
    const fixture = JSON.parse(
      fs.readFileSync(path.join(FIXTURES, "upstream", "pagure_issue_with_votes.json"), "utf8"),
    );
    const tally = tallyVotes(votesFromComments(fixture.comments.map(fromPagure)));
    expect(tally).toEqual({
      BetaBlocker: { plus: ["tester1", "tester3", "tester2"], zero: [], minus: [] },
      BetaFreezeException: { plus: ["tester2"], zero: [], minus: [] },
      FinalBlocker: { plus: [], zero: ["qa-lead"], minus: [] },
    });
  });

  /** Every distinct comment line of the demo dataset, read by hand. */
  const DEMO_LINES: Record<string, string | null> = {
    "": null,
    "Reproduced here.": null,
    "+1 betablocker": "BetaBlocker=1",
    "+1 betafe": "BetaFreezeException=1",
    "+1 betafreezeexception": "BetaFreezeException=1",
    "+1 finalblocker": "FinalBlocker=1",
    "-1 betablocker": "BetaBlocker=-1",
    "-1 betafe": "BetaFreezeException=-1",
    "-1 betafreezeexception": "BetaFreezeException=-1",
    "-1 finalblocker": "FinalBlocker=-1",
    "0 betablocker": "BetaBlocker=0",
    "0 finalblocker": "FinalBlocker=0",
    "BetaBlocker +1": "BetaBlocker=1",
    "BetaBlocker +1 because it breaks the criterion": null,
    "BetaBlocker -1": "BetaBlocker=-1",
    "BetaBlocker 0": "BetaBlocker=0",
    "BetaFE +1": "BetaFreezeException=1",
    "BetaFE -1": "BetaFreezeException=-1",
    "BetaFE 0": "BetaFreezeException=0",
    "BetaFreezeException +1": "BetaFreezeException=1",
    "BetaFreezeException -1": "BetaFreezeException=-1",
    "BetaFreezeException 0": "BetaFreezeException=0",
    "BetaFreezeException 0 because it breaks the criterion": null,
    "FinalBlocker +1": "FinalBlocker=1",
    "FinalBlocker +1 FinalFreezeException -1": "FinalBlocker=1 FinalFreezeException=-1",
    "FinalBlocker +1 because it breaks the criterion": null,
    "FinalBlocker -1": "FinalBlocker=-1",
    "FinalBlocker -1 FinalFreezeException -1": "FinalBlocker=-1 FinalFreezeException=-1",
    "FinalBlocker 0": "FinalBlocker=0",
    "FinalBlocker 0 because it breaks the criterion": null,
    "FinalFE +1": "FinalFreezeException=1",
    "FinalFE -1": "FinalFreezeException=-1",
    "FinalFreezeException +1": "FinalFreezeException=1",
    "FinalFreezeException -1": "FinalFreezeException=-1",
    "FinalFreezeException -1 because it breaks the criterion": null,
    "FinalFreezeException 0": "FinalFreezeException=0",
  };

  it("every comment line of the demo dataset parses as read by hand", () => {
    const demo = JSON.parse(fs.readFileSync(path.join(FIXTURES, "demo-upstream.json"), "utf8"));
    const lines = new Set<string>();
    for (const issue of demo.pagure.issues)
      for (const c of issue.comments) for (const l of c.comment.split("\n")) lines.add(l.trim());
    expect([...lines].sort()).toEqual(Object.keys(DEMO_LINES).sort());
    for (const [line, expected] of Object.entries(DEMO_LINES)) {
      const parsed = parseVoteLine(line);
      expect(parsed && parsed.map((v) => `${v.tracker}=${v.value}`).join(" "), line).toBe(expected);
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  changesByDay,
  milestoneChanges,
  type BugMilestoneEvent,
  type ChangeBug,
  type ChangeInputs,
  type HistoryEntry,
  type MilestoneChange,
  type ProposalFact,
} from "./milestone-changes";
import type { CastVote } from "./vote-history";

const BETA = 1;
const FINAL = 2;
/** 2026-12-0<day> at <hour>:<minute> UTC. */
const t = (day: number, hour = 12, minute = 0) => new Date(Date.UTC(2026, 11, day, hour, minute));
const window = { since: t(1, 16), until: t(6, 21) };

let nextId = 1;
const ev = (
  bugId: number,
  field: string,
  oldValue: string | null,
  newValue: string | null,
  at: Date,
  milestoneId = BETA,
): BugMilestoneEvent => ({ id: nextId++, bugId, milestoneId, field, oldValue, newValue, at });
const bug = (id: number, extra: Partial<ChangeBug> = {}): ChangeBug => ({
  id,
  blocker: "proposed",
  fe: null,
  active: true,
  status: "NEW",
  resolution: "",
  ...extra,
});
const proposal = (
  bugId: number,
  kind: "blocker" | "fe",
  proposedAt: Date,
  extra: Partial<ProposalFact> = {},
) => ({
  bugId,
  kind,
  proposedAt,
  proposedBy: "tester5@example.com",
  decidedAt: null,
  decidedBy: null,
  previouslyRejected: false,
  ...extra,
});
const entry = (
  bugId: number,
  at: Date,
  who: string,
  field: string,
  removed: string,
  added: string,
): HistoryEntry => ({
  bugId,
  at,
  who,
  field,
  removed,
  added,
});

function changes(input: Partial<ChangeInputs>): MilestoneChange[] {
  return milestoneChanges({
    milestone: { id: BETA, version: "beta" },
    milestoneNames: new Map([
      [BETA, "Fedora 46 Beta"],
      [FINAL, "Fedora 46 Final"],
    ]),
    window,
    bugs: [],
    events: [],
    proposals: [],
    history: [],
    updates: [],
    votes: new Map(),
    ...input,
  });
}
const brief = (c: MilestoneChange) => [c.bugId, c.kind, c.text, c.who];

describe("milestoneChanges", () => {
  it("a new proposal is one change, with who proposed it, not also its membership and state events", () => {
    const at = t(3, 9);
    const result = changes({
      bugs: [bug(101)],
      events: [
        ev(101, "active", null, "true", at),
        ev(101, "blocker", null, "proposed", at),
        ev(101, "status", null, "NEW", at),
      ],
      proposals: [proposal(101, "blocker", at)],
    });
    expect(result.map(brief)).toEqual([[101, "proposed", "Proposed as a blocker", "tester5@example.com"]]);
    expect(result[0]!.id).toBe(`proposal-101-blocker-${at.getTime()}`);
    expect(result[0]!.review).toBe("blocker");
  });

  it("a proposal without known history is told by its state event", () => {
    const at = t(3, 9);
    const result = changes({
      bugs: [bug(102, { blocker: null, fe: "proposed" })],
      events: [ev(102, "active", null, "true", at), ev(102, "fe", null, "proposed", at)],
      history: [entry(102, at, "maint-a@example.com", "blocks", "", "2390102")],
    });
    expect(result.map(brief)).toEqual([
      [102, "proposed", "Proposed as a freeze exception", "maint-a@example.com"],
    ]);
  });

  it("decisions name who set the keyword; a conflict and a removed keyword are told as such", () => {
    const result = changes({
      bugs: [bug(103, { blocker: "accepted" }), bug(104, { blocker: "conflict" }), bug(105)],
      events: [
        ev(103, "blocker", "proposed", "accepted", t(2, 17)),
        ev(104, "blocker", "accepted", "conflict", t(4)),
        ev(105, "blocker", "accepted", "proposed", t(5)),
      ],
      proposals: [proposal(103, "blocker", t(1), { decidedAt: t(2, 17), decidedBy: "qa-lead@example.com" })],
      history: [
        entry(
          104,
          t(4),
          "tester2@example.com",
          "status_whiteboard",
          "AcceptedBlocker",
          "AcceptedBlocker RejectedBlocker",
        ),
      ],
    });
    expect(result.map(brief)).toEqual([
      [105, "undecided", "Back to proposed as a blocker: its accepted keyword was removed", null],
      [104, "conflict", "Conflict: both accepted and rejected as a blocker", "tester2@example.com"],
      [103, "accepted", "Accepted as a blocker", "qa-lead@example.com"],
    ]);
  });

  it("a re-proposal after a rejection says so", () => {
    const at = t(4);
    const fromRecord = changes({
      bugs: [bug(106)],
      events: [ev(106, "active", "false", "true", at), ev(106, "blocker", null, "proposed", at)],
      proposals: [
        proposal(106, "blocker", at, { previouslyRejected: true, proposedBy: "tester11@example.com" }),
      ],
    });
    expect(fromRecord.map(brief)).toEqual([
      [106, "reproposed", "Proposed again as a blocker after its rejection", "tester11@example.com"],
    ]);
    const fromState = changes({ bugs: [bug(106)], events: [ev(106, "blocker", "rejected", "proposed", at)] });
    expect(fromState.map((c) => c.kind)).toEqual(["reproposed"]);
  });

  it("a rejection that removes the bug from the tracker is one rejection", () => {
    const at = t(2, 18);
    const result = changes({
      bugs: [bug(107, { active: false, blocker: null })],
      events: [ev(107, "blocker", "proposed", null, at), ev(107, "active", "true", "false", at)],
      history: [
        entry(107, at, "qa-lead@example.com", "status_whiteboard", "", "RejectedBlocker"),
        entry(107, at, "qa-lead@example.com", "blocks", "2390101", ""),
      ],
    });
    expect(result.map(brief)).toEqual([
      [107, "rejected", "Rejected as a blocker and removed from Fedora 46 Beta", "qa-lead@example.com"],
    ]);
  });

  it("a bug leaving this milestone and joining another within the hour moved; otherwise it was dropped", () => {
    const result = changes({
      bugs: [bug(108, { active: false, blocker: null }), bug(109, { active: false, blocker: null })],
      events: [
        ev(108, "active", "true", "false", t(3, 10)),
        ev(108, "blocker", "proposed", null, t(3, 10)),
        ev(108, "active", null, "true", t(3, 10, 30), FINAL),
        ev(109, "active", "true", "false", t(3, 10)),
        ev(109, "active", null, "true", t(3, 12), FINAL),
      ],
      history: [entry(108, t(3, 10), "qa-lead@example.com", "blocks", "2390101", "2390103")],
    });
    expect(result.map(brief)).toEqual([
      [108, "movedOut", "Moved to Fedora 46 Final", "qa-lead@example.com"],
      [109, "dropped", "Dropped from Fedora 46 Beta: it blocks neither of its trackers", null],
    ]);
  });

  it("seen from the milestone it moved to, the move replaces the proposal", () => {
    const at = t(3, 10);
    const result = changes({
      milestone: { id: FINAL, version: "final" },
      bugs: [bug(108)],
      events: [
        ev(108, "active", "true", "false", at, BETA),
        ev(108, "active", null, "true", at, FINAL),
        ev(108, "blocker", null, "proposed", at, FINAL),
      ],
      proposals: [proposal(108, "blocker", at)],
    });
    expect(result.map(brief)).toEqual([[108, "movedIn", "Moved here from Fedora 46 Beta", null]]);
  });

  it("closing and reopening; other status moves; a first sighting's status is no change", () => {
    const result = changes({
      bugs: [
        bug(110, { status: "CLOSED", resolution: "ERRATA" }),
        bug(111, { status: "ASSIGNED" }),
        bug(112),
      ],
      events: [
        ev(110, "status", "ON_QA", "CLOSED", t(5)),
        ev(111, "status", "CLOSED", "ASSIGNED", t(4)),
        ev(112, "status", "NEW", "POST", t(3)),
        ev(112, "status", null, "NEW", t(2)),
      ],
    });
    expect(result.map(brief)).toEqual([
      [110, "closed", "Closed as ERRATA", null],
      [111, "reopened", "Reopened (ASSIGNED)", null],
      [112, "status", "Status NEW → POST", null],
    ]);
  });

  it("0-day and previous-release acceptance", () => {
    const result = changes({
      bugs: [bug(113, { blocker: "accepted" })],
      events: [ev(113, "accepted0Day", "false", "true", t(3))],
    });
    expect(result.map(brief)).toEqual([[113, "special", "Accepted as a 0-day blocker", null]]);
  });

  it("updates submitted and pushed in the window, for bugs accepted here only", () => {
    const update = {
      alias: "FEDORA-2026-abc",
      url: "https://bodhi.example/updates/FEDORA-2026-abc",
      bugIds: [114, 115],
      submitter: "maint-a",
      submittedAt: t(1, 9),
      testingAt: t(2),
      stableAt: t(5),
    };
    const result = changes({
      bugs: [bug(114, { blocker: "accepted" }), bug(115, { blocker: "proposed" })],
      updates: [update],
    });
    expect(result.map(brief)).toEqual([
      [114, "updateStable", "Update FEDORA-2026-abc pushed to stable", null],
      [114, "updateTesting", "Update FEDORA-2026-abc pushed to testing", null],
    ]);
    expect(result[0]!.update).toEqual({ alias: "FEDORA-2026-abc", url: update.url });
    expect(result[0]!.id).toBe("update-FEDORA-2026-abc-114-stable");
  });

  it("vote tallies of this milestone's trackers that moved in the window", () => {
    const cast = (commentId: number, voter: string, tracker: string, value: number, at: Date): CastVote => ({
      commentId,
      voter,
      tracker,
      value,
      votedAt: at,
    });
    const result = changes({
      bugs: [bug(116)],
      votes: new Map([
        [
          116,
          [
            cast(1, "alice", "BetaBlocker", 1, t(1, 9)),
            cast(2, "bob", "BetaBlocker", 1, t(3)),
            cast(2, "bob", "FinalBlocker", 1, t(3)),
            cast(3, "carol", "BetaBlocker", -1, t(4)),
          ],
        ],
      ]),
    });
    expect(result.map(brief)).toEqual([
      [116, "votes", "BetaBlocker votes (+2, 0, -0) → (+2, 0, -1)", "-carol"],
      [116, "votes", "BetaBlocker votes (+1, 0, -0) → (+2, 0, -0)", "+bob"],
    ]);
    expect(result[0]!.id).toBe("votes-116-3-BetaBlocker");
  });

  it("leaves out what happened before or after the window, and other milestones' own changes", () => {
    const result = changes({
      bugs: [bug(117)],
      events: [
        ev(117, "status", "NEW", "POST", t(1, 15)),
        ev(117, "status", "POST", "MODIFIED", t(6, 22)),
        ev(117, "status", "NEW", "POST", t(3), FINAL),
      ],
      proposals: [proposal(117, "blocker", t(1, 10))],
    });
    expect(result).toEqual([]);
  });

  it("what the milestone's first sync saw without a date from history is where the record begins", () => {
    const first = t(3, 8);
    const undated = (e: BugMilestoneEvent) => ({ ...e, atFromHistory: false });
    const events = [
      // A private bug (no history) seen by the first sync, and one added to the tracker later.
      undated(ev(118, "active", null, "true", first)),
      undated(ev(119, "active", null, "true", t(4, 8))),
      // A bug the first sync saw, dated by its history: its proposal is a change.
      { ...ev(120, "active", null, "true", t(2, 9)), atFromHistory: true },
      { ...ev(120, "blocker", null, "proposed", t(2, 9)), atFromHistory: true },
      // A change the first sync noticed of a bug seen before (no first sighting) is a change.
      undated(ev(121, "status", "NEW", "POST", first)),
    ];
    const bugs = [bug(118, { blocker: null }), bug(119, { blocker: null }), bug(120), bug(121)];
    expect(changes({ bugs, events, recordStart: first }).map((c) => [c.bugId, c.kind])).toEqual([
      [119, "added"],
      [121, "status"],
      [120, "proposed"],
    ]);
    // Without the record's start, every first sighting in the window is a change.
    expect(changes({ bugs, events }).map((c) => c.bugId)).toEqual([119, 118, 121, 120]);
  });

  it("orders newest first, then by bug id", () => {
    const result = changes({
      bugs: [bug(2), bug(1)],
      events: [
        ev(2, "status", "NEW", "POST", t(3)),
        ev(1, "status", "NEW", "POST", t(3)),
        ev(1, "status", "POST", "MODIFIED", t(4)),
      ],
    });
    expect(result.map((c) => [c.bugId, c.at.getUTCDate()])).toEqual([
      [1, 4],
      [1, 3],
      [2, 3],
    ]);
  });
});

describe("changesByDay", () => {
  it("groups consecutive changes by their UTC day", () => {
    const days = changesByDay([{ at: t(5, 23, 59) }, { at: t(5, 0, 1) }, { at: t(3) }]);
    expect(days.map((d) => [d.day, d.changes.length])).toEqual([
      ["2026-12-05", 2],
      ["2026-12-03", 1],
    ]);
  });
});

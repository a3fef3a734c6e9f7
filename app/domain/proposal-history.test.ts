import { describe, expect, it } from "vitest";
import {
  historyIds,
  orderedChanges,
  proposalFacts,
  stateChangeTime,
  type BugNow,
  type FieldChange,
  type ProposalFacts,
} from "./proposal-history.js";

const T = { blockerTrackerId: 2390101, feTrackerId: 2390102 };
const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 10, day, hour));

function change(day: number, who: string, field: string, removed: string, added: string): FieldChange {
  return { at: at(day), who, field, removed, added };
}
const addTracker = (day: number, who: string, id: number = T.blockerTrackerId) =>
  change(day, who, "blocks", "", String(id));
const removeTracker = (day: number, who: string, id: number = T.blockerTrackerId) =>
  change(day, who, "blocks", String(id), "");
const whiteboard = (day: number, who: string, from: string, to: string) =>
  change(day, who, "status_whiteboard", from, to);

/** One case of `proposalFacts`: the history, the bug now, the kind, and the facts expected (in part). */
type Case = [
  name: string,
  history: FieldChange[],
  bug: BugNow,
  kind: "blocker" | "fe",
  want: Partial<ProposalFacts>,
];

/** A whiteboard longer than one history change holds (Bugzilla splits it at 254 characters). */
const LONG_WHITEBOARD = `${"x".repeat(250)} AcceptedBlocker`;

function now(fields: Partial<BugNow> = {}): BugNow {
  return {
    blocks: [T.blockerTrackerId],
    whiteboard: "",
    status: "NEW",
    filedAt: at(1),
    filedBy: "reporter@example.com",
    asOf: null,
    ...fields,
  };
}

describe("historyIds", () => {
  it("reads Bugzilla's comma+space separated ids", () => {
    expect(historyIds("2390101, 2390102")).toEqual([2390101, 2390102]);
    expect(historyIds("")).toEqual([]);
    expect(historyIds("2390101,x, 7")).toEqual([2390101, 7]);
  });
});

describe("proposalFacts: proposed (bugs are proposed by marking them as blocking the tracker bug)", () => {
  it("the change that added the tracker to blocks gives who proposed and when", () => {
    const facts = proposalFacts([addTracker(8, "adamw@redhat.com")], now(), T, "blocker");
    expect(facts).toEqual({
      proposedAt: at(8),
      proposedBy: "adamw@redhat.com",
      decidedAt: null,
      decidedBy: null,
      reAddedAfterRejection: false,
    });
  });

  it("a bug filed blocking the tracker, filing time unknown: proposed at an unknown time", () => {
    expect(proposalFacts([], now({ filedAt: null, filedBy: null }), T, "blocker")).toMatchObject({
      proposedAt: null,
      proposedBy: null,
    });
  });

  it.each<Case>([
    [
      "a bug filed blocking the tracker was proposed by its reporter when it was filed",
      [whiteboard(3, "qa@example.com", "", "CommonBugs")],
      now(),
      "blocker",
      { proposedAt: at(1), proposedBy: "reporter@example.com" },
    ],
    [
      "removed and added again: the last addition is the current proposal",
      [addTracker(3, "a@example.com"), removeTracker(5, "b@example.com"), addTracker(9, "c@example.com")],
      now(),
      "blocker",
      { proposedAt: at(9), proposedBy: "c@example.com" },
    ],
    [
      "a change adding several ids at once counts for the tracker among them",
      [change(4, "a@example.com", "blocks", "", `123, ${T.blockerTrackerId}, ${T.feTrackerId}`)],
      now({ blocks: [123, T.blockerTrackerId, T.feTrackerId] }),
      "fe",
      { proposedAt: at(4), proposedBy: "a@example.com" },
    ],
    [
      "other trackers' changes do not move the proposal",
      [addTracker(4, "a@example.com"), addTracker(6, "b@example.com", T.feTrackerId)],
      now({ blocks: [T.blockerTrackerId, T.feTrackerId] }),
      "blocker",
      { proposedAt: at(4), proposedBy: "a@example.com" },
    ],
  ])("%s", (_name, history, bug, kind, want) => {
    expect(proposalFacts(history, bug, T, kind)).toMatchObject(want);
  });

  it("is null for a kind whose tracker the bug does not block", () => {
    expect(proposalFacts([addTracker(4, "a@example.com")], now(), T, "fe")).toBeNull();
  });

  it("leaves out changes after the fetched fields (asOf), so the bug and its history agree", () => {
    const facts = proposalFacts(
      [addTracker(4, "a@example.com"), removeTracker(10, "b@example.com"), addTracker(11, "c@example.com")],
      now({ asOf: at(9) }),
      T,
      "blocker",
    );
    expect(facts).toMatchObject({ proposedAt: at(4), proposedBy: "a@example.com" });
  });
});

describe("proposalFacts: decided (the decision is recorded with AcceptedBlocker or RejectedBlocker in the whiteboard)", () => {
  it("the change that set the keyword gives who decided and when", () => {
    const facts = proposalFacts(
      [addTracker(4, "adamw@redhat.com"), whiteboard(7, "kparal@redhat.com", "", "AcceptedBlocker")],
      now({ whiteboard: "AcceptedBlocker" }),
      T,
      "blocker",
    );
    expect(facts).toEqual({
      proposedAt: at(4),
      proposedBy: "adamw@redhat.com",
      decidedAt: at(7),
      decidedBy: "kparal@redhat.com",
      reAddedAfterRejection: false,
    });
  });

  it.each<Case>([
    [
      "later edits of other whiteboard words keep the decision time",
      [
        addTracker(4, "a@example.com"),
        whiteboard(7, "qa@example.com", "", "AcceptedBlocker"),
        whiteboard(9, "x@example.com", "AcceptedBlocker", "AcceptedBlocker CommonBugs"),
      ],
      now({ whiteboard: "AcceptedBlocker CommonBugs" }),
      "blocker",
      { decidedAt: at(7), decidedBy: "qa@example.com" },
    ],
    [
      "a changed decision is dated by the change to the current one",
      [
        addTracker(4, "a@example.com"),
        whiteboard(7, "qa@example.com", "", "RejectedBlocker"),
        whiteboard(9, "chair@example.com", "RejectedBlocker", "AcceptedBlocker"),
      ],
      now({ whiteboard: "AcceptedBlocker" }),
      "blocker",
      { decidedAt: at(9), decidedBy: "chair@example.com" },
    ],
    [
      "Accepted0Day and AcceptedPreviousRelease are blocker decisions too",
      [addTracker(4, "a@example.com"), whiteboard(6, "qa@example.com", "", "Accepted0Day")],
      now({ whiteboard: "Accepted0Day" }),
      "blocker",
      { decidedAt: at(6), decidedBy: "qa@example.com" },
    ],
    [
      "a conflict is dated by the change that made it one",
      [
        addTracker(4, "a@example.com"),
        whiteboard(6, "qa@example.com", "", "AcceptedBlocker"),
        whiteboard(8, "other@example.com", "AcceptedBlocker", "AcceptedBlocker RejectedBlocker"),
      ],
      now({ whiteboard: "AcceptedBlocker RejectedBlocker" }),
      "blocker",
      { decidedAt: at(8), decidedBy: "other@example.com" },
    ],
    [
      "keywords matched as tokens, in any case",
      [
        addTracker(4, "a@example.com"),
        whiteboard(5, "x@example.com", "", "AcceptedBlockerX"),
        whiteboard(6, "qa@example.com", "AcceptedBlockerX", "[acceptedblocker]"),
      ],
      now({ whiteboard: "[acceptedblocker]" }),
      "blocker",
      { decidedAt: at(6), decidedBy: "qa@example.com" },
    ],
    [
      "a keyword in the whiteboard since filing was decided when the bug was filed",
      [],
      now({ whiteboard: "AcceptedBlocker" }),
      "blocker",
      { decidedAt: at(1), decidedBy: "reporter@example.com" },
    ],
    [
      "joins the pieces of a long whiteboard value Bugzilla split over several changes of one entry",
      [
        addTracker(4, "a@example.com"),
        whiteboard(6, "qa@example.com", "", LONG_WHITEBOARD.slice(0, 254)),
        whiteboard(6, "qa@example.com", "", LONG_WHITEBOARD.slice(254)),
      ],
      now({ whiteboard: LONG_WHITEBOARD }),
      "blocker",
      { decidedAt: at(6), decidedBy: "qa@example.com" },
    ],
  ])("%s", (_name, history, bug, kind, want) => {
    expect(proposalFacts(history, bug, T, kind)).toMatchObject(want);
  });

  it("blocker and freeze exception are decided separately", () => {
    const history = [
      change(4, "a@example.com", "blocks", "", `${T.blockerTrackerId}, ${T.feTrackerId}`),
      whiteboard(6, "qa@example.com", "", "AcceptedFreezeException"),
    ];
    const bug = now({ blocks: [T.blockerTrackerId, T.feTrackerId], whiteboard: "AcceptedFreezeException" });
    expect(proposalFacts(history, bug, T, "blocker")).toMatchObject({ decidedAt: null, decidedBy: null });
    expect(proposalFacts(history, bug, T, "fe")).toMatchObject({
      proposedAt: at(4),
      decidedAt: at(6),
      decidedBy: "qa@example.com",
    });
  });
});

describe("proposalFacts: re-added after rejection (rejected bugs no longer block the tracker and keep the Rejected keyword)", () => {
  const rejectAndRemove = [
    addTracker(3, "a@example.com"),
    whiteboard(5, "qa@example.com", "", "RejectedBlocker"),
    removeTracker(5, "qa@example.com"),
  ];

  it("added to the tracker again after the keyword was set: a second proposal", () => {
    const facts = proposalFacts(
      [...rejectAndRemove, addTracker(9, "again@example.com")],
      now({ whiteboard: "RejectedBlocker" }),
      T,
      "blocker",
    );
    expect(facts).toEqual({
      proposedAt: at(9),
      proposedBy: "again@example.com",
      decidedAt: at(5),
      decidedBy: "qa@example.com",
      reAddedAfterRejection: true,
    });
  });

  it.each<[name: string, history: FieldChange[], bug: BugNow, reAdded: boolean]>([
    [
      "rejected and not removed yet: no second proposal",
      rejectAndRemove.slice(0, 2),
      now({ whiteboard: "RejectedBlocker" }),
      false,
    ],
    [
      "the keyword set in the same change that adds the tracker: no second proposal",
      [addTracker(4, "a@example.com"), whiteboard(4, "a@example.com", "", "RejectedBlocker")],
      now({ whiteboard: "RejectedBlocker" }),
      false,
    ],
    [
      // Filed blocking the tracker? No: the addition on day 4 came after the keyword.
      "changes of the same second count in Bugzilla's order",
      [whiteboard(4, "qa@example.com", "", "RejectedBlocker"), addTracker(4, "b@example.com")],
      now({ whiteboard: "RejectedBlocker", filedAt: at(1) }),
      true,
    ],
    [
      "a bug filed with the keyword, added to the tracker later: a second proposal",
      [addTracker(6, "b@example.com")],
      now({ whiteboard: "RejectedBlocker" }),
      true,
    ],
    [
      "accepted beside the kept Rejected keyword is a conflict, not a second proposal",
      [
        ...rejectAndRemove,
        addTracker(9, "b@example.com"),
        whiteboard(10, "qa@example.com", "RejectedBlocker", "RejectedBlocker AcceptedBlocker"),
      ],
      now({ whiteboard: "RejectedBlocker AcceptedBlocker" }),
      false,
    ],
  ])("%s", (_name, history, bug, reAdded) => {
    expect(proposalFacts(history, bug, T, "blocker")?.reAddedAfterRejection).toBe(reAdded);
  });

  it("the FE's Rejected keyword says nothing about the blocker proposal", () => {
    const facts = proposalFacts(
      [
        addTracker(3, "a@example.com", T.feTrackerId),
        whiteboard(5, "qa@example.com", "", "RejectedFreezeException"),
        removeTracker(5, "qa@example.com", T.feTrackerId),
        addTracker(9, "b@example.com"),
      ],
      now({ whiteboard: "RejectedFreezeException" }),
      T,
      "blocker",
    );
    expect(facts).toMatchObject({ proposedAt: at(9), decidedAt: null, reAddedAfterRejection: false });
  });
});

describe("orderedChanges", () => {
  it("sorts by time, keeps Bugzilla's order within a second and drops other fields", () => {
    const a = change(5, "a", "blocks", "", "1");
    const b = change(5, "b", "blocks", "1", "");
    const c = change(2, "c", "cc", "", "x@example.com");
    const d = change(3, "d", "bug_status", "NEW", "ASSIGNED");
    expect(orderedChanges([a, b, c, d], null)).toEqual([d, a, b]);
  });
});

describe("stateChangeTime: history events carry Bugzilla's time of the change", () => {
  const history = [
    addTracker(4, "a@example.com"),
    change(5, "dev@example.com", "bug_status", "NEW", "ASSIGNED"),
    whiteboard(7, "qa@example.com", "", "AcceptedBlocker"),
    whiteboard(9, "x@example.com", "AcceptedBlocker", "AcceptedBlocker CommonBugs"),
  ];
  const bug = now({ whiteboard: "AcceptedBlocker CommonBugs", status: "ASSIGNED" });

  it("the blocker state: when it became accepted", () => {
    expect(stateChangeTime(history, bug, T, "blocker")).toEqual(at(7));
  });
  it("tracked (active): when the bug started to block a tracker", () => {
    expect(stateChangeTime(history, bug, T, "active")).toEqual(at(4));
  });
  it("status: Bugzilla's status change", () => {
    expect(stateChangeTime(history, bug, T, "status")).toEqual(at(5));
  });
  it("removed from the trackers: when the last one was removed", () => {
    const removed = [...history, removeTracker(10, "qa@example.com")];
    expect(stateChangeTime(removed, { ...bug, blocks: [] }, T, "active")).toEqual(at(10));
    expect(stateChangeTime(removed, { ...bug, blocks: [] }, T, "blocker")).toEqual(at(10));
  });
  it("a value the bug had since it was filed: the filing time", () => {
    expect(stateChangeTime([], now(), T, "active")).toEqual(at(1));
    expect(stateChangeTime([], now({ filedAt: null }), T, "active")).toBeNull();
  });
});

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  REVIEW_STATES,
  blocksMilestone,
  conflictKeywords,
  deriveBugState,
  isClosed,
  type DerivedBugState,
  type MilestoneTrackers,
} from "./blocker-state.js";

const T: MilestoneTrackers = { blockerTrackerId: 100, feTrackerId: 200 };
const BOTH = [100, 200];

/** Derive with the test trackers. */
function d(whiteboard: string, blocks: readonly number[] = BOTH): DerivedBugState {
  return deriveBugState({ blocks, whiteboard }, T);
}

function s(
  blocker: DerivedBugState["blocker"],
  fe: DerivedBugState["fe"],
  accepted0Day = false,
  acceptedPreviousRelease = false,
): DerivedBugState {
  return { blocker, fe, accepted0Day, acceptedPreviousRelease };
}

describe("deriveBugState — blocker", () => {
  it("no token → proposed", () => {
    expect(d("", [100])).toEqual(s("proposed", null));
    expect(d("CommonBugs Triaged", [100])).toEqual(s("proposed", null));
  });

  it("AcceptedBlocker alone → accepted", () => {
    expect(d("AcceptedBlocker", [100])).toEqual(s("accepted", null));
  });

  it("RejectedBlocker alone → rejected", () => {
    expect(d("RejectedBlocker", [100])).toEqual(s("rejected", null));
  });

  it("AcceptedBlocker and RejectedBlocker → conflict", () => {
    expect(d("AcceptedBlocker RejectedBlocker", [100])).toEqual(s("conflict", null));
    expect(d("RejectedBlocker;AcceptedBlocker", [100])).toEqual(s("conflict", null));
  });

  it("is case-insensitive (acceptedblocker)", () => {
    expect(d("acceptedblocker", [100])).toEqual(s("accepted", null));
    expect(d("REJECTEDBLOCKER", [100])).toEqual(s("rejected", null));
  });

  it("does not match substrings (AcceptedBlockerX → proposed)", () => {
    expect(d("AcceptedBlockerX", [100])).toEqual(s("proposed", null));
    expect(d("PreAcceptedBlocker RejectedBlockers", [100])).toEqual(s("proposed", null));
  });

  it("finds tokens separated by comma, brackets, pipe and semicolon", () => {
    expect(d("CommonBugs,AcceptedBlocker", [100]).blocker).toBe("accepted");
    expect(d("[AcceptedBlocker]", [100]).blocker).toBe("accepted");
    expect(d("(AcceptedBlocker)", [100]).blocker).toBe("accepted");
    expect(d("{AcceptedBlocker}", [100]).blocker).toBe("accepted");
    expect(d("CommonBugs|RejectedBlocker", [100]).blocker).toBe("rejected");
    expect(d("CommonBugs;RejectedBlocker", [100]).blocker).toBe("rejected");
  });

  it.each([
    ["Accepted0Day", s("accepted", null, true, false)], // alone → accepted with accepted0Day
    ["AcceptedPreviousRelease", s("accepted", null, false, true)], // alone → acceptedPreviousRelease
    ["AcceptedBlocker Accepted0Day", s("accepted", null, true, false)], // accepted with accepted0Day
    ["Accepted0Day AcceptedPreviousRelease", s("accepted", null, true, true)], // both flags
    ["Accepted0Day RejectedBlocker", s("conflict", null, true, false)], // flag still records the evidence
    ["AcceptedPreviousRelease RejectedBlocker", s("conflict", null, false, true)], // conflict
  ])("Accepted0Day / AcceptedPreviousRelease: %j → %j", (whiteboard, state) => {
    expect(d(whiteboard, [100])).toEqual(state);
  });

  it("blocker tokens but bug does not block the blocker tracker → blocker null, flags false", () => {
    expect(d("AcceptedBlocker Accepted0Day AcceptedPreviousRelease", [200])).toEqual(
      s(null, "proposed", false, false),
    );
    expect(d("RejectedBlocker", [999])).toEqual(s(null, null));
  });

  it("FE-only tokens do not affect the blocker state", () => {
    expect(d("AcceptedFreezeException", [100])).toEqual(s("proposed", null));
  });

  it("finds a token at the start of a very long (465+ char) whiteboard", () => {
    const wb = `AcceptedBlocker ${Array.from({ length: 100 }, (_, i) => `note${i}`).join(" ")}`;
    expect(wb.length).toBeGreaterThan(465);
    expect(d(wb, [100])).toEqual(s("accepted", null));
    const wb2 = `${wb} RejectedBlocker`;
    expect(d(wb2, [100]).blocker).toBe("conflict");
  });
});

describe("deriveBugState — freeze exception", () => {
  it("no token → proposed", () => {
    expect(d("", [200])).toEqual(s(null, "proposed"));
  });

  it("AcceptedFreezeException alone → accepted", () => {
    expect(d("AcceptedFreezeException", [200])).toEqual(s(null, "accepted"));
  });

  it("RejectedFreezeException alone → rejected", () => {
    expect(d("RejectedFreezeException", [200])).toEqual(s(null, "rejected"));
  });

  it("AcceptedFreezeException and RejectedFreezeException → conflict", () => {
    expect(d("AcceptedFreezeException RejectedFreezeException", [200])).toEqual(s(null, "conflict"));
  });

  it("is case-insensitive", () => {
    expect(d("acceptedfreezeexception", [200]).fe).toBe("accepted");
  });

  it("does not match substrings", () => {
    expect(d("AcceptedFreezeExceptionX", [200]).fe).toBe("proposed");
  });

  it("RejectedFreezeException | see comment 12 → rejected", () => {
    expect(d("RejectedFreezeException | see comment 12", [200]).fe).toBe("rejected");
  });

  it("FE tokens but bug does not block the FE tracker → fe null", () => {
    expect(d("AcceptedFreezeException", [100])).toEqual(s("proposed", null));
  });

  it("blocker-only tokens (incl. Accepted0Day) do not affect the FE state", () => {
    expect(d("AcceptedBlocker Accepted0Day", [200]).fe).toBe("proposed");
  });
});

describe("deriveBugState — both trackers", () => {
  it("blocks both trackers → both states", () => {
    expect(d("AcceptedBlocker,AcceptedFreezeException")).toEqual(s("accepted", "accepted"));
    expect(d("")).toEqual(s("proposed", "proposed"));
  });

  it("rejected blocker + accepted FE", () => {
    expect(d("RejectedBlocker AcceptedFreezeException")).toEqual(s("rejected", "accepted"));
  });

  it("accepted blocker + rejected FE", () => {
    expect(d("RejectedFreezeException AcceptedBlocker")).toEqual(s("accepted", "rejected"));
  });

  it("blocks neither tracker → both null", () => {
    expect(d("AcceptedBlocker AcceptedFreezeException", [1, 2])).toEqual(s(null, null));
    expect(d("AcceptedBlocker", [])).toEqual(s(null, null));
  });

  it("other ids in blocks are ignored", () => {
    expect(d("AcceptedBlocker", [1070965, 100])).toEqual(s("accepted", null));
  });
});

describe("blocksMilestone", () => {
  it("true when blocks contains the blocker tracker", () => {
    expect(blocksMilestone([5, 100], T)).toBe(true);
  });
  it("true when blocks contains the FE tracker", () => {
    expect(blocksMilestone([200], T)).toBe(true);
  });
  it("true when blocks contains both", () => {
    expect(blocksMilestone(BOTH, T)).toBe(true);
  });
  it("false when it contains neither", () => {
    expect(blocksMilestone([], T)).toBe(false);
    expect(blocksMilestone([101, 201], T)).toBe(false);
  });
});

describe("isClosed", () => {
  it("CLOSED in any case is closed", () => {
    expect(isClosed("CLOSED")).toBe(true);
    expect(isClosed("closed")).toBe(true);
    expect(isClosed("Closed")).toBe(true);
  });
  it("other statuses are open (including VERIFIED)", () => {
    for (const st of ["NEW", "ASSIGNED", "POST", "MODIFIED", "ON_QA", "VERIFIED", "RELEASE_PENDING", ""]) {
      expect(isClosed(st)).toBe(false);
    }
  });
});

describe("conflictKeywords", () => {
  it("names the accepting and the rejecting keyword of a conflict, spelled as the process spells them", () => {
    expect(conflictKeywords("acceptedblocker [RejectedBlocker]", "blocker")).toEqual([
      "AcceptedBlocker",
      "RejectedBlocker",
    ]);
    expect(conflictKeywords("Accepted0Day AcceptedPreviousRelease RejectedBlocker", "blocker")).toEqual([
      "Accepted0Day",
      "AcceptedPreviousRelease",
      "RejectedBlocker",
    ]);
    expect(conflictKeywords("AcceptedFreezeException RejectedFreezeException", "fe")).toEqual([
      "AcceptedFreezeException",
      "RejectedFreezeException",
    ]);
  });

  it("is empty when the kind does not conflict, whatever the other kind does", () => {
    expect(conflictKeywords("AcceptedBlocker", "blocker")).toEqual([]);
    expect(conflictKeywords("RejectedBlocker", "blocker")).toEqual([]);
    expect(conflictKeywords("AcceptedBlocker RejectedBlocker", "fe")).toEqual([]);
    expect(conflictKeywords("AcceptedFreezeException RejectedBlocker", "blocker")).toEqual([]);
  });

  it("agrees with deriveBugState on which whiteboards conflict", () => {
    for (const wb of [
      "",
      "AcceptedBlocker RejectedBlocker",
      "Accepted0Day RejectedBlocker",
      "x RejectedFreezeException AcceptedFreezeException",
    ]) {
      const state = d(wb);
      expect(conflictKeywords(wb, "blocker").length > 0, wb).toBe(state.blocker === "conflict");
      expect(conflictKeywords(wb, "fe").length > 0, wb).toBe(state.fe === "conflict");
    }
  });
});

describe("REVIEW_STATES", () => {
  it("lists the four states once each", () => {
    expect([...REVIEW_STATES]).toEqual(["proposed", "accepted", "rejected", "conflict"]);
  });
  it("is frozen", () => {
    expect(Object.isFrozen(REVIEW_STATES)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Demo upstream data: expectations derived by hand from the whiteboards / blocks in the file.

interface DemoBug {
  id: number;
  status: string;
  whiteboard: string;
  blocks: number[];
}
interface DemoData {
  about: { trackers: Record<string, number> };
  bugzilla: { bugs: DemoBug[] };
}

function loadDemo(): DemoData {
  const e2e = new URL("../../e2e/fixtures/demo-upstream.json", import.meta.url);
  const path = fs.existsSync(e2e) ? e2e : "/work/shared/data/demo-upstream.json";
  return JSON.parse(fs.readFileSync(path, "utf8")) as DemoData;
}

describe("demo-upstream.json bugs", () => {
  const demo = loadDemo();
  const trackers = (release: number, version: string): MilestoneTrackers => {
    const blockerTrackerId = demo.about.trackers[`${release}/${version}/blocker`];
    const feTrackerId = demo.about.trackers[`${release}/${version}/fe`];
    if (blockerTrackerId === undefined || feTrackerId === undefined) {
      throw new Error(`no trackers for ${release}/${version}`);
    }
    return { blockerTrackerId, feTrackerId };
  };
  const bug = (id: number): DemoBug => {
    const b = demo.bugzilla.bugs.find((x) => x.id === id);
    if (b === undefined) throw new Error(`bug ${id} not in demo data`);
    return b;
  };

  // [bug id, milestone, blocker, fe, accepted0Day, acceptedPreviousRelease, closed] — hand-derived.
  const cases: [
    number,
    [number, string],
    DerivedBugState["blocker"],
    DerivedBugState["fe"],
    boolean,
    boolean,
    boolean,
  ][] = [
    // "acceptedblocker", blocks 46 beta blocker only
    [2411500, [46, "beta"], "accepted", null, false, false, false],
    // "AcceptedBlockerX" is not AcceptedBlocker
    [2411526, [46, "beta"], "proposed", null, false, false, false],
    // "AcceptedBlocker,AcceptedFreezeException", blocks both 46 beta trackers
    [2411550, [46, "beta"], "accepted", "accepted", false, false, false],
    // "[AcceptedBlocker]"
    [2411583, [46, "beta"], "accepted", null, false, false, false],
    // "AcceptedBlocker RejectedBlocker"
    [2411611, [46, "beta"], "conflict", null, false, false, false],
    // "RejectedFreezeException | see comment 12", blocks 46 final FE only
    [2411712, [46, "final"], null, "rejected", false, false, false],
    // 3105-char whiteboard starting with "AcceptedBlocker"
    [2411820, [46, "beta"], "accepted", null, false, false, false],
    // "Accepted0Day", blocks 46 final blocker
    [2411645, [46, "final"], "accepted", null, true, false, false],
    // "AcceptedPreviousRelease CommonBugs", blocks 46 final blocker
    [2411669, [46, "final"], "accepted", null, false, true, false],
    // "AcceptedBlocker" but blocks only the 46 beta FE tracker
    [2411676, [46, "beta"], null, "proposed", false, false, false],
    // "RejectedBlocker AcceptedFreezeException", blocks both 46 final trackers
    [2410583, [46, "final"], "rejected", "accepted", false, false, false],
    // "Accepted0Day", CLOSED, blocks both 47 final trackers
    [2411163, [47, "final"], "accepted", "proposed", true, false, true],
    // "RejectedFreezeException AcceptedBlocker", blocks both 47 final trackers
    [2411442, [47, "final"], "accepted", "rejected", false, false, false],
    // "RejectedBlocker", blocks 47 beta blocker + FE (+ an unrelated bug)
    [2410923, [47, "beta"], "rejected", "proposed", false, false, false],
    // "AcceptedBlocker", blocks 46 beta and 46 final blockers: not part of 47 beta
    [2411750, [46, "beta"], "accepted", null, false, false, false],
    [2411750, [46, "final"], "accepted", null, false, false, false],
    [2411750, [47, "beta"], null, null, false, false, false],
  ];

  it.each(cases)("bug %i in %j", (id, [release, version], blocker, fe, zeroDay, prev, closed) => {
    const b = bug(id);
    const t = trackers(release, version);
    expect(deriveBugState(b, t)).toEqual({
      blocker,
      fe,
      accepted0Day: zeroDay,
      acceptedPreviousRelease: prev,
    });
    expect(blocksMilestone(b.blocks, t)).toBe(blocker !== null || fe !== null);
    expect(isClosed(b.status)).toBe(closed);
  });
});

import { describe, expect, it } from "vitest";
import {
  countOpenClosed,
  countSections,
  groupSections,
  splitNeverRead,
  type BugStateFields,
} from "./sections.js";

interface TestBug extends BugStateFields {
  bugId: number;
  status: string;
  fetchedAt: Date | null;
  inaccessible: string | null;
  summary: string;
}

/** A readable, open, proposed-blocker bug with overrides. */
function bug(bugId: number, over: Partial<TestBug> = {}): TestBug {
  return {
    bugId,
    summary: `Bug ${bugId}`,
    status: "NEW",
    inaccessible: null,
    fetchedAt: new Date("2026-11-20T11:00:00Z"),
    blocker: "proposed",
    fe: null,
    ...over,
  };
}

const ids = (bugs: readonly { bugId: number }[]) => bugs.map((b) => b.bugId);

describe("groupSections", () => {
  it("puts each state in its section", () => {
    const g = groupSections([
      bug(1, { blocker: "proposed" }),
      bug(2, { blocker: "accepted" }),
      bug(3, { blocker: null, fe: "proposed" }),
      bug(4, { blocker: null, fe: "accepted" }),
      bug(5, { blocker: "rejected" }),
      bug(6, { blocker: "conflict" }),
    ]);
    expect(ids(g.proposedBlockers.map((p) => p.bug))).toEqual([1]);
    expect(ids(g.acceptedBlockers.map((p) => p.bug))).toEqual([2]);
    expect(ids(g.proposedFEs.map((p) => p.bug))).toEqual([3]);
    expect(ids(g.acceptedFEs.map((p) => p.bug))).toEqual([4]);
    expect(ids(g.rejected.map((p) => p.bug))).toEqual([5]);
    expect(ids(g.conflicts.map((p) => p.bug))).toEqual([6]);
  });

  it("lists a bug with a blocker and an FE state in both sections", () => {
    const g = groupSections([bug(1, { blocker: "accepted", fe: "proposed" })]);
    expect(g.acceptedBlockers).toHaveLength(1);
    expect(g.proposedFEs).toHaveLength(1);
  });

  it("puts conflicts only in Conflicts for that type, with the kinds concerned", () => {
    const g = groupSections([
      bug(1, { blocker: "conflict", fe: "accepted" }),
      bug(2, { blocker: "conflict", fe: "conflict" }),
    ]);
    expect(g.proposedBlockers).toEqual([]);
    expect(g.acceptedBlockers).toEqual([]);
    expect(ids(g.acceptedFEs.map((p) => p.bug))).toEqual([1]);
    expect(g.conflicts.map((p) => [p.bug.bugId, p.kinds])).toEqual([
      [1, ["blocker"]],
      [2, ["blocker", "fe"]],
    ]);
  });

  it("lists a bug rejected as blocker and FE once in Rejected", () => {
    const g = groupSections([
      bug(1, { blocker: "rejected", fe: "rejected" }),
      bug(2, { blocker: null, fe: "rejected" }),
    ]);
    expect(g.rejected.map((p) => [p.bug.bugId, p.kinds])).toEqual([
      [1, ["blocker", "fe"]],
      [2, ["fe"]],
    ]);
  });

  it("ignores bugs with neither state", () => {
    const g = groupSections([bug(1, { blocker: null, fe: null })]);
    expect(Object.values(g).every((list) => list.length === 0)).toBe(true);
  });
});

describe("counts", () => {
  it("countOpenClosed counts CLOSED as closed whatever the resolution", () => {
    expect(
      countOpenClosed([
        { status: "NEW" },
        { status: "CLOSED" },
        { status: "closed " },
        { status: "VERIFIED" },
      ]),
    ).toEqual({ open: 2, closed: 2 });
  });

  it("countSections leaves out never-read bugs only", () => {
    const c = countSections([
      bug(1, { blocker: "proposed" }),
      bug(2, { blocker: "proposed", status: "CLOSED" }),
      bug(3, { blocker: "proposed", inaccessible: "private", fetchedAt: null, status: "" }),
      bug(4, { blocker: "accepted", fe: "accepted" }),
    ]);
    expect(c.proposedBlockers).toEqual({ open: 1, closed: 1 });
    expect(c.acceptedBlockers).toEqual({ open: 1, closed: 0 });
    expect(c.acceptedFEs).toEqual({ open: 1, closed: 0 });
    expect(c.conflicts).toEqual({ open: 0, closed: 0 });
  });

  it("countSections counts bugs turned private or missing with their last known state", () => {
    const c = countSections([
      bug(1, { blocker: "proposed", inaccessible: "private" }),
      bug(2, { blocker: "accepted", fe: "proposed", inaccessible: "missing", status: "CLOSED" }),
    ]);
    expect(c.proposedBlockers).toEqual({ open: 1, closed: 0 });
    expect(c.acceptedBlockers).toEqual({ open: 0, closed: 1 });
    expect(c.proposedFEs).toEqual({ open: 0, closed: 1 });
  });

  it("splitNeverRead sets apart only bugs never read, whatever their inaccessible reason", () => {
    const { listed, neverRead } = splitNeverRead([
      bug(1),
      bug(2, { inaccessible: "missing", fetchedAt: null }),
      bug(3, { inaccessible: "private" }),
    ]);
    expect(ids(listed)).toEqual([1, 3]);
    expect(ids(neverRead)).toEqual([2]);
  });
});

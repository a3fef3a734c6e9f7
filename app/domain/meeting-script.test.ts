import { describe, expect, it } from "vitest";
import { BETA_BLOCKER_VOTES } from "../../e2e/setup/view-fixtures";
import { bugLines, conflictLines, ircScript, oneLine, voteLines, type ScriptBug } from "./meeting-script.js";
import { NO_PROPOSALS } from "./proposal-history.js";

const BZ = "https://bugzilla.example";

function bug(bugId: number, over: Partial<ScriptBug> = {}): ScriptBug {
  return {
    bugId,
    summary: `Bug ${bugId} summary`,
    component: "anaconda",
    status: "NEW",
    resolution: "",
    fetchedAt: new Date("2026-11-20T11:00:00Z"),
    blocker: "proposed",
    fe: null,
    discussion: null,
    proposals: NO_PROPOSALS,
    ...over,
  };
}

const ticket = {
  url: "https://pagure.example/fedora-qa/blocker-review/issue/2401",
  status: "Open",
  meeting: false,
  votes: [...BETA_BLOCKER_VOTES, { tracker: "BetaFreezeException", voter: "erin", value: 0 }],
};

describe("oneLine", () => {
  it("collapses newlines and runs of whitespace", () => {
    expect(oneLine("  a\nb\r\n\tc  ")).toBe("a b c");
  });
});

describe("voteLines", () => {
  it("gives one #info line per voted tracker with tally and voters", () => {
    expect(voteLines(ticket)).toEqual([
      "#info Ticket vote: BetaBlocker (+3,0,-1) (+alice, +bob, +carol, -dave)",
      "#info Ticket vote: BetaFreezeException (+0,1,-0) (0erin)",
    ]);
  });
  it("gives nothing without a ticket or votes", () => {
    expect(voteLines(null)).toEqual([]);
    expect(voteLines({ ...ticket, votes: [] })).toEqual([]);
  });
});

describe("bugLines", () => {
  it("gives topic, links, proposal info and votes", () => {
    expect(
      bugLines(
        bug(2410101, { summary: "Boot\nfails", component: "kernel", discussion: ticket }),
        "blocker",
        BZ,
      ),
    ).toEqual([
      "#topic (2410101) Boot fails",
      "#link https://bugzilla.example/show_bug.cgi?id=2410101",
      "#link https://pagure.example/fedora-qa/blocker-review/issue/2401",
      "#info Proposed Blocker, kernel, NEW",
      "#info Ticket vote: BetaBlocker (+3,0,-1) (+alice, +bob, +carol, -dave)",
      "#info Ticket vote: BetaFreezeException (+0,1,-0) (0erin)",
    ]);
  });
  it("leaves out the ticket link when there is no ticket, and shows the resolution", () => {
    expect(bugLines(bug(5, { status: "CLOSED", resolution: "ERRATA" }), "fe", BZ)).toEqual([
      "#topic (5) Bug 5 summary",
      "#link https://bugzilla.example/show_bug.cgi?id=5",
      "#info Proposed Freeze Exception, anaconda, CLOSED ERRATA",
    ]);
  });
});

describe("bugLines and conflictLines", () => {
  const record = {
    proposedAt: null,
    proposedBy: null,
    decidedAt: null,
    decidedBy: null,
    previouslyRejected: true,
  };

  it("marks a re-proposal of the kind concerned", () => {
    const again = bug(7, { proposals: { blocker: record, fe: null }, fe: "proposed" });
    expect(bugLines(again, "blocker", BZ)[2]).toBe(
      "#info Proposed Blocker (previously rejected), anaconda, NEW",
    );
    expect(bugLines(again, "fe", BZ)[2]).toBe("#info Proposed Freeze Exception, anaconda, NEW");
  });

  it("says a conflict needs a decision, naming the kinds", () => {
    expect(conflictLines(bug(8, { discussion: ticket }), ["blocker", "fe"], BZ)).toEqual([
      "#topic (8) Bug 8 summary",
      "#link https://bugzilla.example/show_bug.cgi?id=8",
      "#link https://pagure.example/fedora-qa/blocker-review/issue/2401",
      "#info Conflict: Blocker and Freeze Exception accepted and rejected, needs a decision, anaconda, NEW",
      "#info Ticket vote: BetaBlocker (+3,0,-1) (+alice, +bob, +carol, -dave)",
      "#info Ticket vote: BetaFreezeException (+0,1,-0) (0erin)",
    ]);
  });
});

describe("ircScript", () => {
  const closed = { status: "CLOSED", resolution: "ERRATA" };

  it("renders the whole script line by line", () => {
    const text = ircScript(
      { release: 46, version: "beta" },
      [
        bug(30, { blocker: null, fe: "proposed", component: "gnome-shell" }),
        bug(10, { discussion: ticket }),
        bug(20, { blocker: "accepted" }),
        bug(40, { blocker: "proposed", fe: "proposed", status: "ON_QA" }),
        bug(50, { blocker: "rejected", fe: "accepted" }),
        bug(60, { fetchedAt: null, summary: "" }),
        bug(70, { blocker: "conflict", component: "kernel" }),
      ],
      BZ,
    );
    expect(text.endsWith("\n")).toBe(true);
    expect(text.split("\n")).toEqual([
      "#info for Fedora 46 Beta, we have:",
      "#info 2 Proposed Blockers",
      "#info 1 Accepted Blockers",
      "#info 2 Proposed Freeze Exceptions",
      "#info 1 Accepted Freeze Exceptions",
      "#info 1 Conflicts",
      "",
      "#topic Proposed Beta blockers",
      "",
      "#topic (10) Bug 10 summary",
      "#link https://bugzilla.example/show_bug.cgi?id=10",
      "#link https://pagure.example/fedora-qa/blocker-review/issue/2401",
      "#info Proposed Blocker, anaconda, NEW",
      "#info Ticket vote: BetaBlocker (+3,0,-1) (+alice, +bob, +carol, -dave)",
      "#info Ticket vote: BetaFreezeException (+0,1,-0) (0erin)",
      "",
      "#topic (40) Bug 40 summary",
      "#link https://bugzilla.example/show_bug.cgi?id=40",
      "#info Proposed Blocker, anaconda, ON_QA",
      "",
      "#topic Proposed Beta freeze exceptions",
      "",
      "#topic (30) Bug 30 summary",
      "#link https://bugzilla.example/show_bug.cgi?id=30",
      "#info Proposed Freeze Exception, gnome-shell, NEW",
      "",
      "#topic (40) Bug 40 summary",
      "#link https://bugzilla.example/show_bug.cgi?id=40",
      "#info Proposed Freeze Exception, anaconda, ON_QA",
      "",
      "#topic Beta conflicts: these need a decision",
      "",
      "#topic (70) Bug 70 summary",
      "#link https://bugzilla.example/show_bug.cgi?id=70",
      "#info Conflict: Blocker accepted and rejected, needs a decision, kernel, NEW",
      "",
    ]);
  });

  it("counts closed bugs apart and gives them no topic", () => {
    const text = ircScript(
      { release: 46, version: "final" },
      [
        bug(1),
        bug(2, closed),
        bug(3, { ...closed, blocker: "accepted" }),
        bug(4, { ...closed, blocker: null, fe: "conflict" }),
      ],
      BZ,
    );
    expect(text.split("\n")).toEqual([
      "#info for Fedora 46 Final, we have:",
      "#info 1 Proposed Blockers (+1 closed)",
      "#info 0 Accepted Blockers (+1 closed)",
      "#info 0 Proposed Freeze Exceptions",
      "#info 0 Accepted Freeze Exceptions",
      "#info 0 Conflicts (+1 closed)",
      "#info Closed bugs are counted apart and get no topic.",
      "",
      "#topic Proposed Final blockers",
      "",
      "#topic (1) Bug 1 summary",
      "#link https://bugzilla.example/show_bug.cgi?id=1",
      "#info Proposed Blocker, anaconda, NEW",
      "",
    ]);
  });

  it("gives only the counts when nothing open is proposed", () => {
    expect(
      ircScript({ release: 47, version: "final" }, [bug(1, { blocker: "accepted" })], BZ).split("\n"),
    ).toEqual([
      "#info for Fedora 47 Final, we have:",
      "#info 0 Proposed Blockers",
      "#info 1 Accepted Blockers",
      "#info 0 Proposed Freeze Exceptions",
      "#info 0 Accepted Freeze Exceptions",
      "",
    ]);
  });
});

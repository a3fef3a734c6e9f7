import { describe, expect, it } from "vitest";
import { bugLines, ircScript, oneLine, voteLines, type ScriptBug } from "./meeting-script.js";

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
    ...over,
  };
}

const ticket = {
  url: "https://pagure.example/fedora-qa/blocker-review/issue/2401",
  status: "Open",
  meeting: false,
  votes: [
    { tracker: "BetaBlocker", voter: "dave", value: -1 },
    { tracker: "BetaBlocker", voter: "carol", value: 1 },
    { tracker: "BetaBlocker", voter: "alice", value: 1 },
    { tracker: "BetaBlocker", voter: "bob", value: 1 },
    { tracker: "BetaFreezeException", voter: "erin", value: 0 },
  ],
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

describe("ircScript", () => {
  it("renders the whole script line by line", () => {
    const text = ircScript(
      "beta",
      [
        bug(30, { blocker: null, fe: "proposed", component: "gnome-shell" }),
        bug(10, { discussion: ticket }),
        bug(20, { blocker: "accepted" }),
        bug(40, { blocker: "proposed", fe: "proposed", status: "ON_QA" }),
        bug(50, { blocker: "rejected", fe: "accepted" }),
        bug(60, { fetchedAt: null, summary: "" }),
      ],
      BZ,
    );
    expect(text.endsWith("\n")).toBe(true);
    expect(text.split("\n")).toEqual([
      "#info for Beta, we have:",
      "#info 2 Proposed Blockers",
      "#info 1 Accepted Blockers",
      "#info 2 Proposed Freeze Exceptions",
      "#info 1 Accepted Freeze Exceptions",
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
    ]);
  });

  it("gives only the counts when nothing is proposed", () => {
    expect(ircScript("final", [bug(1, { blocker: "accepted" })], BZ).split("\n")).toEqual([
      "#info for Final, we have:",
      "#info 0 Proposed Blockers",
      "#info 1 Accepted Blockers",
      "#info 0 Proposed Freeze Exceptions",
      "#info 0 Accepted Freeze Exceptions",
      "",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { proposalText, ticketBody, ticketBugId } from "./discussion";
import { parseVoteLine } from "./votes";

describe("ticketBugId", () => {
  it("reads the bug id before the colon", () => {
    expect(ticketBugId("2410101: Cloud image fails")).toBe(2410101);
    expect(ticketBugId("  2311105 : dnf5 “<unknown>”")).toBe(2311105);
  });
  it("is null for titles without the convention", () => {
    for (const title of ["Bug 2410101: x", "2410101 - x", "x: 2410101", "", "12345678901: too long"])
      expect(ticketBugId(title), title).toBeNull();
  });
});

describe("ticket body", () => {
  const m = (version: string) => ({ version, release: { number: 46 } });
  it("names what the bug is proposed as per milestone", () => {
    expect(proposalText(true, false, m("beta"))).toBe("Blocker for Fedora 46 Beta");
    expect(proposalText(false, true, m("final"))).toBe("Freeze Exception for Fedora 46 Final");
    expect(proposalText(true, true, m("beta"))).toBe("Blocker and Freeze Exception for Fedora 46 Beta");
  });
  it("links the bug, and its voting examples are votes while its prose lines are not", () => {
    const body = ticketBody(7, "Sum <b>", ["Blocker for Fedora 46 Beta"], "https://bugzilla.redhat.com/");
    const lines = body.split("\n");
    expect(lines[0]).toBe("Bug: https://bugzilla.redhat.com/show_bug.cgi?id=7");
    expect(lines[1]).toBe("Summary: Sum <b>");
    expect(lines[2]).toBe("Proposed as: Blocker for Fedora 46 Beta");
    // The bot's own text must never count as a vote.
    for (const line of lines) expect(parseVoteLine(line), line).toBeNull();
    expect(body).toContain("`BetaBlocker +1`");
  });
});

import { describe, expect, it } from "vitest";
import { milestoneName, parseMilestoneRef, standardTrackerAliases } from "./milestone-name";

describe("milestone names", () => {
  it("formats the display name", () => {
    expect(milestoneName(41, "beta")).toBe("Fedora 41 Beta");
    expect(milestoneName(46, "final")).toBe("Fedora 46 Final");
  });

  it("builds the standard tracker aliases", () => {
    expect(standardTrackerAliases(46, "beta")).toEqual({
      blocker: "F46BetaBlocker",
      fe: "F46BetaFreezeException",
    });
    expect(standardTrackerAliases(47, "FINAL")).toEqual({
      blocker: "F47FinalBlocker",
      fe: "F47FinalFreezeException",
    });
  });

  it.each([
    ["41/beta", { release: 41, version: "beta" }],
    ["41-Final", { release: 41, version: "final" }],
    ["F41 Beta", { release: 41, version: "beta" }],
    [" 18/alpha ", { release: 18, version: "alpha" }],
  ])("parses %j", (ref, expected) => {
    expect(parseMilestoneRef(ref)).toEqual(expected);
  });

  it.each(["41", "beta", "41/gamma", "x/beta", ""])("rejects %j", (ref) => {
    expect(parseMilestoneRef(ref)).toBeNull();
  });
});

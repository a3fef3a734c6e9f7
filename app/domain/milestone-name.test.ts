import { describe, expect, it } from "vitest";
import {
  milestoneName,
  milestoneUrlError,
  parseMilestoneParams,
  parseMilestoneRef,
  standardTrackerAliases,
  trackerAliasMismatch,
} from "./milestone-name";

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

describe("trackerAliasMismatch (BZ-03)", () => {
  it("accepts the milestone's own standard aliases, in any case", () => {
    expect(trackerAliasMismatch("F41BetaBlocker", 41, "beta", "blocker")).toBeNull();
    expect(trackerAliasMismatch("f41finalfreezeexception", 41, "final", "fe")).toBeNull();
  });
  it("accepts trackers without a standard alias", () => {
    expect(trackerAliasMismatch(null, 41, "beta", "blocker")).toBeNull();
    expect(trackerAliasMismatch("BetaBlocker", 41, "beta", "blocker")).toBeNull();
    expect(trackerAliasMismatch("MyCustomTracker", 41, "beta", "fe")).toBeNull();
  });
  it("names another release's, milestone's or kind's tracker", () => {
    expect(trackerAliasMismatch("F40BetaBlocker", 41, "beta", "blocker")).toBe(
      "F40BetaBlocker, not the blocker tracker of Fedora 41 Beta",
    );
    expect(trackerAliasMismatch("F41FinalBlocker", 41, "beta", "blocker")).not.toBeNull();
    expect(trackerAliasMismatch("F41BetaBlocker", 41, "beta", "fe")).toBe(
      "F41BetaBlocker, not the freeze-exception tracker of Fedora 41 Beta",
    );
  });
});

describe("parseMilestoneParams", () => {
  it("accepts release numbers and version words", () => {
    expect(parseMilestoneParams("46", "beta")).toEqual({ release: 46, version: "beta" });
    expect(parseMilestoneParams("46", "Final")).toEqual({ release: 46, version: "final" });
  });

  it.each([
    ["x", "beta"],
    ["0", "beta"],
    ["-1", "beta"],
    ["46.5", "beta"],
    ["1234567", "beta"],
    ["46", "be-ta"],
    ["46", ""],
    [undefined, "beta"],
    ["46", undefined],
  ])("rejects %s/%s", (release, version) => {
    expect(parseMilestoneParams(release, version)).toBeNull();
  });
});

describe("milestoneUrlError", () => {
  it("answers 400 for a malformed address, like the API", () => {
    for (const [release, version] of [
      ["abc", "beta"],
      ["46", "be-ta"],
      ["0", "beta"],
    ] as const) {
      const e = milestoneUrlError(release, version);
      expect(e.status).toBe(400);
      expect(e.statusText).toBe("Bad Request");
      expect(e.message).toContain(`"${release}/${version}"`);
      expect(e.message).toContain("/milestone/46/beta/buglist");
    }
  });

  it("shortens a very long address in the message", () => {
    expect(milestoneUrlError("x".repeat(500), "beta").message.length).toBeLessThan(200);
  });

  it("answers 404 for a well-formed address of a milestone that does not exist", () => {
    expect(milestoneUrlError("99", "Beta")).toEqual({
      status: 404,
      statusText: "Not Found",
      message: "There is no milestone Fedora 99 Beta.",
    });
  });
});

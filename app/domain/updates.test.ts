import { describe, expect, it } from "vitest";
import { bodhiReleaseNumber, isDeadUpdate, releaseUpdates, updateInStableTag } from "./updates.js";

const FETCHED = new Date("2026-11-20T10:00:00Z");

function build(nvr: string, tags: string[] | null) {
  return { nvr, tags: tags ?? [], tagsFetchedAt: tags === null ? null : FETCHED };
}

describe("updateInStableTag", () => {
  const tagged = build("a", ["f46"]);
  const untagged = build("b", ["f46-updates-testing"]);
  const unknown = build("c", null);
  it("is true only when every build is known to be in the stable tag", () => {
    expect(updateInStableTag({ stableTag: "f46", builds: [tagged, build("d", ["f46"])] })).toBe(true);
  });
  it("is false as soon as one build is known not to be", () => {
    expect(updateInStableTag({ stableTag: "f46", builds: [tagged, untagged] })).toBe(false);
    expect(updateInStableTag({ stableTag: "f46", builds: [unknown, untagged] })).toBe(false);
  });
  it("is unknown when some build is unknown and none is known missing, or there are no builds", () => {
    expect(updateInStableTag({ stableTag: "f46", builds: [tagged, unknown] })).toBeNull();
    expect(updateInStableTag({ stableTag: "f46", builds: [] })).toBeNull();
  });
});

describe("bodhiReleaseNumber", () => {
  it("reads Fedora release names and their variants", () => {
    expect(bodhiReleaseNumber("F46")).toBe(46);
    expect(bodhiReleaseNumber("F46F")).toBe(46);
    expect(bodhiReleaseNumber("F46C")).toBe(46);
    expect(bodhiReleaseNumber("f47")).toBe(47);
  });
  it("rejects other releases", () => {
    expect(bodhiReleaseNumber("EPEL-9")).toBeNull();
    expect(bodhiReleaseNumber("ELN")).toBeNull();
    expect(bodhiReleaseNumber("")).toBeNull();
  });
});

describe("isDeadUpdate", () => {
  it("treats obsolete, unpushed and revoked updates as dead", () => {
    expect(["obsolete", "unpushed", "revoked", "Obsolete"].map((status) => isDeadUpdate({ status }))).toEqual(
      [true, true, true, true],
    );
    expect(["pending", "testing", "stable", "unknown"].map((status) => isDeadUpdate({ status }))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("releaseUpdates", () => {
  it("keeps the live updates of the release, live before dead by alias, and counts the dead ones", () => {
    const u = (alias: string, status: string, releaseName = "F46") => ({ alias, status, releaseName });
    const got = releaseUpdates(
      [u("c", "testing"), u("a", "obsolete"), u("b", "stable"), u("d", "testing", "F47"), u("e", "revoked")],
      46,
    );
    expect(got.live.map((x) => x.alias)).toEqual(["b", "c"]);
    expect(got.deadCount).toBe(2);
  });
  it("takes several releases, the updates of the first one first", () => {
    const u = (alias: string, status: string, releaseName: string) => ({ alias, status, releaseName });
    const got = releaseUpdates(
      [
        u("a", "testing", "F45"),
        u("b", "testing", "F46"),
        u("c", "obsolete", "F44"),
        u("d", "stable", "F44"),
      ],
      [46, 45, 44],
    );
    expect(got.live.map((x) => x.alias)).toEqual(["b", "a", "d"]);
    expect(got.deadCount).toBe(1);
    expect(releaseUpdates([u("a", "testing", "F45")], [46]).live).toEqual([]);
  });
});

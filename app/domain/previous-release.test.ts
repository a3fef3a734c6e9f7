import { describe, expect, it } from "vitest";
import { fedoraReleaseNumber, previousReleases, updateReleasesFor } from "./previous-release.js";

const r = (name: string, state: string) => ({ name, state });

describe("previousReleases: 'must be fixed by updates to previous stable releases'", () => {
  const bodhi = [
    r("F47", "pending"),
    r("F46", "frozen"),
    r("F45", "current"),
    r("F44", "current"),
    r("F43", "archived"),
    r("F45F", "current"),
    r("F45C", "current"),
    r("EPEL-9", "current"),
    r("ELN", "current"),
  ];

  it("for a Fedora 46 milestone: F45, and F44 while Bodhi still lists it as current", () => {
    expect(previousReleases(46, bodhi)).toEqual([45, 44]);
  });

  it("drops F44 once Bodhi no longer lists it as current (end of life)", () => {
    const eol = bodhi.map((x) => (x.name === "F44" ? r("F44", "archived") : x));
    expect(previousReleases(46, eol)).toEqual([45]);
  });

  it("only stable releases count: a pending or frozen release below is not a previous stable release", () => {
    // Fedora 47's previous releases while 46 is still frozen for its own release: 45 and 44 only.
    expect(previousReleases(47, bodhi)).toEqual([45, 44]);
  });

  it("never the milestone's own release or a later one", () => {
    expect(previousReleases(45, bodhi)).toEqual([44]);
    expect(previousReleases(44, bodhi)).toEqual([]);
  });

  it("reads the state case-insensitively and ignores duplicates", () => {
    expect(previousReleases(46, [r("f45", "Current"), r("F45", "current")])).toEqual([45]);
  });

  it("knows no previous release when Bodhi lists none as current", () => {
    expect(previousReleases(46, [])).toEqual([]);
  });
});

describe("fedoraReleaseNumber", () => {
  it("reads plain Fedora release names only (RPM updates of the release itself)", () => {
    expect(fedoraReleaseNumber("F45")).toBe(45);
    expect(fedoraReleaseNumber(" f44 ")).toBe(44);
    expect(fedoraReleaseNumber("F45F")).toBeNull();
    expect(fedoraReleaseNumber("F45C")).toBeNull();
    expect(fedoraReleaseNumber("EPEL-9")).toBeNull();
    expect(fedoraReleaseNumber("")).toBeNull();
  });
});

describe("updateReleasesFor", () => {
  it("an AcceptedPreviousRelease bug counts the previous releases' updates after its own release's", () => {
    expect(updateReleasesFor({ acceptedPreviousRelease: true }, 46, [45, 44])).toEqual([46, 45, 44]);
  });
  it("any other bug counts only the milestone's own release", () => {
    expect(updateReleasesFor({ acceptedPreviousRelease: false }, 46, [45, 44])).toEqual([46]);
  });
});

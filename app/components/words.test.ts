import { describe, expect, it } from "vitest";
import { countOf, formatCount, formatCounts, orList, SYNC_COUNTERS } from "./words";

describe("countOf", () => {
  it("puts the noun in the number of the count", () => {
    expect(countOf(1, "milestone")).toBe("1 milestone");
    expect(countOf(0, "milestone")).toBe("0 milestones");
    expect(countOf(2, "migration")).toBe("2 migrations");
    expect(countOf(1, "bug read", "bugs read")).toBe("1 bug read");
    expect(countOf(3, "bug read", "bugs read")).toBe("3 bugs read");
  });
});

describe("formatCount", () => {
  it("writes each sync counter in words, singular for 1", () => {
    expect(formatCount("bugsFetched", 1)).toBe("1 bug read");
    expect(formatCount("bugsFetched", 88)).toBe("88 bugs read");
    expect(formatCount("milestones", 1)).toBe("1 milestone");
    expect(formatCount("releases", 1)).toBe("1 release");
    expect(formatCount("staleLinks", 0)).toBe("0 stale links");
    expect(formatCount("staleLinks", 1)).toBe("1 stale link");
    expect(formatCount("unknownReleases", 1)).toBe("1 release unknown to Bodhi");
    expect(formatCount("buildErrors", 0)).toBe("0 build errors");
    expect(formatCount("issuesListed", 54)).toBe("54 tickets listed");
    expect(formatCount("private", 2)).toBe("2 private tickets");
    expect(formatCount("requests", 1)).toBe("1 request");
    expect(formatCount("previousReleases", 1)).toBe("1 previous release");
    expect(formatCount("previousReleaseUpdates", 2)).toBe("2 updates of previous releases");
    expect(formatCount("untrackedPrioritizedBugs", 1)).toBe("1 prioritized bug not tracked");
  });

  it("never shows an identifier: every known counter's words are lower-case words", () => {
    for (const [key, forms] of Object.entries(SYNC_COUNTERS))
      for (const form of forms) expect(form, key).toMatch(/^[a-z]+( [a-z]+)*$/i);
    for (const [key, [one, many]] of Object.entries(SYNC_COUNTERS)) {
      expect(formatCount(key, 1), key).toBe(`1 ${one}`);
      expect(formatCount(key, 2), key).toBe(`2 ${many}`);
    }
  });

  it("splits a counter it has no words for at its capitals", () => {
    expect(formatCount("frozenBuilds", 3)).toBe("3 frozen builds");
    expect(formatCount("frozenBuilds", 1)).toBe("1 frozen build");
  });
});

describe("formatCounts", () => {
  it("lists counters in one stable order, whatever order the stored JSON has, requests last", () => {
    // PostgreSQL's jsonb keeps keys sorted by length, then bytes: not the order a step wrote them in.
    expect(formatCounts({ requests: 3, staleLinks: 0, updates: 44, releases: 2 })).toBe(
      "2 releases, 44 updates, 0 stale links, 3 requests",
    );
    expect(
      formatCounts({
        changes: 2,
        requests: 14,
        milestones: 1,
        bugsFetched: 1,
        deactivated: 0,
        inaccessible: 1,
      }),
    ).toBe("1 milestone, 1 bug read, 2 changes, 0 bugs no longer tracked, 1 inaccessible bug, 14 requests");
  });

  it("puts counters it does not know after the known ones, alphabetically; leaves out what is omitted", () => {
    expect(formatCounts({ zebras: 1, requests: 2, builds: 1, apples: 2 })).toBe(
      "1 build, 2 apples, 1 zebra, 2 requests",
    );
    expect(formatCounts({ builds: 4, requests: 2 }, ["requests"])).toBe("4 builds");
    expect(formatCounts({})).toBe("");
  });
});

describe("orList", () => {
  it("joins alternatives with commas and a final 'or'", () => {
    expect(orList(["alpha", "beta", "final"])).toBe("alpha, beta or final");
    expect(orList(["a", "b"])).toBe("a or b");
    expect(orList(["a"])).toBe("a");
    expect(orList([])).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import {
  buildHomeView,
  groupByRelease,
  milestoneUrlError,
  milestoneView,
  parseMilestoneParams,
  syncView,
  type MilestoneBugState,
} from "./milestone-view.js";
import { type MilestoneInfo } from "~/db/milestones.server";
import { compareMilestones } from "~/domain/milestone-name";

const NOW = new Date("2026-11-20T12:00:00Z");
const BZ = "https://bugzilla.example";

/** An active, synced milestone with overrides. */
function ms(id: number, release: number, version: string, over: Partial<MilestoneInfo> = {}): MilestoneInfo {
  return {
    id,
    release,
    version,
    blockerTrackerId: 1000 + id,
    blockerTrackerAlias: `F${release}Blocker`,
    feTrackerId: 2000 + id,
    feTrackerAlias: null,
    active: true,
    current: false,
    lastSyncAt: new Date("2026-11-20T11:00:00Z"),
    lastSyncAttemptAt: new Date("2026-11-20T11:00:00Z"),
    lastSyncError: null,
    ...over,
  };
}

describe("ordering", () => {
  it("newest release first, then alpha, beta, final, unknown", () => {
    const list = [
      ms(1, 46, "final"),
      ms(2, 47, "beta"),
      ms(3, 46, "beta"),
      ms(4, 46, "zzz"),
      ms(5, 46, "alpha"),
    ];
    expect([...list].sort(compareMilestones).map((m) => `${m.release}/${m.version}`)).toEqual([
      "47/beta",
      "46/alpha",
      "46/beta",
      "46/final",
      "46/zzz",
    ]);
  });

  it("groupByRelease", () => {
    const groups = groupByRelease([ms(1, 46, "final"), ms(2, 47, "final"), ms(3, 46, "beta")]);
    expect(groups.map((g) => [g.release, g.milestones.map((m) => m.version)])).toEqual([
      [47, ["final"]],
      [46, ["beta", "final"]],
    ]);
    expect(groupByRelease([])).toEqual([]);
  });
});

describe("syncView", () => {
  it("never synced", () => {
    expect(syncView({ lastSyncAt: null, lastSyncAttemptAt: null, lastSyncError: null }, NOW)).toEqual({
      state: "never",
    });
  });

  it("ok", () => {
    expect(syncView(ms(1, 46, "beta"), NOW)).toEqual({
      state: "ok",
      lastSuccess: { iso: "2026-11-20T11:00:00.000Z", utc: "2026-11-20 11:00 UTC", relative: "1 hour ago" },
    });
  });

  it("failed after an earlier success", () => {
    const v = syncView(
      {
        lastSyncAt: new Date("2026-11-20T09:00:00Z"),
        lastSyncAttemptAt: new Date("2026-11-20T11:30:00Z"),
        lastSyncError: "503",
      },
      NOW,
    );
    expect(v).toMatchObject({ state: "failed", error: "503" });
    expect(v.state === "failed" && v.attempt?.relative).toBe("30 minutes ago");
    expect(v.state === "failed" && v.lastSuccess?.relative).toBe("3 hours ago");
  });

  it("failed without any success", () => {
    const v = syncView({ lastSyncAt: null, lastSyncAttemptAt: NOW, lastSyncError: "boom" }, NOW);
    expect(v).toMatchObject({ state: "failed", error: "boom", lastSuccess: null });
  });
});

describe("milestoneView", () => {
  it("names, paths and tracker links", () => {
    const v = milestoneView(ms(1, 46, "beta", { current: true }), { now: NOW, bugzillaUrl: BZ });
    expect(v).toMatchObject({
      release: 46,
      version: "beta",
      name: "Fedora 46 Beta",
      path: "/milestone/46/beta/buglist",
      current: true,
      active: true,
      blockerTracker: { id: 1001, alias: "F46Blocker", url: `${BZ}/show_bug.cgi?id=1001` },
      feTracker: { id: 2001, alias: null, url: `${BZ}/show_bug.cgi?id=2001` },
    });
  });
});

describe("buildHomeView", () => {
  it("counts each milestone's bugs per section and groups by release", () => {
    const state = (milestoneId: number, over: Partial<MilestoneBugState>): MilestoneBugState => ({
      milestoneId,
      blocker: null,
      fe: null,
      status: "NEW",
      inaccessible: null,
      fetchedAt: new Date("2026-11-20T11:00:00Z"),
      ...over,
    });
    const home = buildHomeView(
      [ms(1, 46, "beta"), ms(2, 47, "beta"), ms(3, 46, "final")],
      [
        state(1, { blocker: "proposed" }),
        state(1, { blocker: "proposed", status: "CLOSED" }),
        state(1, { blocker: "accepted", fe: "proposed" }),
        state(1, { blocker: "proposed", inaccessible: "private", fetchedAt: null, status: "" }),
        state(2, { fe: "accepted" }),
      ],
      { now: NOW, bugzillaUrl: BZ },
    );
    expect(home.releases.map((r) => [r.release, r.milestones.map((m) => m.version)])).toEqual([
      [47, ["beta"]],
      [46, ["beta", "final"]],
    ]);
    const beta46 = home.releases[1]!.milestones[0]!;
    expect(beta46.counts.proposedBlockers).toEqual({ open: 1, closed: 1 });
    expect(beta46.counts.acceptedBlockers).toEqual({ open: 1, closed: 0 });
    expect(beta46.counts.proposedFEs).toEqual({ open: 1, closed: 0 });
    expect(home.releases[0]!.milestones[0]!.counts.acceptedFEs).toEqual({ open: 1, closed: 0 });
    expect(home.releases[1]!.milestones[1]!.counts.proposedBlockers).toEqual({ open: 0, closed: 0 });
  });

  it("counts bugs turned private or missing after we read them, but not bugs never read", () => {
    const state = (over: Partial<MilestoneBugState>): MilestoneBugState => ({
      milestoneId: 1,
      blocker: "accepted",
      fe: null,
      status: "ON_QA",
      inaccessible: null,
      fetchedAt: new Date("2026-11-19T00:00:00Z"),
      ...over,
    });
    const home = buildHomeView(
      [ms(1, 46, "beta")],
      [
        state({}),
        state({ inaccessible: "private" }),
        state({ inaccessible: "missing", status: "CLOSED" }),
        state({ inaccessible: "private", fetchedAt: null, status: "" }),
      ],
      { now: NOW, bugzillaUrl: BZ },
    );
    expect(home.releases[0]!.milestones[0]!.counts.acceptedBlockers).toEqual({ open: 2, closed: 1 });
  });

  it("is empty without milestones", () => {
    expect(buildHomeView([], [], { now: NOW, bugzillaUrl: BZ })).toEqual({ releases: [] });
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

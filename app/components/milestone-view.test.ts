import { describe, expect, it } from "vitest";
import { milestoneInfo } from "../../e2e/setup/view-fixtures";
import { groupByRelease, milestoneView, syncView } from "./milestone-view.js";
import { compareMilestones } from "~/domain/milestone-name";

const NOW = new Date("2026-11-20T12:00:00Z");
const BZ = "https://bugzilla.example";

const ms = milestoneInfo;

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

  it("gives sync times to the minute, so syncs within one minute read the same", () => {
    const at = (iso: string) => ({
      lastSyncAt: new Date(iso),
      lastSyncAttemptAt: new Date(iso),
      lastSyncError: null,
    });
    const first = syncView(at("2026-11-20T11:58:03.250Z"), NOW);
    expect(first).toEqual({
      state: "ok",
      lastSuccess: {
        iso: "2026-11-20T11:58:00.000Z",
        utc: "2026-11-20 11:58 UTC",
        relative: "2 minutes ago",
      },
    });
    expect(syncView(at("2026-11-20T11:58:59.999Z"), NOW)).toEqual(first);
    expect(syncView(at("2026-11-20T11:59:00.000Z"), NOW)).not.toEqual(first);
    const failed = syncView(
      {
        ...at("2026-11-20T11:00:00Z"),
        lastSyncAttemptAt: new Date("2026-11-20T11:30:42Z"),
        lastSyncError: "503",
      },
      NOW,
    );
    expect(failed.state === "failed" && failed.attempt?.iso).toBe("2026-11-20T11:30:00.000Z");
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

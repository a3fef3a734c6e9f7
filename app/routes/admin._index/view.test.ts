import { describe, expect, it } from "vitest";
import { adminView, trackerLabel } from "./view.js";

describe("trackerLabel", () => {
  it("names the alias with the id, or the id alone", () => {
    expect(trackerLabel(2390101, "F46BetaBlocker")).toBe("F46BetaBlocker (2390101)");
    expect(trackerLabel(2390101, null)).toBe("2390101");
  });
});

describe("adminView", () => {
  it("lists milestones with their names, links, trackers and UTC sync times", () => {
    const v = adminView(
      [
        {
          number: 46,
          active: true,
          milestones: [
            {
              id: 3,
              version: "beta",
              blockerTrackerId: 1,
              blockerTrackerAlias: "F46BetaBlocker",
              feTrackerId: 2,
              feTrackerAlias: null,
              active: true,
              current: true,
              lastSyncAt: new Date("2026-11-20T12:05:09Z"),
              lastSyncError: null,
              release: { number: 46 },
            },
          ],
        },
      ],
      [
        {
          id: 9,
          source: "bugzilla",
          kind: "full",
          outcome: "success",
          startedAt: new Date("2026-11-20T12:00:00Z"),
          finishedAt: null,
          error: null,
        },
      ],
      false,
    );
    expect(v.releases[0]!.milestones[0]).toMatchObject({
      name: "Fedora 46 Beta",
      path: "/milestone/46/beta/buglist",
      blocker: "F46BetaBlocker (1)",
      fe: "2",
      lastSyncAt: "2026-11-20 12:05 UTC",
    });
    expect(v.runs[0]).toMatchObject({ startedAt: "2026-11-20 12:00 UTC", finishedAt: null });
    expect(v.syncRunning).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { adminView, syncStartedText } from "./view.js";

const NOW = new Date("2026-11-20T12:01:05Z");
const run = (fields: Partial<Parameters<typeof adminView>[1][number]>) => ({
  id: 9,
  source: "bugzilla",
  kind: "full",
  outcome: "success",
  startedAt: new Date("2026-11-20T12:00:00Z"),
  finishedAt: new Date("2026-11-20T12:00:30Z"),
  error: null,
  ...fields,
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
      [run({ finishedAt: null, outcome: "running" })],
      false,
      NOW,
    );
    expect(v.releases[0]!.milestones[0]).toMatchObject({
      name: "Fedora 46 Beta",
      path: "/milestone/46/beta/buglist",
      blocker: "F46BetaBlocker (1)",
      fe: "2",
      lastSyncAt: "2026-11-20 12:05 UTC",
    });
    expect(v.runs[0]).toMatchObject({ startedAt: "2026-11-20 12:00 UTC", finishedAt: null });
  });

  it("while the lock is held, names the running source's run with its kind and how long it has run", () => {
    const runs = [
      run({ id: 11, source: "bodhi", kind: "incremental", outcome: "running", finishedAt: null }),
      run({ id: 10, source: "bugzilla", kind: "full" }),
    ];
    expect(adminView([], runs, true, NOW).sync).toEqual({
      running: true,
      current: {
        source: "bodhi",
        kind: "incremental",
        startedAt: "2026-11-20 12:00 UTC",
        elapsed: "1 min 5 s",
      },
      lastFinishedAt: "2026-11-20 12:00 UTC",
    });
    // A run left "running" by a process that died is not a running sync: no lock.
    expect(adminView([], runs, false, NOW).sync).toMatchObject({ running: false, current: null });
    // Between two sources the lock is held and no run is going on.
    expect(adminView([], [runs[1]!], true, NOW).sync).toMatchObject({ running: true, current: null });
    expect(adminView([], [], false, NOW).sync).toEqual({
      running: false,
      current: null,
      lastFinishedAt: null,
    });
  });
});

describe("syncStartedText", () => {
  it("says what the server started, not what was asked", () => {
    expect(syncStartedText(true, { source: "bugzilla", kind: "full" })).toBe(
      "Full sync started in the background: every source reads everything again.",
    );
    expect(syncStartedText(false, { source: "bugzilla", kind: "incremental" })).toBe(
      "Incremental sync started in the background: Bugzilla reads what changed since the last sync.",
    );
    expect(syncStartedText(false, { source: "bugzilla", kind: "full" })).toMatch(
      /^Sync started in the background: Bugzilla is doing a full sync, not an incremental one \(/,
    );
    expect(syncStartedText(false, null)).toMatch(/already over/);
  });
});

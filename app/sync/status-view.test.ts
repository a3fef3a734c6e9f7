import { describe, expect, it } from "vitest";
import {
  formatDuration,
  numericCounts,
  sourceFailures,
  syncPageView,
  syncStatusJson,
  type SyncRunRow,
} from "./status-view";

const run: SyncRunRow = {
  id: 7,
  source: "bugzilla",
  kind: "incremental",
  startedAt: new Date("2026-11-20T12:00:00Z"),
  finishedAt: new Date("2026-11-20T12:01:05Z"),
  outcome: "partial",
  counts: { milestones: 2, bugsFetched: 40, note: "x" },
  error: "41/beta: HTTP 503",
};
const scheduler = {
  role: "primary" as const,
  scheduling: true,
  jobs: [
    {
      kind: "incremental" as const,
      intervalMs: 1_800_000,
      nextRunAt: new Date("2026-11-20T12:30:00Z"),
      running: false,
    },
    {
      kind: "full" as const,
      intervalMs: 86_400_000,
      nextRunAt: new Date("2026-11-21T11:45:00Z"),
      running: false,
    },
  ],
};

describe("syncStatusJson", () => {
  it("reports the last run per source with its duration and numeric counts, and the primary's next runs", () => {
    const json = syncStatusJson(["bugzilla", "bodhi"], new Map([["bugzilla", run]]), "primary", scheduler);
    expect(json.node).toMatchObject({ role: "primary", schedules: true });
    expect(json.nextScheduledRun).toEqual({
      incremental: "2026-11-20T12:30:00.000Z",
      full: "2026-11-21T11:45:00.000Z",
    });
    expect(json.intervalSeconds).toBe(1800);
    expect(json.sources).toEqual([
      {
        source: "bugzilla",
        lastRun: {
          id: 7,
          kind: "incremental",
          outcome: "partial",
          startedAt: "2026-11-20T12:00:00.000Z",
          finishedAt: "2026-11-20T12:01:05.000Z",
          durationSeconds: 65,
          counts: { milestones: 2, bugsFetched: 40 },
          error: "41/beta: HTTP 503",
        },
      },
      { source: "bodhi", lastRun: null },
    ]);
  });

  it("says a secondary does not schedule, and gives no next run", () => {
    const json = syncStatusJson(["bugzilla"], new Map(), "secondary", {
      role: "secondary",
      scheduling: false,
      jobs: [],
    });
    expect(json.node.schedules).toBe(false);
    expect(json.node.note).toMatch(/secondary: it does not schedule syncs/);
    expect(json.nextScheduledRun).toBeNull();
    expect(json.intervalSeconds).toBeNull();
  });

  it("a running sync has no duration yet", () => {
    const json = syncStatusJson(
      ["bugzilla"],
      new Map([["bugzilla", { ...run, finishedAt: null }]]),
      "primary",
      undefined,
    );
    expect(json.sources[0]!.lastRun!.durationSeconds).toBeNull();
    expect(json.node.schedules).toBe(false);
    const page = syncPageView(json, new Date("2026-11-20T12:02:00Z"));
    expect(page.times.runs.bugzilla).toEqual({
      started: { iso: "2026-11-20T12:00:00.000Z", utc: "2026-11-20 12:00 UTC", relative: expect.any(String) },
      duration: "running",
    });
  });

  it("gives the page each source's counters in words, in one fixed order, whatever the stored order", () => {
    // As PostgreSQL's jsonb returns them: shorter keys first.
    const bodhi = {
      ...run,
      source: "bodhi",
      counts: { updates: 44, releases: 1, requests: 2, staleLinks: 1 },
    };
    const json = syncStatusJson(
      ["bugzilla", "bodhi", "koji"],
      new Map([
        ["bugzilla", run],
        ["bodhi", bodhi],
      ]),
      "secondary",
      undefined,
    );
    expect(syncPageView(json, new Date("2026-11-20T12:02:00Z")).counts).toEqual({
      bugzilla: "2 milestones, 40 bugs read",
      bodhi: "1 release, 44 updates, 1 stale link, 2 requests",
      koji: "",
    });
  });
});

describe("formatDuration and numericCounts", () => {
  it("formats durations for people", () => {
    expect(formatDuration(0.42)).toBe("0.4 s");
    expect(formatDuration(12.4)).toBe("12 s");
    expect(formatDuration(185)).toBe("3 min 5 s");
    expect(formatDuration(120)).toBe("2 min");
    expect(formatDuration(3720)).toBe("1 h 2 min");
    expect(formatDuration(null)).toBe("running");
  });

  it("keeps only numeric counts", () => {
    expect(numericCounts({ a: 1, b: "2", c: null })).toEqual({ a: 1 });
    expect(numericCounts(null)).toEqual({});
    expect(numericCounts([1])).toEqual({});
  });
});

describe("sourceFailures", () => {
  const now = new Date("2026-11-20T13:00:00Z");
  const at = (source: string, outcome: string, error: string | null = null): SyncRunRow => ({
    ...run,
    source,
    outcome,
    error,
  });

  it("lists the failed and partial sources in Bodhi, Koji, Pagure order with the last success", () => {
    const finished = new Map([
      ["pagure", at("pagure", "partial", "issue 7: HTTP 500")],
      ["koji", at("koji", "failed", "fault 1014")],
      ["bodhi", at("bodhi", "success")],
      ["bugzilla", at("bugzilla", "failed", "HTTP 503")],
    ]);
    const success = new Map([["koji", new Date("2026-11-20T11:00:00Z")]]);
    const failures = sourceFailures(finished, success, now);
    expect(failures.map((f) => [f.source, f.error, f.lastSuccess?.utc ?? null])).toEqual([
      ["koji", "fault 1014", "2026-11-20 11:00 UTC"],
      ["pagure", "issue 7: HTTP 500", null],
    ]);
    expect(failures[0]).toMatchObject({ data: "Koji build tags (stable-tag markers)" });
    expect(failures[0]!.attempt?.iso).toBe("2026-11-20T12:00:00.000Z");
  });

  it("is empty when every source succeeded or never ran, and names the outcome when there is no error", () => {
    expect(sourceFailures(new Map([["bodhi", at("bodhi", "success")]]), new Map(), now)).toEqual([]);
    expect(sourceFailures(new Map([["koji", at("koji", "failed")]]), new Map(), now)[0]!.error).toBe(
      "the Koji sync ended failed",
    );
  });
});

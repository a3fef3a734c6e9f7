import { describe, expect, it } from "vitest";
import { describeSourceRun, describeSync } from "./summary";

const milestone = (ok: boolean) => ({
  milestone: "Fedora 46 Beta",
  ok,
  fetched: 1,
  changes: 0,
  deactivated: 0,
  inaccessible: [],
  kind: "full" as const,
});

describe("describeSync", () => {
  it("says one milestone and one bug read, not milestone(s) or bugs", () => {
    const line = describeSync(
      {
        ok: true,
        runs: [
          {
            source: "bugzilla",
            runId: 1,
            outcome: "success",
            requests: 3,
            milestones: [milestone(true)] as never,
            // In the order PostgreSQL's jsonb gives them back.
            counts: {
              changes: 0,
              requests: 3,
              milestones: 1,
              bugsFetched: 1,
              deactivated: 0,
              inaccessible: 0,
            },
          },
          {
            source: "bodhi",
            runId: 2,
            outcome: "success",
            requests: 1,
            milestones: [],
            counts: { updates: 1, releases: 1, requests: 1, staleLinks: 0 },
          },
        ],
      },
      1234,
    );
    expect(line).toBe(
      "Sync done in 1.2 s: bugzilla success: 1 milestone, 1 bug read, 0 changes, 0 bugs no longer tracked, " +
        "0 inaccessible bugs, 3 requests; bodhi success: 1 release, 1 update, 0 stale links, 1 request",
    );
    expect(line).not.toMatch(/\(s\)|[a-z][A-Z]/);
  });

  it("says FAILED or CANCELLED, and nothing to do without runs", () => {
    expect(describeSync({ ok: false, runs: [] }, 0)).toBe("Sync FAILED in 0.0 s: nothing to do");
    expect(describeSync({ ok: false, cancelled: true, runs: [] }, 500)).toBe(
      "Sync CANCELLED in 0.5 s: nothing to do",
    );
  });
});

describe("describeSourceRun", () => {
  it("adds how many milestones failed; a run that failed early counts its requests only", () => {
    const failed = [milestone(false), milestone(false)] as never;
    expect(
      describeSourceRun({
        source: "bugzilla",
        outcome: "failed",
        milestones: failed,
        counts: { milestones: 2, requests: 2 },
      }),
    ).toBe("bugzilla failed: 2 milestones, 2 requests, 2 milestones failed");
    expect(
      describeSourceRun({ source: "koji", outcome: "failed", milestones: [], counts: { requests: 1 } }),
    ).toBe("koji failed: 1 request");
  });
});

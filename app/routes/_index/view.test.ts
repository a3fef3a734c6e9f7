import { describe, expect, it } from "vitest";
import { milestoneInfo } from "../../../e2e/setup/view-fixtures";
import { buildHomeView, sectionCounts, type StateCount } from "./view.js";

const NOW = new Date("2026-11-20T12:00:00Z");
const BZ = "https://bugzilla.example";

const ms = milestoneInfo;

describe("buildHomeView", () => {
  it("counts each milestone's bugs per section and groups by release", () => {
    const state = (milestoneId: number, over: Partial<StateCount>): StateCount => ({
      milestoneId,
      blocker: null,
      fe: null,
      closed: false,
      bugs: 1,
      ...over,
    });
    const home = buildHomeView(
      [ms(1, 46, "beta"), ms(2, 47, "beta"), ms(3, 46, "final")],
      [
        state(1, { blocker: "proposed", bugs: 3 }),
        state(1, { blocker: "proposed", closed: true }),
        state(1, { blocker: "accepted", fe: "proposed", bugs: 2 }),
        state(2, { fe: "accepted" }),
      ],
      { now: NOW, bugzillaUrl: BZ },
    );
    expect(home.releases.map((r) => [r.release, r.milestones.map((m) => m.version)])).toEqual([
      [47, ["beta"]],
      [46, ["beta", "final"]],
    ]);
    const beta46 = home.releases[1]!.milestones[0]!;
    expect(beta46.counts.proposedBlockers).toEqual({ open: 3, closed: 1 });
    expect(beta46.counts.acceptedBlockers).toEqual({ open: 2, closed: 0 });
    expect(beta46.counts.proposedFEs).toEqual({ open: 2, closed: 0 });
    expect(home.releases[0]!.milestones[0]!.counts.acceptedFEs).toEqual({ open: 1, closed: 0 });
    expect(home.releases[1]!.milestones[1]!.counts.proposedBlockers).toEqual({ open: 0, closed: 0 });
  });

  it("counts conflicts and rejections as the bug list's sections do", () => {
    const counts = sectionCounts([
      { milestoneId: 1, blocker: "conflict", fe: "rejected", closed: false, bugs: 2 },
      { milestoneId: 1, blocker: "rejected", fe: "conflict", closed: true, bugs: 1 },
      { milestoneId: 1, blocker: "rejected", fe: null, closed: false, bugs: 4 },
    ]);
    expect(counts.conflicts).toEqual({ open: 2, closed: 1 });
    // A bug rejected as both a blocker and an FE is one row of Rejected.
    expect(counts.rejected).toEqual({ open: 6, closed: 1 });
    expect(counts.proposedBlockers).toEqual({ open: 0, closed: 0 });
  });

  it("is empty without milestones", () => {
    expect(buildHomeView([], [], { now: NOW, bugzillaUrl: BZ })).toEqual({ releases: [] });
  });
});

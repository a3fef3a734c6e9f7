import { describe, expect, it } from "vitest";
import { milestoneInfo } from "../../../e2e/setup/view-fixtures";
import { buildHomeView, type MilestoneBugState } from "./view.js";

const NOW = new Date("2026-11-20T12:00:00Z");
const BZ = "https://bugzilla.example";

const ms = milestoneInfo;

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

import { describe, expect, it } from "vitest";
import { milestoneSavedText, trackerLabel } from "./words.js";

describe("trackerLabel", () => {
  it("names the alias with the id, or the id alone", () => {
    expect(trackerLabel(2390101, "F46BetaBlocker")).toBe("F46BetaBlocker (2390101)");
    expect(trackerLabel(2390101, null)).toBe("2390101");
  });
});

describe("milestoneSavedText", () => {
  const m = {
    blockerTrackerId: 2390101,
    blockerTrackerAlias: "F46BetaBlocker",
    feTrackerId: 2390102,
    feTrackerAlias: null,
    active: true,
    current: true,
  };
  it("names the milestone, its trackers and its state", () => {
    expect(milestoneSavedText("Fedora 46 Beta", m)).toBe(
      "Fedora 46 Beta saved: trackers F46BetaBlocker (2390101) and 2390102; active, current.",
    );
    expect(milestoneSavedText("Fedora 46 Beta", { ...m, current: false })).toMatch(/; active\.$/);
    expect(milestoneSavedText("Fedora 46 Beta", { ...m, active: false, current: false })).toMatch(
      /; inactive\.$/,
    );
  });
});

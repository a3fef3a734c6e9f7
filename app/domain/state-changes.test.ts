import { describe, expect, it } from "vitest";
import { stateChanges, type TrackedState } from "./state-changes";

const base: TrackedState = {
  active: true,
  blocker: "proposed",
  fe: null,
  accepted0Day: false,
  acceptedPreviousRelease: false,
  status: "NEW",
};

describe("stateChanges", () => {
  it("reports a first sighting as changes from null, skipping unset fields", () => {
    expect(stateChanges(null, base)).toEqual([
      { field: "active", oldValue: null, newValue: "true" },
      { field: "blocker", oldValue: null, newValue: "proposed" },
      { field: "status", oldValue: null, newValue: "NEW" },
    ]);
  });

  it("reports nothing when nothing changed", () => {
    expect(stateChanges(base, { ...base })).toEqual([]);
  });

  it("reports each changed field once, in a fixed order", () => {
    const next: TrackedState = {
      ...base,
      blocker: "accepted",
      fe: "proposed",
      accepted0Day: true,
      status: "ON_QA",
    };
    expect(stateChanges(base, next)).toEqual([
      { field: "blocker", oldValue: "proposed", newValue: "accepted" },
      { field: "fe", oldValue: null, newValue: "proposed" },
      { field: "accepted0Day", oldValue: "false", newValue: "true" },
      { field: "status", oldValue: "NEW", newValue: "ON_QA" },
    ]);
  });

  it("reports deactivation", () => {
    expect(stateChanges(base, { ...base, active: false })).toEqual([
      { field: "active", oldValue: "true", newValue: "false" },
    ]);
  });
});

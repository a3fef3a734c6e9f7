import { describe, expect, it } from "vitest";
import {
  fixDeliveries,
  isNeededFix,
  needsStableRequest,
  notStableYet,
  pendingStablePush,
  requestGroupsOf,
  type AcceptanceFields,
  type RequestUpdateFacts,
} from "./release-requests.js";

const accepted = (over: Partial<AcceptanceFields> = {}): AcceptanceFields => ({
  blocker: "accepted",
  fe: null,
  accepted0Day: false,
  acceptedPreviousRelease: false,
  ...over,
});

const update = (over: Partial<RequestUpdateFacts> = {}): RequestUpdateFacts => ({
  releaseName: "F46",
  status: "testing",
  request: null,
  builds: [{ inStableTag: false }],
  ...over,
});

describe("fixDeliveries", () => {
  it("AcceptedBlocker and AcceptedFreezeException fixes go into the compose", () => {
    expect(fixDeliveries(accepted())).toEqual(["compose"]);
    expect(fixDeliveries(accepted({ blocker: null, fe: "accepted" }))).toEqual(["compose"]);
  });
  it("Accepted0Day: 'fixed by an update available on release day (not on media)'", () => {
    expect(fixDeliveries(accepted({ accepted0Day: true }))).toEqual(["zeroDay"]);
  });
  it("AcceptedPreviousRelease: 'fixed by updates to previous stable releases'", () => {
    expect(fixDeliveries(accepted({ acceptedPreviousRelease: true }))).toEqual(["previousRelease"]);
    expect(fixDeliveries(accepted({ accepted0Day: true, acceptedPreviousRelease: true }))).toEqual([
      "zeroDay",
      "previousRelease",
    ]);
  });
  it("a 0-day blocker that is also an accepted freeze exception may go into the compose", () => {
    expect(fixDeliveries(accepted({ accepted0Day: true, fe: "accepted" }))).toEqual(["compose", "zeroDay"]);
  });
  it("bugs not accepted need nothing", () => {
    for (const state of ["proposed", "rejected", "conflict"] as const)
      expect(fixDeliveries(accepted({ blocker: state, accepted0Day: true, fe: state }))).toEqual([]);
  });
});

describe("needsStableRequest / pendingStablePush / notStableYet", () => {
  it("classifies Bodhi status and request", () => {
    expect(needsStableRequest({ status: "testing", request: null })).toBe(true);
    expect(needsStableRequest({ status: "pending", request: "testing" })).toBe(true);
    expect(needsStableRequest({ status: "testing", request: "stable" })).toBe(false);
    expect(needsStableRequest({ status: "stable", request: null })).toBe(false);
    expect(pendingStablePush({ status: "testing", request: "stable" })).toBe(true);
    expect(pendingStablePush({ status: "pending", request: "stable" })).toBe(true);
    expect(pendingStablePush({ status: "stable", request: "stable" })).toBe(false);
    expect(pendingStablePush({ status: "testing", request: "testing" })).toBe(false);
    expect(notStableYet({ status: "testing", request: "stable" })).toBe(true);
    expect(notStableYet({ status: "pending", request: null })).toBe(true);
    expect(notStableYet({ status: "stable", request: null })).toBe(false);
  });
});

describe("requestGroupsOf on a Fedora 46 milestone (previous stable releases 45 and 44)", () => {
  const groups = (bug: AcceptanceFields, u: RequestUpdateFacts) => requestGroupsOf(bug, u, 46, [45, 44]);

  it("a compose fix: tag, stable request, push and unchecked-tags groups by its builds and Bodhi state", () => {
    expect(groups(accepted(), update())).toEqual(["tag", "requestStable"]);
    expect(
      groups(
        accepted(),
        update({ request: "stable", builds: [{ inStableTag: true }, { inStableTag: null }] }),
      ),
    ).toEqual(["pendingPush", "unknownTags"]);
    expect(groups(accepted(), update({ status: "stable", builds: [{ inStableTag: true }] }))).toEqual([]);
  });

  it("a 0-day fix is never tagged into the compose: it must be stable on release day", () => {
    const zeroDay = accepted({ accepted0Day: true });
    expect(groups(zeroDay, update())).toEqual(["zeroDay"]);
    expect(groups(zeroDay, update({ request: "stable" }))).toEqual(["zeroDay"]);
    expect(groups(zeroDay, update({ status: "stable" }))).toEqual([]);
  });

  it("a previous-release fix is pushed to the stable release, never part of the compose", () => {
    const prev = accepted({ acceptedPreviousRelease: true });
    expect(groups(prev, update({ releaseName: "F45" }))).toEqual(["previousRelease"]);
    expect(groups(prev, update({ releaseName: "F44", request: "stable" }))).toEqual(["previousRelease"]);
    expect(groups(prev, update({ releaseName: "F45", status: "stable" }))).toEqual([]);
    // An update of the milestone's own release is no previous-release fix, nor a compose one.
    expect(groups(prev, update())).toEqual([]);
    // A release that is no longer a current stable release, or a later one: not counted.
    expect(groups(prev, update({ releaseName: "F43" }))).toEqual([]);
    expect(groups(prev, update({ releaseName: "F47" }))).toEqual([]);
  });

  it("an update of a previous release fixes nothing for a plain accepted blocker", () => {
    expect(groups(accepted(), update({ releaseName: "F45" }))).toEqual([]);
  });

  it("a proposed bug needs nothing", () => {
    expect(groups(accepted({ blocker: "proposed" }), update())).toEqual([]);
  });
});

describe("isNeededFix", () => {
  it("matches the fixes each kind of acceptance needs", () => {
    const prev = accepted({ acceptedPreviousRelease: true });
    expect(isNeededFix(accepted(), { releaseName: "F46" }, 46, [45])).toBe(true);
    expect(isNeededFix(accepted(), { releaseName: "F45" }, 46, [45])).toBe(false);
    expect(isNeededFix(accepted({ accepted0Day: true }), { releaseName: "F46" }, 46, [45])).toBe(true);
    expect(isNeededFix(prev, { releaseName: "F45" }, 46, [45])).toBe(true);
    expect(isNeededFix(prev, { releaseName: "F46" }, 46, [45])).toBe(false);
    expect(isNeededFix(prev, { releaseName: "F44" }, 46, [45])).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { updateMarker } from "./update-marker.js";

const u = (
  status: string,
  over: { request?: string | null; inStableTag?: boolean | null; gating?: string | null } = {},
) => updateMarker({ status, request: null, inStableTag: null, ...over });

describe("updateMarker", () => {
  it("keeps testing and pending neutral, whether or not the builds are tagged stable yet", () => {
    expect(u("testing")).toEqual({ tone: "neutral", label: "testing" });
    expect(u("testing", { inStableTag: false })).toEqual({ tone: "neutral", label: "testing" });
    expect(u("testing", { request: "stable", inStableTag: false })).toEqual({
      tone: "neutral",
      label: "testing",
    });
    expect(u("pending", { request: "testing" })).toEqual({ tone: "neutral", label: "pending" });
    expect(u("testing", { gating: "waiting" })).toEqual({ tone: "neutral", label: "testing" });
    expect(u("testing", { gating: "passed" })).toEqual({ tone: "neutral", label: "testing" });
    expect(u("unknown")).toEqual({ tone: "neutral", label: "unknown" });
  });

  it("marks stable updates and updates whose builds are all in the stable tag as good", () => {
    expect(u("stable")).toEqual({ tone: "good", label: "stable" });
    expect(u("stable", { inStableTag: true })).toEqual({ tone: "good", label: "stable" });
    expect(u("testing", { inStableTag: true })).toEqual({ tone: "good", label: "in stable tag" });
  });

  it("marks only real problems: obsolete, unpushed, revoked, withdrawn, failed gating", () => {
    expect(u("obsolete")).toEqual({ tone: "problem", label: "obsolete" });
    expect(u("unpushed")).toEqual({ tone: "problem", label: "unpushed" });
    expect(u("Revoked")).toEqual({ tone: "problem", label: "revoked" });
    expect(u("testing", { request: "unpush" })).toEqual({ tone: "problem", label: "testing" });
    expect(u("testing", { request: "revoke", inStableTag: true })).toEqual({
      tone: "problem",
      label: "testing",
    });
    expect(u("testing", { gating: "failed" })).toEqual({ tone: "problem", label: "gating failed" });
    expect(u("pending", { gating: "greenwave_failed" })).toEqual({ tone: "problem", label: "gating failed" });
  });

  it("lets a stable or tagged update be good whatever its gating said (it is in)", () => {
    expect(u("stable", { gating: "failed" })).toEqual({ tone: "good", label: "stable" });
    expect(u("testing", { gating: "failed", inStableTag: true })).toEqual({
      tone: "good",
      label: "in stable tag",
    });
  });
});

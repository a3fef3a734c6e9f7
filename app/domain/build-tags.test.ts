import { describe, expect, it } from "vitest";
import { inStableTag } from "./build-tags";

describe("inStableTag", () => {
  const fetched = new Date("2026-11-20T12:00:00Z");
  it("is true when the build carries exactly the stable tag", () => {
    expect(inStableTag({ tags: ["f46-updates-testing", "f46"], tagsFetchedAt: fetched }, "f46")).toBe(true);
  });
  it("is false when it carries only other tags (a prefix is not the tag)", () => {
    expect(
      inStableTag({ tags: ["f46-updates-candidate", "f46-updates"], tagsFetchedAt: fetched }, "f46"),
    ).toBe(false);
    expect(inStableTag({ tags: [], tagsFetchedAt: fetched }, "f46")).toBe(false);
  });
  it("is unknown (null) before Koji was read or without a stable tag", () => {
    expect(inStableTag({ tags: ["f46"], tagsFetchedAt: null }, "f46")).toBeNull();
    expect(inStableTag({ tags: ["f46"], tagsFetchedAt: fetched }, "")).toBeNull();
  });
});

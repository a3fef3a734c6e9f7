import { describe, expect, it } from "vitest";
import { fixStatus } from "./fix-status";

describe("fixStatus", () => {
  it("is none without a live update", () => {
    expect(fixStatus([])).toBe("none");
    expect(
      fixStatus([
        { status: "obsolete", inStableTag: true },
        { status: "revoked", inStableTag: null },
      ]),
    ).toBe("none");
  });

  it.each([
    ["pending", null, "pending"],
    ["testing", null, "testing"],
    ["testing", false, "testing"],
    ["stable", false, "stable"],
    ["stable", null, "stable"],
    ["stable", true, "compose"],
    ["testing", true, "compose"],
    ["unknown", null, "pending"],
  ] as const)("an update %s with inStableTag %s is %s", (status, inStableTag, expected) => {
    expect(fixStatus([{ status, inStableTag }])).toBe(expected);
  });

  it("takes the most advanced of several updates", () => {
    expect(
      fixStatus([
        { status: "testing", inStableTag: false },
        { status: "stable", inStableTag: true },
        { status: "pending", inStableTag: null },
      ]),
    ).toBe("compose");
  });
});

import { describe, expect, it } from "vitest";
import { parseBugId } from "./bug-id.js";

describe("parseBugId", () => {
  it("accepts positive integers", () => {
    expect(parseBugId("2410101")).toBe(2410101);
    expect(parseBugId("007")).toBe(7);
  });

  it.each(["", "abc", "0", "-5", "1.5", "1e6", " 12", "99999999999", "2147483648", undefined])(
    "rejects %s",
    (raw) => {
      expect(parseBugId(raw)).toBeNull();
    },
  );
});

import { describe, expect, it } from "vitest";
import { compareStatus } from "./status-order.js";

describe("compareStatus", () => {
  it("compareStatus puts unknown statuses after known ones", () => {
    expect(["ZZZ", "VERIFIED", "NEW", "AAA"].sort(compareStatus)).toEqual(["NEW", "VERIFIED", "AAA", "ZZZ"]);
  });
});

import { describe, expect, it } from "vitest";
import { utcInstant } from "./utc-instant.js";

describe("utcInstant", () => {
  it.each([
    [[2026, 2, 28, 23, 59, 59], "2026-02-28T23:59:59.000Z"],
    [[2024, 2, 29], "2024-02-29T00:00:00.000Z"],
    [[2026, 12, 31, 0, 0], "2026-12-31T00:00:00.000Z"],
  ])("%j is %s (UTC, whatever the process time zone)", (fields, iso) => {
    expect(utcInstant(fields)?.toISOString()).toBe(iso);
  });

  it.each([
    [2026, 2, 29],
    [2026, 2, 31],
    [2026, 13, 1],
    [2026, 0, 1],
    [2026, 1, 0],
    [2026, 1, 1, 24],
    [2026, 1, 1, 0, 60],
    [2026, 1, 1, 0, 0, 60],
    [2026, 1],
    [Number.NaN, 1, 1],
  ])("%j names no instant (null), rather than rolling over", (...fields) => {
    expect(utcInstant(fields)).toBeNull();
  });
});

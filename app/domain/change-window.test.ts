import { describe, expect, it } from "vitest";
import { changeWindow, inWindow, type ChangeWindow } from "./change-window";

const monday16 = { weekday: 1, hour: 16, minute: 0 };
// A Sunday evening: the last meeting was Monday 2026-11-30 16:00 UTC.
const now = new Date("2026-12-06T21:30:00Z");
const window = (since: string | null) => changeWindow(since, now, monday16) as ChangeWindow;

describe("changeWindow", () => {
  it("defaults to the start of the last meeting", () => {
    for (const since of [null, undefined, "", "  "]) {
      expect(changeWindow(since, now, monday16)).toEqual({
        since: new Date("2026-11-30T16:00:00Z"),
        until: now,
        preset: "meeting",
        param: "",
      });
    }
  });

  it("takes a number of days back from now", () => {
    expect(window("7d")).toMatchObject({
      since: new Date("2026-11-29T21:30:00Z"),
      preset: "days",
      days: 7,
      param: "7d",
    });
    expect(window("30D")).toMatchObject({ since: new Date("2026-11-06T21:30:00Z"), days: 30, param: "30d" });
  });

  it.each([
    ["2026-11-30", "2026-11-30T00:00:00.000Z"],
    ["2026-11-30T16:00", "2026-11-30T16:00:00.000Z"],
    ["2026-11-30T16:00:05Z", "2026-11-30T16:00:05.000Z"],
    ["2026-11-30 16:00:05.123Z", "2026-11-30T16:00:05.000Z"],
    ["2026-11-30T17:00+01:00", "2026-11-30T16:00:00.000Z"],
    ["2026-11-30T11:00-0500", "2026-11-30T16:00:00.000Z"],
  ])("since=%s starts at %s", (since, start) => {
    expect(window(since).since.toISOString()).toBe(start);
    expect(window(since).preset).toBe("date");
    expect(window(since).param).toBe(since);
  });

  it.each([
    ["yesterday", /is not a date/],
    ["2026-02-30", /is not a date/],
    ["2026-11-30T25:00", /is not a date/],
    ["30/11/2026", /is not a date/],
    ["0d", /from 1 to 366/],
    ["400d", /from 1 to 366/],
    ["99999d", /from 1 to 366/],
    ["2026-12-07", /in the future/],
    ["2026-12-06T21:31Z", /in the future/],
  ])("refuses since=%s", (since, message) => {
    const result = changeWindow(since, now, monday16);
    expect(result).toHaveProperty("error");
    expect((result as { error: string }).error).toMatch(message);
  });

  it("accepts a start exactly at now", () => {
    expect(window("2026-12-06T21:30Z").since).toEqual(now);
  });
});

describe("inWindow", () => {
  const w = { since: new Date("2026-11-30T16:00:00Z"), until: now };
  it("includes both ends and nothing outside", () => {
    expect(inWindow(w.since, w)).toBe(true);
    expect(inWindow(now, w)).toBe(true);
    expect(inWindow(new Date("2026-11-30T15:59:59Z"), w)).toBe(false);
    expect(inWindow(new Date("2026-12-06T21:30:01Z"), w)).toBe(false);
    expect(inWindow(null, w)).toBe(false);
  });
});

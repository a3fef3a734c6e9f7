import { describe, expect, it } from "vitest";
import {
  formatMeetingSchedule,
  lastMeetingStart,
  parseMeetingSchedule,
  type MeetingSchedule,
} from "./meeting-schedule";

describe("parseMeetingSchedule", () => {
  it.each([
    ["Mon 16:00 UTC", { weekday: 1, hour: 16, minute: 0 }],
    ["mon 16:00", { weekday: 1, hour: 16, minute: 0 }],
    ["Monday 9:30 utc", { weekday: 1, hour: 9, minute: 30 }],
    ["  Sun 00:00  ", { weekday: 0, hour: 0, minute: 0 }],
    ["SAT 23:59 UTC", { weekday: 6, hour: 23, minute: 59 }],
    ["Thursday 14:05", { weekday: 4, hour: 14, minute: 5 }],
  ])("%j → %j", (text, slot) => {
    expect(parseMeetingSchedule(text)).toEqual(slot);
  });

  it.each([
    "",
    "Mon",
    "16:00",
    "Mo 16:00",
    "Mond 16:00",
    "Mon 24:00",
    "Mon 16:60",
    "Mon 16:00 CET",
    "Mon 4pm",
  ])("%j is not a weekly slot", (text) => {
    expect(parseMeetingSchedule(text)).toBeNull();
  });

  it("formats back to the configured form", () => {
    expect(formatMeetingSchedule({ weekday: 1, hour: 9, minute: 5 })).toBe("Mon 09:05 UTC");
  });
});

describe("lastMeetingStart", () => {
  const monday16: MeetingSchedule = { weekday: 1, hour: 16, minute: 0 };
  const t = (iso: string) => new Date(iso);

  it.each([
    // 2026-12-07 is a Monday.
    ["2026-12-07T18:00:00Z", "2026-12-07T16:00:00.000Z", "later on the meeting day: that day's meeting"],
    ["2026-12-07T16:00:00Z", "2026-12-07T16:00:00.000Z", "the meeting's first minute: that meeting"],
    ["2026-12-07T15:59:59Z", "2026-11-30T16:00:00.000Z", "before it starts: last week's"],
    ["2026-12-06T21:30:00Z", "2026-11-30T16:00:00.000Z", "on the Sunday before: last Monday's"],
    ["2026-12-08T00:00:00Z", "2026-12-07T16:00:00.000Z", "the day after"],
    ["2027-01-01T12:00:00Z", "2026-12-28T16:00:00.000Z", "across a year's end"],
  ])("at %s the last meeting began %s (%s)", (now, expected) => {
    expect(lastMeetingStart(monday16, t(now)).toISOString()).toBe(expected);
  });

  it("a Sunday slot seen on a Sunday morning is last week's", () => {
    expect(
      lastMeetingStart({ weekday: 0, hour: 20, minute: 30 }, t("2026-12-06T08:00:00Z")).toISOString(),
    ).toBe("2026-11-29T20:30:00.000Z");
  });
});

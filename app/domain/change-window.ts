/**
 * The window of time a milestone's changes page, feed and weekly summary cover: from a start (`since`) to
 * now. The start is what `?since=` says, or by default the start of the last blocker review meeting
 * (`meeting-schedule.ts`): QA leads prepare a meeting from what changed since the previous one.
 *
 * Pure: no I/O, no clock (the current time is passed in).
 */
import { lastMeetingStart, type MeetingSchedule } from "./meeting-schedule.js";
import { utcInstant } from "./utc-instant.js";

/** How the window's start was chosen. */
export type WindowPreset = "meeting" | "days" | "date";

/** A window of changes: everything at or after `since` up to `until` (now). */
export interface ChangeWindow {
  since: Date;
  until: Date;
  preset: WindowPreset;
  /** For `days`: how many days back (`?since=7d`). */
  days?: number;
  /** The `?since=` value that gives this window again (empty for the default). */
  param: string;
}

/** Longest relative window: a year. */
export const MAX_WINDOW_DAYS = 366;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DAYS = /^(\d+)d$/i;

/** What `?since=` accepts, for error messages. */
export const SINCE_HELP =
  "a date (2026-11-30, from midnight UTC), an ISO time (2026-11-30T16:00Z; UTC when no zone is given) or a number of days (7d)";

/**
 * The window for a `since` value at `now`.
 *
 * - empty or absent → from the start of the last meeting (`schedule`) at or before `now`;
 * - `7d` (1 to {@link MAX_WINDOW_DAYS} days) → from exactly that many days before `now`;
 * - `2026-11-30` → from that day's midnight UTC;
 * - `2026-11-30T16:00`, `2026-11-30T16:00:00Z`, `2026-11-30T17:00+01:00` → from that instant (UTC when no
 *   zone is given).
 *
 * @returns the window, or `{ error }` with a sentence for a value that is none of these, a date that
 *   does not exist (`2026-02-30`) or a start after `now`.
 */
export function changeWindow(
  since: string | null | undefined,
  now: Date,
  schedule: MeetingSchedule,
): ChangeWindow | { error: string } {
  const raw = (since ?? "").trim();
  if (raw === "") return { since: lastMeetingStart(schedule, now), until: now, preset: "meeting", param: "" };
  const days = DAYS.exec(raw);
  if (days) {
    const n = Number(days[1]);
    if (n < 1 || n > MAX_WINDOW_DAYS)
      return { error: `since: a number of days must be from 1 to ${MAX_WINDOW_DAYS}, not ${raw}` };
    return {
      since: new Date(now.getTime() - n * DAY_MS),
      until: now,
      preset: "days",
      days: n,
      param: `${n}d`,
    };
  }
  const start = parseInstant(raw);
  if (start === null) return { error: `since: "${raw.slice(0, 40)}" is not ${SINCE_HELP}` };
  if (start.getTime() > now.getTime()) return { error: `since: ${raw} is in the future` };
  return { since: start, until: now, preset: "date", param: raw };
}

/** A date (midnight UTC) or an ISO date-time (UTC unless it gives a zone); null when it is neither or does not exist. */
function parseInstant(raw: string): Date | null {
  const d = DATE.exec(raw) ?? DATE_TIME.exec(raw);
  if (!d) return null;
  // A date that does not exist (2026-02-30) is refused, not moved.
  const utc = utcInstant([1, 2, 3, 4, 5, 6].map((i) => Number(d[i] ?? 0)))?.getTime();
  if (utc === undefined) return null;
  const zone = d[7];
  if (!zone || zone.toUpperCase() === "Z") return new Date(utc);
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const offset = (Number(z[2]) * 60 + Number(z[3])) * 60_000 * (z[1] === "+" ? 1 : -1);
  return new Date(utc - offset);
}

/** Whether an instant lies in the window (start included, end included). */
export function inWindow(at: Date | null, window: { since: Date; until: Date }): at is Date {
  return at !== null && at.getTime() >= window.since.getTime() && at.getTime() <= window.until.getTime();
}

/**
 * The weekly blocker review meeting's slot (`MEETING_SCHEDULE`, e.g. `Mon 16:00 UTC`): Fedora QA reviews
 * proposed blockers and freeze exceptions once a week, so "what changed since the last meeting" is the
 * window a QA lead prepares the next one from.
 *
 * Times are UTC throughout (the meeting is announced in UTC; the pages show UTC). Pure: no I/O, no
 * clock (the current time is passed in).
 */

/** A weekly slot: day of the week (0 = Sunday … 6 = Saturday) and time of day in UTC. */
export interface MeetingSchedule {
  weekday: number;
  hour: number;
  minute: number;
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
const WEEKDAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The default slot: Monday 16:00 UTC (the Fedora blocker review meeting's usual time). */
export const DEFAULT_MEETING_SCHEDULE = "Mon 16:00 UTC";

/**
 * Parses a weekly slot: a day of the week (`Mon`, `monday`, any case), a 24-hour time `H:MM` or
 * `HH:MM`, optionally followed by `UTC` (the only zone: meetings are announced in UTC).
 * @example parseMeetingSchedule("Mon 16:00 UTC") // → { weekday: 1, hour: 16, minute: 0 }
 * @returns the slot, or null when the text is not one (`"Mon"`, `"16:00"`, `"Mon 25:00"`, `"Mon 16:00 CET"`).
 */
export function parseMeetingSchedule(text: string): MeetingSchedule | null {
  const m = /^([a-z]+)\s+(\d{1,2}):(\d{2})(?:\s+utc)?$/i.exec(text.trim());
  if (!m) return null;
  const day = m[1]!.toLowerCase();
  const weekday = WEEKDAYS.findIndex((d) => day === d || day === d.slice(0, 3));
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  if (weekday === -1 || hour > 23 || minute > 59) return null;
  return { weekday, hour, minute };
}

/** The slot as configured: `Mon 16:00 UTC`. */
export function formatMeetingSchedule(s: MeetingSchedule): string {
  return `${WEEKDAY_NAMES[s.weekday]} ${String(s.hour).padStart(2, "0")}:${String(s.minute).padStart(2, "0")} UTC`;
}

/**
 * The start of the most recent meeting at or before `now`: this week's slot when it has begun, else last
 * week's. A meeting that starts exactly at `now` counts as the last one.
 */
export function lastMeetingStart(schedule: MeetingSchedule, now: Date): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const daysBack = (now.getUTCDay() - schedule.weekday + 7) % 7;
  // UTC has no daylight saving: a day is always 24 hours, so plain millisecond steps are exact.
  let start = midnight - daysBack * DAY_MS + (schedule.hour * 60 + schedule.minute) * 60_000;
  if (start > now.getTime()) start -= WEEK_MS;
  return new Date(start);
}

/**
 * Small display formatters shared by the pages and the JSON API: milestone names, UTC and relative
 * times, Bugzilla statuses and links, open/closed counts.
 *
 * Pure: no I/O. Functions that depend on the clock take `now` as an argument so server and client
 * render the same text.
 */
import { utc } from "@date-fns/utc";
import { differenceInSeconds } from "date-fns/differenceInSeconds";
import { format } from "date-fns/format";
import { formatDistanceStrict } from "date-fns/formatDistanceStrict";
import { isValid } from "date-fns/isValid";

/** Site title, also the suffix of every page title. */
export const SITE_TITLE = "Fedora Blocker Bugs";

/** Browser title of a page: `"Fedora 46 Beta"` → `"Fedora 46 Beta — Fedora Blocker Bugs"`. */
export function pageTitle(title: string): string {
  return `${title} — ${SITE_TITLE}`;
}

/** The pages of a milestone. */
export type MilestonePage = "buglist" | "requests" | "irc" | "changes" | "burndown.svg";

/** URL path of a milestone page: `(46, "beta", "requests")` → `"/milestone/46/beta/requests"`. */
export function milestonePath(release: number, version: string, page: MilestonePage): string {
  return `/milestone/${release}/${encodeURIComponent(version)}/${page}`;
}

/** URL path of a milestone's bug list: `(46, "beta")` → `"/milestone/46/beta/buglist"`. */
export function buglistPath(release: number, version: string): string {
  return milestonePath(release, version, "buglist");
}

/**
 * An upstream-supplied link (Bodhi's update `url`, Pagure's `full_url`) if it is an absolute http(s) URL,
 * else null: a `javascript:` or `data:` URL rendered as a link would run script on this site.
 */
export function webUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:" ? value : null;
  } catch {
    return null;
  }
}

const MINUTE_MS = 60_000;

/** Converts a `Date` or ISO string to a `Date` (invalid input gives an invalid `Date`). */
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Absolute UTC time for display: `2026-11-20T12:05:09Z` → `"2026-11-20 12:05 UTC"`. Invalid → `""`. */
export function formatUtc(value: Date | string): string {
  const d = toDate(value);
  if (!isValid(d)) return "";
  const iso = d.toISOString();
  // The ISO form already is the UTC time; pages show hundreds of times, and `format` costs ~20 times more.
  if (iso.length === 24) return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return format(d, "yyyy-MM-dd HH:mm 'UTC'", { in: utc });
}

/**
 * Bugzilla logins shown by their name part (`tester5@example.com` → `tester5`), also in a comma-separated
 * list (`+alice@x.org, -bob` → `+alice, -bob`); other names as they are; null stays null.
 */
export function shortNames(who: string | null): string | null {
  return who ? who.replace(/@[^,\s]*/g, "") : null;
}

/**
 * Relative time in words between `value` and `now`: `"just now"` (under a minute either way),
 * `"5 minutes ago"`, `"3 hours ago"`, `"2 days ago"`, `"4 months ago"`, `"1 year ago"`, and
 * `"in 5 minutes"` for future times (clock skew). Units are floored (119 minutes → `"1 hour ago"`);
 * a month counts as 30 days and a year as 365 days (date-fns' `formatDistanceStrict`, in UTC so the
 * server's time zone and its daylight saving changes make no difference). Invalid input → `""`.
 */
export function formatRelative(value: Date | string, now: Date | string): string {
  const [then, at] = [toDate(value), toDate(now)];
  if (!isValid(then) || !isValid(at)) return "";
  if (Math.abs(differenceInSeconds(at, then)) < 60) return "just now";
  return formatDistanceStrict(then, at, { addSuffix: true, roundingMethod: "floor", in: utc });
}

/**
 * The steps of {@link formatRelative} for a time at least a minute past: each text lasts one step
 * (a minute, an hour, a day, 30 days, 365 days) within the span (ms) where that unit is used.
 */
const RELATIVE_STEPS: readonly { step: number; until: number }[] = [
  { step: MINUTE_MS, until: 60 * MINUTE_MS },
  { step: 60 * MINUTE_MS, until: 24 * 60 * MINUTE_MS },
  { step: 24 * 60 * MINUTE_MS, until: 30 * 24 * 60 * MINUTE_MS },
  { step: 30 * 24 * 60 * MINUTE_MS, until: 365 * 24 * 60 * MINUTE_MS },
  { step: 365 * 24 * 60 * MINUTE_MS, until: Infinity },
];

/**
 * The first instant after `now` at which {@link formatRelative}`(value, ·)` may read differently (ms
 * since the epoch): "5 minutes ago" lasts to the next whole minute since `value`, "3 hours ago" to the
 * next whole hour, and so on; "just now" to a minute past `value`; "in 5 minutes" (a future time, from
 * clock skew) until fewer whole minutes are left. Never later than the real change (at a unit's
 * boundary it may be earlier, when the next unit reads the same). Invalid input → `null`.
 * The page cache serves a page unchanged until the earliest of these for the times it shows.
 */
export function relativeTextChangesAt(value: Date | string, now: Date | string): number | null {
  const [then, at] = [toDate(value).getTime(), toDate(now).getTime()];
  if (Number.isNaN(then) || Number.isNaN(at)) return null;
  const age = at - then;
  if (Math.abs(age) < MINUTE_MS) return then + MINUTE_MS;
  const distance = Math.abs(age);
  const { step, until } = RELATIVE_STEPS.find((s) => distance < s.until)!;
  const whole = Math.floor(distance / step);
  // Past: the text grows at the next whole step (or where the next unit starts); future: it shrinks
  // as soon as fewer than `whole` steps are left.
  return age > 0 ? then + Math.min((whole + 1) * step, until) : then - whole * step + 1;
}

/** A point in time prepared for display: ISO for `<time dateTime>`, UTC text and relative text. */
export interface TimeView {
  /** ISO 8601, e.g. `"2026-11-20T12:00:00.000Z"`. */
  iso: string;
  /** e.g. `"2026-11-20 12:00 UTC"`. */
  utc: string;
  /** e.g. `"3 hours ago"`. */
  relative: string;
}

/** Builds a {@link TimeView} of `value` as seen at `now`; `null`/`undefined` → `null`. */
export function timeView(value: Date | string | null | undefined, now: Date | string): TimeView | null {
  if (value === null || value === undefined) return null;
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return null;
  return { iso: d.toISOString(), utc: formatUtc(d), relative: formatRelative(d, now) };
}

/** Whether `value` is a {@link TimeView} (an object with string `iso`, `utc` and `relative`). */
export function isTimeView(value: unknown): value is TimeView {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.iso === "string" && typeof v.utc === "string" && typeof v.relative === "string";
}

/**
 * The first instant (ms since the epoch) after `now` at which the relative text of a {@link TimeView}
 * anywhere in `value` (objects and arrays, walked) may read differently (see
 * {@link relativeTextChangesAt}); `null` when it holds none. `known` may answer for a part whose
 * answer is known already (`undefined`: walk it).
 */
export function timesChangeAt(
  value: unknown,
  now: Date,
  known?: (part: object) => number | null | undefined,
): number | null {
  let first: number | null = null;
  const walk = (v: unknown): void => {
    if (typeof v !== "object" || v === null) return;
    const answered = known?.(v);
    const at =
      answered !== undefined ? answered : isTimeView(v) ? relativeTextChangesAt(v.iso, now) : undefined;
    if (at === undefined) {
      for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child);
    } else if (at !== null && (first === null || at < first)) first = at;
  };
  walk(value);
  return first;
}

/**
 * Open/closed count as shown in section headings and on the home page:
 * `(5, 2)` → `"5 (+2 closed)"`, `(5, 0)` → `"5"`, `(0, 3)` → `"0 (+3 closed)"`.
 */
export function formatOpenClosed(open: number, closed: number): string {
  return closed > 0 ? `${open} (+${closed} closed)` : String(open);
}

/**
 * Host (with port) of the configured Bugzilla, for naming it in text:
 * `"https://bugzilla.redhat.com/"` → `"bugzilla.redhat.com"`. Not a URL → the text itself, trimmed.
 */
export function bugzillaHost(bugzillaUrl: string): string {
  try {
    return new URL(bugzillaUrl).host || bugzillaUrl.trim();
  } catch {
    return bugzillaUrl.trim();
  }
}

/** How the command is run in a source checkout (`npm run cli -- …`). */
export const SOURCE_CLI_COMMAND = "npm run cli --";

/**
 * The same command line for a source checkout: `"blockerbugs add_release 41"` →
 * `"npm run cli -- add_release 41"`. Each line of a multi-line text is converted; other text is kept.
 */
export function sourceCheckoutCommand(command: string): string {
  return command
    .split("\n")
    .map((line) => line.replace(/^(\s*)blockerbugs(?=\s|$)/, `$1${SOURCE_CLI_COMMAND}`))
    .join("\n");
}

/**
 * Splits text into pieces between which a line may break, for long URLs and paths in messages: after
 * `/`, `?`, `&`, `=` and `,` (but not inside `//`). Joining the pieces gives the text back.
 * `"GET /a/b?x=1"` → `["GET /", "a/", "b?", "x=", "1"]`.
 */
export function breakableParts(text: string): string[] {
  return text.split(/(?<=[/?&=,])(?!\/)/);
}

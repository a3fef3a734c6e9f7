/**
 * Normalisers for Bugzilla bug fields (edge cases BZ-01, BZ-02, BZ-06, BZ-22, BZ-28) and the
 * needinfo / prioritized rules of product spec §3.
 *
 * Pure: no I/O.
 */
import { isClosed } from "./blocker-state.js";
import { utcInstant } from "./utc-instant.js";

/**
 * Normalises a field that Bugzilla returns either as a string or as an array of strings
 * (`component`, `version` — BZ-01; `alias` — BZ-02).
 *
 * - `"anaconda"` → `["anaconda"]`; `["a", "b"]` → `["a", "b"]` (a new array).
 * - `""`, `[]`, `null`, `undefined` → `[]`.
 * - Empty-string elements of an array are dropped, so `[""]` and `""` agree.
 */
export function normaliseStringList(value: string | readonly string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === "string") return value === "" ? [] : [value];
  return value.filter((v) => v !== "");
}

/**
 * One Bugzilla flag as returned by the REST API (`flags[]` of a bug; only the fields used here).
 * `requestee` / `setter` are logins; anonymous responses may strip the e-mail domain (BZ-28), so they are
 * kept verbatim and not required to contain `@`.
 */
export interface BugFlag {
  name: string;
  status: string;
  requestee?: string | null;
  setter?: string | null;
}

/** Stands for a needinfo flag that is not addressed to anybody in particular (no requestee). */
export const NEEDINFO_ANYONE = "anyone";

/**
 * Requestees of a bug's open needinfo requests.
 *
 * - Considers every flag with `name === "needinfo"` and `status === "?"` (granted `+` / denied `-`
 *   needinfos and other flags are ignored).
 * - Returns each requestee verbatim (no domain is added or required — BZ-28); a needinfo without a
 *   requestee (missing, `null` or `""`) is reported as the literal string {@link NEEDINFO_ANYONE}
 *   (`"anyone"`).
 * - Duplicates are removed, keeping the first occurrence's order.
 * - `flags` `null`/`undefined` means the flags were not fetched (BZ-06: RHBZ omits `flags` unless
 *   requested) and returns `null` = "unknown", which is different from `[]` = "no needinfo".
 */
export function needinfoRequestees(flags: readonly BugFlag[] | null | undefined): string[] | null {
  if (flags === null || flags === undefined) return null;
  const seen = new Set<string>();
  for (const flag of flags) {
    if (flag.name !== "needinfo" || flag.status !== "?") continue;
    const who =
      flag.requestee === null || flag.requestee === undefined || flag.requestee === ""
        ? NEEDINFO_ANYONE
        : flag.requestee;
    seen.add(who);
  }
  return [...seen];
}

/**
 * Whether a bug is prioritized (release-independent): it is open (status not `CLOSED`, see
 * `isClosed`) and carries a flag named `fedora_prioritized_bug` with status `+`.
 * Unknown flags (`null`/`undefined`, BZ-06) count as not prioritized.
 */
export function isPrioritized(flags: readonly BugFlag[] | null | undefined, status: string): boolean {
  if (isClosed(status) || flags === null || flags === undefined) return false;
  return flags.some((f) => f.name === "fedora_prioritized_bug" && f.status === "+");
}

/**
 * Accepted datetime shapes (BZ-22), all interpreted as UTC:
 * `2024-09-12T08:15:42Z` (REST), `2024-09-12T08:15:42` (custom fields without zone),
 * `20240912T08:15:42` (XML-RPC), and the basic date form with a trailing `Z`.
 */
const BUGZILLA_DATE = /^(\d{4})(-?)(\d{2})\2(\d{2})T(\d{2}):(\d{2}):(\d{2})Z?$/u;

/**
 * Parses a Bugzilla datetime into a `Date` at the UTC instant it denotes.
 *
 * Accepts `YYYY-MM-DDTHH:MM:SS` or `YYYYMMDDTHH:MM:SS`, each with or without a trailing `Z`; a missing
 * zone means UTC (never the process's local time zone). E.g. `2024-09-12T08:15:42Z`,
 * `2024-09-12T08:15:42` and `20240912T08:15:42` all give `2024-09-12T08:15:42.000Z`.
 *
 * @throws Error with message `Invalid Bugzilla date "<value>": …` for any other shape, other offsets,
 *   fractional seconds, or out-of-range fields (e.g. month 13, 31 February, hour 24).
 */
export function parseBugzillaDate(value: string): Date {
  const m = BUGZILLA_DATE.exec(value);
  if (m === null) {
    throw new Error(
      `Invalid Bugzilla date ${JSON.stringify(value)}: expected YYYY-MM-DDTHH:MM:SS[Z] or YYYYMMDDTHH:MM:SS[Z]`,
    );
  }
  const d = utcInstant([m[1], m[3], m[4], m[5], m[6], m[7]].map(Number));
  if (d === null) throw new Error(`Invalid Bugzilla date ${JSON.stringify(value)}: field out of range`);
  return d;
}

/**
 * Formats a `Date` as Bugzilla's REST datetime, `YYYY-MM-DDTHH:MM:SSZ` in UTC (milliseconds dropped,
 * truncated). Round-trips with {@link parseBugzillaDate}.
 *
 * @throws Error for an invalid `Date` or a year outside 0000–9999.
 */
export function formatBugzillaDate(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new Error("Cannot format an invalid Date as a Bugzilla date");
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new Error(`Cannot format year ${year} as a Bugzilla date`);
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** Link to a bug in Bugzilla: `("https://bugzilla.redhat.com", 123)` → `…/show_bug.cgi?id=123`. */
export function bugzillaBugUrl(bugzillaUrl: string, id: number): string {
  return `${bugzillaUrl.replace(/\/+$/, "")}/show_bug.cgi?id=${id}`;
}

/** Bugzilla status with its resolution: `("CLOSED", "ERRATA")` → `"CLOSED ERRATA"`, `("NEW", "")` → `"NEW"`. */
export function formatStatus(status: string, resolution: string): string {
  return resolution.trim() === "" ? status : `${status} ${resolution}`;
}

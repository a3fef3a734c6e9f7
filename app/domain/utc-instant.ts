/**
 * Calendar fields read from upstream or typed by a user, as the UTC instant they name.
 *
 * Pure: no I/O, no clock.
 */

/**
 * The instant that the UTC calendar fields `[year, month (1–12), day, hour, minute, second]` name
 * (missing time fields are 0), or null when they name none: month 13, 31 February, hour 24, minute
 * or second 60… (`Date.UTC` would silently roll those over to a later time).
 */
export function utcInstant(fields: readonly number[]): Date | null {
  const [year = NaN, month = NaN, day = NaN, hour = 0, minute = 0, second = 0] = fields;
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const same =
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month - 1 &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second;
  return same ? d : null;
}

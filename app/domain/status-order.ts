/** The order of Bugzilla bug statuses, for sorting bug lists. */

/** Bugzilla's workflow order of statuses; unknown statuses sort after these, alphabetically. */
export const STATUS_ORDER: readonly string[] = Object.freeze([
  "NEW",
  "ASSIGNED",
  "POST",
  "MODIFIED",
  "ON_QA",
  "VERIFIED",
  "RELEASE_PENDING",
  "CLOSED",
]);

/** Compares two statuses by {@link STATUS_ORDER}, unknown ones last and alphabetically. */
export function compareStatus(a: string, b: string): number {
  const rank = (s: string): number => {
    const i = STATUS_ORDER.indexOf(s.toUpperCase());
    return i === -1 ? STATUS_ORDER.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

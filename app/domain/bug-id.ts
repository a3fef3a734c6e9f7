/** What counts as a bug id (Bugzilla ids; our own ids in URLs alike): 1 to 2147483647, PostgreSQL's `integer`. */

/**
 * Parses the `:id` of `/bug/:id` and `/api/v1/bugs/:id`: a positive decimal integer (up to 10 digits)
 * → the number; anything else → `null` (the caller answers 400).
 */
export function parseBugId(raw: string | undefined): number | null {
  return parseIdParam(raw);
}

/** Why `raw` is not a bug id (for `parseBugId` returning null): the 400 message of the page and the API. */
export function notABugIdMessage(raw: string | undefined): string {
  return `"${raw ?? ""}" is not a bug id: bug ids are whole numbers from 1 to 2147483647`;
}

/**
 * Parses a numeric id from a URL (`/bug/:id`, `/propose/:id`, `/admin/milestones/:id`): a positive
 * decimal integer that fits PostgreSQL's `integer` (1 to 2147483647) → the number; anything else → `null`.
 */
export function parseIdParam(raw: string | undefined): number | null {
  if (raw === undefined || !/^[0-9]{1,10}$/.test(raw)) return null;
  const n = Number(raw);
  return n > 0 && n <= 2_147_483_647 ? n : null;
}

import { createHash } from "node:crypto";
import { isTimeView, relativeTextChangesAt } from "~/components/format";
import { isServerView } from "~/components/server-view";

/** What a document's HTML is rendered from, besides the URL and the build (Remix's handler context). */
export interface PageData {
  loaderData: Record<string, unknown>;
  actionData: Record<string, unknown> | null;
  errors: Record<string, unknown> | null;
}

/** See {@link pageDataHash}. */
export interface PageDataHash {
  /** base64url, 22 characters. */
  hash: string;
  /**
   * The first instant (ms since the epoch) at which a relative time of the page ("3 minutes ago") may
   * read differently; `null` when the page shows none.
   */
  timesChangeAt: number | null;
}

/**
 * A hash (base64url, 22 characters) of everything a document is rendered from for one URL and build:
 * the status, each route's loader and action data, and its errors (an `Error` counts by its message).
 * Two renders with the same hash give the same HTML (but for the CSP nonce), so a page kept under an
 * older data version is still the page while the hash of a fresh loader run equals its hash.
 *
 * Relative times are the one thing on a page that changes without a write: every `TimeView` in the data
 * (an object with string `iso`, `utc` and `relative`, see `timeView`) gives, from `since` (ms; at or
 * before the loaders' clock), the instant its text next changes (`relativeTextChangesAt`); the earliest
 * is `timesChangeAt`. A `ServerView` counts by its digest and its own `timesChangeAt` (its view is not
 * in the JSON).
 */
export function pageDataHash(data: PageData, status: number, since: number): PageDataHash {
  let timesChangeAt: number | null = null;
  const json = JSON.stringify(
    [status, data.loaderData, data.actionData, data.errors],
    (_key, value: unknown) => {
      if (value instanceof Error) return { error: value.name, message: value.message };
      const at = isTimeView(value)
        ? relativeTextChangesAt(value.iso, new Date(since))
        : isServerView(value)
          ? value.timesChangeAt
          : null;
      if (at !== null && (timesChangeAt === null || at < timesChangeAt)) timesChangeAt = at;
      return value;
    },
  );
  return { hash: createHash("sha256").update(json).digest("base64url").slice(0, 22), timesChangeAt };
}

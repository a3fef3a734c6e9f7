import { createHash } from "node:crypto";

/** What a document's HTML is rendered from, besides the URL and the build (Remix's handler context). */
export interface PageData {
  loaderData: Record<string, unknown>;
  actionData: Record<string, unknown> | null;
  errors: Record<string, unknown> | null;
}

/**
 * A hash (base64url, 22 characters) of everything a document is rendered from for one URL and build:
 * the status, each route's loader and action data, and its errors (an `Error` counts by its message).
 * Two renders with the same hash give the same HTML (but for the CSP nonce), so a page kept under an
 * older data version is still the page while the hash of a fresh loader run equals its hash.
 */
export function pageDataHash(data: PageData, status: number): string {
  const json = JSON.stringify(
    [status, data.loaderData, data.actionData, data.errors],
    (_key, value: unknown) =>
      value instanceof Error ? { error: value.name, message: value.message } : value,
  );
  return createHash("sha256").update(json).digest("base64url").slice(0, 22);
}

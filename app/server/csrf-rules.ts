/** Methods that never change anything and need no cross-site check. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** What the cross-site check looks at in a request. */
export interface CsrfRequestInfo {
  method: string;
  /** The `Host` header the server received, e.g. `blockerbugs.example.org` or `127.0.0.1:3000`. */
  host: string | undefined;
  origin: string | undefined;
  referer: string | undefined;
}

/**
 * Cross-site request forgery check for every request that may change something (any method but GET,
 * HEAD, OPTIONS): the browser-set `Origin` header (or, when it is absent, `Referer`) must name this
 * site's host; `Origin: null` (sandboxed or no-referrer pages) is refused too. A request with neither
 * header is let through: browsers send `Origin` on every POST (Chromium, Firefox 70+, Safari), so such a
 * request comes from a non-browser client (curl, a script), which cannot ride on a victim's cookies.
 * Session cookies are also SameSite=Lax; this check is the second line of defence.
 * @returns null when the request may proceed, else the reason it is refused (for the 403 page and the log)
 */
export function crossSiteReason(req: CsrfRequestInfo): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  if (!req.host) return "the request has no Host header";
  const source = req.origin ?? req.referer;
  const header = req.origin !== undefined ? "Origin" : "Referer";
  if (source === undefined) return null;
  let host: string;
  try {
    host = new URL(source).host;
  } catch {
    return `the ${header} header is not a URL (${JSON.stringify(source.slice(0, 100))})`;
  }
  if (host.toLowerCase() !== req.host.toLowerCase()) {
    return `the form was sent from another site (${header} ${host}, expected ${req.host})`;
  }
  return null;
}

/** Body types the app's forms send (Remix forms: URL-encoded, or multipart with files). */
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * Every action reads a form: a request that may change something and carries a body of another type
 * (JSON, XML, …) is refused before it reaches one, instead of failing inside it.
 * @returns null when the request may proceed, else the reason (for a 415 answer)
 */
export function unsupportedBodyReason(req: {
  method: string;
  contentType: string | undefined;
  hasBody: boolean;
}): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase()) || !req.hasBody) return null;
  const type = (req.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (FORM_TYPES.has(type)) return null;
  return `send a form (application/x-www-form-urlencoded or multipart/form-data), not ${type || "a body without a Content-Type"}`;
}

/** Paths that take signed machine-to-machine POSTs (not forms): the route checks the signature. */
export const SIGNED_WEBHOOK_PATHS: readonly string[] = Object.freeze(["/api/webhooks/pagure"]);

/**
 * Whether a request is a POST to a signed web-hook endpoint (under `basePath`): such a request carries
 * JSON and no browser headers, and is let through the form and origin checks deliberately, since its
 * endpoint refuses it (403) unless its HMAC signature verifies.
 */
export function isSignedWebhook(req: { method: string; path: string }, basePath: string): boolean {
  return (
    req.method.toUpperCase() === "POST" && SIGNED_WEBHOOK_PATHS.some((p) => req.path === `${basePath}${p}`)
  );
}

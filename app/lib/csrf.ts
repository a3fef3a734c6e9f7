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

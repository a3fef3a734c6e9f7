/**
 * Where to send a user after login or logout: only a path on this site. Anything else (absolute URLs,
 * protocol-relative `//host`, also after dot segments collapse (`/.//host`), backslash tricks browsers treat
 * as `//`, control characters) gives `fallback`.
 * @param to the requested target, e.g. the `redirectTo` query parameter (any type; non-strings are refused)
 * @returns a path starting with a single "/" (with its query and hash kept)
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(to)) return fallback;
  const base = "http://blockerbugs.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  // Dot segments collapse on parsing: "/.//evil.example" becomes "//evil.example", another host.
  if (url.origin !== base || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * The current page as a `redirectTo` value: path and query of `url`, without the `basePath` the app is
 * served under (redirects add it back), e.g. `/blockerbugs/propose?x=1` → `/propose?x=1`.
 */
export function returnPath(url: string | URL, basePath = ""): string {
  const u = new URL(url);
  let pathname = u.pathname;
  if (basePath && (pathname === basePath || pathname.startsWith(`${basePath}/`)))
    pathname = pathname.slice(basePath.length) || "/";
  return `${pathname}${u.search}`;
}

/** `/login?redirectTo=<path>`: the login page that comes back to `path` afterwards. */
export function loginPath(path: string): string {
  const target = safeRedirect(path);
  return target === "/" ? "/login" : `/login?${new URLSearchParams({ redirectTo: target })}`;
}

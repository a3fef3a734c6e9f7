/**
 * View logic of the site's error page (root `ErrorBoundary`): status, title and message for a thrown
 * response, a router error (no route matches, no action to submit to) or an exception.
 *
 * Pure: no I/O, no server imports.
 */

/** The fields of a Remix route error response (`isRouteErrorResponse`) that the page uses. */
export interface RouteErrorLike {
  status: number;
  statusText: string;
  data: unknown;
  /** True for errors the router made itself (e.g. "No route matches URL"): their text is not for users. */
  internal?: boolean;
}

/** What the error page shows. */
export interface ErrorPageView {
  status: number;
  /** `notFound` and `methodNotAllowed` get links of their own (home, the page itself). */
  kind: "notFound" | "methodNotAllowed" | "badRequest" | "other";
  title: string;
  message: string;
}

/** The statuses with a page of their own: kind, title, and the message when the response carries none. */
const KNOWN_STATUSES: Partial<Record<number, Omit<ErrorPageView, "status">>> = {
  404: {
    kind: "notFound",
    title: "Page not found",
    message: "There is nothing at this address. It may be mistyped, or the page may have moved.",
  },
  405: {
    kind: "methodNotAllowed",
    title: "This page cannot be submitted to",
    message:
      "This page only shows information: it does not accept form submissions or other POST requests. " +
      "Open it with a normal link instead.",
  },
  400: { kind: "badRequest", title: "Bad request", message: "The address is not valid." },
};

/** Whether `error` looks like a route error response (duck-typed like `isRouteErrorResponse`). */
function isRouteErrorLike(error: unknown): error is RouteErrorLike {
  if (typeof error !== "object" || error === null) return false;
  const e = error as Record<string, unknown>;
  return typeof e.status === "number" && typeof e.statusText === "string" && "data" in e;
}

/**
 * The error page for `error`:
 * - 404 → "Page not found"; 405 → "This page cannot be submitted to"; 400 → "Bad request";
 *   other statuses → their status text.
 * - The message is the text of a response a loader threw (e.g. "There is no milestone Fedora 99
 *   Beta."); the router's own texts (`internal`, such as `No route matches URL "/x"` or "did not
 *   provide an `action`") are replaced by a friendly message.
 * - Exceptions → 500 "Something went wrong"; their message only when `development` is true.
 */
export function errorPageView(error: unknown, opts: { development: boolean }): ErrorPageView {
  if (!isRouteErrorLike(error)) {
    return {
      status: 500,
      kind: "other",
      title: "Something went wrong",
      message:
        opts.development && error instanceof Error
          ? error.message
          : "The server could not show this page. Please try again later.",
    };
  }
  const { status } = error;
  const detail =
    error.internal !== true && typeof error.data === "string" && error.data.trim() !== "" ? error.data : null;
  const known = KNOWN_STATUSES[status];
  if (known) return { status, kind: known.kind, title: known.title, message: detail ?? known.message };
  return {
    status,
    kind: "other",
    title: error.statusText || (status >= 500 ? "Something went wrong" : "Request failed"),
    message:
      detail ??
      (status >= 500
        ? "The server could not show this page. Please try again later."
        : "The server could not answer this request."),
  };
}

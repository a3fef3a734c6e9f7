import pino from "pino";

/**
 * Structured JSON logger (pino). Secrets never go in log fields: credentials in request and response
 * headers (Authorization, Cookie, Set-Cookie, API-key headers) and secret configuration values are
 * replaced by "[Redacted]" wherever pino-http or other code would log them.
 */
export const logger = pino({
  // The configuration validates LOG_LEVEL; until then an unknown value must not crash the logger.
  level: isLevel(process.env.LOG_LEVEL) ? process.env.LOG_LEVEL : "info",
  base: { app: "blockerbugs" },
  redact: [
    "apiKey",
    "*.apiKey",
    "headers.authorization",
    "*.headers.authorization",
    "req.headers.authorization",
    "req.headers.cookie",
    'req.headers["x-api-key"]',
    'req.headers["x-bugzilla-api-key"]',
    'res.headers["set-cookie"]',
    // The OIDC callback's one-time code and state (Express parses the query; redactUrl covers req.url).
    "req.query.code",
    "req.query.state",
    "req.query.session_state",
    ...[
      "BUGZILLA_API_KEY",
      "PAGURE_API_TOKEN",
      "PAGURE_WEBHOOK_KEY",
      "OIDC_CLIENT_SECRET",
      "SESSION_SECRET",
      "DATABASE_URL",
    ].flatMap((key) => [key, `*.${key}`]),
  ],
});

/** Query parameters that carry one-time credentials (the OIDC callback's authorization code and state). */
const SECRET_QUERY_PARAMS = new Set(["code", "state", "session_state"]);

/**
 * A request URL (path and query, as in `req.url`) fit for the log: the values of `code`, `state` and
 * `session_state` replaced by `[Redacted]`, everything else unchanged. `"/auth/callback?code=x&state=y"` →
 * `"/auth/callback?code=[Redacted]&state=[Redacted]"`.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q === -1) return url;
  const query = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = decodeURIComponentSafe(eq === -1 ? pair : pair.slice(0, eq));
      return eq !== -1 && SECRET_QUERY_PARAMS.has(name) ? `${pair.slice(0, eq)}=[Redacted]` : pair;
    });
  return `${url.slice(0, q)}?${query.join("&")}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Logs an error an API route did not expect (its answer is a JSON 500), as one JSON line. */
export function logApiError(error: unknown, url: string): void {
  logger.error({ err: error, url }, "API request failed");
}

function isLevel(value: string | undefined): value is string {
  return value === "silent" || (value !== undefined && value in pino.levels.values);
}

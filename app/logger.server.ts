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
    ...[
      "BUGZILLA_API_KEY",
      "PAGURE_API_TOKEN",
      "OIDC_CLIENT_SECRET",
      "SESSION_SECRET",
      "DATABASE_URL",
    ].flatMap((key) => [key, `*.${key}`]),
  ],
});

/** Logs an error an API route did not expect (its answer is a JSON 500), as one JSON line. */
export function logApiError(error: unknown, url: string): void {
  logger.error({ err: error, url }, "API request failed");
}

function isLevel(value: string | undefined): value is string {
  return value === "silent" || (value !== undefined && value in pino.levels.values);
}

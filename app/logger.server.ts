import pino from "pino";

/**
 * Structured JSON logger (pino). Secrets never go in log fields: the Bugzilla API key only travels in
 * request headers, which are not logged.
 */
export const logger = pino({
  // The configuration validates LOG_LEVEL; until then an unknown value must not crash the logger.
  level: isLevel(process.env.LOG_LEVEL) ? process.env.LOG_LEVEL : "info",
  base: { app: "blockerbugs" },
  redact: ["apiKey", "*.apiKey", "headers.authorization", "*.headers.authorization"],
});

function isLevel(value: string | undefined): value is string {
  return value === "silent" || (value !== undefined && value in pino.levels.values);
}

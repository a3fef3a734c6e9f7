import pino from "pino";

/**
 * Structured JSON logger (pino). Secrets never go in log fields: the Bugzilla API key only travels in
 * request headers, which are not logged.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { app: "blockerbugs" },
  redact: ["apiKey", "*.apiKey", "headers.authorization", "*.headers.authorization"],
});

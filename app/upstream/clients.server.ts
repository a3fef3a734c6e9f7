import type { Config } from "~/config.server";
import { BugzillaClient } from "./bugzilla.server";
import type { HttpPolicy } from "./http.server";

/** Timeouts and retries for upstream calls, from the configuration. */
export function httpPolicy(config: Pick<Config, "UPSTREAM_TIMEOUT_MS" | "UPSTREAM_ATTEMPTS">): HttpPolicy {
  return { timeoutMs: config.UPSTREAM_TIMEOUT_MS, attempts: config.UPSTREAM_ATTEMPTS };
}

/** The Bugzilla client for the configured `BUGZILLA_URL` and `BUGZILLA_API_KEY`. */
export function bugzillaClient(config: Config, overrides: Partial<HttpPolicy> = {}): BugzillaClient {
  return new BugzillaClient({
    baseUrl: config.BUGZILLA_URL,
    apiKey: config.BUGZILLA_API_KEY,
    policy: { ...httpPolicy(config), ...overrides },
  });
}

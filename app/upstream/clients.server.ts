import type { Config } from "~/config.server";
import { BodhiClient } from "./bodhi.server";
import { BugzillaClient } from "./bugzilla.server";
import type { HttpPolicy } from "./http.server";
import { KojiClient } from "./koji.server";
import { PagureClient } from "./pagure.server";

/** Timeouts, retries and concurrency of upstream calls, from the configuration. */
export function httpPolicy(
  config: Pick<Config, "UPSTREAM_TIMEOUT_MS" | "UPSTREAM_ATTEMPTS" | "UPSTREAM_CONCURRENCY">,
): HttpPolicy {
  return {
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    attempts: config.UPSTREAM_ATTEMPTS,
    concurrency: config.UPSTREAM_CONCURRENCY,
  };
}

/** The Bugzilla client for the configured `BUGZILLA_URL` and `BUGZILLA_API_KEY`. */
export function bugzillaClient(config: Config, overrides: Partial<HttpPolicy> = {}): BugzillaClient {
  return new BugzillaClient({
    baseUrl: config.BUGZILLA_URL,
    apiKey: config.BUGZILLA_API_KEY,
    policy: { ...httpPolicy(config), ...overrides },
  });
}

/** The Bodhi client for the configured `BODHI_URL`. */
export function bodhiClient(config: Config, overrides: Partial<HttpPolicy> = {}): BodhiClient {
  return new BodhiClient({ baseUrl: config.BODHI_URL, policy: { ...httpPolicy(config), ...overrides } });
}

/** The Koji client for the configured `KOJI_URL` (the hub's XML-RPC endpoint). */
export function kojiClient(config: Config, overrides: Partial<HttpPolicy> = {}): KojiClient {
  return new KojiClient({ url: config.KOJI_URL, policy: { ...httpPolicy(config), ...overrides } });
}

/** The Pagure client for the configured `PAGURE_URL`, `PAGURE_REPO` and `PAGURE_API_TOKEN`. */
export function pagureClient(config: Config, overrides: Partial<HttpPolicy> = {}): PagureClient {
  return new PagureClient({
    baseUrl: config.PAGURE_URL,
    repo: config.PAGURE_REPO,
    token: config.PAGURE_API_TOKEN,
    policy: { ...httpPolicy(config), ...overrides },
  });
}

/**
 * Shared helpers for the sandbox tests: the demo dataset, small inline datasets, and a thin
 * fetch wrapper around a running sandbox.
 */
import { fileURLToPath } from "node:url";
import { loadDataset, startSandbox, type RunningSandbox, type SandboxOptions } from "../sandbox/server.js";
import type { BzBug, SandboxDataset, SandboxDatasetInput } from "../sandbox/dataset.js";

/** The demo dataset file (the repo copy of /work/shared/data/demo-upstream.json). */
export const DEMO_FILE = fileURLToPath(new URL("../fixtures/demo-upstream.json", import.meta.url));

/** Facts about the demo data the tests rely on. */
export const DEMO = {
  bugCount: 99,
  privateBug: 2411860,
  f46BetaBlocker: 2390101,
  f47BetaBlocker: 2390105,
  /** Blocks only F46BetaBlocker; not private; has comments. */
  plainBug: 2410101,
  /** Has a non-empty `flags` list. */
  bugWithFlags: 2410362,
} as const;

/** A fresh copy of the demo dataset. */
export function demoDataset(): SandboxDataset {
  return loadDataset(DEMO_FILE);
}

/** A dataset of `count` minimal bugs with ids 1..count, all in product Fedora. */
export function tinyDataset(
  count: number,
  extra: Partial<SandboxDataset["bugzilla"]> = {},
): SandboxDatasetInput {
  const bugs: BzBug[] = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    alias: [],
    summary: `bug ${i + 1}`,
    product: "Fedora",
    status: "NEW",
    blocks: [],
    depends_on: [],
    last_change_time: "2024-09-12T08:00:00Z",
  }));
  return { bugzilla: { bugs, comments: {}, private: [], ...extra } };
}

/** Options of one request. */
export interface CallOptions {
  method?: string;
  /** API key sent as `Authorization: Bearer <key>`. */
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A running sandbox plus request helpers bound to it. */
export interface TestSandbox extends RunningSandbox {
  /** Calls a Bugzilla REST path, e.g. `bz("/bug/1")` → `/bugzilla/rest/bug/1`. */
  bz(path: string, options?: CallOptions): Promise<Response>;
  /** Calls a control path, e.g. `control("/requests")` → `/_sandbox/requests`. */
  control(path: string, options?: CallOptions): Promise<Response>;
  /** `bz()` and parses the JSON body, returning status too. */
  bzJson<T = Record<string, unknown>>(
    path: string,
    options?: CallOptions,
  ): Promise<{ status: number; body: T }>;
  /** `bz()` of a call Bugzilla refuses: `[HTTP status, Bugzilla error code]` of its error body. */
  bzError(path: string, options?: CallOptions): Promise<[status: number, code: number]>;
}

/** Starts a sandbox on a random port (demo data unless `options.dataset` is given). */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ dataset: options.dataset ?? demoDataset(), ...options, port: 0 });
  const call = (url: string, { method = "GET", key, body, headers = {} }: CallOptions = {}) =>
    fetch(url, {
      method,
      headers: {
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(key === undefined ? {} : { Authorization: `Bearer ${key}` }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const bz = (path: string, options?: CallOptions) => call(`${sandbox.url}/bugzilla/rest${path}`, options);
  return {
    ...sandbox,
    bz,
    control: (path, options) => call(`${sandbox.url}/_sandbox${path}`, options),
    async bzJson<T>(path: string, options?: CallOptions) {
      const res = await bz(path, options);
      return { status: res.status, body: (await res.json()) as T };
    },
    async bzError(path: string, options?: CallOptions) {
      const res = await bz(path, options);
      return [res.status, ((await res.json()) as ErrorBody).code];
    },
  };
}

/** The shape of a search response. */
export interface SearchBody {
  bugs: Array<Record<string, unknown>>;
  limit: number;
  total_matches: number;
}

/** The shape of a Bugzilla error body. */
export interface ErrorBody {
  error: boolean;
  code: number;
  message: string;
  documentation: string;
}

/** Current UTC time truncated to whole seconds, in Bugzilla's format. */
export function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

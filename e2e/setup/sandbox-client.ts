/** Test-side helpers for the sandbox's control endpoints (`/_sandbox/...`, see sandbox.md). */

async function call<T>(base: string, path: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface RequestLog {
  total: number;
  byEndpoint: Record<string, number>;
  log: {
    method: string;
    path: string;
    query: Record<string, string | string[]>;
    status: number;
    fault: string | null;
    body: unknown;
  }[];
}

/**
 * Patches the sandbox's dataset (`POST /_sandbox/dataset {patch}`: per-service sections, see
 * `DatasetPatchSchema`), all or nothing.
 * @throws Error with the sandbox's answer when it refuses the patch.
 */
export const patchDataset = (base: string, patch: Record<string, unknown>) =>
  call(base, "/_sandbox/dataset", "POST", { patch });

/** Shallow-merges fields into Bugzilla bugs by id (the sandbox bumps their last_change_time). */
export const patchBugs = (
  base: string,
  bugs: ({ id: number } & Record<string, unknown>)[],
  extra: Record<string, unknown> = {},
) => patchDataset(base, { bugzilla: { bugs, ...extra } });

/** Sets fault injection (rules, rates); see sandbox.md. */
export const setFaults = (base: string, faults: Record<string, unknown>) =>
  call(base, "/_sandbox/faults", "POST", faults);
/** Turns every fault off (`DELETE /_sandbox/faults`). */
export const clearFaults = (base: string) => call(base, "/_sandbox/faults", "DELETE");
/** The requests the sandbox has answered since the log was last cleared (`GET /_sandbox/requests`). */
export const requestLog = (base: string) => call<RequestLog>(base, "/_sandbox/requests", "GET");
/** Empties the sandbox's request log (`DELETE /_sandbox/requests`). */
export const clearRequestLog = (base: string) => call(base, "/_sandbox/requests", "DELETE");

/**
 * The configuration variables that point Blockerbugs at all four services of a running sandbox
 * (`sandboxUrl` like `http://127.0.0.1:8800`), so no test reaches the public Fedora services.
 */
export function sandboxUpstreams(sandboxUrl: string) {
  return {
    BUGZILLA_URL: `${sandboxUrl}/bugzilla`,
    BODHI_URL: `${sandboxUrl}/bodhi`,
    KOJI_URL: `${sandboxUrl}/koji/kojihub`,
    PAGURE_URL: `${sandboxUrl}/pagure`,
  };
}

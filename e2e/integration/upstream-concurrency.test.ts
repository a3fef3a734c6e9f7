// UPSTREAM_CONCURRENCY against the sandbox's real HTTP server: once the first page says how many bugs
// match, the other pages go out together but never more than the limit at once; the result is
// complete, in bug-id order, each bug once; a 429 with Retry-After holds back every request to the
// service, not only the one that got it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import { KojiClient } from "../../app/upstream/koji.server";
import { startSandbox } from "../sandbox/server";
import { dataset, manyBetaBlockers, T } from "../setup/datasets";
import { clearFaults, clearRequestLog, patchBugs, setFaults } from "../setup/sandbox-client";

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
const bugs = manyBetaBlockers(200);

interface Entry {
  path: string;
  at: string;
  finishedAt: string | null;
  status: number | null;
}
async function log(): Promise<Entry[]> {
  const res = await fetch(`${sandbox.url}/_sandbox/requests`);
  return ((await res.json()) as { log: Entry[] }).log;
}

/** The most requests that were being answered at one moment. */
function maxInFlight(entries: Entry[]): number {
  const events = entries.flatMap((e) => [
    { t: Date.parse(e.at), d: 1 },
    { t: Date.parse(e.finishedAt!), d: -1 },
  ]);
  // Ends before starts at the same millisecond: a request sent as another finished did not overlap it.
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const e of events) max = Math.max(max, (now += e.d));
  return max;
}

beforeAll(async () => {
  const data = dataset(bugs);
  data.koji.builds = Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [`pkg${i}-1.0-1.fc90`, { state: 1, tags: ["f90"] }]),
  );
  sandbox = await startSandbox({ dataset: data, port: 0 });
});
afterEach(async () => {
  await clearFaults(sandbox.url);
  await clearRequestLog(sandbox.url);
});
afterAll(() => sandbox.close());

const bugzilla = (concurrency: number) =>
  new BugzillaClient({
    baseUrl: `${sandbox.url}/bugzilla`,
    policy: { timeoutMs: 5000, attempts: 3, retryBaseMs: 20, concurrency },
  });

describe("UPSTREAM_CONCURRENCY", () => {
  it.each([1, 3])(
    "an anonymous search of 200 bugs: 10 pages of 20, at most %i in flight, complete and in bug-id order",
    async (concurrency) => {
      await setFaults(sandbox.url, { latencyMs: 40 });
      const client = bugzilla(concurrency);
      const result = await client.searchAll({ blocks: String(T.betaBlocker) });
      expect(result.bugs.map((b) => b.id)).toEqual(bugs.map((b) => b.id));
      expect(result.pages).toBe(10);
      const entries = await log();
      expect(entries.length).toBe(10);
      // The first page goes alone (it says how many follow); then the others, up to the limit at once.
      expect(maxInFlight(entries)).toBe(concurrency);
      const first = entries[0]!;
      for (const e of entries.slice(1))
        expect(Date.parse(e.at)).toBeGreaterThanOrEqual(Date.parse(first.finishedAt!));
    },
  );

  it("a search whose results change while paging starts over and still returns each bug once", async () => {
    // Page 2 hangs while the other pages are answered; meanwhile a bug joins the tracker, so the
    // retried page 2 reports another total_matches and the search starts over.
    await setFaults(sandbox.url, {
      hangMs: 1500,
      rules: [{ path: "/bugzilla/rest/bug", method: "GET", skip: 1, fault: "hang" }],
    });
    const client = new BugzillaClient({
      baseUrl: `${sandbox.url}/bugzilla`,
      policy: { timeoutMs: 600, attempts: 3, retryBaseMs: 20, concurrency: 4 },
    });
    const joining = 9_100_500;
    const search = client.searchAll({ blocks: String(T.betaBlocker) });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await patchBugs(sandbox.url, [{ ...bugs[0]!, id: joining, blocks: [T.betaBlocker] }]);
    const result = await search;
    expect(result.bugs.map((b) => b.id)).toEqual([...bugs.map((b) => b.id), joining]);
    expect(result.pages).toBe(10 + 11);
    await patchBugs(sandbox.url, [{ id: joining, blocks: [] }]);
  });

  it("a 429 with Retry-After holds back every request to the service for that long", async () => {
    // Page 2 answers 429 (Retry-After: 1 s) while page 3 is in flight; pages 4… must wait too.
    await setFaults(sandbox.url, {
      latencyMs: 20,
      rules: [{ path: "/bugzilla/rest/bug", skip: 1, times: 1, fault: "429", retryAfter: 1 }],
    });
    const result = await bugzilla(2).searchAll({ blocks: String(T.betaBlocker) });
    expect(result.bugs).toHaveLength(200);
    const entries = await log();
    const refused = entries.find((e) => e.status === 429)!;
    const refusedAt = Date.parse(refused.finishedAt!);
    const later = entries.filter((e) => Date.parse(e.at) > refusedAt);
    expect(later.length).toBeGreaterThan(1);
    // Timer granularity: allow 50 ms.
    for (const e of later) expect(Date.parse(e.at) - refusedAt).toBeGreaterThanOrEqual(950);
  });

  it("Koji multicall batches go out together, at most the limit at once", async () => {
    await setFaults(sandbox.url, { latencyMs: 40 });
    const koji = new KojiClient({
      url: `${sandbox.url}/koji/kojihub`,
      policy: { timeoutMs: 5000, attempts: 2, retryBaseMs: 20, concurrency: 2 },
      batchSize: 5,
    });
    const tags = await koji.tagsOfBuilds(Array.from({ length: 40 }, (_, i) => `pkg${i}-1.0-1.fc90`));
    expect([...tags.values()].every((t) => t.ok && t.tags.join() === "f90")).toBe(true);
    const entries = await log();
    expect(entries).toHaveLength(8);
    expect(maxInFlight(entries)).toBe(2);
  });
});

/**
 * The in-app sync scheduler, with real server processes (`node build/node/server/main.js`), the real
 * sandbox and embedded PostgreSQL: who schedules, cluster-wide mutual exclusion, kill -9 and SIGTERM
 * in the middle of a sync.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { discoverRelease } from "../../app/admin/milestones.server";
import { parseConfig } from "../../app/config.server";
import { runSync, SYNC_CANCELLED } from "../../app/sync/run-sync.server";
import { bugzillaClient } from "../../app/upstream/clients.server";
import { loadDataset, startSandbox, type RunningSandbox } from "../sandbox/server";
import { patchBugs, setFaults, sandboxUpstreams } from "../setup/sandbox-client";
import { startServerProcess, type ServerProcess } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

const DEMO = path.join(import.meta.dirname, "..", "fixtures", "demo-upstream.json");

let sandbox: RunningSandbox;
let t: TestDatabase;
let servers: ServerProcess[] = [];

function config() {
  return parseConfig({
    DATABASE_URL: t.url,
    ...sandboxUpstreams(sandbox.url),
    UPSTREAM_ATTEMPTS: "1",
  });
}

async function server(env: Record<string, string>) {
  const s = await startServerProcess({
    DATABASE_URL: t.url,
    ...sandboxUpstreams(sandbox.url),
    ...env,
  });
  servers.push(s);
  return s;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ dataset: loadDataset(DEMO), port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop("SIGKILL")));
  servers = [];
  await setFaults(sandbox.url, { latencyMs: 0 });
  await t.drop();
});

/** A fresh database with the demo's Fedora 46 and 47 milestones (4 milestones, not synced yet). */
async function withMilestones() {
  t = await createTestDatabase();
  const client = bugzillaClient(config());
  for (const release of [46, 47]) await discoverRelease(t.db, client, release);
}

describe("scheduled sync", () => {
  it("a secondary never schedules a sync; the API says so", async () => {
    await withMilestones();
    const node = await server({ BLOCKERBUGS_ROLE: "secondary", SYNC_INTERVAL: "1s" });
    await new Promise((r) => setTimeout(r, 3500));
    expect(await t.db.syncRun.count()).toBe(0);
    const api = await (await fetch(`${node.origin}/api/v1/sync`)).json();
    expect(api.node).toMatchObject({ role: "secondary", schedules: false });
    expect(api.node.note).toMatch(/does not schedule syncs/);
    expect(api.nextScheduledRun).toBeNull();
    expect(node.output()).toMatch(/secondary node: the sync scheduler is off/);
    expect(await node.stop()).toBe(0);
  });

  it("a primary syncs at start and then every SYNC_INTERVAL; /sync shows the runs and the next one", async () => {
    await withMilestones();
    const node = await server({ BLOCKERBUGS_ROLE: "primary", SYNC_INTERVAL: "2s" });
    const runs = await waitFor("3 scheduled syncs", async () => {
      const r = await t.db.syncRun.findMany({
        where: { source: "bugzilla", outcome: "success" },
        orderBy: { id: "asc" },
      });
      return r.length >= 3 && r;
    });
    // At start, then about every 2 s.
    const gaps = runs.slice(1).map((r, i) => r.startedAt.getTime() - runs[i]!.startedAt.getTime());
    for (const gap of gaps) expect(gap).toBeGreaterThan(1000);
    expect(await t.db.milestoneBug.count()).toBeGreaterThan(0);
    const api = await (await fetch(`${node.origin}/api/v1/sync`)).json();
    expect(api.node).toMatchObject({ role: "primary", schedules: true });
    expect(api.intervalSeconds).toBe(2);
    expect(Date.parse(api.nextScheduledRun.incremental)).toBeGreaterThan(Date.now() - 2000);
    expect(Date.parse(api.nextScheduledRun.full)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(api.sources[0]).toMatchObject({ source: "bugzilla", lastRun: { outcome: expect.any(String) } });
    const page = await (await fetch(`${node.origin}/sync`)).text();
    expect(page).toContain("Node role: <strong>primary</strong>");
    expect(page).toMatch(/Next incremental sync/);
    expect(node.output()).toMatch(/scheduled incremental sync: success/);
    expect(await node.stop()).toBe(0);
  });

  it("two primaries on one database never sync at the same time", async () => {
    await withMilestones();
    // Each sync then takes a few hundred ms or more, so the two schedules collide.
    await setFaults(sandbox.url, { latencyMs: 60 });
    const a = await server({ BLOCKERBUGS_ROLE: "primary", SYNC_INTERVAL: "1s" });
    const b = await server({ BLOCKERBUGS_ROLE: "primary", SYNC_INTERVAL: "1s" });
    const skipped = (s: ServerProcess) => s.logs().filter((l) => l.outcome === "skipped").length;
    const synced = (s: ServerProcess) =>
      s.logs().filter((l) => l.type === "sync-result" && l.outcome === "success").length;
    await waitFor(
      "6 finished syncs and one node meeting the other's lock",
      async () =>
        (await t.db.syncRun.count({ where: { finishedAt: { not: null } } })) >= 6 &&
        skipped(a) + skipped(b) > 0,
      45_000,
    );
    // Equal intervals can lock the two schedules in a phase where one node meets the other's lock
    // every time (CI saw it once). Then, with the other node gone, it must sync on its own.
    const [first, second] = synced(a) > 0 ? [a, b] : [b, a];
    if (synced(second) === 0) {
      expect(await first.stop()).toBe(0);
      await waitFor("the other node to sync once it is alone", async () => synced(second) > 0, 30_000);
    }
    expect(synced(a)).toBeGreaterThan(0);
    expect(synced(b)).toBeGreaterThan(0);
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
    const runs = await t.db.syncRun.findMany({ orderBy: { startedAt: "asc" } });
    for (const run of runs) expect(run.finishedAt).not.toBeNull();
    // One sync's runs overlap (Pagure runs alongside Bodhi and Koji) and each sync starts with its
    // Bugzilla run: a sync never starts before the previous one's last run finished.
    const syncs: (typeof runs)[] = [];
    for (const run of runs) {
      if (run.source === "bugzilla" || syncs.length === 0) syncs.push([]);
      syncs.at(-1)!.push(run);
    }
    for (let i = 1; i < syncs.length; i++) {
      const previousEnd = Math.max(...syncs[i - 1]!.map((r) => r.finishedAt!.getTime()));
      expect(syncs[i]![0]!.startedAt.getTime()).toBeGreaterThanOrEqual(previousEnd);
    }
  });

  it("a scheduled sync runs at SYNC_NICE in its worker thread; the thread serving pages keeps its priority", async () => {
    await withMilestones();
    await setFaults(sandbox.url, { latencyMs: 300 });
    const node = await server({ BLOCKERBUGS_ROLE: "primary", SYNC_INTERVAL: "1h", SYNC_NICE: "7" });
    await waitFor("a running sync", async () => t.db.syncRun.findFirst({ where: { outcome: "running" } }));
    // The nice value of each thread: field 19 of /proc/PID/task/TID/stat (after the name in parentheses).
    const pid = node.child.pid!;
    const niceOf = (tid: string) => {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    };
    const threads = await waitFor("a thread at nice 7", async () => {
      const byTid = new Map(fs.readdirSync(`/proc/${pid}/task`).map((tid) => [tid, niceOf(tid)]));
      return [...byTid.values()].includes(7) && byTid;
    });
    expect(threads.get(String(pid))).toBe(0);
    expect(await node.stop("SIGKILL")).toBeNull();
  });

  it("kill -9 in the middle of a sync leaves the previous state intact, and the next sync completes", async () => {
    await withMilestones();
    const first = await runSync(t.db, t.url, config(), { full: true });
    expect(first.ok).toBe(true);
    const snapshot = () =>
      t.db.milestoneBug.findMany({
        orderBy: { id: "asc" },
        select: {
          id: true,
          milestoneId: true,
          bugId: true,
          blocker: true,
          fe: true,
          active: true,
          bug: { select: { whiteboard: true } },
        },
      });
    const before = await snapshot();
    const target = before.find((mb) => mb.blocker === "proposed")!;
    await patchBugs(sandbox.url, [{ id: target.bugId, whiteboard: "AcceptedBlocker" }]);

    await setFaults(sandbox.url, { latencyMs: 400 });
    const node = await server({ BLOCKERBUGS_ROLE: "primary", SYNC_INTERVAL: "1h" });
    await waitFor("a running sync", async () => t.db.syncRun.findFirst({ where: { outcome: "running" } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(await node.stop("SIGKILL")).toBeNull();

    expect(await snapshot()).toEqual(before);
    const interrupted = await t.db.syncRun.findFirstOrThrow({ where: { outcome: "running" } });

    await setFaults(sandbox.url, { latencyMs: 0 });
    const next = await runSync(t.db, t.url, config());
    expect(next.ok).toBe(true);
    const after = await t.db.milestoneBug.findFirstOrThrow({ where: { id: target.id } });
    expect(after.blocker).toBe("accepted");
    expect(await t.db.syncRun.findUniqueOrThrow({ where: { id: interrupted.id } })).toMatchObject({
      outcome: "failed",
      error: expect.stringMatching(/interrupted/),
    });
  });

  it("SIGTERM during a sync: scheduling stops, the sync is cancelled between milestones after the grace, the process exits 0", async () => {
    await withMilestones();
    await setFaults(sandbox.url, { latencyMs: 300 });
    const node = await server({ BLOCKERBUGS_ROLE: "primary", SYNC_INTERVAL: "1h", SHUTDOWN_GRACE: "0s" });
    const running = await waitFor("a running sync", async () =>
      t.db.syncRun.findFirst({ where: { outcome: "running" } }),
    );
    // No wall-clock bound (the machine's load decides it): the milestones left unsynced below show
    // that the stop did not wait for the whole sync.
    expect(await node.stop("SIGTERM")).toBe(0);
    const run = await t.db.syncRun.findUniqueOrThrow({ where: { id: running.id } });
    expect(run.outcome).toBe("failed");
    expect(run.error).toContain(SYNC_CANCELLED);
    expect(run.finishedAt).not.toBeNull();
    // Milestones synced before the cancel were written whole; the others were left alone.
    const synced = await t.db.milestone.count({ where: { lastSyncAt: { not: null } } });
    expect(synced).toBeLessThan(4);
    expect(node.output()).toMatch(/cancelling the running sync/);
    expect(node.output()).toMatch(/"msg":"stopped"/);
  });
});

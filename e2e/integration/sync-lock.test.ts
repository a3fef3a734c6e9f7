/**
 * The sync lock's own connection dying mid-sync (database restarted, backend terminated): the process
 * keeps running and the sync stops at its next step instead of going on without the lock.
 */
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isSyncRunning } from "../../app/sync/background.server";
import { discoverRelease } from "../../app/admin/milestones.server";
import { parseConfig } from "../../app/config.server";
import { SYNC_LOCK_KEY } from "../../app/sync/lock.server";
import { runSync, SYNC_CANCELLED } from "../../app/sync/run-sync.server";
import { bugzillaClient } from "../../app/upstream/clients.server";
import { loadDataset, startSandbox, type RunningSandbox } from "../sandbox/server";
import { sandboxUpstreams, setFaults } from "../setup/sandbox-client";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

const DEMO = path.join(import.meta.dirname, "..", "fixtures", "demo-upstream.json");
let sandbox: RunningSandbox;
let t: TestDatabase;

beforeAll(async () => {
  sandbox = await startSandbox({ dataset: loadDataset(DEMO), port: 0 });
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});

it("a lost lock connection stops the sync before its next write, without crashing the process", async () => {
  const config = parseConfig({ DATABASE_URL: t.url, ...sandboxUpstreams(sandbox.url) });
  await discoverRelease(t.db, bugzillaClient(config), 46); // 46 Beta and 46 Final
  await setFaults(sandbox.url, { latencyMs: 300 });
  const sync = runSync(t.db, t.url, config, { full: true, sources: ["bugzilla"] });
  await expect.poll(() => isSyncRunning(t.db), { timeout: 10_000 }).toBe(true);

  // Kill the backend holding the advisory lock, as a database restart would.
  const admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objid = $1::bigint::oid`,
      [SYNC_LOCK_KEY % 2 ** 32],
    );
    expect(rows.map((r) => r.terminated)).toEqual([true]);
  } finally {
    await admin.end();
  }

  const summary = await sync;
  expect(summary.cancelled).toBe(true);
  expect(summary.ok).toBe(false);
  const run = await t.db.syncRun.findUniqueOrThrow({ where: { id: summary.runs[0]!.runId } });
  expect(run.outcome).toBe("failed");
  expect(run.error).toContain(SYNC_CANCELLED);
  // Both milestones were being fetched (together) when the lock went: neither is written without it.
  expect(summary.runs[0]!.milestones.map((m) => m.milestone)).toEqual([]);
  expect(await t.db.milestoneBug.count()).toBe(0);
  await setFaults(sandbox.url, { latencyMs: 0 });
});

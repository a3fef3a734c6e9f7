/**
 * The data version (migration data_version, app/db/data-version.server.ts) on a real database: every
 * table a page shows moves it when a write commits, once per transaction, never on a rollback; the
 * reader sees a commit made before the read; the home page's SQL counts agree with the domain's.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../app/config.server";
import { openDataVersionReader, type DataVersionReader } from "../../app/db/data-version.server";
import { countSections } from "../../app/domain/sections";
import { countActiveBugStates } from "../../app/routes/_index/queries.server";
import { sectionCounts } from "../../app/routes/_index/view";
import { runSync } from "../../app/sync/run-sync.server";
import { bugzillaClient } from "../../app/upstream/clients.server";
import { startSandbox, type RunningSandbox } from "../sandbox/server";
import { addRelease90 } from "../setup/datasets";
import { randomWorld } from "../setup/random-dataset";
import { patchBugs, sandboxUpstreams } from "../setup/sandbox-client";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

/**
 * Tables whose rows no cached page shows, so writes to them leave the version alone: logins, proposals
 * (shown to their proposer only; the proposed bug's re-sync writes tracked tables) and the sync's own
 * bookkeeping of history reads. A new table goes either here or gets its trigger in its migration
 * (see the data_version migration).
 */
const UNTRACKED = ["BugHistoryFetch", "DataVersion", "Proposal", "Session", "User", "_prisma_migrations"];

let t: TestDatabase;
let sandbox: RunningSandbox;
let reader: DataVersionReader;

beforeAll(async () => {
  t = await createTestDatabase();
  reader = openDataVersionReader(t.url);
});
afterAll(async () => {
  await reader?.close();
  await sandbox?.close();
  await t?.drop();
});

const version = async () => Number((await reader.read()).version);

describe("the data version", () => {
  it("every table is tracked by the trigger or listed as shown on no cached page", async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      const tables = await client.query<{ name: string; tracked: boolean }>(`
        SELECT c.relname AS name, EXISTS (
          SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'data_version'
        ) AS tracked
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`);
      const untracked = tables.rows.filter((r) => !r.tracked).map((r) => r.name);
      expect(untracked.sort()).toEqual([...UNTRACKED].sort());
      expect(tables.rows.filter((r) => r.tracked).length).toBeGreaterThanOrEqual(12);
    } finally {
      await client.end();
    }
  });

  it("moves once per committed transaction, whatever it wrote, and not on a rollback", async () => {
    const before = await version();
    await t.db.$transaction(async (tx) => {
      const release = await tx.release.create({ data: { number: 70 } });
      await tx.release.update({ where: { id: release.id }, data: { active: false } });
      await tx.release.create({ data: { number: 71 } });
    });
    expect(await version()).toBe(before + 1);

    await expect(
      t.db.$transaction(async (tx) => {
        await tx.release.create({ data: { number: 72 } });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await version()).toBe(before + 1);

    // Outside a transaction each statement commits on its own.
    await t.db.release.deleteMany({ where: { number: { in: [70, 71] } } });
    expect(await version()).toBe(before + 2);
    // Reads and writes to untracked tables leave it alone.
    await t.db.release.findMany();
    await t.db.user.create({ data: { login: "reader" } });
    expect(await version()).toBe(before + 2);
  });

  it("a sync run moves it when it finishes, not while it runs (no cached page shows a running run)", async () => {
    const before = await version();
    const run = await t.db.syncRun.create({ data: { source: "koji", kind: "full", outcome: "running" } });
    await t.db.syncRun.update({ where: { id: run.id }, data: { counts: { builds: 1 } } });
    expect(await version()).toBe(before);
    await t.db.syncRun.update({
      where: { id: run.id },
      data: { outcome: "success", finishedAt: new Date() },
    });
    expect(await version()).toBe(before + 1);
    // A finished run changed or deleted, a run recorded as finished at once: each moves it.
    await t.db.syncRun.update({ where: { id: run.id }, data: { error: "note" } });
    await t.db.syncRun.create({ data: { source: "koji", kind: "full", outcome: "failed", error: "x" } });
    await t.db.syncRun.delete({ where: { id: run.id } });
    expect(await version()).toBe(before + 4);
  });

  it("a read made after a commit sees it, even while another read is in flight", async () => {
    const before = await version();
    const inFlight = reader.read();
    await t.db.release.create({ data: { number: 73 } });
    const after = reader.read();
    expect(Number((await after).version)).toBe(before + 1);
    expect(Number((await inFlight).version)).toBeGreaterThanOrEqual(before);
    const changedAt = (await after).changedAt.getTime();
    expect(Math.abs(changedAt - Date.now())).toBeLessThan(60_000);
  });

  it("a sync moves it, and the home page's SQL counts equal the domain's count of the bug rows", async () => {
    const world = randomWorld(15, { bugs: 120 });
    sandbox = await startSandbox({ dataset: world.data as never, port: 0 });
    const config = parseConfig({ DATABASE_URL: t.url, ...sandboxUpstreams(sandbox.url) });
    await addRelease90(t.db, bugzillaClient(config));
    const before = await version();
    expect((await runSync(t.db, t.url, config, { full: true })).ok).toBe(true);
    // A bug closed upstream moves from the open to the closed count at the next sync.
    const read = await t.db.bug.findFirstOrThrow({
      where: { fetchedAt: { not: null }, status: { not: "CLOSED" }, milestones: { some: { active: true } } },
      select: { id: true },
    });
    await patchBugs(sandbox.url, [{ id: read.id, status: "CLOSED", resolution: "ERRATA", is_open: false }]);
    expect((await runSync(t.db, t.url, config, { full: true })).ok).toBe(true);
    expect(await version()).toBeGreaterThan(before);

    const milestones = await t.db.milestone.findMany({ select: { id: true } });
    const counted = await countActiveBugStates(
      t.db,
      milestones.map((m) => m.id),
    );
    for (const { id } of milestones) {
      const rows = await t.db.milestoneBug.findMany({
        where: { milestoneId: id, active: true },
        select: { blocker: true, fe: true, bug: { select: { status: true, fetchedAt: true } } },
      });
      const expected = countSections(rows.map((r) => ({ ...r, ...r.bug })));
      expect(sectionCounts(counted.filter((c) => c.milestoneId === id)), `milestone ${id}`).toEqual(expected);
    }
    expect(counted.reduce((n, c) => n + c.bugs, 0)).toBeGreaterThan(50);
  });
});

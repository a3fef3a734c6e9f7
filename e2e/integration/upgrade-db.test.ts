/**
 * `blockerbugs upgrade_db` on real databases: one left at the FIRST migration holding synced data, and
 * one already up to date.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { discoverRelease } from "../../app/admin/milestones.server";
import { runCli } from "../../app/cli/main";
import { parseConfig, resetConfig } from "../../app/config.server";
import { connectionUrl, ensureDatabase } from "../../app/db/embedded-postgres.server";
import { shippedMigrations } from "../../app/db/migrate.server";
import { runSync } from "../../app/sync/run-sync.server";
import { bugzillaClient } from "../../app/upstream/clients.server";
import { loadDataset, startSandbox, type RunningSandbox } from "../sandbox/server";
import { emptyConfigFile } from "../setup/server-process";
import { createTestDatabase } from "../setup/test-db";
import { sandboxUpstreams } from "../setup/sandbox-client";

const DEMO = path.join(import.meta.dirname, "..", "fixtures", "demo-upstream.json");
/** "1 migration", "2 migrations": how the CLI counts them. */
const migrationCount = (n: number) => `${n} migration${n === 1 ? "" : "s"}`;
const MIGRATIONS = path.join(import.meta.dirname, "..", "..", "prisma", "migrations");
const FIRST = "20261129000000_init";

let sandbox: RunningSandbox;
const dropped: string[] = [];

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Every row of every application table, as JSON text, table by table; with `only`, just those tables
 * and columns (what an older schema had).
 */
async function allRows(url: string, only?: Map<string, string[]>): Promise<Record<string, string[]>> {
  const tables = await query<{ table_name: string }>(
    url,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1",
  );
  const result: Record<string, string[]> = {};
  for (const { table_name } of tables) {
    if (only && !only.has(table_name)) continue;
    const cols = only
      ? only
          .get(table_name)!
          .map((c) => `"${c}"`)
          .join(", ")
      : "*";
    const rows = await query<{ j: string }>(
      url,
      `SELECT row_to_json(t)::text AS j FROM (SELECT ${cols} FROM "${table_name}") t ORDER BY 1`,
    );
    result[table_name] = rows.map((r) => r.j);
  }
  return result;
}

/** The columns of every application table: `{ table: [column, …] }`. */
async function tableColumns(url: string): Promise<Map<string, string[]>> {
  const columns = new Map<string, string[]>();
  const rows = await query<{ table_name: string; column_name: string }>(
    url,
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY ordinal_position",
  );
  for (const r of rows) columns.set(r.table_name, [...(columns.get(r.table_name) ?? []), r.column_name]);
  return columns;
}

/**
 * Copies every row of the tables `to` has from `from`, in the columns both have (foreign keys are not
 * checked while copying: `to` gets exactly `from`'s rows, whatever the table order).
 */
async function copyRows(from: string, to: string): Promise<void> {
  const columns = async (url: string) =>
    query<{ table_name: string; column_name: string }>(
      url,
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
    );
  const source = new Set((await columns(from)).map((c) => `${c.table_name}.${c.column_name}`));
  const shared = new Map<string, string[]>();
  for (const c of await columns(to)) {
    if (!source.has(`${c.table_name}.${c.column_name}`)) continue;
    shared.set(c.table_name, [...(shared.get(c.table_name) ?? []), c.column_name]);
  }
  const target = new pg.Client({ connectionString: to });
  await target.connect();
  try {
    await target.query("SET session_replication_role = replica");
    for (const [table, cols] of shared) {
      const list = cols.map((c) => `"${c}"`).join(", ");
      const rows = await query<{ j: string }>(
        from,
        `SELECT row_to_json(t)::text AS j FROM (SELECT ${list} FROM "${table}") t`,
      );
      for (const { j } of rows) {
        await target.query(
          `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_record(NULL::"${table}", $1::json)`,
          [j],
        );
      }
    }
    // Serial ids go on after the copied rows.
    for (const [table, cols] of shared) {
      if (!cols.includes("id")) continue;
      await target.query(
        `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), COALESCE((SELECT MAX(id) FROM "${table}"), 0) + 1, false) WHERE pg_get_serial_sequence('"${table}"', 'id') IS NOT NULL`,
      );
    }
  } finally {
    await target.end();
  }
}

/** Columns of every table: the schema's shape. */
const schemaShape = (url: string) =>
  query(
    url,
    "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
  );

/**
 * A new, empty database brought to the first migration only, the way `prisma migrate deploy` records
 * it in `_prisma_migrations` (same table definition, sha256 checksum of migration.sql).
 */
async function databaseAtFirstMigration(): Promise<string> {
  const name = `upgrade_${randomBytes(5).toString("hex")}`;
  await ensureDatabase(inject("pgAdminUrl"), name);
  dropped.push(name);
  const url = connectionUrl(inject("pgPort"), name);
  const sql = fs.readFileSync(path.join(MIGRATIONS, FIRST, "migration.sql"), "utf8");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE TABLE "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
  await client.query(sql);
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
     VALUES (gen_random_uuid()::text, $1, now(), $2, 1)`,
    [createHash("sha256").update(sql).digest("hex"), FIRST],
  );
  await client.end();
  return url;
}

beforeAll(async () => {
  sandbox = await startSandbox({ dataset: loadDataset(DEMO), port: 0 });
  process.env.BLOCKERBUGS_CONFIG = emptyConfigFile();
  Object.assign(process.env, sandboxUpstreams(sandbox.url));
});
beforeEach(() => resetConfig());
afterAll(async () => {
  await sandbox.close();
  for (const name of dropped)
    await query(inject("pgAdminUrl"), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("blockerbugs upgrade_db", () => {
  it("upgrades a database at the first migration holding synced data: every row kept, the new migrations applied", async () => {
    const url = await databaseAtFirstMigration();
    // Real data, synced by the sync of this version into an up-to-date database, then copied into the
    // old one (the columns its tables have): the sync itself writes tables the first migration lacks.
    const synced = await createTestDatabase();
    try {
      const config = parseConfig({ DATABASE_URL: synced.url, BUGZILLA_URL: `${sandbox.url}/bugzilla` });
      await discoverRelease(synced.db, bugzillaClient(config), 46);
      expect((await runSync(synced.db, synced.url, config, { full: true, sources: ["bugzilla"] })).ok).toBe(
        true,
      );
      await copyRows(synced.url, url);
    } finally {
      await synced.drop();
    }
    const oldColumns = await tableColumns(url);
    const before = await allRows(url);
    expect(before.Bug!.length).toBeGreaterThan(10);
    expect(before.MilestoneBug!.length).toBeGreaterThan(10);
    expect(before.SyncRun).toHaveLength(1);
    expect(before).not.toHaveProperty("Update");

    process.env.DATABASE_URL = url;
    const status = await cli("status");
    expect(status.out).toMatch(
      /schema 20261129000000_init, (1 migration|\d+ migrations) pending: run "blockerbugs upgrade_db"/,
    );
    const upgrade = await cli("upgrade_db");
    expect(upgrade.code).toBe(0);
    const pending = shippedMigrations().filter((m) => m !== FIRST);
    expect(upgrade.out).toBe(
      [...pending.map((m) => `applied ${m}`), `Upgraded: ${migrationCount(pending.length)} applied.`].join(
        "\n",
      ),
    );

    // Every old row is still there, as it was in the old columns; new tables are empty.
    const after = await allRows(url, oldColumns);
    for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows);
    const all = await allRows(url);
    expect(all).toHaveProperty("Update", []);
    expect(all).toHaveProperty("Proposal", []);
    // Events recorded before the upgrade were dated by the sync that recorded them, not by Bugzilla.
    const events = await query<{ atFromHistory: boolean }>(url, 'SELECT "atFromHistory" FROM "BugEvent"');
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => !e.atFromHistory)).toBe(true);
    const applied = await query<{ migration_name: string }>(
      url,
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1",
    );
    expect(applied.map((r) => r.migration_name)).toEqual(shippedMigrations());
    expect((await cli("status")).out).toMatch(/, up to date/);
  });

  it("on an up-to-date database changes nothing and says so", async () => {
    const t = await createTestDatabase();
    try {
      process.env.DATABASE_URL = t.url;
      await t.db.release.create({ data: { number: 99 } });
      const [rows, shape, migrations] = [
        await allRows(t.url),
        await schemaShape(t.url),
        await query(t.url, "SELECT * FROM _prisma_migrations ORDER BY migration_name"),
      ];
      const result = await cli("upgrade_db");
      expect(result.code).toBe(0);
      expect(result.out).toBe(
        `Nothing to do: the schema is up to date (${migrationCount(shippedMigrations().length)} applied).`,
      );
      expect(await allRows(t.url)).toEqual(rows);
      expect(await schemaShape(t.url)).toEqual(shape);
      expect(await query(t.url, "SELECT * FROM _prisma_migrations ORDER BY migration_name")).toEqual(
        migrations,
      );
    } finally {
      await t.drop();
    }
  });
});

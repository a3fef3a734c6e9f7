import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach, inject } from "vitest";
import { createPrismaClient, type Db } from "../../app/db/db.server";
import { connectionUrl, ensureDatabase } from "../../app/db/embedded-postgres.server";
import { TEMPLATE_DATABASE } from "./global-setup";

/** A fresh, migrated database for one test (file), on the run's embedded PostgreSQL. */
export interface TestDatabase {
  db: Db;
  url: string;
  /** Disconnects and drops the database. */
  drop(): Promise<void>;
}

/** Copies the migrated template into a new database (fast: PostgreSQL's CREATE DATABASE … TEMPLATE). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const adminUrl = inject("pgAdminUrl");
  await ensureDatabase(adminUrl, name, TEMPLATE_DATABASE);
  const url = connectionUrl(inject("pgPort"), name);
  const db = createPrismaClient(url);
  return {
    db,
    url,
    drop: async () => {
      await db.$disconnect();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** The database of the running test, replaced before each test (see `freshDatabaseEachTest`). */
export interface EachTestDatabase extends TestDatabase {
  /** Drops the test's database and gives the test a fresh one (a second start within one test). */
  renew(): Promise<void>;
}

/**
 * Gives every test of the calling file a fresh database (`beforeEach`); after each test, `closeFirst`
 * runs (e.g. closing the sandbox the test started), then the database is dropped (`afterEach`). The
 * returned object always speaks for the running test's database.
 */
export function freshDatabaseEachTest(closeFirst?: () => Promise<unknown> | undefined): EachTestDatabase {
  let current: TestDatabase | undefined;
  const test = () => {
    if (!current) throw new Error("the test database exists only while a test runs");
    return current;
  };
  beforeEach(async () => {
    current = await createTestDatabase();
  });
  afterEach(async () => {
    await closeFirst?.();
    await current?.drop();
    current = undefined;
  });
  return {
    get db() {
      return test().db;
    },
    get url() {
      return test().url;
    },
    drop: () => test().drop(),
    async renew() {
      await test().drop();
      current = await createTestDatabase();
    },
  };
}

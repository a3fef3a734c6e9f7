import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
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

import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import type { Config } from "~/config.server";
import {
  connectionUrl,
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedCluster,
} from "./embedded-postgres.server";

export type Db = PrismaClient;

/** An open database: the Prisma client, the URL it uses, and how to close it (and the embedded server). */
export interface Database {
  db: Db;
  url: string;
  /** "embedded" when Blockerbugs runs its own PostgreSQL under BLOCKERBUGS_DATA_DIR. */
  kind: "embedded" | "external";
  /** The embedded server, when `kind` is "embedded". */
  cluster?: EmbeddedCluster;
  /** Disconnects; stops the embedded server when no other Blockerbugs process uses it. */
  close(): Promise<void>;
}

/** Prisma client for a PostgreSQL URL, through the pg driver adapter (no native engine). */
export function createPrismaClient(url: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

/**
 * Opens the configured database: `DATABASE_URL` when set, otherwise the embedded PostgreSQL in
 * `BLOCKERBUGS_DATA_DIR` (started here, or joined if another Blockerbugs process runs it).
 * Does not migrate; see `migrate.server.ts`.
 * @throws EmbeddedPostgresError when the embedded server cannot start.
 */
export async function openDatabase(
  config: Pick<Config, "DATABASE_URL" | "BLOCKERBUGS_DATA_DIR" | "BLOCKERBUGS_DB_PORT">,
): Promise<Database> {
  if (config.DATABASE_URL) {
    const db = createPrismaClient(config.DATABASE_URL);
    return { db, url: config.DATABASE_URL, kind: "external", close: () => db.$disconnect() };
  }
  const cluster = await startEmbeddedPostgres({
    dataDir: config.BLOCKERBUGS_DATA_DIR,
    port: config.BLOCKERBUGS_DB_PORT,
  });
  try {
    await ensureDatabase(cluster.adminUrl, "blockerbugs");
  } catch (error) {
    await cluster.release();
    throw error;
  }
  const url = connectionUrl(cluster.port, "blockerbugs");
  const db = createPrismaClient(url);
  return {
    db,
    url,
    kind: "embedded",
    cluster,
    close: async () => {
      await db.$disconnect();
      await cluster.release();
    },
  };
}

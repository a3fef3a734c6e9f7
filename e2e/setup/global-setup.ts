import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import type { TestProject } from "vitest/node";
import { connectionUrl, ensureDatabase, startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";
import { migrateDatabase } from "../../app/db/migrate.server";

/** Name of the migrated database every test database is copied from. */
export const TEMPLATE_DATABASE = "blockerbugs_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgPort: number;
  }
}

/**
 * One embedded PostgreSQL for the whole test run, in a fresh temporary folder, with a migrated
 * template database; test files copy it (see test-db.ts). Stopped and deleted after the run.
 */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-test-pg-"));
  fs.rmSync(dataDir, { recursive: true });
  if (process.getuid?.() === 0) fs.chmodSync(path.dirname(dataDir), 0o1777);
  const cluster = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  await ensureDatabase(cluster.adminUrl, TEMPLATE_DATABASE);
  await migrateDatabase(connectionUrl(cluster.port, TEMPLATE_DATABASE));
  project.provide("pgAdminUrl", cluster.adminUrl);
  project.provide("pgPort", cluster.port);
  return async () => {
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

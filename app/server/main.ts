import path from "node:path";
import type { Server } from "node:http";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { getConfig, PROJECT_ROOT, type Config } from "~/config.server";
import { openDatabase, type Database } from "~/db/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import { logger } from "~/logger.server";
import type { BlockerbugsContext } from "~/load-context";
import { refuseCrossSite } from "./csrf";

/** A running Blockerbugs web server. */
export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves the Remix app (build/index.js) and its assets over HTTP with the given database.
 * @throws when the Remix build is missing (run `npm run build`).
 */
export async function startHttpServer(config: Config, database: Database): Promise<RunningServer> {
  const buildPath = path.join(PROJECT_ROOT, "build", "index.js");
  const build = (await import(/* @vite-ignore */ buildPath)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  const base = config.BASE_PATH;
  app.use(
    `${base}/build`,
    express.static(path.join(PROJECT_ROOT, "public", "build"), { immutable: true, maxAge: "1y" }),
  );
  app.use(base || "/", express.static(path.join(PROJECT_ROOT, "public"), { maxAge: "1h" }));
  const context: BlockerbugsContext = { db: database.db, config, databaseUrl: database.url };
  app.use(refuseCrossSite);
  app.all("*", createRequestHandler({ build, mode: build.mode, getLoadContext: () => context }));

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once("error", reject);
  });
  // Under `npm run dev` (remix dev sets REMIX_DEV_ORIGIN), tell the dev server this build is live.
  if (process.env.REMIX_DEV_ORIGIN) await broadcastDevReady(build);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const host = config.HOST === "0.0.0.0" ? "localhost" : config.HOST;
  return {
    url: `http://${host}:${port}${base}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `npm start`: open (and migrate) the database, then serve until SIGINT/SIGTERM. Exits 1 with one line on failure. */
export async function main(): Promise<void> {
  try {
    const config = getConfig();
    logger.level = config.LOG_LEVEL;
    const database = await openDatabase(config);
    const applied = await migrateDatabase(database.url);
    if (applied.length) logger.info({ applied }, "database migrated");
    const running = await startHttpServer(config, database);
    logger.info({ url: running.url, database: database.kind }, `Blockerbugs is serving on ${running.url}`);
    stopOnSignal(async () => {
      await running.close();
      await database.close();
    });
  } catch (error) {
    console.error(`blockerbugs: ${(error as Error).message}`);
    process.exit(1);
  }
}

/** Runs `cleanup` once on SIGINT/SIGTERM, then exits. */
export function stopOnSignal(cleanup: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    cleanup().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

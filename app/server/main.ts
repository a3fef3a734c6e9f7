import { randomUUID } from "node:crypto";
import path from "node:path";
import v8 from "node:v8";
import type { Server } from "node:http";
import express from "express";
import { pinoHttp } from "pino-http";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import {
  broadcastDevReady,
  createRequestHandler as createRemixHandler,
  type ServerBuild,
} from "@remix-run/node";
import { getConfig, PROJECT_ROOT, type Config } from "~/config.server";
import { openDatabase, type Database } from "~/db/db.server";
import { openDataVersionReader } from "~/db/data-version.server";
import { migrateDatabase } from "~/db/migrate.server";
import { logger, redactUrl } from "~/logger.server";
import type { BlockerbugsContext, PageRender } from "~/load-context";
import { buildUnderBasePath } from "~/server/base-path";
import { startSyncScheduler, type SyncScheduler } from "~/sync/scheduler.server";
import { buildAssets } from "./assets.server";
import { checkReadiness } from "./health.server";
import { requestGuard } from "./csrf";
import { methodGuard } from "./methods";
import { cspNonce, securityHeaders } from "./security-headers";
import { pageCache, variantOf } from "./page-cache";

/** A running Blockerbugs web server. */
export interface RunningServer {
  url: string;
  server: Server;
  /** From now on `/readyz` answers 503 "shutting down", so a load balancer stops sending requests. */
  markStopping(): void;
  /** Stops accepting connections; requests in progress get up to 10 s to finish. */
  close(): Promise<void>;
  /** Shows `scheduler` on /sync from now on (started once the server listens, see `main`). */
  attachScheduler(scheduler: SyncScheduler): void;
}

/** The settings that change what an anonymous page shows: part of the page cache's ETags. */
const PAGE_SETTINGS = [
  "NODE_ENV",
  "BASE_PATH",
  "BUGZILLA_URL",
  "BODHI_URL",
  "KOJI_URL",
  "PAGURE_URL",
  "PAGURE_REPO",
  "SYNC_INTERVAL",
  "DEV_LOGIN",
  "OIDC_ISSUER",
] as const satisfies readonly (keyof Config)[];

/** On shutdown, how long requests in progress may take to finish before their connections are cut. */
const CLOSE_GRACE_MS = 10_000;

/** An incoming X-Request-Id is kept when it looks like an id (no spaces or control characters). */
const REQUEST_ID = /^[\w.:@-]{1,128}$/;

/**
 * Serves the Remix app (build/index.js) and its assets over HTTP with the given database, everything
 * under `BASE_PATH`; plus `/healthz` (process up) and `/readyz` (database reachable, schema up to date),
 * at the root and under `BASE_PATH`. Requests are logged as JSON (pino-http) with a request id (an
 * incoming `X-Request-Id`, or a new UUID), echoed in the `X-Request-Id` response header. Every response
 * carries the security headers (security-headers.ts: CSP with a per-request nonce for the page's inline
 * scripts, no framing, referrer and permissions policies); methods other than GET, HEAD and POST answer
 * 405 with `Allow` (methods.ts).
 * @throws when the Remix build is missing (run `npm run build`), or `PORT` is taken or `HOST:PORT` cannot be
 *   listened on (the message names the setting).
 */
export async function startHttpServer(config: Config, database: Database): Promise<RunningServer> {
  const buildPath = path.join(PROJECT_ROOT, "build", "index.js");
  const base = config.BASE_PATH;
  const build = buildUnderBasePath((await import(/* @vite-ignore */ buildPath)) as ServerBuild, base);
  const app = express();
  app.disable("x-powered-by");
  // Behind nginx on the same node, the request's scheme and host are the public ones nginx forwards
  // (X-Forwarded-Proto/-Host): the login's redirect URI must be https://<public host>/…, not http://.
  // Only loopback peers are believed; a client connecting directly cannot claim another scheme or host.
  app.set("trust proxy", "loopback");
  let stopping = false;
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers["x-request-id"];
        const id = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      // Probes every few seconds would drown the log; they are logged only when they fail.
      autoLogging: { ignore: (req) => /\/(healthz|readyz)$/.test(req.url ?? "") },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
      // An access log line, not the whole message: no headers (credentials never reach the log, and
      // serialising and redacting every header of every request cost more CPU than serving a kept page).
      // The OIDC callback's one-time code and state stay out of the URL.
      wrapSerializers: false,
      serializers: {
        req: (req: express.Request & { id?: unknown }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.originalUrl ?? req.url),
          remoteAddress: req.socket?.remoteAddress,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(securityHeaders({ oidcIssuer: config.OIDC_ISSUER }));
  app.use(methodGuard(build, base));
  app.get(["/healthz", `${base}/healthz`], (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get(["/readyz", `${base}/readyz`], async (req, res) => {
    const result = stopping
      ? { ready: false as const, reason: "shutting down" }
      : await checkReadiness(database.db);
    if (!result.ready) req.log.warn({ reason: result.reason }, "not ready");
    res
      .status(result.ready ? 200 : 503)
      .json(result.ready ? { status: "ready" } : { status: "not ready", reason: result.reason });
  });
  if (base) app.get("/", (_req, res) => res.redirect(302, `${base}/`));
  // The scheduler is attached once the server listens (`attachScheduler`); none in the demo.
  const context: BlockerbugsContext = { db: database.db, config, databaseUrl: database.url };
  const versions = openDataVersionReader(database.url);
  const renderRemix = createRemixHandler(build, build.mode);
  // Before compression and the static files: a kept page is sent compressed already, and no file of
  // public/ lies under the pages' paths (a stat per request costs more than the whole answer).
  app.use(
    pageCache({
      base,
      versions,
      render: async (request, res, known, startedAt) => {
        const pageRender: PageRender = { known, startedAt };
        const response = await renderRemix(request, { ...context, cspNonce: cspNonce(res), pageRender });
        return { response, dataHash: pageRender.dataHash, timesChangeAt: pageRender.timesChangeAt };
      },
      variant: variantOf(
        build.assets.version,
        ...PAGE_SETTINGS.map((key) => `${key}=${String(config[key])}`),
      ),
      maxBytes: config.PAGE_CACHE_MB * 1024 * 1024,
      onError: (error, req) => req.log.error({ err: error }, "page cache: rendering without it"),
    }),
  );
  // Text responses (pages, API, assets) not answered by the page cache are compressed when the client
  // accepts it.
  app.use(compression());
  app.use(`${base}/build`, ...buildAssets(path.join(PROJECT_ROOT, "public", "build"), base));
  app.use(base || "/", express.static(path.join(PROJECT_ROOT, "public"), { maxAge: "1h" }));
  app.use(requestGuard(base));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: build.mode,
      getLoadContext: (_req, res) => ({ ...context, cspNonce: cspNonce(res) }),
    }),
  );

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`port ${config.PORT} is already in use by another program; set PORT to a free port`)
          : new Error(
              `cannot listen on ${config.HOST}:${config.PORT} (${error.message}); check HOST and PORT`,
            ),
      ),
    );
  });
  // Under `npm run dev` (remix dev sets REMIX_DEV_ORIGIN), tell the dev server this build is live.
  if (process.env.REMIX_DEV_ORIGIN) await broadcastDevReady(build);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const host = config.HOST === "0.0.0.0" ? "localhost" : config.HOST;
  return {
    url: `http://${host}:${port}${base}/`,
    server,
    markStopping: () => {
      stopping = true;
    },
    attachScheduler: (s) => {
      context.scheduler = s;
    },
    // Requests in progress finish; keep-alive connections close as soon as they are idle (not after the
    // keep-alive timeout); after CLOSE_GRACE_MS the rest are cut.
    close: () =>
      new Promise<void>((resolve) => {
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(cut);
          void versions.close().finally(resolve);
        });
        server.closeIdleConnections();
      }),
  };
}

/**
 * `npm start`: open (and migrate) the database, serve, and on a primary schedule syncs. On SIGINT/SIGTERM:
 * stop scheduling, let a running sync finish for up to SHUTDOWN_GRACE (then cancel it), close the HTTP
 * server, close the database. Exits 1 with one line on failure.
 */
export async function main(): Promise<void> {
  // Under a steady flow of requests V8 promotes each request in flight at a minor collection, and by
  // default lets the old generation grow to up to four times what survived the last full collection
  // before collecting again: this server's ~50 MB of live objects then sat in 250–350 MB of resident
  // memory. Growing by half instead keeps it near 200 MB, for a (mostly concurrent) full collection
  // about once a second under load.
  v8.setFlagsFromString("--heap-growing-percent=50");
  try {
    const config = getConfig();
    logger.level = config.LOG_LEVEL;
    const database = await openDatabase(config);
    const applied = await migrateDatabase(database.url);
    if (applied.length) logger.info({ applied }, "database migrated");
    // Listen first: a node that cannot serve (port taken) must not start syncing before it exits.
    const running = await startHttpServer(config, database);
    const scheduler = await startSyncScheduler(config, database.url);
    running.attachScheduler(scheduler);
    logger.info(
      { url: running.url, database: database.kind, role: config.BLOCKERBUGS_ROLE },
      `Blockerbugs is serving on ${running.url}`,
    );
    stopOnSignal(async () => {
      logger.info("shutting down");
      running.markStopping();
      await scheduler.stop(config.SHUTDOWN_GRACE);
      await running.close();
      await database.close();
      logger.info("stopped");
    });
  } catch (error) {
    console.error(`blockerbugs: error: ${(error as Error).message}`);
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

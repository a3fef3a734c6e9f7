import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { subDays, subMinutes } from "date-fns";
import { z } from "zod";
import { parseConfig, PROJECT_ROOT } from "~/config.server";
import { discoverRelease } from "~/admin/milestones.server";
import { openDatabase } from "~/db/db.server";
import { EmbeddedPostgresError } from "~/db/embedded-postgres.server";
import { migrateDatabase } from "~/db/migrate.server";
import { bugzillaClient } from "~/upstream/clients.server";
import { runSync } from "~/sync/run-sync.server";
import { describeSourceRun } from "~/sync/summary";
import { loadDataset, startSandbox } from "../../e2e/sandbox/server";
import { DEMO_DAY_46_BETA, demoDayOfChanges } from "../../e2e/fixtures/demo-day";
import { formatMeetingSchedule } from "~/domain/meeting-schedule";
import { startHttpServer, stopOnSignal } from "./main";

/** The dataset the demo serves (a copy of ../shared/data/demo-upstream.json). */
export const DEMO_DATASET = path.join(PROJECT_ROOT, "e2e", "fixtures", "demo-upstream.json");
/** Releases in the demo dataset; their Beta and Final milestones are created from the tracker aliases. */
const DEMO_RELEASES = [46, 47];

/**
 * `npm run demo`: starts the sandbox with the demo dataset, a fresh embedded database of its own
 * (`.data/demo-postgres`, port 54330), creates the demo milestones, syncs them from all four sources
 * (Bugzilla, Bodhi, Koji, Pagure; `PAGURE_REPO` is the dataset's repo), then applies a day of upstream
 * changes dated in the last 24 hours (`e2e/fixtures/demo-day.ts`) and syncs again, and serves the app —
 * fully offline. The blocker review meeting was yesterday at this time (unless `MEETING_SCHEDULE` says
 * otherwise), so the changes page shows that day. The sandbox's Pagure sends its signed web-hook to the
 * app on every comment written through its API (a vote shows at once). Ends on SIGINT/SIGTERM.
 */
export async function runDemo(): Promise<void> {
  try {
    const ports = demoPorts(process.env);
    const started = new Date();
    const dataset = loadDataset(DEMO_DATASET);
    const sandbox = await startSandbox({ dataset, port: ports.sandbox }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== "EADDRINUSE") throw error;
        throw new Error(
          `port ${ports.sandbox} is in use; set SANDBOX_PORT to another port (or leave it unset for any free port)`,
        );
      },
    );
    const env = {
      ...process.env,
      DATABASE_URL: undefined,
      BLOCKERBUGS_DATA_DIR: process.env.DEMO_DATA_DIR ?? path.join(PROJECT_ROOT, ".data", "demo-postgres"),
      BLOCKERBUGS_DB_PORT: String(ports.database),
      BUGZILLA_URL: `${sandbox.url}/bugzilla`,
      // The sandbox takes any key; with one, proposing a bug (a Bugzilla write) works in the demo.
      BUGZILLA_API_KEY: "sandbox-demo-key",
      // Offline there is no identity provider: log in with the development form unless one is configured.
      DEV_LOGIN: process.env.DEV_LOGIN ?? (process.env.OIDC_CLIENT_ID ? "false" : "true"),
      BODHI_URL: `${sandbox.url}/bodhi`,
      KOJI_URL: `${sandbox.url}/koji/kojihub`,
      PAGURE_URL: `${sandbox.url}/pagure`,
      PAGURE_REPO: dataset.pagure.repo,
      PAGURE_API_TOKEN: undefined,
      PAGURE_BOT_ENABLED: undefined,
      PAGURE_WEBHOOK_KEY: process.env.PAGURE_WEBHOOK_KEY || randomBytes(24).toString("hex"),
      // The last meeting was a day ago (plus a minute): the changes page's default window is the day below.
      MEETING_SCHEDULE:
        process.env.MEETING_SCHEDULE || formatMeetingSchedule(slotOf(subMinutes(subDays(started, 1), 1))),
    };
    const config = parseConfig(env);
    await assertPortFree(config.PORT, config.HOST);
    const database = await openDatabase(config).catch((error: unknown) => {
      if (!(error instanceof EmbeddedPostgresError && error.portTaken)) throw error;
      throw new Error(
        `port ${ports.database} is already in use by another program; set DEMO_DB_PORT to a free port`,
      );
    });
    if (((await database.cluster?.otherUsers()) ?? 0) > 0) {
      await database.close();
      throw new Error(
        `another process is using the demo database in ${config.BLOCKERBUGS_DATA_DIR}; stop it first`,
      );
    }
    await resetSchema(database.url);
    await migrateDatabase(database.url);

    const client = bugzillaClient(config);
    for (const release of DEMO_RELEASES) {
      for (const m of (await discoverRelease(database.db, client, release)).milestones)
        console.log(`${m.name}: ${m.outcome}`);
    }
    await database.db.milestone.updateMany({
      where: { version: "beta", release: { number: DEMO_RELEASES[0] } },
      data: { current: true },
    });
    const summary = await runSync(database.db, database.url, config, { full: true, bugzilla: client });
    for (const run of summary.runs)
      console.log(`${describeSourceRun(run)}${run.error ? `; ${run.error}` : ""}`);

    // A day of upstream changes, then the sync that sees them (dated by Bugzilla's, Bodhi's and Pagure's times).
    await sandboxControl(sandbox.url, "/dataset", { patch: demoDayOfChanges(dataset, started) });
    const day = await runSync(database.db, database.url, config, { full: true, bugzilla: client });
    console.log(
      `A day of upstream changes (${DEMO_DAY_46_BETA.length} bugs of Fedora 46 Beta): ` +
        day.runs.map((run) => `${run.source} ${run.outcome}`).join(", "),
    );

    const running = await startHttpServer(config, database);
    const address = running.server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    await sandboxControl(sandbox.url, "/pagure-webhook", {
      url: `http://127.0.0.1:${port}${config.BASE_PATH}/api/webhooks/pagure`,
      key: config.PAGURE_WEBHOOK_KEY,
    });
    console.log(
      `\nBlockerbugs demo is serving on ${running.url}  (sandbox upstream: ${sandbox.url}; Ctrl-C stops both)`,
    );
    console.log(
      `Live votes: the sandbox's Pagure sends its web-hook on each comment, e.g.\n` +
        `  curl --data-urlencode comment='BetaBlocker +1' -H 'Authorization: token demo' ${sandbox.url}/pagure/api/0/${dataset.pagure.repo}/issue/2401/comment`,
    );
    stopOnSignal(async () => {
      await running.close();
      await database.close();
      await sandbox.close();
    });
  } catch (error) {
    console.error(`blockerbugs: error: ${(error as Error).message}`);
    process.exit(1);
  }
}

/**
 * The demo's own port settings: `SANDBOX_PORT` (default 0: any free port) and `DEMO_DB_PORT` (default
 * 54330), which it passes on as the sandbox's port and `BLOCKERBUGS_DB_PORT`.
 * @throws Error naming each bad variable, one line each.
 */
export function demoPorts(env: NodeJS.ProcessEnv): { sandbox: number; database: number } {
  const port = z.coerce.number().int().min(0).max(65535);
  const problems: string[] = [];
  const read = (name: string, fallback: number, hint: string, min = 0) => {
    const raw = env[name]?.trim() || String(fallback);
    const parsed = port.min(min).safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(`  ${name}: must be a port number${hint}, not "${env[name]}"`);
    return fallback;
  };
  const ports = {
    sandbox: read("SANDBOX_PORT", 0, " (0 for any free port)"),
    database: read("DEMO_DB_PORT", 54330, "", 1),
  };
  if (problems.length) throw new Error(["invalid demo settings:", ...problems].join("\n"));
  return ports;
}

/**
 * Fails early, before touching the demo database, when the web port is taken (say, by a running demo) or
 * `HOST:PORT` cannot be listened on at all.
 */
async function assertPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `port ${port} is in use (is a demo already running?); set PORT to another port`
            : `cannot listen on ${host}:${port} (${error.message}); check HOST and PORT`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** The weekly slot (UTC weekday and time, to the minute) that `at` falls in. */
function slotOf(at: Date): { weekday: number; hour: number; minute: number } {
  return { weekday: at.getUTCDay(), hour: at.getUTCHours(), minute: at.getUTCMinutes() };
}

/** Calls a sandbox control endpoint (`/_sandbox/…`) with a JSON body. @throws on a refusal. */
async function sandboxControl(sandboxUrl: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${sandboxUrl}/_sandbox${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`the sandbox refused ${path}: ${await res.text()}`);
}

/** Drops everything in the demo database so each demo run starts from the dataset alone. */
async function resetSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  } finally {
    await client.end();
  }
}

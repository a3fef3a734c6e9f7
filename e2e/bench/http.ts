// `npm run bench:http -- [--bugs 2000] [--seconds 5] [--connections 50] [--changes 5]`: how fast the built
// server answers its busiest pages. It starts a throw-away embedded PostgreSQL and the sandbox (its own process) serving the
// benchmark world (e2e/bench/world.ts: four milestones of a quarter of --bugs), fills the database by a real
// full sync (`blockerbugs sync --full`, its own process), starts the server (NODE_ENV=production, its own
// process, with the packaged systemd unit's memory settings) and loads each page with autocannon,
// --connections connections for --seconds seconds, as a browser asks (Accept-Encoding: gzip, deflate, br; no
// cookie): /healthz, a 500-bug list, a 50-bug list (one component of it), the API's bugs of that milestone,
// home and a bug page. It prints req/s, p50 and p99 of each, each as a ratio of /healthz in the same run,
// then the same while full syncs run one after another: first syncs that find nothing new upstream, then
// syncs each after --changes review decisions in Bugzilla on bugs of the 500-bug list (as during a blocker
// review meeting); then the server's RSS and the bug list's size per row. It is a script that prints
// numbers, not a test: the machine's load changes them (the load average is printed too).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { ensureBuild } from "../../app/cli/ensure-build.mjs";
import { addMilestone, addRelease } from "../../app/admin/milestones.server";
import { createPrismaClient } from "../../app/db/db.server";
import { connectionUrl, ensureDatabase, startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";
import { migrateDatabase } from "../../app/db/migrate.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import { freePort } from "../setup/global-setup";
import { sandboxUpstreams } from "../setup/sandbox-client";
import { serviceProcessEnv } from "../setup/service-environment";
import { BENCH_COMPONENTS, BENCH_MILESTONES, benchWorld, startSandboxProcess } from "./world";

const USAGE = "usage: npm run bench:http -- [--bugs N] [--seconds S] [--connections C] [--changes D]";
const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Parses the arguments; a bad one ends the process with one line and the usage, exit code 2. */
function readArgs(): { bugs: number; seconds: number; connections: number; changes: number } {
  const wholeNumber = (name: string, value: string, min: number) => {
    if (/^\d+$/.test(value) && Number(value) >= min) return Number(value);
    throw new Error(`--${name} must be a whole number of at least ${min}, not "${value}"`);
  };
  try {
    const { values } = parseArgs({
      options: {
        bugs: { type: "string", default: "2000" },
        seconds: { type: "string", default: "5" },
        connections: { type: "string", default: "50" },
        changes: { type: "string", default: "5" },
      },
    });
    return {
      bugs: wholeNumber("bugs", values.bugs, 4),
      seconds: wholeNumber("seconds", values.seconds, 1),
      connections: wholeNumber("connections", values.connections, 1),
      changes: wholeNumber("changes", values.changes, 1),
    };
  } catch (error) {
    process.stderr.write(`bench:http: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

/** Runs `blockerbugs sync --full` in its own process; resolves with its duration (ms), rejects on failure. */
function fullSync(env: NodeJS.ProcessEnv, onChild?: (child: ChildProcess) => void): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "app/cli/bin.mjs"), "sync", "--full"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    onChild?.(child);
    let err = "";
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    child.once("exit", (code, signal) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`blockerbugs sync --full exited with ${code ?? signal}: ${err.trim()}`)),
    );
  });
}

/** Starts the built server in its own process; resolves once it serves. Its log is read and dropped. */
async function startServer(env: NodeJS.ProcessEnv): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, "build/node/server/main.js")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let head = "";
  child.stderr!.on("data", (c: Buffer) => (head = (head + c.toString()).slice(-4000)));
  const origin = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server exited (${code}): ${head}`)));
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const m = /Blockerbugs is serving on (http:\/\/[^/"]+)/.exec(line);
      if (m) resolve(m[1]!);
    });
  });
  return { origin, child };
}

/** The data version (see app/db/data-version.server.ts). */
async function dataVersion(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ v: string }>(`SELECT "version"::text AS v FROM "DataVersion"`);
    return Number(r.rows[0]!.v);
  } finally {
    await client.end();
  }
}

/** Resident memory of a process (MB), now and at its peak (VmHWM), from /proc. */
function rssMb(pid: number): { now: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { now: mb("VmRSS"), peak: mb("VmHWM") };
}

interface Measure {
  name: string;
  path: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  failures: number;
}

const BROWSER = { "accept-encoding": "gzip, deflate, br", accept: "text/html,application/json;q=0.9" };

/** Loads `path` for `seconds` with `connections` connections (after a one-second warm-up). */
async function load(origin: string, name: string, pathname: string, seconds: number, connections: number) {
  const opts = { url: origin + pathname, connections, headers: BROWSER };
  await autocannon({ ...opts, duration: 1 });
  const r = await autocannon({ ...opts, duration: seconds });
  return {
    name,
    path: pathname,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failures: r.non2xx + r.errors + r.timeouts,
  } satisfies Measure;
}

/** The figures as an aligned table, each page's req/s also as a share of /healthz's. */
function table(rows: Measure[]): string {
  const health = rows.find((r) => r.path === "/healthz")?.reqPerSec ?? NaN;
  const lines = [
    `${"page".padEnd(44)} ${"req/s".padStart(8)} ${"of /healthz".padStart(12)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)}`,
  ];
  for (const r of rows) {
    const share = `${((100 * r.reqPerSec) / health).toFixed(1)} %`;
    const fail = r.failures ? `  (${r.failures} failed)` : "";
    lines.push(
      `${`${r.name} ${r.path}`.slice(0, 44).padEnd(44)} ${r.reqPerSec.toFixed(0).padStart(8)} ${share.padStart(12)} ` +
        `${r.p50.toFixed(0).padStart(8)} ${r.p99.toFixed(0).padStart(8)}${fail}`,
    );
  }
  return lines.join("\n");
}

/** One line per target of issue 15, met or not. */
function targets(
  quiet: Measure[],
  syncing: Measure[],
  meeting: Measure[],
  rss: number,
  rowBytes: number,
): string {
  const health = quiet.find((r) => r.path === "/healthz")!.reqPerSec;
  const share = (name: string) => quiet.find((r) => r.name === name)!.reqPerSec / health;
  const p99 = (name: string) => quiet.find((r) => r.name === name)!.p99;
  const checks: [string, boolean][] = [
    [`500-bug list ≥ 25 % of /healthz`, share("500-bug list") >= 0.25],
    [`500-bug list p99 ≤ 100 ms`, p99("500-bug list") <= 100],
    [`50-bug list ≥ 40 % of /healthz`, share("50-bug list") >= 0.4],
    [`home ≥ 25 % of /healthz`, share("home") >= 0.25],
    [`API ≥ 25 % of /healthz`, share("API bugs") >= 0.25],
    [`during a full sync every p99 ≤ 200 ms`, syncing.every((r) => r.p99 <= 200)],
    [`  and during full syncs after review decisions`, meeting.every((r) => r.p99 <= 200)],
    [`server RSS ≤ 200 MB after the run`, rss <= 200],
    [`bug list rows ≤ 1 KB of HTML each (${rowBytes} bytes)`, rowBytes <= 1024],
  ];
  return checks.map(([what, ok]) => `${ok ? "met   " : "MISSED"} ${what}`).join("\n");
}

const args = readArgs();
ensureBuild();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-bench-http-"));
fs.chmodSync(dir, 0o755);
const dataFile = path.join(dir, "world.json");
fs.writeFileSync(dataFile, JSON.stringify(benchWorld(args.bugs)));
const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort() });
const children: ChildProcess[] = [];
try {
  const sandbox = await startSandboxProcess(dataFile);
  children.push(sandbox.child);
  await ensureDatabase(cluster.adminUrl, "bench");
  const url = connectionUrl(cluster.port, "bench");
  await migrateDatabase(url);
  const db = createPrismaClient(url);
  const client = new BugzillaClient({
    baseUrl: `${sandbox.url}/bugzilla`,
    policy: { timeoutMs: 60_000, attempts: 3 },
  });
  for (const release of [90, 91]) await addRelease(db, release);
  for (const m of BENCH_MILESTONES)
    await addMilestone(db, client, {
      release: m.release,
      version: m.version,
      blockerTracker: m.blocker,
      feTracker: m.fe,
    });
  const big = BENCH_MILESTONES[1];
  await db.$disconnect();

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    SESSION_SECRET: randomBytes(36).toString("base64"),
    BLOCKERBUGS_CONFIG: path.join(dir, "empty.env"),
    DATABASE_URL: url,
    ...sandboxUpstreams(sandbox.url),
    LOG_LEVEL: "info",
  };
  // The server runs as the packaged unit runs it: with its memory settings (Node.js and glibc).
  const serverEnv = { ...env, ...serviceProcessEnv() };
  fs.writeFileSync(path.join(dir, "empty.env"), "");
  const before = await dataVersion(url);
  const firstSync = await fullSync(env);
  const bumps = (await dataVersion(url)) - before;
  const server = await startServer({
    ...serverEnv,
    HOST: "127.0.0.1",
    PORT: String(await freePort()),
    BLOCKERBUGS_ROLE: "secondary",
  });
  children.push(server.child);

  const list = `/milestone/${big.release}/${big.version}/buglist`;
  const pages: [string, string][] = [
    ["healthz", "/healthz"],
    ["500-bug list", list],
    ["50-bug list", `${list}?component=${BENCH_COMPONENTS[3]}`],
    ["API bugs", `/api/v1/milestones/${big.release}/${big.version}/bugs`],
    ["home", "/"],
    // The first bug of the world's second milestone (world.ts numbers bugs from 8,000,000 in order).
    ["bug page", `/bug/${8_000_000 + Math.ceil(args.bugs / 4)}`],
  ];
  // Each page once, rendered (the page cache is empty): how long a render takes on its own.
  const renders: string[] = [];
  for (const [name, p] of pages) {
    const started = performance.now();
    await (await fetch(server.origin + p, { headers: BROWSER })).arrayBuffer();
    renders.push(`${name} ${(performance.now() - started).toFixed(0)} ms`);
  }
  const html = await (await fetch(server.origin + list)).text();
  // A bug's row is the table row linking to its page; the trend's table of days has rows too.
  const bugRows = (html.match(/<tr[\s>][\s\S]*?<\/tr>/g) ?? []).filter((r) => r.includes('href="/bug/'));
  const rowBytes = Math.round(bugRows.reduce((n, r) => n + Buffer.byteLength(r), 0) / bugRows.length);
  const bytes = Buffer.byteLength(html);
  const brotli = await fetch(server.origin + list, { headers: BROWSER });
  const brBytes = Number(brotli.headers.get("content-length"));

  console.log(
    `bench:http — ${args.bugs} bugs (4 milestones of ${Math.ceil(args.bugs / 4)}), ${args.connections} connections, ` +
      `${args.seconds} s per page, Node ${process.version}, ${os.cpus().length} CPUs, ` +
      `load average ${os.loadavg()[0]!.toFixed(1)} at the start`,
  );
  console.log(
    `first full sync: ${(firstSync / 1000).toFixed(1)} s, ${bumps} commits that moved the data version`,
  );
  console.log(`first request of each page (a render): ${renders.join(", ")}`);
  console.log(
    `${list}: ${bugRows.length} bug rows of ${rowBytes} bytes of HTML on average; ${bytes} bytes in all ` +
      `(${Math.round(bytes / bugRows.length)} per row with the page's header, filters and trend; ${html.includes("__remixContext") ? "with" : "no"} hydration ` +
      `data), ${brBytes} bytes as sent with brotli; cache: ${brotli.headers.get("x-cache")}\n`,
  );

  const quiet: Measure[] = [];
  for (const [name, p] of pages)
    quiet.push(await load(server.origin, name, p, args.seconds, args.connections));
  console.log("Quiet (no sync running):");
  console.log(table(quiet));

  // Full syncs one after another (each `beforeSync` first) while the same pages are loaded again.
  const whileSyncing = async (heading: string, beforeSync: (round: number) => Promise<void>) => {
    let stop = false;
    let current: ChildProcess | undefined;
    const syncTimes: number[] = [];
    const syncing = (async () => {
      while (!stop) {
        await beforeSync(syncTimes.length);
        syncTimes.push(await fullSync(env, (c) => (current = c)));
      }
    })();
    await new Promise((r) => setTimeout(r, 2000));
    const busy: Measure[] = [];
    for (const [name, p] of pages)
      busy.push(await load(server.origin, name, p, args.seconds, args.connections));
    stop = true;
    current?.kill("SIGTERM");
    await syncing.catch(() => undefined);
    console.log(
      `\n${heading} (${syncTimes.length} finished, ` +
        `${syncTimes.map((t) => `${(t / 1000).toFixed(1)} s`).join(", ") || "none"}; one cancelled at the end):`,
    );
    console.log(table(busy));
    return busy;
  };
  const unchanged = await whileSyncing("While full syncs run, nothing new upstream", async () => undefined);
  // A meeting's pace: before each sync, --changes bugs of the 500-bug list get a review decision (their
  // whiteboard), each round other bugs, so each sync writes bugs, their history and the list's rows anew.
  const firstBig = 8_000_000 + Math.ceil(args.bugs / 4);
  const decisions = ["AcceptedBlocker", "RejectedBlocker", "AcceptedFreezeException", ""];
  const meeting = await whileSyncing(
    `While full syncs run, each after ${args.changes} review decisions in Bugzilla on the 500-bug list`,
    async (round) => {
      const bugs = Array.from({ length: args.changes }, (_, k) => ({
        id: firstBig + ((round * args.changes + k) % Math.ceil(args.bugs / 4)),
        whiteboard: decisions[round % decisions.length],
      }));
      const res = await fetch(`${sandbox.url}/_sandbox/dataset`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ patch: { bugzilla: { bugs, who: "blocker-review@fedoraproject.org" } } }),
      });
      if (!res.ok) throw new Error(`the sandbox refused the decisions: ${await res.text()}`);
    },
  );
  const rss = rssMb(server.child.pid!);
  console.log(`\nserver RSS after the run: ${rss.now.toFixed(0)} MB (peak ${rss.peak.toFixed(0)} MB)\n`);
  console.log(targets(quiet, unchanged, meeting, rss.now, rowBytes));
} finally {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(
    children.map((c) =>
      c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once("exit", r)) : undefined,
    ),
  );
  await cluster.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

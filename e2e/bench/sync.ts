// `npm run bench -- [--bugs 2000] [--latency 100]`: times syncs of four milestones (Fedora 90 and 91,
// Beta and Final, a quarter of the bugs each; Bugzilla, then Bodhi, Koji and Pagure) against the
// sandbox, which runs in its own process, on a throw-away embedded PostgreSQL. In one run it prints:
// a full sync at latency 0, a full sync and an incremental sync with nothing changed at `--latency`
// ms per response, and for each the requests per service, the CPU time and peak RSS of the sync
// process (each sync runs in a fresh child process bundled like the release, as `blockerbugs sync`
// would) and its time as a ratio of two baselines measured in the same run: the critical path (the
// longest chain of requests each sent after the previous one was answered, times the latency) and the
// upstream floor (the same requests replayed without any processing); then each target of issue 14,
// met or missed. Bugzilla is asked anonymously, so its pages hold 20 bugs (bugzilla.redhat.com).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";
import pLimit from "p-limit";
import { addMilestone, addRelease } from "../../app/admin/milestones.server";
import { createPrismaClient } from "../../app/db/db.server";
import { connectionUrl, ensureDatabase, startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";
import { migrateDatabase } from "../../app/db/migrate.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import { DEFAULT_CONCURRENCY } from "../../app/upstream/http.server";
import { freePort } from "../setup/global-setup";
import { serviceProcessEnv } from "../setup/service-environment";
import { BENCH_MILESTONES, benchWorld, startSandboxProcess } from "./world";

const USAGE = "usage: npm run bench -- [--bugs N] [--latency MS]";
const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Parses the arguments; a bad one ends the process with one line and the usage, exit code 2. */
function readArgs(): { bugs: number; latency: number } {
  const wholeNumber = (name: string, value: string, min: number) => {
    if (/^\d+$/.test(value) && Number(value) >= min) return Number(value);
    throw new Error(`--${name} must be a whole number of at least ${min}, not "${value}"`);
  };
  try {
    const { values } = parseArgs({
      options: { bugs: { type: "string", default: "2000" }, latency: { type: "string", default: "100" } },
    });
    return { bugs: wholeNumber("bugs", values.bugs, 1), latency: wholeNumber("latency", values.latency, 0) };
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const args = readArgs();
const n = args.bugs;

const world = benchWorld(n);
const MILESTONES = BENCH_MILESTONES;
const perMilestone = Math.ceil(n / MILESTONES.length);
const updates = world.bodhi.updates;
const issues = world.pagure.issues;

interface ChildResult {
  ms: number;
  ok: boolean;
  runs: { source: string; requests: number; outcome: string; error?: string }[];
  maxRssKb: number;
  cpuMs: number;
}

/**
 * The sync child bundled like the release's own code (esbuild, packages external, no TypeScript
 * loader in the process), so its memory is that of `blockerbugs sync`.
 */
async function bundleChild(): Promise<string> {
  const outfile = path.join(ROOT, "build", "bench", "sync-child.mjs");
  await esbuild.build({
    entryPoints: [path.join(ROOT, "e2e/bench/sync-child.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    packages: "external",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

/** Runs one sync in a child process with `env`; resolves with what it printed. */
function syncInChild(childFile: string, env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROF=DIR: each sync process writes a V8 CPU profile there (`node --cpu-prof`).
    const prof = process.env.BENCH_CPU_PROF
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
    const child = spawn(process.execPath, [...prof, childFile], {
      cwd: ROOT,
      // The memory settings production gives every sync process (the unit's Environment= lines, which
      // the `blockerbugs` command and the OpenShift CronJob set too).
      env: { ...process.env, LOG_LEVEL: "silent", ...serviceProcessEnv(), ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        reject(new Error(`the sync process exited with ${code} without a result: ${out.slice(0, 500)}`));
      }
    });
  });
}

async function control(base: string, method: string, pathname: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}/_sandbox${pathname}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${pathname}: HTTP ${res.status}`);
  return res.json();
}

interface LogEntry {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  at: string;
  finishedAt: string | null;
}

/**
 * The critical path of one sync as the sandbox saw it: the longest chain of requests each of which
 * arrived after the previous one had been answered (so it could have depended on it).
 */
function criticalPath(log: LogEntry[]): number {
  const spans = log
    .map((e) => ({ start: Date.parse(e.at), end: Date.parse(e.finishedAt ?? e.at) }))
    .sort((a, b) => a.start - b.start);
  const chain: number[] = [];
  for (let i = 0; i < spans.length; i++) {
    let best = 0;
    for (let j = 0; j < i; j++) if (spans[j]!.end <= spans[i]!.start) best = Math.max(best, chain[j]!);
    chain.push(best + 1);
  }
  return Math.max(0, ...chain);
}

/**
 * The upstream floor of one sync, measured right after it: the same requests (from the sandbox's log,
 * at the same latency) sent again with plain `fetch`, `concurrency` at a time per service and one
 * service after the other as the sync's steps run, each body read but not parsed. It is what the sync
 * would take if it did nothing but ask and wait, on this machine at this moment (the sandbox's own
 * work included), so wall ÷ floor says what the sync adds, whatever the load.
 * @returns milliseconds
 */
async function upstreamFloor(base: string, log: LogEntry[], concurrency: number): Promise<number> {
  const started = performance.now();
  for (const service of SERVICES) {
    const limit = pLimit(concurrency);
    await Promise.all(
      log
        .filter((e) => e.path.startsWith(`/${service}/`))
        .map((e) =>
          limit(async () => {
            const url = new URL(base + e.path);
            for (const [key, values] of Object.entries(e.query))
              for (const value of [values].flat()) url.searchParams.append(key, value);
            const body =
              e.body == null ? undefined : typeof e.body === "string" ? e.body : JSON.stringify(e.body);
            const res = await fetch(url, {
              method: e.method,
              body,
              headers: body === undefined ? {} : { "Content-Type": "text/xml" },
            });
            await res.arrayBuffer();
          }),
        ),
    );
  }
  return performance.now() - started;
}

// --- The runs ------------------------------------------------------------------------------------------
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-bench-"));
fs.chmodSync(dir, 0o755);
const dataFile = path.join(dir, "world.json");
fs.writeFileSync(dataFile, JSON.stringify(world));
const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort() });
const sandbox = await startSandboxProcess(dataFile);
const concurrency = process.env.UPSTREAM_CONCURRENCY ?? "4 (default)";
const inFlight = Number(process.env.UPSTREAM_CONCURRENCY ?? DEFAULT_CONCURRENCY);
const childFile = await bundleChild();

/** A fresh migrated database with the four milestones; returns its URL. */
async function freshDatabase(name: string): Promise<string> {
  await ensureDatabase(cluster.adminUrl, name);
  const url = connectionUrl(cluster.port, name);
  await migrateDatabase(url);
  const db = createPrismaClient(url);
  const client = new BugzillaClient({
    baseUrl: `${sandbox.url}/bugzilla`,
    policy: { timeoutMs: 60_000, attempts: 3 },
  });
  for (const release of [90, 91]) await addRelease(db, release);
  for (const m of MILESTONES)
    await addMilestone(db, client, {
      release: m.release,
      version: m.version,
      blockerTracker: m.blocker,
      feTracker: m.fe,
    });
  await db.$disconnect();
  return url;
}

const SERVICES = ["bugzilla", "bodhi", "koji", "pagure"] as const;
const rows: string[][] = [];

/** What one run measured, for the targets. */
interface Measured {
  ms: number;
  floorMs: number;
  requests: number;
  rssMb: number;
  ok: boolean;
}

async function measure(label: string, url: string, latency: number, full: boolean): Promise<Measured> {
  await control(sandbox.url, "POST", "/faults", { latencyMs: latency, services: null });
  await control(sandbox.url, "DELETE", "/requests");
  const result = await syncInChild(childFile, {
    DATABASE_URL: url,
    BUGZILLA_URL: `${sandbox.url}/bugzilla`,
    BODHI_URL: `${sandbox.url}/bodhi`,
    KOJI_URL: `${sandbox.url}/koji/kojihub`,
    PAGURE_URL: `${sandbox.url}/pagure`,
    BENCH_FULL: full ? "1" : "0",
  });
  const seen = (await control(sandbox.url, "GET", "/requests")) as { total: number; log: LogEntry[] };
  const perService = SERVICES.map((s) => seen.log.filter((e) => e.path.startsWith(`/${s}/`)).length);
  const chain = criticalPath(seen.log);
  const critical = chain * latency;
  const floorMs = await upstreamFloor(sandbox.url, seen.log, inFlight);
  const failed = result.runs.filter((r) => r.outcome !== "success");
  rows.push([
    label,
    `${(result.ms / 1000).toFixed(2)} s`,
    `${(result.cpuMs / 1000).toFixed(2)} s`,
    String(seen.total),
    ...perService.map(String),
    `${Math.round(result.maxRssKb / 1024)} MB`,
    String(chain),
    latency > 0 ? `${(critical / 1000).toFixed(1)} s` : "-",
    latency > 0 ? `${(result.ms / critical).toFixed(2)}` : "-",
    `${(floorMs / 1000).toFixed(2)} s`,
    `${(result.ms / floorMs).toFixed(2)}`,
    result.ok ? "ok" : `FAILED: ${failed.map((r) => `${r.source}: ${r.error}`).join("; ")}`,
  ]);
  return { ms: result.ms, floorMs, requests: seen.total, rssMb: result.maxRssKb / 1024, ok: result.ok };
}

/** One line per target of issue 14 (2,000 bugs, 100 ms), met or not, each with its measured figure. */
function targets(fast: Measured, slow: Measured, incremental: Measured): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const vsFloor = (m: Measured) =>
    `, ${(m.ms / m.floorMs).toFixed(2)} × its upstream floor of ${s(m.floorMs)}`;
  const rss = Math.max(fast.rssMb, slow.rssMb, incremental.rssMb);
  const checks: [string, boolean, string][] = [
    ["full sync at latency 0 ≤ 3 s", fast.ms <= 3000, s(fast.ms) + vsFloor(fast)],
    [`full sync at 100 ms ≤ 6 s`, slow.ms <= 6000, s(slow.ms) + vsFloor(slow)],
    [
      `incremental, nothing changed, at 100 ms ≤ 1.5 s`,
      incremental.ms <= 1500,
      s(incremental.ms) + vsFloor(incremental),
    ],
    [`incremental, nothing changed, ≤ 12 requests`, incremental.requests <= 12, String(incremental.requests)],
    [`peak RSS of a sync process ≤ 200 MB`, rss <= 200, `${Math.round(rss)} MB (the largest of the three)`],
  ];
  const applies = n === 2000 && args.latency === 100 && [fast, slow, incremental].every((m) => m.ok);
  return [
    `Targets of issue 14 (2,000 bugs, --latency 100${applies ? "" : "; not this run's settings, or a run failed: for reference only"}):`,
    ...checks.map(([what, ok, got]) => `${ok ? "met   " : "MISSED"} ${what}: ${got}`),
  ].join("\n");
}

try {
  const stable = updates.filter((u) => u.status === "stable").length;
  console.log(
    `Sync of ${n} bugs in 4 milestones (Fedora 90 and 91, Beta and Final; ${perMilestone} bugs each), ` +
      `${updates.length} Bodhi updates with one build each (${stable} stable, ${updates.length - stable} ` +
      `in testing, pending or obsolete), ${issues.length} Pagure tickets; anonymous Bugzilla (pages of 20); ` +
      `UPSTREAM_CONCURRENCY=${concurrency}; sync processes with the unit's memory settings (` +
      `${Object.entries(serviceProcessEnv())
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}); ${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
  );
  const fast = await measure("full, latency 0", await freshDatabase("bench_fast"), 0, true);
  const slowDb = await freshDatabase("bench_slow");
  const slow = await measure(`full, latency ${args.latency} ms`, slowDb, args.latency, true);
  const incremental = await measure(
    `incremental, no change, ${args.latency} ms`,
    slowDb,
    args.latency,
    false,
  );

  const header = [
    "run",
    "wall",
    "CPU",
    "requests",
    ...SERVICES,
    "peak RSS",
    "critical path",
    "× latency",
    "wall / critical",
    "floor",
    "wall / floor",
    "outcome",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)));
  console.log(line(header).join("  "));
  for (const row of rows) console.log(line(row).join("  ").trimEnd());
  console.log(
    "CPU: user + system time of the sync process. Critical path: the longest chain of requests each " +
      "sent after the previous one was answered (dependent round trips); wall / critical = wall time ÷ " +
      "(critical path × latency). Floor: the same requests sent again right after the sync with plain " +
      `fetch, ${inFlight} at a time per service, one service after the other, bodies read but not ` +
      "parsed (what the sync would take doing nothing but waiting for its answers, at this moment's load).",
  );
  console.log(`\n${targets(fast, slow, incremental)}`);
} finally {
  sandbox.child.kill("SIGTERM");
  await cluster.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

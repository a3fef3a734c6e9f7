// `npm run bench -- [--bugs 2000] [--latency 100]`: times syncs of four milestones (Fedora 90 and 91,
// Beta and Final, a quarter of the bugs each; Bugzilla, then Bodhi, Koji and Pagure) against the
// sandbox, which runs in its own process, on a throw-away embedded PostgreSQL. In one run it prints:
// a full sync at latency 0, a full sync and an incremental sync with nothing changed at `--latency`
// ms per response, and for each the requests per service, the CPU time and peak RSS of the sync
// process (each sync runs in a fresh child process bundled like the release, as `blockerbugs sync`
// would) and its time as a ratio of the critical path (the longest chain of requests each sent after the previous one was answered,
// times the latency). Bugzilla is asked anonymously, so its pages hold 20 bugs (bugzilla.redhat.com).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";
import { addMilestone, addRelease } from "../../app/admin/milestones.server";
import { createPrismaClient } from "../../app/db/db.server";
import { connectionUrl, ensureDatabase, startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";
import { migrateDatabase } from "../../app/db/migrate.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import { bodhiRelease, bzBug } from "../setup/datasets";
import { freePort } from "../setup/global-setup";

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

// --- The world -------------------------------------------------------------------------------------
const MILESTONES = [
  { release: 90, version: "beta", blocker: 9_000_001, fe: 9_000_002 },
  { release: 90, version: "final", blocker: 9_000_003, fe: 9_000_004 },
  { release: 91, version: "beta", blocker: 9_001_001, fe: 9_001_002 },
  { release: 91, version: "final", blocker: 9_001_003, fe: 9_001_004 },
] as const;
const perMilestone = Math.ceil(n / MILESTONES.length);
const milestoneOf = (i: number) => MILESTONES[Math.min(MILESTONES.length - 1, Math.floor(i / perMilestone))]!;
const tokens = ["", "AcceptedBlocker", "RejectedBlocker", "AcceptedFreezeException", "Accepted0Day"];
const bugs = Array.from({ length: n }, (_, i) => {
  const m = milestoneOf(i);
  return bzBug(8_000_000 + i, {
    version: [String(m.release)],
    blocks: i % 3 === 0 ? [m.blocker, m.fe] : [m.blocker],
    whiteboard: tokens[i % tokens.length],
    depends_on: i % 10 === 0 ? [8_000_000 + ((i + 1) % n)] : [],
  });
});
const trackers = MILESTONES.flatMap((m) => {
  const name = `F${m.release}${m.version === "beta" ? "Beta" : "Final"}`;
  return [
    [m.blocker, `${name}Blocker`],
    [m.fe, `${name}FreezeException`],
  ] as const;
}).map(([id, alias]) =>
  bzBug(id, {
    alias: [alias],
    summary: `${alias} tracker`,
    component: ["distribution"],
    keywords: ["Tracking"],
    depends_on: bugs.filter((b) => b.blocks.includes(id)).map((b) => b.id),
  }),
);

// One Bodhi update (one build) per two bugs, in the states of a release in its freeze: most pushed
// stable, some in testing (a few of them submitted for stable), a few pending or obsolete.
const releases = [90, 91].map((r) => bodhiRelease(r));
const STATES = [
  ...Array<[string, string | null]>(12).fill(["stable", null]),
  ...Array<[string, string | null]>(4).fill(["testing", null]),
  ...Array<[string, string | null]>(2).fill(["testing", "stable"]),
  ["pending", "testing"],
  ["obsolete", null],
] as [string, string | null][];
const updates = Array.from({ length: Math.ceil(n / 2) }, (_, i) => {
  const m = milestoneOf(2 * i);
  const [status, request] = STATES[i % STATES.length]!;
  return {
    alias: `FEDORA-2026-${i.toString(16).padStart(10, "0")}`,
    title: `pkg${i}-1.0-1.fc${m.release}`,
    status,
    request,
    karma: i % 3,
    stable_karma: 3,
    date_submitted: "2026-11-10 10:00:00",
    date_modified: null,
    date_testing: status === "pending" ? null : "2026-11-11 10:00:00",
    date_stable: status === "stable" ? "2026-11-12 10:00:00" : null,
    release: releases.find((r) => r.name === `F${m.release}`)!,
    bugs: bugs.slice(2 * i, 2 * i + 2).map((b) => ({ bug_id: b.id, title: null })),
    builds: [{ nvr: `pkg${i}-1.0-1.fc${m.release}` }],
    user: { name: "packager1" },
  };
});
const builds = Object.fromEntries(
  updates.map((u) => {
    const r = u.release.name.slice(1);
    const tags =
      u.status === "stable"
        ? [`f${r}`]
        : u.status === "testing"
          ? [`f${r}-updates-testing`]
          : [`f${r}-updates-candidate`];
    return [u.builds[0]!.nvr, { state: 1, tags }];
  }),
);
const vote = (id: number, user: string, text: string) => ({
  id,
  comment: text,
  date_created: String(1_794_000_000 + id),
  edited_on: null,
  notification: false,
  user: { name: user },
});
const issues = bugs.map((b, i) => ({
  id: i + 1,
  title: `${b.id}: ${b.summary}`,
  content: "Vote here.",
  status: "Open",
  private: false,
  tags: i % 10 === 0 ? ["meeting"] : [],
  date_created: "1794000000",
  last_updated: "1794000100",
  user: { name: "blockerbot" },
  comments: [vote(2 * i + 1, "tester1", "BetaBlocker +1"), vote(2 * i + 2, "tester2", "-1 betablocker")],
}));
const world = {
  about: { seed: 0, releases: [90, 91], now: "2026-11-01T00:00:00Z" },
  bugzilla: { bugs: [...trackers, ...bugs], comments: {}, private: [] },
  bodhi: { releases, updates },
  koji: { builds },
  pagure: { repo: "fedora-qa/blocker-review", issues },
};

// --- Processes ---------------------------------------------------------------------------------------
/** Starts the sandbox in its own process; resolves with its base URL once it listens. */
async function startSandboxProcess(dataFile: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "e2e/sandbox/main.ts"), "--data", dataFile],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
    lines.on("line", (line) => {
      const m = /control=(http:\/\/[^ ]+)\/_sandbox/.exec(line);
      if (m) resolve(m[1]!);
    });
  });
  return { url, child };
}

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
      env: { ...process.env, LOG_LEVEL: "silent", ...env },
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
  path: string;
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

// --- The runs ------------------------------------------------------------------------------------------
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-bench-"));
fs.chmodSync(dir, 0o755);
const dataFile = path.join(dir, "world.json");
fs.writeFileSync(dataFile, JSON.stringify(world));
const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort() });
const sandbox = await startSandboxProcess(dataFile);
const concurrency = process.env.UPSTREAM_CONCURRENCY ?? "4 (default)";
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

async function measure(label: string, url: string, latency: number, full: boolean): Promise<void> {
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
    result.ok ? "ok" : `FAILED: ${failed.map((r) => `${r.source}: ${r.error}`).join("; ")}`,
  ]);
}

try {
  const stable = updates.filter((u) => u.status === "stable").length;
  console.log(
    `Sync of ${n} bugs in 4 milestones (Fedora 90 and 91, Beta and Final; ${perMilestone} bugs each), ` +
      `${updates.length} Bodhi updates with one build each (${stable} stable, ${updates.length - stable} ` +
      `in testing, pending or obsolete), ${issues.length} Pagure tickets; anonymous Bugzilla (pages of 20); ` +
      `UPSTREAM_CONCURRENCY=${concurrency}; ${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
  );
  const fast = await freshDatabase("bench_fast");
  await measure("full, latency 0", fast, 0, true);
  const slow = await freshDatabase("bench_slow");
  await measure(`full, latency ${args.latency} ms`, slow, args.latency, true);
  await measure(`incremental, no change, ${args.latency} ms`, slow, args.latency, false);

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
      "(critical path × latency).",
  );
} finally {
  sandbox.child.kill("SIGTERM");
  await cluster.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

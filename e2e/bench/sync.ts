// `npm run bench -- [--bugs 2000] [--latency 20]`: times full and incremental syncs of one milestone
// (Bugzilla, then Bodhi, Koji and Pagure) against the sandbox, on a throw-away embedded PostgreSQL, and
// prints the times and the request count of each source.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { addMilestone, addRelease } from "../../app/admin/milestones.server";
import { parseConfig } from "../../app/config.server";
import { createPrismaClient } from "../../app/db/db.server";
import { connectionUrl, ensureDatabase, startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";
import { migrateDatabase } from "../../app/db/migrate.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import { runSync } from "../../app/sync/run-sync.server";
import { startSandbox } from "../sandbox/server";
import { bzBug, dataset, T } from "../setup/datasets";
import { freePort } from "../setup/global-setup";
import { patchBugs } from "../setup/sandbox-client";

const USAGE = "usage: npm run bench -- [--bugs N] [--latency MS]";

/** Parses the arguments; a bad one ends the process with one line and the usage, exit code 2. */
function readArgs(): { bugs: number; latency: number } {
  const wholeNumber = (name: string, value: string, min: number) => {
    if (/^\d+$/.test(value) && Number(value) >= min) return Number(value);
    throw new Error(`--${name} must be a whole number of at least ${min}, not "${value}"`);
  };
  try {
    const { values } = parseArgs({
      options: { bugs: { type: "string", default: "2000" }, latency: { type: "string", default: "0" } },
    });
    return { bugs: wholeNumber("bugs", values.bugs, 1), latency: wholeNumber("latency", values.latency, 0) };
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const args = readArgs();
const n = args.bugs;
const tokens = ["", "AcceptedBlocker", "RejectedBlocker", "AcceptedFreezeException", "Accepted0Day"];
const bugs = Array.from({ length: n }, (_, i) =>
  bzBug(8_000_000 + i, {
    blocks: i % 3 === 0 ? [T.betaBlocker, T.betaFe] : [T.betaBlocker],
    whiteboard: tokens[i % tokens.length],
    depends_on: i % 10 === 0 ? [8_000_000 + ((i + 1) % n)] : [],
  }),
);

// One Bodhi update (one build, in Koji) per two bugs; one Pagure ticket with two votes per bug.
const release90 = {
  name: "F90",
  long_name: "Fedora 90",
  version: "90",
  id_prefix: "FEDORA",
  stable_tag: "f90",
  state: "pending",
};
const updates = Array.from({ length: Math.ceil(n / 2) }, (_, i) => ({
  alias: `FEDORA-2026-${String(i).padStart(10, "0")}`,
  title: `pkg${i}-1.0-1.fc90`,
  status: i % 4 === 0 ? "stable" : "testing",
  request: null,
  karma: i % 3,
  stable_karma: 3,
  date_submitted: "2026-11-10 10:00:00",
  release: release90,
  bugs: bugs.slice(2 * i, 2 * i + 2).map((b) => ({ bug_id: b.id, title: null })),
  builds: [{ nvr: `pkg${i}-1.0-1.fc90` }],
  user: { name: "packager1" },
}));
const builds = Object.fromEntries(
  updates.map((u, i) => [
    u.builds[0]!.nvr,
    { state: 1, tags: i % 4 === 0 ? ["f90"] : ["f90-updates-testing"] },
  ]),
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-bench-"));
fs.chmodSync(dir, 0o755);
const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort() });
const sandbox = await startSandbox({
  dataset: {
    ...dataset(bugs),
    bodhi: { releases: [release90], updates },
    koji: { builds },
    pagure: { repo: "fedora-qa/blocker-review", issues },
  } as never,
  port: 0,
  latencyMs: args.latency,
});
try {
  await ensureDatabase(cluster.adminUrl, "bench");
  const url = connectionUrl(cluster.port, "bench");
  await migrateDatabase(url);
  const db = createPrismaClient(url);
  const config = parseConfig({
    DATABASE_URL: url,
    BUGZILLA_URL: `${sandbox.url}/bugzilla`,
    BUGZILLA_API_KEY: "bench",
    BODHI_URL: `${sandbox.url}/bodhi`,
    KOJI_URL: `${sandbox.url}/koji/kojihub`,
    PAGURE_URL: `${sandbox.url}/pagure`,
  });
  const client = new BugzillaClient({
    baseUrl: config.BUGZILLA_URL,
    apiKey: "bench",
    policy: { timeoutMs: 60_000, attempts: 3 },
  });
  await addRelease(db, 90);
  await addMilestone(db, client, {
    release: 90,
    version: "beta",
    blockerTracker: T.betaBlocker,
    feTracker: T.betaFe,
  });

  const time = async (label: string, full: boolean) => {
    const started = performance.now();
    const summary = await runSync(db, url, config, { full, bugzilla: client });
    const ms = performance.now() - started;
    const m = summary.runs[0]!.milestones[0]!;
    const rows = await db.syncRun.findMany({ where: { id: { in: summary.runs.map((r) => r.runId) } } });
    const took = new Map(rows.map((r) => [r.id, r.finishedAt!.getTime() - r.startedAt.getTime()]));
    const requests = summary.runs
      .map((r) => `${r.source} ${r.requests} (${((took.get(r.runId) ?? 0) / 1000).toFixed(1)} s)`)
      .join(", ");
    console.log(
      `${label.padEnd(24)} ${ms.toFixed(0).padStart(7)} ms  requests: ${requests.padEnd(80)} ` +
        `${String(m.fetched).padStart(5)} bugs read  ${String(m.changes).padStart(6)} history events  ok=${summary.ok}`,
    );
  };
  console.log(
    `Sync of ${n} bugs on one milestone (${updates.length} updates and builds, ${n} tickets), sandbox latency ` +
      `${args.latency} ms (Bugzilla with an API key: pages of 1000; Bodhi and Pagure: pages of 100)`,
  );
  await time("full (first)", true);
  await time("incremental (no change)", false);
  await patchBugs(
    sandbox.url,
    bugs.slice(0, Math.ceil(n / 100)).map((b) => ({ id: b.id, whiteboard: "AcceptedBlocker" })),
  );
  await time("incremental (1% changed)", false);
  await time("full (no change)", true);
  await db.$disconnect();
} finally {
  await sandbox.close();
  await cluster.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

// `npm run bench -- [--bugs 2000] [--latency 20]`: times a full and an incremental Bugzilla sync of
// one milestone against the sandbox, on a throw-away embedded PostgreSQL, and prints the numbers.
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
import { runSync } from "../../app/sync/sync.server";
import { startSandbox } from "../sandbox/server";
import { bzBug, dataset, T } from "../setup/datasets";
import { freePort } from "../setup/global-setup";
import { patchBugs } from "../setup/sandbox-client";

const { values } = parseArgs({
  options: { bugs: { type: "string", default: "2000" }, latency: { type: "string", default: "0" } },
});
const n = Number(values.bugs);
const tokens = ["", "AcceptedBlocker", "RejectedBlocker", "AcceptedFreezeException", "Accepted0Day"];
const bugs = Array.from({ length: n }, (_, i) =>
  bzBug(8_000_000 + i, {
    blocks: i % 3 === 0 ? [T.betaBlocker, T.betaFe] : [T.betaBlocker],
    whiteboard: tokens[i % tokens.length],
    depends_on: i % 10 === 0 ? [8_000_000 + ((i + 1) % n)] : [],
  }),
);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-bench-"));
fs.chmodSync(dir, 0o755);
const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort() });
const sandbox = await startSandbox({
  dataset: dataset(bugs) as never,
  port: 0,
  latencyMs: Number(values.latency),
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
    const before = client.requestCount;
    const started = performance.now();
    const summary = await runSync(db, url, config, { full, bugzilla: client });
    const ms = performance.now() - started;
    const m = summary.runs[0]!.milestones[0]!;
    console.log(
      `${label.padEnd(22)} ${ms.toFixed(0).padStart(7)} ms  ${String(client.requestCount - before).padStart(4)} requests  ` +
        `${String(m.fetched).padStart(5)} bugs read  ${String(m.changes).padStart(6)} history events  ok=${summary.ok}`,
    );
  };
  console.log(
    `Bugzilla sync, ${n} bugs on one milestone, sandbox latency ${values.latency} ms (API key: pages of 1000)`,
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

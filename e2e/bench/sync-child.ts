// One sync in its own process, so the bench can report the sync's own peak RSS (`npm run bench` starts
// it; it is not meant to be run by hand). Configuration comes from the environment like the CLI's
// (DATABASE_URL, BUGZILLA_URL, …, UPSTREAM_CONCURRENCY); BENCH_FULL=1 asks for a full sync. Prints
// one JSON line: { ms, ok, runs: [{ source, requests, outcome, error, counts }], maxRssKb }.
import { parseConfig } from "../../app/config.server";
import { createPrismaClient } from "../../app/db/db.server";
import { runSync } from "../../app/sync/run-sync.server";

const config = parseConfig(process.env);
const url = config.DATABASE_URL!;
const db = createPrismaClient(url);
await db.$queryRaw`SELECT 1`;
const started = performance.now();
const summary = await runSync(db, url, config, { full: process.env.BENCH_FULL === "1" });
const ms = performance.now() - started;
await db.$disconnect();
process.stdout.write(
  `${JSON.stringify({
    ms,
    ok: summary.ok,
    runs: summary.runs.map((r) => ({
      source: r.source,
      requests: r.requests,
      outcome: r.outcome,
      error: r.error,
      counts: r.counts,
    })),
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
process.exit(0);

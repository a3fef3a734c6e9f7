// One sync in its own process, so the bench can report the sync's own CPU time and peak RSS (`npm run
// bench` bundles and starts it; it is not meant to be run by hand). Configuration comes from the environment like the CLI's
// (DATABASE_URL, BUGZILLA_URL, …, UPSTREAM_CONCURRENCY); BENCH_FULL=1 asks for a full sync. Prints
// one JSON line: { ms, ok, runs: [{ source, requests, outcome, error, counts }], maxRssKb, cpuMs }.
import { parseConfig } from "../../app/config.server";
import { createPrismaClient } from "../../app/db/db.server";
import { runSync } from "../../app/sync/run-sync.server";

const config = parseConfig(process.env);
const url = config.DATABASE_URL!;
const base = createPrismaClient(url);
// BENCH_QUERIES=1: the wall and CPU time of each Prisma operation, summed per model and operation, on
// stderr at the end (CPU is only indicative: other work runs between a query's start and end).
const queryTimes = new Map<string, { n: number; ms: number; cpuMs: number }>();
const db = (
  process.env.BENCH_QUERIES
    ? base.$extends({
        query: {
          async $allOperations({ model, operation, args, query }) {
            const t0 = performance.now();
            const c0 = process.cpuUsage();
            try {
              return await query(args);
            } finally {
              const c = process.cpuUsage(c0);
              const key = `${model ?? "$"}.${operation}`;
              const q = queryTimes.get(key) ?? { n: 0, ms: 0, cpuMs: 0 };
              q.n += 1;
              q.ms += performance.now() - t0;
              q.cpuMs += (c.user + c.system) / 1000;
              queryTimes.set(key, q);
            }
          },
        },
      })
    : base
) as typeof base;
await db.$queryRaw`SELECT 1`;
const started = performance.now();
// BENCH_TRACE=1: each progress line on stderr with the time, the CPU time and memory at that moment.
let cpuBefore = process.cpuUsage();
const trace = process.env.BENCH_TRACE
  ? (line: string) => {
      const m = process.memoryUsage();
      const cpu = process.cpuUsage(cpuBefore);
      cpuBefore = process.cpuUsage();
      const mb = (n: number) => `${Math.round(n / 1048576)}`;
      process.stderr.write(
        `${((performance.now() - started) / 1000).toFixed(2)} s (cpu +${((cpu.user + cpu.system) / 1e6).toFixed(2)} s) ` +
          `rss ${mb(m.rss)} MB heap ${mb(m.heapUsed)} MB: ${line}\n`,
      );
    }
  : undefined;
const summary = await runSync(db, url, config, { full: process.env.BENCH_FULL === "1", progress: trace });
trace?.("done");
const ms = performance.now() - started;
for (const [key, q] of [...queryTimes].sort((a, b) => b[1].ms - a[1].ms))
  process.stderr.write(`${key}: ${q.n}× ${q.ms.toFixed(0)} ms (cpu ~${q.cpuMs.toFixed(0)} ms)\n`);
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
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  })}\n`,
);
process.exit(0);

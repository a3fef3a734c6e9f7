import { Command, CommanderError, InvalidArgumentError } from "commander";
import { getConfig, type Config } from "~/config.server";
import {
  addMilestone,
  addRelease,
  discoverPendingReleases,
  discoverRelease,
  type DiscoveredMilestone,
} from "~/admin/milestones.server";
import { openDatabase, type Database } from "~/db/db.server";
import { migrateDatabase, migrationStatus } from "~/db/migrate.server";
import { MILESTONE_VERSIONS, milestoneName, parseMilestoneRef } from "~/domain/milestone-name";
import { bodhiClient, bugzillaClient } from "~/upstream/clients.server";
import { runSync, SYNC_SOURCES, type SyncSource, type SyncSummary } from "~/sync/run-sync.server";
import { describeSync } from "~/sync/summary";

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** True when stderr is a terminal: progress lines are shown. */
  isTTY: boolean;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: !!process.stderr.isTTY,
};

/** Thrown for failures that were already explained (exit code 1, no extra message). */
class ReportedFailure extends Error {}

/**
 * Runs the `blockerbugs` command line (`argv` without node and script path).
 * @returns the process exit code: 0 on success, 1 on failure, 2 on usage errors.
 */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let debug = argv.includes("--debug");
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ReportedFailure) return 1;
    debug ||= !!program.opts().debug;
    io.err(`blockerbugs: error: ${(error as Error).message.replace(/\n/g, "\n  ")}`);
    if (debug && (error as Error).stack) io.err((error as Error).stack!);
    return 1;
  }
}

function buildProgram(io: CliIo): Command {
  const program = new Command("blockerbugs")
    .description("Blockerbugs: release blocker and freeze-exception tracking (see README.md)")
    .option("--debug", "show stack traces on errors")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError("(run with --help for usage)");

  /** Opens the configured database for one command and closes it afterwards. */
  const withDb = async <T>(
    fn: (database: Database, config: Config) => Promise<T>,
    opts: { requireSchema?: boolean } = {},
  ) => {
    const config = getConfig();
    const database = await openDatabase(config);
    try {
      if (opts.requireSchema ?? true) {
        const { pending, applied } = await migrationStatus(database.url);
        if (applied.length === 0)
          throw new Error('the database has no schema yet: run "blockerbugs init_db"');
        if (pending.length) {
          throw new Error(
            `the database schema is out of date (${pending.length} pending migration(s)): run "blockerbugs upgrade_db"`,
          );
        }
      }
      return await fn(database, config);
    } finally {
      await database.close();
    }
  };

  program
    .command("init_db")
    .alias("init-db")
    .description("create or upgrade the database schema (safe to re-run)")
    .action(() =>
      withDb(
        async ({ url, kind }) => {
          const applied = await migrateDatabase(url);
          io.out(
            applied.length
              ? `Database ready (${kind}): applied ${applied.length} migration(s).`
              : `Database ready (${kind}): schema already up to date.`,
          );
        },
        { requireSchema: false },
      ),
    );

  program
    .command("upgrade_db")
    .alias("upgrade-db")
    .description("apply pending database migrations and print what ran")
    .action(() =>
      withDb(
        async ({ url }) => {
          const before = await migrationStatus(url);
          if (before.pending.length === 0) {
            io.out(
              `Nothing to do: the schema is up to date (${before.applied.length} migration(s) applied).`,
            );
            return;
          }
          const applied = await migrateDatabase(url);
          for (const name of applied) io.out(`applied ${name}`);
          io.out(`Upgraded: ${applied.length} migration(s) applied.`);
        },
        { requireSchema: false },
      ),
    );

  program
    .command("sync")
    .description("sync tracked bugs from upstream (incremental unless --full)")
    .option("--full", "re-read every tracked bug")
    .option("--milestone <release/version>", "only this milestone, e.g. 41/beta", parseMilestoneOption)
    .option("--source <source>", `only this source (${SYNC_SOURCES.join(", ")})`, parseSourceOption)
    .action(
      (opts: { full?: boolean; milestone?: { release: number; version: string }; source?: SyncSource }) =>
        withDb(async ({ db, url }, config) => {
          const started = Date.now();
          // Ctrl-C stops the sync cleanly at its next step (recorded as cancelled, the database closed);
          // a second Ctrl-C quits at once.
          const stop = new AbortController();
          const onInterrupt = () => {
            if (stop.signal.aborted) process.exit(130);
            io.err("Stopping after the current step (Ctrl-C again to quit at once)…");
            stop.abort();
          };
          process.on("SIGINT", onInterrupt);
          try {
            const summary = await runSync(db, url, config, {
              full: opts.full,
              milestone: opts.milestone,
              sources: opts.source ? [opts.source] : undefined,
              progress: io.isTTY ? (line) => io.err(line) : undefined,
              signal: stop.signal,
            });
            reportSync(summary, io, Date.now() - started);
            if (summary.runs.some((r) => r.source === "bugzilla" && r.milestones.length === 0)) {
              io.err(
                'No active milestones to sync: add them with "blockerbugs discover" or "blockerbugs add_milestone".',
              );
            }
            if (!summary.ok) throw new ReportedFailure();
          } finally {
            process.off("SIGINT", onInterrupt);
          }
        }),
    );

  program
    .command("add_release")
    .alias("add-release")
    .description("add a release, e.g. 41")
    .argument("<number>", "release number", parseReleaseNumber)
    .action((number: number) =>
      withDb(async ({ db }) => {
        const { created } = await addRelease(db, number);
        io.out(created ? `Added release ${number}.` : `Release ${number} already exists.`);
      }),
    );

  program
    .command("add_milestone")
    .alias("add-milestone")
    .description("add a milestone to a release, with its tracker bugs (ids or aliases)")
    .argument("<release>", "release number", parseReleaseNumber)
    .argument("<version>", "alpha, beta or final", parseVersion)
    .requiredOption("--blocker-tracker <id|alias>", "blocker tracker bug, e.g. F41BetaBlocker")
    .requiredOption("--fe-tracker <id|alias>", "freeze-exception tracker bug, e.g. F41BetaFreezeException")
    .option("--current", "make this the current milestone")
    .option("--inactive", "create it inactive (not synced or listed)")
    .action(
      (
        release: number,
        version: string,
        opts: { blockerTracker: string; feTracker: string; current?: boolean; inactive?: boolean },
      ) =>
        withDb(async ({ db }, config) => {
          const milestone = await addMilestone(db, bugzillaClient(config), {
            release,
            version,
            blockerTracker: opts.blockerTracker,
            feTracker: opts.feTracker,
            current: opts.current,
            active: !opts.inactive,
          });
          io.out(
            `Added ${milestoneName(release, milestone.version)}: blocker tracker ${milestone.blockerTrackerId}` +
              `${milestone.blockerTrackerAlias ? ` (${milestone.blockerTrackerAlias})` : ""}, FE tracker ${milestone.feTrackerId}` +
              `${milestone.feTrackerAlias ? ` (${milestone.feTrackerAlias})` : ""}${milestone.current ? ", current" : ""}.`,
          );
        }),
    );

  program
    .command("discover")
    .description(
      "create releases and their Beta and Final milestones from the standard tracker aliases: " +
        "Bodhi's pending Fedora releases, or the one given with --release",
    )
    .option(
      "--release <number>",
      "only this release number, e.g. 42 (Bodhi is not asked)",
      parseReleaseNumber,
    )
    .action((opts: { release?: number }) =>
      withDb(async ({ db }, config) => {
        const what = {
          created: "created",
          exists: "already exists, left unchanged",
          "no-trackers": "skipped",
        };
        const print = (results: DiscoveredMilestone[]) => {
          for (const r of results) io.out(`${r.name}: ${what[r.outcome]}${r.detail ? ` (${r.detail})` : ""}`);
        };
        if (opts.release !== undefined) {
          const found = await discoverRelease(db, bugzillaClient(config), opts.release);
          if (found.releaseCreated) io.out(`Release ${opts.release}: created`);
          print(found.milestones);
          if (!found.releaseExists) {
            io.err(
              `Release ${opts.release} not created: none of its standard tracker aliases resolve in Bugzilla`,
            );
            throw new ReportedFailure();
          }
          return;
        }
        const releases = await discoverPendingReleases(db, bodhiClient(config), bugzillaClient(config));
        if (releases.length === 0) io.out("Bodhi lists no pending Fedora release: nothing to do.");
        for (const r of releases) {
          if (r.milestones.length === 0) {
            io.out(`${r.name} (${r.state}): skipped, its tracker aliases do not resolve in Bugzilla`);
            continue;
          }
          io.out(`${r.name} (${r.state}): ${r.releaseCreated ? "release created" : "release exists"}`);
          print(r.milestones);
        }
      }),
    );

  program
    .command("status")
    .description("schema version, milestones, last sync per source and counts")
    .action(() =>
      withDb(
        async ({ db, url, kind }) => {
          const { applied, pending } = await migrationStatus(url);
          const schema =
            applied.length === 0
              ? 'no schema yet: run "blockerbugs init_db"'
              : `schema ${applied.at(-1)}${pending.length ? `, ${pending.length} migration(s) pending: run "blockerbugs upgrade_db"` : ", up to date"}`;
          io.out(`Database: ${kind}; ${schema}`);
          if (applied.length === 0) return;
          const milestones = await db.milestone.findMany({
            // Bugs with data, as the pages count them (never-read private bugs are not listed there).
            include: {
              release: true,
              _count: { select: { bugs: { where: { active: true, bug: { fetchedAt: { not: null } } } } } },
            },
            orderBy: [{ release: { number: "asc" } }, { version: "asc" }],
          });
          if (milestones.length === 0)
            io.out(
              'Milestones: none (add one with "blockerbugs add_release" and "blockerbugs add_milestone")',
            );
          for (const m of milestones) {
            const flags = [m.active ? "active" : "inactive", m.current ? "current" : null]
              .filter(Boolean)
              .join(", ");
            const synced = m.lastSyncAt ? `last synced ${m.lastSyncAt.toISOString()}` : "never synced";
            io.out(
              `  ${milestoneName(m.release.number, m.version)} [${flags}]: ${m._count.bugs} bugs, ${synced}${m.lastSyncError ? `; LAST SYNC FAILED: ${m.lastSyncError}` : ""}`,
            );
          }
          for (const source of SYNC_SOURCES) {
            const run = await db.syncRun.findFirst({ where: { source }, orderBy: { startedAt: "desc" } });
            io.out(
              run
                ? `Last ${source} sync: ${run.outcome} (${run.kind}) at ${run.startedAt.toISOString()}${run.error ? `: ${run.error}` : ""}`
                : `Last ${source} sync: never`,
            );
          }
        },
        { requireSchema: false },
      ),
    );

  return program;
}

function reportSync(summary: SyncSummary, io: CliIo, elapsedMs: number): void {
  for (const run of summary.runs) {
    for (const m of run.milestones) {
      if (!m.ok) io.err(`${run.source}: ${m.milestone}: FAILED: ${m.error}`);
      for (const bug of m.inaccessible)
        io.err(`${run.source}: ${m.milestone}: bug ${bug.id} is ${bug.reason}; kept as it was`);
    }
    if (run.source !== "bugzilla" && run.error)
      io.err(`${run.source}: ${run.outcome.toUpperCase()}: ${run.error}`);
  }
  io.out(describeSync(summary, elapsedMs));
}

function parseReleaseNumber(value: string): number {
  if (!/^\d{1,4}$/.test(value) || Number(value) <= 0) {
    throw new InvalidArgumentError("must be a release number such as 41 (1 to 9999)");
  }
  return Number(value);
}

function parseVersion(value: string): string {
  const version = value.toLowerCase();
  if (!(MILESTONE_VERSIONS as readonly string[]).includes(version))
    throw new InvalidArgumentError(`must be one of: ${MILESTONE_VERSIONS.join(", ")}`);
  return version;
}

function parseMilestoneOption(value: string): { release: number; version: string } {
  const ref = parseMilestoneRef(value);
  if (!ref)
    throw new InvalidArgumentError(
      'must be RELEASE/VERSION with version alpha, beta or final, e.g. "41/beta"',
    );
  return ref;
}

function parseSourceOption(value: string): SyncSource {
  if (!(SYNC_SOURCES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of: ${SYNC_SOURCES.join(", ")}`);
  }
  return value as SyncSource;
}

import { Command, CommanderError } from "commander";
import { getConfig, type Config } from "~/config.server";
import {
  addMilestone,
  addRelease,
  discoverPendingReleases,
  discoverRelease,
  MilestoneExistsError,
  type DiscoveredMilestone,
} from "~/admin/milestones.server";
import { openDatabase, type Database } from "~/db/db.server";
import { milestoneSummary } from "~/db/milestone-history.server";
import { getMilestone } from "~/db/milestones.server";
import { changeWindow, SINCE_HELP } from "~/domain/change-window";
import { SUMMARY_DEFAULT_SINCE } from "~/domain/weekly-summary";
import { migrateDatabase, migrationStatus } from "~/db/migrate.server";
import { formatUtc } from "~/components/format";
import { countOf, orList } from "~/components/words";
import { MILESTONE_VERSIONS, milestoneName, parseMilestoneRef } from "~/domain/milestone-name";
import { bodhiClient, bugzillaClient } from "~/upstream/clients.server";
import { lowerSyncPriority } from "~/sync/priority.server";
import { runSync, SYNC_SOURCES, type SyncSource, type SyncSummary } from "~/sync/run-sync.server";
import { describeSync } from "~/sync/summary";
import { syncStatusJson, type SyncStatusJson } from "~/sync/status-view";
import { lastSyncRuns } from "~/sync/status.server";

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

/** A bad argument or option value, found by the argument parsers below (exit code 2). */
class UsageError extends Error {}

/** The one prefix of every error line, from the command line, the server and the demo alike. */
export const ERROR_PREFIX = "blockerbugs: error: ";

/**
 * Runs the `blockerbugs` command line (`argv` without node and script path). Errors are one line on
 * stderr starting with {@link ERROR_PREFIX}; usage errors add a line naming `--help`.
 * @returns the process exit code: 0 on success, 1 on failure, 2 on usage errors.
 */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let debug = argv.includes("--debug");
  const program = buildProgram(io);
  const command = program.commands.find((c) => [c.name(), ...c.aliases()].some((n) => argv.includes(n)));
  const usage = (message: string) => {
    io.err(`${ERROR_PREFIX}${message}`);
    io.err(`Run "blockerbugs ${command ? `${command.name()} ` : ""}--help" for usage.`);
    return 2;
  };
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      // No command at all: commander has shown the help (on stderr) already.
      if (error.code === "commander.help") return 2;
      return usage(commanderMessage(error, command?.name() ?? "blockerbugs"));
    }
    if (error instanceof UsageError) return usage(error.message);
    if (error instanceof ReportedFailure) return 1;
    debug ||= !!program.opts().debug;
    io.err(`${ERROR_PREFIX}${(error as Error).message.replace(/\n/g, "\n  ")}`);
    if (debug && (error as Error).stack) io.err((error as Error).stack!);
    return 1;
  }
}

/**
 * Commander's own usage errors as sentences in our style (`"frobnicate" is not a command`), from its
 * message (`error: unknown command 'frobnicate'`); one it does not know keeps commander's words.
 * `command` is the command the error is about (`blockerbugs` for the program's own options).
 */
function commanderMessage(error: CommanderError, command: string): string {
  const [text = "", hint] = error.message.replace(/^error: /, "").split("\n");
  const quoted = [...text.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  const suggestion = /^\(Did you mean (.+)\?\)$/.exec(hint ?? "")?.[1];
  const didYouMean = suggestion ? `; did you mean "${suggestion}"?` : "";
  switch (error.code) {
    case "commander.unknownCommand":
      return `"${quoted[0]}" is not a command${didYouMean}`;
    case "commander.unknownOption":
      return `"${quoted[0]}" is not an option of ${command}${didYouMean}`;
    case "commander.missingArgument":
      return `${command} needs its <${quoted[0]}> argument`;
    case "commander.optionMissingArgument":
      return `the option ${quoted[0]} needs a value`;
    case "commander.missingMandatoryOptionValue":
      return `the option ${quoted[0]} is required`;
    case "commander.excessArguments": {
      const [, expected, got] = /Expected (\d+) arguments? but got (\d+)/.exec(text) ?? [];
      return expected
        ? `${quoted[0]} takes ${countOf(Number(expected), "argument")}, not ${got}`
        : text.replace(/\.$/, "");
    }
    default:
      return text.replace(/\.$/, "");
  }
}

function buildProgram(io: CliIo): Command {
  const program = new Command("blockerbugs")
    .description("Blockerbugs: release blocker and freeze-exception tracking (see README.md)")
    .option("--debug", "show stack traces on errors")
    .exitOverride()
    // Usage errors are written by runCli, in our words (commanderMessage).
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: () => {},
    });

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
            `the database schema is out of date (${countOf(pending.length, "pending migration")}): run "blockerbugs upgrade_db"`,
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
              ? `Database ready (${kind}): applied ${countOf(applied.length, "migration")}.`
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
              `Nothing to do: the schema is up to date (${countOf(before.applied.length, "migration")} applied).`,
            );
            return;
          }
          const applied = await migrateDatabase(url);
          for (const name of applied) io.out(`applied ${name}`);
          io.out(`Upgraded: ${countOf(applied.length, "migration")} applied.`);
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
          lowerSyncPriority(config.SYNC_NICE, "process");
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
    .argument("<release>", "release number, 1 to 9999", parseReleaseNumber)
    .action((number: number) =>
      withDb(async ({ db }) => {
        const { created } = await addRelease(db, number);
        io.out(created ? `Added release ${number}.` : `Release ${number} already exists, left unchanged.`);
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
          const trackers = (m: MilestoneTrackers) =>
            `blocker tracker ${tracker(m.blockerTrackerId, m.blockerTrackerAlias)}, FE tracker ${tracker(m.feTrackerId, m.feTrackerAlias)}`;
          try {
            const milestone = await addMilestone(db, bugzillaClient(config), {
              release,
              version,
              blockerTracker: opts.blockerTracker,
              feTracker: opts.feTracker,
              current: opts.current,
              active: !opts.inactive,
            });
            io.out(
              `Added ${milestoneName(release, milestone.version)}: ${trackers(milestone)}${milestone.current ? ", current" : ""}.`,
            );
          } catch (error) {
            if (!(error instanceof MilestoneExistsError)) throw error;
            // Like add_release: an existing one is no failure (scripts may re-run), and it is not changed.
            io.out(
              `${milestoneName(release, version)} already exists, left unchanged (${trackers(error.milestone)}); edit it on the admin page.`,
            );
          }
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
          // A reason follows a comma: it has parentheses of its own ("… not found in Bugzilla (no bug has that alias)").
          for (const r of results)
            io.out(
              `${r.name}: ${what[r.outcome]}${!r.detail ? "" : r.outcome === "created" ? ` (${r.detail})` : `, ${r.detail}`}`,
            );
        };
        if (opts.release !== undefined) {
          const found = await discoverRelease(db, bugzillaClient(config), opts.release);
          if (found.releaseCreated) io.out(`Release ${opts.release}: created`);
          print(found.milestones);
          if (!found.releaseExists) {
            io.err(
              `${ERROR_PREFIX}release ${opts.release} not created: none of its standard tracker aliases resolve in Bugzilla`,
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
    .command("summary")
    .description("print the weekly blocker-status mail of a milestone as Markdown, e.g. summary 46/beta")
    .argument("<release/version>", "the milestone, e.g. 46/beta", parseMilestoneOption)
    .option(
      "--since <when>",
      `start of the window: ${SINCE_HELP} (default: ${SUMMARY_DEFAULT_SINCE}, the last week)`,
      parseSinceOption,
    )
    .action((ref: { release: number; version: string }, opts: { since?: string }) =>
      withDb(async ({ db }, config) => {
        const milestone = await getMilestone(db, ref.release, ref.version);
        if (!milestone)
          throw new Error(`milestone ${ref.release}/${ref.version} does not exist (see: blockerbugs status)`);
        const window = changeWindow(opts.since ?? SUMMARY_DEFAULT_SINCE, new Date(), config.MEETING_SCHEDULE);
        if ("error" in window) throw new Error(window.error);
        const text = await milestoneSummary(db, milestone, window, {
          bugzillaUrl: config.BUGZILLA_URL,
          listUrl: null,
        });
        io.out(text.trimEnd());
      }),
    );

  program
    .command("status")
    .description("schema version, milestones, last sync per source and counts")
    .option("--json", "print it as JSON (keys in README.md, Command line)")
    .action((opts: { json?: boolean }) =>
      withDb(
        async ({ db, url, kind }) => {
          const status = await readStatus(db, url, kind);
          if (opts.json) io.out(JSON.stringify(status, null, 2));
          else printStatus(status, io);
        },
        { requireSchema: false },
      ),
    );

  return program;
}

/**
 * `blockerbugs status --json`: a stable shape (documented in README.md); times are ISO 8601 in UTC.
 * Without a schema, `milestones` and `sources` are empty.
 */
export interface StatusJson {
  database: {
    /** "embedded" (Blockerbugs' own PostgreSQL) or "external" (`DATABASE_URL`). */
    kind: string;
    /** The last applied migration, null when the database has no schema yet. */
    schema: string | null;
    /** Migrations not applied yet (run `blockerbugs upgrade_db`). */
    pendingMigrations: string[];
  };
  milestones: {
    release: number;
    version: string;
    name: string;
    active: boolean;
    current: boolean;
    /** Bugs listed on the milestone's page. */
    bugs: number;
    lastSync: string | null;
    lastSyncError: string | null;
  }[];
  /** The last run of each source, as in `GET /api/v1/sync`. */
  sources: SyncStatusJson["sources"];
}

async function readStatus(db: Database["db"], url: string, kind: string): Promise<StatusJson> {
  const { applied, pending } = await migrationStatus(url);
  const database = { kind, schema: applied.at(-1) ?? null, pendingMigrations: pending };
  if (applied.length === 0) return { database, milestones: [], sources: [] };
  const milestones = await db.milestone.findMany({
    // Bugs with data, as the pages count them (never-read private bugs are not listed there).
    include: {
      release: true,
      _count: { select: { bugs: { where: { active: true, bug: { fetchedAt: { not: null } } } } } },
    },
    orderBy: [{ release: { number: "asc" } }, { version: "asc" }],
  });
  return {
    database,
    milestones: milestones.map((m) => ({
      release: m.release.number,
      version: m.version,
      name: milestoneName(m.release.number, m.version),
      active: m.active,
      current: m.current,
      bugs: m._count.bugs,
      lastSync: m.lastSyncAt?.toISOString() ?? null,
      lastSyncError: m.lastSyncError,
    })),
    sources: syncStatusJson(SYNC_SOURCES, await lastSyncRuns(db, SYNC_SOURCES), "primary", undefined).sources,
  };
}

function printStatus({ database, milestones, sources }: StatusJson, io: CliIo): void {
  const schema = !database.schema
    ? 'no schema yet: run "blockerbugs init_db"'
    : `schema ${database.schema}${database.pendingMigrations.length ? `, ${countOf(database.pendingMigrations.length, "migration")} pending: run "blockerbugs upgrade_db"` : ", up to date"}`;
  io.out(`Database: ${database.kind}; ${schema}`);
  if (!database.schema) return;
  if (milestones.length === 0)
    io.out('Milestones: none (add one with "blockerbugs add_release" and "blockerbugs add_milestone")');
  for (const m of milestones) {
    const flags = [m.active ? "active" : "inactive", m.current ? "current" : null].filter(Boolean).join(", ");
    const synced = m.lastSync ? `last synced ${formatUtc(m.lastSync)}` : "never synced";
    io.out(
      `  ${m.name} [${flags}]: ${countOf(m.bugs, "bug")}, ${synced}${m.lastSyncError ? `; LAST SYNC FAILED: ${m.lastSyncError}` : ""}`,
    );
  }
  for (const { source, lastRun: run } of sources) {
    io.out(
      run
        ? `Last ${source} sync: ${run.outcome} (${run.kind}) at ${formatUtc(run.startedAt)}${run.error ? `: ${run.error}` : ""}`
        : `Last ${source} sync: never`,
    );
  }
}

function reportSync(summary: SyncSummary, io: CliIo, elapsedMs: number): void {
  for (const run of summary.runs) {
    for (const m of run.milestones) {
      if (!m.ok) io.err(`${run.source}: ${m.milestone}: FAILED: ${m.error}`);
      for (const bug of m.inaccessible)
        io.err(`${run.source}: ${m.milestone}: bug ${bug.id} is ${bug.reason}; kept as it was`);
      // Histories are read in batches: the bugs of one failed request share its error, and one line.
      const failed = new Map<string, number[]>();
      for (const f of m.historyFailures) failed.set(f.error, [...(failed.get(f.error) ?? []), f.bugId]);
      for (const [error, ids] of failed)
        io.err(
          `${run.source}: ${m.milestone}: could not read the ${ids.length === 1 ? `history of bug ${ids[0]}` : `histories of bugs ${ids.join(", ")}`} (${error}); kept what was known, read again next sync`,
        );
    }
    if (run.source !== "bugzilla" && run.error)
      io.err(`${run.source}: ${run.outcome.toUpperCase()}: ${run.error}`);
  }
  io.out(describeSync(summary, elapsedMs));
}

/** The trackers of a milestone as the CLI names them: `2390101 (F46BetaBlocker)`. */
interface MilestoneTrackers {
  blockerTrackerId: number;
  blockerTrackerAlias: string | null;
  feTrackerId: number;
  feTrackerAlias: string | null;
}
function tracker(id: number, alias: string | null): string {
  return alias ? `${id} (${alias})` : String(id);
}

function parseReleaseNumber(value: string): number {
  if (!/^\d{1,4}$/.test(value) || Number(value) <= 0) {
    throw new UsageError(`"${value}" is not a release number: use a whole number from 1 to 9999, such as 41`);
  }
  return Number(value);
}

function parseVersion(value: string): string {
  const version = value.toLowerCase();
  if (!(MILESTONE_VERSIONS as readonly string[]).includes(version))
    throw new UsageError(`"${value}" is not a milestone version: use ${orList(MILESTONE_VERSIONS)}`);
  return version;
}

function parseMilestoneOption(value: string): { release: number; version: string } {
  const ref = parseMilestoneRef(value);
  if (!ref)
    throw new UsageError(
      `"${value}" is not a milestone: use RELEASE/VERSION, such as 41/beta (version ${orList(MILESTONE_VERSIONS)})`,
    );
  return ref;
}

function parseSinceOption(value: string): string {
  // Only the form is checked here (usage error, exit 2); the window itself is computed when it runs.
  const result = changeWindow(value, new Date(8.64e15), { weekday: 1, hour: 0, minute: 0 });
  if ("error" in result) throw new UsageError(`--since: ${result.error.replace(/^since: /, "")}`);
  return value;
}

function parseSourceOption(value: string): SyncSource {
  if (!(SYNC_SOURCES as readonly string[]).includes(value)) {
    throw new UsageError(`"${value}" is not a sync source: use ${orList(SYNC_SOURCES)}`);
  }
  return value as SyncSource;
}

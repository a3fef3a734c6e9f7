import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getConfig, resetConfig } from "../../app/config.server";
import { openDatabase } from "../../app/db/db.server";
import { SYNC_CANCELLED } from "../../app/sync/run-sync.server";
import { runCli } from "../../app/cli/main";
import { loadDataset, startSandbox } from "../sandbox/server";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";
import { patchBugs, sandboxUpstreams, setFaults } from "../setup/sandbox-client";

const DEMO = path.join(import.meta.dirname, "..", "fixtures", "demo-upstream.json");

let t: TestDatabase;
let sandbox: Awaited<ReturnType<typeof startSandbox>>;

/** Runs the CLI in-process; returns exit code and captured output. */
async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** `blockerbugs add_milestone RELEASE VERSION --blocker-tracker BLOCKER --fe-tracker FE [flags…]`. */
const addMilestone = (release: string, version: string, blocker: string, fe: string, ...flags: string[]) =>
  cli("add_milestone", release, version, "--blocker-tracker", blocker, "--fe-tracker", fe, ...flags);

beforeAll(async () => {
  t = await createTestDatabase();
  sandbox = await startSandbox({ dataset: loadDataset(DEMO), port: 0 });
  process.env.DATABASE_URL = t.url;
  Object.assign(process.env, sandboxUpstreams(sandbox.url));
  process.env.UPSTREAM_ATTEMPTS = "1";
  // `blockerbugs sync` lowers the CPU priority of the thread running it, here the test's own.
  process.env.SYNC_NICE = "0";
  // An empty config file, so a /etc/blockerbugs/blockerbugs.env on the machine cannot leak in.
  const empty = path.join(os.tmpdir(), `blockerbugs-cli-test-${process.pid}.env`);
  fs.writeFileSync(empty, "");
  process.env.BLOCKERBUGS_CONFIG = empty;
});
beforeEach(() => resetConfig());
afterAll(async () => {
  await sandbox.close();
  await t.drop();
});

describe("blockerbugs CLI", () => {
  it("prints help and exits 0; a bad argument is a usage error (exit 2)", async () => {
    const help = await cli("--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/upgrade_db/);
    expect(help.out).toMatch(/add_milestone/);
    const bad = await cli("add_release", "forty-one");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/release number/);
    const version = await addMilestone("46", "gamma", "1", "2");
    expect(version.code).toBe(2);
    expect(version.err).toMatch(/"gamma" is not a milestone version: use alpha, beta or final/);
  });

  it("says every usage error as a sentence after the one error prefix, then where the help is", async () => {
    const cases: [string[], string, string][] = [
      [
        ["add_release", "forty-one"],
        '"forty-one" is not a release number: use a whole number from 1 to 9999, such as 41',
        "add_release ",
      ],
      [
        ["add_milestone", "46", "gamma", "--blocker-tracker", "1", "--fe-tracker", "2"],
        '"gamma" is not a milestone version: use alpha, beta or final',
        "add_milestone ",
      ],
      [
        ["sync", "--milestone", "beta"],
        '"beta" is not a milestone: use RELEASE/VERSION, such as 41/beta (version alpha, beta or final)',
        "sync ",
      ],
      [
        ["sync", "--source", "jira"],
        '"jira" is not a sync source: use bugzilla, bodhi, koji or pagure',
        "sync ",
      ],
      [["sync", "--milestone"], "the option --milestone <release/version> needs a value", "sync "],
      [["sync", "--bogus"], '"--bogus" is not an option of sync', "sync "],
      [["add-release"], "add_release needs its <release> argument", "add_release "],
      [["add_release", "1", "2"], "add_release takes 1 argument, not 2", "add_release "],
      [
        ["add_milestone", "46", "beta"],
        "the option --blocker-tracker <id|alias> is required",
        "add_milestone ",
      ],
      [["frobnicate"], '"frobnicate" is not a command', ""],
      [["stat"], '"stat" is not a command; did you mean "status"?', ""],
      [["--bogus"], '"--bogus" is not an option of blockerbugs', ""],
    ];
    for (const [argv, message, command] of cases) {
      const result = await cli(...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err.split("\n"), argv.join(" ")).toEqual([
        `blockerbugs: error: ${message}`,
        `Run "blockerbugs ${command}--help" for usage.`,
      ]);
    }
    // Without a command: the help, on stderr.
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^Usage: blockerbugs \[options\] \[command\]/);
  });

  it("init_db and upgrade_db are safe to re-run and say when nothing changed", async () => {
    const init = await cli("init_db");
    expect(init.code).toBe(0);
    expect(init.out).toMatch(/already up to date/);
    const upgrade = await cli("upgrade-db");
    expect(upgrade.code).toBe(0);
    expect(upgrade.out).toMatch(/^Nothing to do: the schema is up to date \(\d+ migrations applied\)\.$/);
  });

  it("sync without any milestone says how to add some", async () => {
    const empty = await cli("sync", "--source", "bugzilla");
    expect(empty.code).toBe(0);
    expect(empty.out).toMatch(/^Sync done in [\d.]+ s: bugzilla success: 0 milestones, 0 bugs read, /);
    expect(empty.err).toBe(
      'No active milestones to sync: add them with "blockerbugs discover" or "blockerbugs add_milestone".',
    );
  });

  it("adds a release and a milestone from tracker aliases, resolving them in Bugzilla", async () => {
    expect((await cli("add_release", "46")).out).toBe("Added release 46.");
    const existing = await cli("add_release", "46");
    expect(existing).toEqual({ code: 0, out: "Release 46 already exists, left unchanged.", err: "" });
    const added = await addMilestone("46", "beta", "F46BetaBlocker", "2390102", "--current");
    expect(added.code).toBe(0);
    expect(added.out).toBe(
      "Added Fedora 46 Beta: blocker tracker 2390101 (F46BetaBlocker), FE tracker 2390102 (F46BetaFreezeException), current.",
    );
    // Adding it again, even with other trackers and flags, says so, changes nothing and exits 0, as
    // add_release does.
    const database = await openDatabase(getConfig());
    const before = await database.db.milestone.findMany({ orderBy: { id: "asc" } });
    const again = await addMilestone(
      "46",
      "beta",
      "F46FinalBlocker",
      "F46FinalFreezeException",
      "--inactive",
    );
    expect(again).toEqual({
      code: 0,
      out: "Fedora 46 Beta already exists, left unchanged (blocker tracker 2390101 (F46BetaBlocker), FE tracker 2390102 (F46BetaFreezeException)); edit it on the admin page.",
      err: "",
    });
    expect(await database.db.milestone.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    await database.close();
    const unknown = await addMilestone("46", "final", "F99FinalBlocker", "F46FinalFreezeException");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(
      /^blockerbugs: error: tracker F99FinalBlocker not found in Bugzilla \(no bug has that alias\)$/,
    );
    expect(unknown.err).not.toMatch(/\n\s+at /); // no stack trace without --debug
    const hidden = await addMilestone("46", "final", "2411860", "F46FinalFreezeException");
    expect(hidden.err).toBe(
      "blockerbugs: error: tracker 2411860 is a private bug in Bugzilla: trackers must be public",
    );
  });

  it("discover creates the missing milestones and never changes existing ones", async () => {
    const found = await cli("discover", "--release", "46");
    expect(found.code).toBe(0);
    expect(found.out.split("\n")).toEqual([
      "Fedora 46 Beta: already exists, left unchanged",
      "Fedora 46 Final: created (F46FinalBlocker, F46FinalFreezeException)",
    ]);
    // No F99 trackers in Bugzilla: nothing is created, not even the release, and the exit code says so.
    const none = await cli("discover", "--release", "99");
    expect(none.out.split("\n")).toEqual([
      "Fedora 99 Beta: skipped, tracker F99BetaBlocker not found in Bugzilla (no bug has that alias)",
      "Fedora 99 Final: skipped, tracker F99FinalBlocker not found in Bugzilla (no bug has that alias)",
    ]);
    expect(none.err).toBe(
      "blockerbugs: error: release 99 not created: none of its standard tracker aliases resolve in Bugzilla",
    );
    expect(none.code).toBe(1);
    const database = await openDatabase(getConfig());
    expect(await database.db.release.count({ where: { number: 99 } })).toBe(0);
    await database.close();
  });

  it("discover --release leaves no release behind when Bugzilla fails", async () => {
    await setFaults(sandbox.url, { rules: [{ path: "/bugzilla", times: -1, fault: "500" }] });
    const failed = await cli("discover", "--release", "47");
    await setFaults(sandbox.url, { rules: [] });
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/^blockerbugs: error: Bugzilla: GET .*HTTP 500/);
    const database = await openDatabase(getConfig());
    expect(await database.db.release.count({ where: { number: 47 } })).toBe(0);
    await database.close();
  });

  it("discover without arguments creates Bodhi's pending Fedora releases whose trackers resolve", async () => {
    const found = await cli("discover");
    expect(found.code).toBe(0);
    // F46 is frozen (Beta exists from the test above, Final from --release 46), F47 pending; F45 is current.
    expect(found.out.split("\n")).toEqual([
      "F46 (frozen): release exists",
      "Fedora 46 Beta: already exists, left unchanged",
      "Fedora 46 Final: already exists, left unchanged",
      "F47 (pending): release created",
      "Fedora 47 Beta: created (F47BetaBlocker, F47BetaFreezeException)",
      "Fedora 47 Final: created (F47FinalBlocker, F47FinalFreezeException)",
    ]);
    const again = await cli("discover");
    expect(again.out).toMatch(/Fedora 47 Final: already exists, left unchanged$/);
    // Make 47's milestones inactive again so the sync tests below see only release 46.
    const database = await openDatabase(getConfig());
    await database.db.milestone.deleteMany({ where: { release: { number: 47 } } });
    await database.db.release.deleteMany({ where: { number: 47 } });
    await database.close();
  });

  it("syncs one milestone, prints a summary line, and reports status", async () => {
    const result = await cli("sync", "--milestone", "46/beta");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^Sync done in [\d.]+ s: bugzilla success: 1 milestone, \d+ bugs read, \d+ changes?, 0 bugs no longer tracked, 1 inaccessible bug, \d+ bug histor(y|ies) read, 0 bug histories failed(, \d+ prioritized bugs?, \d+ prioritized bugs? not tracked)?, \d+ requests?; /,
    );
    expect(result.out).toMatch(
      /; bodhi success: 1 release, \d+ updates, .*; koji success: \d+ builds, .*; pagure success: /,
    );
    expect(result.err).toMatch(/bug 2411860 is private; kept as it was/);
    const status = await cli("status");
    expect(status.out).toMatch(/schema \d{14}_\w+, up to date/);
    expect(status.out).toMatch(
      /Fedora 46 Beta \[active, current\]: \d+ bugs, last synced \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/,
    );
    expect(status.out).toMatch(/Fedora 46 Final \[active\]: 0 bugs, never synced/);
    expect(status.out).toMatch(/Last bugzilla sync: success \(full\)/);
    for (const source of ["bodhi", "koji", "pagure"])
      expect(status.out).toMatch(
        new RegExp(`Last ${source} sync: success \\(full\\) at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`, "m"),
      );
    expect(status.out).not.toMatch(/\d\dT\d\d:|\.\d{3}Z/); // no raw ISO times

    // The same as JSON, with stable keys (README, Command line) and ISO times.
    const json = await cli("status", "--json");
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(parsed)).toEqual(["database", "milestones", "sources"]);
    expect(parsed.database).toEqual({
      kind: "external",
      schema: expect.stringMatching(/^\d{14}_\w+$/),
      pendingMigrations: [],
    });
    const beta = parsed.milestones.find((m: { name: string }) => m.name === "Fedora 46 Beta");
    expect(beta).toEqual({
      release: 46,
      version: "beta",
      name: "Fedora 46 Beta",
      active: true,
      current: true,
      bugs: Number(/Fedora 46 Beta \[active, current\]: (\d+) bugs/.exec(status.out)![1]),
      lastSync: iso,
      lastSyncError: null,
    });
    expect(parsed.milestones.find((m: { name: string }) => m.name === "Fedora 46 Final")).toMatchObject({
      bugs: 0,
      lastSync: null,
    });
    expect(parsed.sources.map((s: { source: string }) => s.source)).toEqual([
      "bugzilla",
      "bodhi",
      "koji",
      "pagure",
    ]);
    for (const { lastRun } of parsed.sources) {
      expect(Object.keys(lastRun)).toEqual([
        "id",
        "kind",
        "outcome",
        "startedAt",
        "finishedAt",
        "durationSeconds",
        "counts",
        "error",
      ]);
      expect(lastRun).toMatchObject({ outcome: "success", startedAt: iso, finishedAt: iso, error: null });
    }
  });

  it("summary prints the weekly blocker-status mail of a synced milestone as Markdown", async () => {
    const summary = await cli("summary", "46/beta", "--since", "2026-01-01");
    expect(summary.code).toBe(0);
    expect(summary.out).toMatch(
      /^# Fedora 46 Beta: blocker status, \d{4}-\d\d-\d\d\n\nChanges since 2026-01-01 00:00 UTC\./,
    );
    expect(summary.out).toMatch(/\n- Proposed blockers: \d+ \(\+\d+\)\n/);
    expect(summary.out).toMatch(/## New proposals \(\d+\)\n\n- RHBZ#\d+ /);
    expect(summary.out).toContain("## Accepted blockers still open");
    expect(summary.out).toMatch(/\n {2}<http:\/\/127\.0\.0\.1:\d+\/bugzilla\/show_bug\.cgi\?id=\d+>\n/);
    const bad = await cli("summary", "46/beta", "--since", "last tuesday");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--since: "last tuesday" is not a date/);
    const unknown = await cli("summary", "12/beta");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe(
      "blockerbugs: error: milestone 12/beta does not exist (see: blockerbugs status)",
    );
  });

  it("lists the bugs whose history could not be read, one line per failed request, and still succeeds", async () => {
    await patchBugs(sandbox.url, [
      { id: 2410130, whiteboard: "AcceptedBlocker" },
      { id: 2410201, whiteboard: "RejectedBlocker" },
    ]);
    // Both changed bugs' histories go in one request, named after the first of them.
    await setFaults(sandbox.url, {
      rules: [{ path: "/bugzilla/rest/bug/2410130/history", times: -1, fault: "503" }],
    });
    const result = await cli("sync", "--milestone", "46/beta");
    await setFaults(sandbox.url, { rules: [] });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/bugzilla success: .*2 bug histories read, 2 bug histories failed/);
    expect(result.err).toMatch(
      /^bugzilla: Fedora 46 Beta: could not read the histories of bugs 2410130, 2410201 \(Bugzilla: GET \/bugzilla\/rest\/bug\/2410130\/history\?ids=2410201: HTTP 503.*\); kept what was known, read again next sync$/m,
    );
  });

  it("exits non-zero with one line when the milestone is unknown or the sync fails", async () => {
    const unknown = await cli("sync", "--milestone", "12/beta");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe(
      'blockerbugs: error: milestone 12/beta does not exist: run "blockerbugs status" to list the milestones',
    );
    await setFaults(sandbox.url, { rules: [{ path: "/bugzilla", times: -1, fault: "500" }] });
    const failed = await cli("sync");
    await setFaults(sandbox.url, { rules: [] });
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/^Sync FAILED/);
    expect(failed.err).toMatch(/Fedora 46 Beta: FAILED: Bugzilla: GET .*HTTP 500/);
  });

  it("--source runs one source; a failing source is reported while the others' runs succeed", async () => {
    const bodhi = await cli("sync", "--source", "bodhi");
    expect(bodhi.code).toBe(0);
    // Incremental: the updates submitted and those edited since the last pass, and those in flight by alias.
    expect(bodhi.out).toMatch(
      // …and the AcceptedPreviousRelease bug's F45 updates (Bodhi's current releases, then F45's updates).
      /^Sync done in [\d.]+ s: bodhi success: 1 release, \d+ updates, 0 stale links, 1 previous release, 1 update of a previous release, 5 requests$/,
    );
    const bad = await cli("sync", "--source", "jira");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/"jira" is not a sync source: use bugzilla, bodhi, koji or pagure/);
    await setFaults(sandbox.url, { rules: [{ path: "/koji", times: -1, fault: "500" }] });
    const failed = await cli("sync");
    await setFaults(sandbox.url, { rules: [] });
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(
      /bugzilla success: .*; bodhi success: .*; koji failed: 1 request; pagure success: /,
    );
    expect(failed.err).toMatch(/^koji: FAILED: Koji: POST \/koji\/kojihub: HTTP 500/m);
    const status = await cli("status");
    // A failed run keeps the kind it started as: Koji had a full pass today, so this one was incremental.
    expect(status.out).toMatch(/Last koji sync: failed \(incremental\) at .*HTTP 500/);
    // 46 Final's bugs were first tracked in this sync, so Pagure was listed completely (their tickets
    // may be older than any recent listing); with nothing newly tracked, the next listing is incremental.
    expect(status.out).toMatch(/Last pagure sync: success \(full\)/);
    expect((await cli("sync", "--source", "pagure")).code).toBe(0);
    expect((await cli("status")).out).toMatch(/Last pagure sync: success \(incremental\)/);
  });
});

describe("the installed command", () => {
  it("passes the exit code to the shell (bin script, built CLI)", async () => {
    const { spawnSync } = await import("node:child_process");
    const bin = path.join(import.meta.dirname, "..", "..", "app", "cli", "bin.mjs");
    const env = { ...process.env, DATABASE_URL: t.url, BUGZILLA_URL: `${sandbox.url}/bugzilla` };
    const ok = spawnSync(process.execPath, [bin, "status"], { env, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^Database: external; schema \d{14}_\w+, up to date/);
    const failed = spawnSync(process.execPath, [bin, "sync", "--milestone", "12/beta"], {
      env,
      encoding: "utf8",
    });
    expect(failed.status).toBe(1);
    expect(failed.stderr.trim()).toBe(
      'blockerbugs: error: milestone 12/beta does not exist: run "blockerbugs status" to list the milestones',
    );
    const usage = spawnSync(process.execPath, [bin, "add_release", "abc"], { env, encoding: "utf8" });
    expect(usage.status).toBe(2);
    const huge = spawnSync(process.execPath, [bin, "add_release", "99999999999"], { env, encoding: "utf8" });
    expect(huge.status).toBe(2);
    expect(huge.stderr).toBe(
      'blockerbugs: error: "99999999999" is not a release number: use a whole number from 1 to 9999, such as 41\n' +
        'Run "blockerbugs add_release --help" for usage.\n',
    );
    // A closed pipe (`blockerbugs status | head -1`) ends quietly.
    const piped = spawnSync("sh", ["-c", `"${process.execPath}" "${bin}" --help | head -c 10`], {
      env,
      encoding: "utf8",
    });
    expect(piped.status).toBe(0);
    expect(piped.stderr).not.toMatch(/EPIPE/);
  });
});

describe("Ctrl-C during a sync", () => {
  it("stops the sync at its next step, records it as cancelled and exits 1", async () => {
    const { spawn } = await import("node:child_process");
    const bin = path.join(import.meta.dirname, "..", "..", "app", "cli", "bin.mjs");
    await cli("discover", "--release", "46"); // 46 Beta and Final (kept when they exist)
    const database = await openDatabase(getConfig());
    await setFaults(sandbox.url, { latencyMs: 300 });
    try {
      const child = spawn(process.execPath, [bin, "sync", "--full", "--source", "bugzilla"], {
        env: { ...process.env, DATABASE_URL: t.url },
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      // Interrupt once the Bugzilla step is under way (its run is recorded before its first milestone).
      const stepStarted = () =>
        database.db.syncRun.count({ where: { source: "bugzilla", outcome: "running" } });
      await expect.poll(stepStarted, { timeout: 20_000, interval: 20 }).toBe(1);
      child.kill("SIGINT");
      expect(await exited).toBe(1);
      expect(err).toMatch(/Stopping after the current step/);
      expect(out).toMatch(/^Sync CANCELLED in [\d.]+ s: bugzilla failed: (1 milestone|0 milestones), /);
      const run = await database.db.syncRun.findFirstOrThrow({
        where: { source: "bugzilla" },
        orderBy: { id: "desc" },
      });
      expect(run).toMatchObject({ outcome: "failed", error: SYNC_CANCELLED });
    } finally {
      await setFaults(sandbox.url, { latencyMs: 0 });
      await database.close();
    }
  });
});

describe("add_milestone checks", () => {
  it("refuses --current with --inactive, and trackers that belong to another milestone", async () => {
    await cli("add_release", "47");
    const both = await addMilestone(
      "47",
      "beta",
      "F47BetaBlocker",
      "F47BetaFreezeException",
      "--current",
      "--inactive",
    );
    expect(both.code).toBe(1);
    expect(both.err).toMatch(/an inactive milestone cannot be the current one/);
    const reused = await addMilestone("47", "final", "F46BetaBlocker", "F47FinalFreezeException");
    expect(reused.code).toBe(1);
    expect(reused.err).toBe("blockerbugs: error: tracker 2390101 already belongs to Fedora 46 Beta");
  });
});

// Last in this file: it lowers the priority of the thread that runs the tests (by one step).
describe("sync priority", () => {
  it("blockerbugs sync runs at SYNC_NICE, every thread of it, so that pages come first on a shared node", async () => {
    const before = os.getPriority(0);
    process.env.SYNC_NICE = String(before + 1);
    resetConfig();
    await cli("sync", "--source", "bugzilla");
    // Every thread of the process: the main one, V8's and libuv's.
    const threads = fs.readdirSync("/proc/self/task").map((tid) => os.getPriority(Number(tid)));
    expect(threads.length).toBeGreaterThan(1);
    expect(new Set(threads)).toEqual(new Set([before + 1]));
  });
});

/**
 * Property-style sync tests on seeded random data (e2e/setup/random-dataset.ts): a sync against a
 * dataset nobody has seen must give exactly the states of product spec §3, a mutation round plus an
 * incremental sync must give the states of the new data, and random network faults must never corrupt
 * a milestone (a sync either succeeds with the right states or leaves the milestone as it was).
 *
 * The expected states come from the ORACLE below, written from the spec text alone: it deliberately
 * does not import app/domain/blocker-state.ts, app/domain/whiteboard.ts or the history rules. The
 * mutation rounds are dataset patches, which the sandbox records in each bug's Bugzilla history as an
 * edit would; a rejected bug that a round adds to a tracker again is therefore a re-proposal, and the
 * oracle reads the served history forward to find those.
 *
 * More seeds: RANDOM_SYNC_SEEDS=4,5,6 npx vitest run e2e/integration/random-sync.test.ts
 */
import { describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../../app/config.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import type { HttpPolicy } from "../../app/upstream/http.server";
import { runSync, type SyncSummary } from "../../app/sync/run-sync.server";
import { startSandbox, type RunningSandbox } from "../sandbox/server";
import { addRelease90, bzBug, dataset, T } from "../setup/datasets";
import { mutateWorld, randomWorld, type RandomWorld } from "../setup/random-dataset";
import { patchBugs, setFaults } from "../setup/sandbox-client";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

const SEEDS = (process.env.RANDOM_SYNC_SEEDS ?? "1,2,3")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n));
const BUG_COUNT = 150;

// ---------------------------------------------------------------------------------------------------
// ORACLE: product spec §3, re-implemented plainly.
// ---------------------------------------------------------------------------------------------------

type Version = "beta" | "final";
const VERSIONS: Version[] = ["beta", "final"];
const TRACKERS_OF: Record<Version, { blocker: number; fe: number }> = {
  beta: { blocker: T.betaBlocker, fe: T.betaFe },
  final: { blocker: T.finalBlocker, fe: T.finalFe },
};

/** "Split the whiteboard on whitespace, commas, semicolons, brackets and pipes." */
const SEPARATOR_CHARS = new Set(" \t\n\r\f\v,;|[](){}");

function oracleTokens(whiteboard: string): string[] {
  const tokens: string[] = [];
  let current = "";
  for (const ch of whiteboard) {
    if (SEPARATOR_CHARS.has(ch)) {
      if (current !== "") tokens.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  if (current !== "") tokens.push(current);
  return tokens;
}

/** "Compare tokens case-insensitively and exactly." */
function hasKeyword(tokens: string[], keyword: string): boolean {
  return tokens.some((t) => t.toLowerCase() === keyword.toLowerCase());
}

type State = "proposed" | "accepted" | "rejected" | "conflict" | null;

interface Expected {
  blocker: State;
  fe: State;
  accepted0Day: boolean;
  acceptedPreviousRelease: boolean;
  status: string;
}

function combine(accepted: boolean, rejected: boolean): State {
  if (accepted && rejected) return "conflict";
  if (accepted) return "accepted";
  if (rejected) return "rejected";
  return "proposed";
}

/**
 * Re-proposal (process: "rejected bugs are removed from the tracker and keep the Rejected keyword, so
 * that if they are proposed again it is clear they have already been considered"): by Bugzilla's
 * history read forward, the bug started blocking `tracker` (again) in a later history entry than the
 * one that put `keyword` into the whiteboard. A value no entry changed dates from the filing, which
 * comes before every entry.
 */
function oracleReProposed(bug: LiveBug, history: LiveHistory[], tracker: number, keyword: string): boolean {
  const FILING = -1;
  const ids = (v: string) =>
    v
      .split(/[\s,]+/)
      .filter((x) => x !== "")
      .map(Number);
  const firstWhiteboard = history.flatMap((e) => e.changes).find((c) => c.field_name === "status_whiteboard");
  let rejected = hasKeyword(
    oracleTokens(firstWhiteboard ? firstWhiteboard.removed : (bug.whiteboard ?? "")),
    keyword,
  );
  let rejectedSince: number | null = rejected ? FILING : null;
  const firstMention = history
    .flatMap((e) => e.changes)
    .find(
      (c) =>
        c.field_name === "blocks" && (ids(c.added).includes(tracker) || ids(c.removed).includes(tracker)),
    );
  let member = firstMention
    ? ids(firstMention.removed).includes(tracker)
    : (bug.blocks ?? []).includes(tracker);
  let memberSince: number | null = member ? FILING : null;
  history.forEach((entry, i) => {
    for (const c of entry.changes) {
      if (c.field_name === "status_whiteboard") {
        const now = hasKeyword(oracleTokens(c.added), keyword);
        if (now && !rejected) rejectedSince = i;
        if (!now) rejectedSince = null;
        rejected = now;
      }
      if (c.field_name === "blocks") {
        if (ids(c.added).includes(tracker) && !member) [member, memberSince] = [true, i];
        if (ids(c.removed).includes(tracker) && member) [member, memberSince] = [false, null];
      }
    }
  });
  return member && rejectedSince !== null && memberSince !== null && memberSince > rejectedSince;
}

/**
 * One bug's state for one milestone (§3), a re-proposal (see {@link oracleReProposed}) proposed again
 * unless `history` is `null` (history not read: no evidence). Reading of "either of these without AcceptedBlocker still
 * makes the blocker state accepted": Accepted0Day / AcceptedPreviousRelease are acceptances, so
 * together with RejectedBlocker they give `conflict`, like AcceptedBlocker does. The two flags are
 * part of the blocker state: false when the bug does not block the blocker tracker.
 */
function oracleState(bug: LiveBug, version: Version, history: LiveHistory[] | null = []): Expected {
  const trackers = TRACKERS_OF[version];
  const blocks = bug.blocks ?? [];
  const tokens = oracleTokens(bug.whiteboard ?? "");
  let blocker: State = null;
  let accepted0Day = false;
  let acceptedPreviousRelease = false;
  if (blocks.includes(trackers.blocker)) {
    accepted0Day = hasKeyword(tokens, "Accepted0Day");
    acceptedPreviousRelease = hasKeyword(tokens, "AcceptedPreviousRelease");
    blocker = combine(
      hasKeyword(tokens, "AcceptedBlocker") || accepted0Day || acceptedPreviousRelease,
      hasKeyword(tokens, "RejectedBlocker"),
    );
  }
  let fe: State = blocks.includes(trackers.fe)
    ? combine(hasKeyword(tokens, "AcceptedFreezeException"), hasKeyword(tokens, "RejectedFreezeException"))
    : null;
  if (
    history &&
    blocker === "rejected" &&
    oracleReProposed(bug, history, trackers.blocker, "RejectedBlocker")
  )
    blocker = "proposed";
  if (history && fe === "rejected" && oracleReProposed(bug, history, trackers.fe, "RejectedFreezeException"))
    fe = "proposed";
  return { blocker, fe, accepted0Day, acceptedPreviousRelease, status: bug.status ?? "" };
}

const show = (s: Omit<Expected, "status">) =>
  `${s.blocker}/${s.fe}/${s.accepted0Day ? "0day" : "-"}/${s.acceptedPreviousRelease ? "prevrel" : "-"}`;

/** "Proposed": the bug's blocks list contains the milestone's blocker or FE tracker. */
const isMember = (bug: LiveBug, version: Version) =>
  (bug.blocks ?? []).includes(TRACKERS_OF[version].blocker) ||
  (bug.blocks ?? []).includes(TRACKERS_OF[version].fe);

interface OracleView {
  /** Active readable bugs → "blocker/fe/0day/prevrel". */
  states: Record<number, string>;
  full: Map<number, Expected>;
  /** Private bugs that block one of the milestone's trackers. */
  privateMembers: number[];
}

/**
 * The milestone's expected rows. `noHistory`: bugs whose history the sync could not read, which keep
 * their state without the re-proposal evidence (both readings are then accepted, see
 * `expectMilestoneMatches`).
 */
function oracle(live: LiveData, version: Version, noHistory: ReadonlySet<number> = new Set()): OracleView {
  const hidden = new Set(live.private);
  const states: Record<number, string> = {};
  const full = new Map<number, Expected>();
  const privateMembers: number[] = [];
  for (const bug of live.bugs) {
    if (!isMember(bug, version)) continue;
    if (hidden.has(bug.id)) {
      privateMembers.push(bug.id);
      continue;
    }
    const state = oracleState(
      bug,
      version,
      noHistory.has(bug.id) ? null : (live.history[String(bug.id)] ?? []),
    );
    full.set(bug.id, state);
    states[bug.id] = show(state);
  }
  return { states, full, privateMembers: privateMembers.sort((a, b) => a - b) };
}

// ---------------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------------

interface LiveBug {
  id: number;
  blocks?: number[];
  depends_on?: number[];
  whiteboard?: string;
  status?: string;
  resolution?: string;
  summary?: string;
  component?: string | string[];
  alias?: string | string[] | null;
  flags?: { name: string; status: string; requestee?: string }[];
}
interface LiveHistory {
  when: string;
  who: string;
  changes: { field_name: string; removed: string; added: string }[];
}
interface LiveData {
  bugs: LiveBug[];
  private: number[];
  /** `bugzilla.history` as the sandbox serves it. */
  history: Record<string, LiveHistory[]>;
}

/** A database, a sandbox, and the configuration pointing at them. */
interface Env {
  t: TestDatabase;
  sandbox: RunningSandbox;
  config: Config;
}
interface Ctx extends Env {
  seed: number;
  world: RandomWorld;
}

const CLEAN_POLICY: HttpPolicy = { timeoutMs: 5000, attempts: 2, retryBaseMs: 10 };
const FAULT_POLICY: HttpPolicy = { timeoutMs: 1500, attempts: 6, retryBaseMs: 10 };

/** Runs `body` with a fresh database, a sandbox serving seed's random world, and release 90's milestones. */
async function withWorld(seed: number, body: (ctx: Ctx) => Promise<void>) {
  const t = await createTestDatabase();
  const world = randomWorld(seed, { bugs: BUG_COUNT });
  const sandbox = await startSandbox({ dataset: world.data as never, port: 0, hangMs: 3000 });
  try {
    const config = parseConfig({ DATABASE_URL: t.url, BUGZILLA_URL: `${sandbox.url}/bugzilla` });
    const ctx: Ctx = { seed, t, sandbox, config, world };
    await addRelease90(t.db, client(ctx));
    await body(ctx);
  } finally {
    await sandbox.close();
    await t.drop();
  }
}

const client = (env: Env, policy: HttpPolicy = CLEAN_POLICY) =>
  new BugzillaClient({ baseUrl: env.config.BUGZILLA_URL, policy });

const sync = (env: Env, opts: { full?: boolean; policy?: HttpPolicy } = {}) =>
  runSync(env.t.db, env.t.url, env.config, {
    full: opts.full,
    sources: ["bugzilla"],
    bugzilla: client(env, opts.policy),
  });

/** The data the sandbox serves right now (the oracle's input). */
async function liveData(ctx: Ctx): Promise<LiveData> {
  const res = await fetch(`${ctx.sandbox.url}/_sandbox/dataset`);
  const body = (await res.json()) as { bugzilla: LiveData };
  return { bugs: body.bugzilla.bugs, private: body.bugzilla.private, history: body.bugzilla.history ?? {} };
}

interface DbView {
  /** Active rows of readable bugs → "blocker/fe/0day/prevrel". */
  states: Record<number, string>;
  /** Active rows of bugs flagged inaccessible, with their stored state. */
  inaccessible: Record<number, string>;
}

const milestoneRows = (ctx: Ctx, version: Version) =>
  ctx.t.db.milestoneBug.findMany({
    where: { milestone: { version } },
    include: { bug: true },
    orderBy: { bugId: "asc" },
  });

async function dbView(ctx: Ctx, version: Version): Promise<DbView> {
  const rows = await milestoneRows(ctx, version);
  const states: Record<number, string> = {};
  const inaccessible: Record<number, string> = {};
  for (const r of rows) {
    if (!r.active) continue;
    if (r.bug.inaccessible) inaccessible[r.bugId] = `${r.bug.inaccessible}:${show(r)}`;
    else states[r.bugId] = show(r);
  }
  return { states, inaccessible };
}

/** Differences as readable lines: `bug 9200004: expected accepted/null/-/-, got proposed/null/-/-`. */
function diff(expected: Record<number, string>, got: Record<number, string>): string[] {
  const ids = [...new Set([...Object.keys(expected), ...Object.keys(got)].map(Number))].sort((a, b) => a - b);
  return ids
    .filter((id) => expected[id] !== got[id])
    .map((id) => `bug ${id}: expected ${expected[id] ?? "(not active)"}, got ${got[id] ?? "(not active)"}`);
}

/**
 * Asserts that one milestone's active rows are exactly the oracle's: readable bugs with §3 states,
 * private members flagged "private" with no derived state (nothing invented). A bug whose history
 * read failed (`noHistory`) may show its state with or without the re-proposal rule.
 */
async function expectMilestoneMatches(
  ctx: Ctx,
  live: LiveData,
  version: Version,
  label: string,
  noHistory: ReadonlySet<number> = new Set(),
) {
  const want = oracle(live, version);
  const got = await dbView(ctx, version);
  const without = oracle(live, version, noHistory).states;
  for (const id of noHistory) if (got.states[id] === without[id]) want.states[id] = without[id]!;
  expect(diff(want.states, got.states), `seed ${ctx.seed} ${label} ${version}: states`).toEqual([]);
  expect(got.inaccessible, `seed ${ctx.seed} ${label} ${version}: private members`).toEqual(
    Object.fromEntries(want.privateMembers.map((id) => [id, "private:null/null/-/-"])),
  );
  return want;
}

const versionOf = (milestoneName: string): Version => (milestoneName.endsWith("Beta") ? "beta" : "final");

// ---------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------

// Nine worlds sync at once, each reading its bugs' Bugzilla histories too: on a busy machine that
// takes more than the default minute.
describe.concurrent("sync of random data equals the §3 oracle", { timeout: 180_000 }, () => {
  it.each(SEEDS)("(a) full sync, seed %i", async (seed) => {
    await withWorld(seed, async (ctx) => {
      const live = await liveData(ctx);
      const summary = await sync(ctx);
      expect(summary.ok, JSON.stringify(summary.runs[0]?.error)).toBe(true);
      expect(summary.runs[0]!.milestones.map((m) => m.kind)).toEqual(["full", "full"]);

      const hidden = new Set(live.private);
      const byId = new Map(live.bugs.map((b) => [b.id, b]));
      const seen: string[] = [];
      for (const version of VERSIONS) {
        const want = await expectMilestoneMatches(ctx, live, version, "full sync");
        seen.push(...Object.values(want.states));
        // Private members are reported as inaccessible by the run.
        const result = summary.runs[0]!.milestones.find((m) => versionOf(m.milestone) === version)!;
        expect(result.inaccessible.map((i) => i.id).sort((a, b) => a - b)).toEqual(want.privateMembers);
        expect(new Set(result.inaccessible.map((i) => i.reason))).toEqual(
          new Set(want.privateMembers.length ? ["private"] : []),
        );
        // No row at all for bugs that never blocked this milestone.
        const rows = await milestoneRows(ctx, version);
        const members = new Set([...Object.keys(want.states).map(Number), ...want.privateMembers]);
        expect(rows.filter((r) => !members.has(r.bugId)).map((r) => r.bugId)).toEqual([]);
      }

      // The sample really covers the rules (guards against a generator drifting into triviality).
      for (const part of [0, 1]) {
        for (const state of ["proposed", "accepted", "rejected", "conflict", "null"]) {
          expect(
            seen.some((v) => v.split("/")[part] === state),
            `seed ${seed}: no ${state} in column ${part}`,
          ).toBe(true);
        }
      }
      expect(seen.some((v) => v.includes("/0day/"))).toBe(true);
      expect(seen.some((v) => v.endsWith("/prevrel"))).toBe(true);

      // Private bugs: flagged, nothing invented or leaked.
      for (const id of live.private) {
        const bug = await ctx.t.db.bug.findUnique({ where: { id } });
        if (!bug) {
          expect(VERSIONS.some((v) => isMember(byId.get(id)!, v))).toBe(false);
          continue;
        }
        expect(bug, `seed ${seed} private bug ${id}`).toMatchObject({
          inaccessible: "private",
          summary: "",
          whiteboard: "",
          status: "",
          component: "",
          alias: [],
          lastChangeTime: null,
          needinfo: [],
        });
      }

      // Readable tracked bugs: the stored fields are what Bugzilla said.
      const tracked = live.bugs.filter((b) => !hidden.has(b.id) && VERSIONS.some((v) => isMember(b, v)));
      for (const b of tracked) {
        const row = await ctx.t.db.bug.findUniqueOrThrow({ where: { id: b.id } });
        const components = typeof b.component === "string" ? [b.component] : (b.component ?? []);
        const aliases = typeof b.alias === "string" ? (b.alias ? [b.alias] : []) : (b.alias ?? []);
        const needinfo = (b.flags ?? [])
          .filter((f) => f.name === "needinfo" && f.status === "?")
          .map((f) => f.requestee);
        const openDeps = (b.depends_on ?? []).filter((d) => {
          const dep = byId.get(d);
          return dep && !hidden.has(d) && dep.status !== "CLOSED";
        });
        const msg = `seed ${seed} bug ${b.id}`;
        expect(row, msg).toMatchObject({
          inaccessible: null,
          summary: b.summary,
          status: b.status,
          resolution: b.resolution,
          whiteboard: b.whiteboard,
          alias: aliases,
          needinfo,
        });
        if (components.length === 1) expect(row.component, msg).toBe(components[0]);
        for (const c of components) expect(row.component, msg).toContain(c);
        expect(
          row.openDependsOn.filter((d) => !hidden.has(d)).sort((x, y) => x - y),
          `${msg} open dependencies`,
        ).toEqual(openDeps.sort((x, y) => x - y));
      }
    });
  });

  it.each(SEEDS)("(b) mutation round + incremental sync, seed %i", async (seed) => {
    await withWorld(seed, async (ctx) => {
      expect((await sync(ctx)).ok).toBe(true);
      const before = await liveData(ctx);
      for (const v of VERSIONS) await expectMilestoneMatches(ctx, before, v, "first sync");

      const round = mutateWorld(ctx.world, 0.2);
      const kinds = [...round.kinds.values()].flat();
      expect(kinds).toContain("leave");
      expect(kinds).toContain("betaToFinal");
      await patchBugs(ctx.sandbox.url, round.patches);
      const after = await liveData(ctx);
      const afterById = new Map(after.bugs.map((b) => [b.id, b]));

      const summary = await sync(ctx);
      expect(summary.ok, JSON.stringify(summary.runs[0]?.error)).toBe(true);
      expect(summary.runs[0]!.milestones.map((m) => m.kind)).toEqual(["incremental", "incremental"]);
      const runId = summary.runs[0]!.runId;
      const events = await ctx.t.db.bugEvent.findMany({
        where: { syncRunId: runId },
        include: { milestone: true },
        orderBy: { id: "asc" },
      });
      const eventsOf = (bugId: number, version: Version) =>
        events
          .filter((e) => e.bugId === bugId && e.milestone.version === version)
          .map((e) => `${e.field}:${e.oldValue}->${e.newValue}`)
          .sort();

      // History of this run, checked against the oracle's before/after states. Every mismatch is
      // collected (not thrown at the first) so one defect does not hide another.
      const problems: string[] = [];
      const check = (got: string[], want: string[], msg: string) => {
        if (JSON.stringify(got) !== JSON.stringify(want))
          problems.push(`${msg}: events ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      };
      for (const version of VERSIONS) {
        const label = `after mutation (patched ${round.patches.map((p) => p.id).join(",")})`;
        const now = await expectMilestoneMatches(ctx, after, version, label);
        const was = oracle(before, version);
        const wasMembers = new Set([...was.full.keys(), ...was.privateMembers]);
        const nowMembers = new Set([...now.full.keys(), ...now.privateMembers]);
        const rows = new Map((await milestoneRows(ctx, version)).map((r) => [r.bugId, r]));
        const inBoth = (id: number) =>
          VERSIONS.every((v) => isMember(afterById.get(id)!, v)) ? ", in both" : "";

        for (const id of wasMembers) {
          const msg = `seed ${seed} ${version} bug ${id} (${round.kinds.get(id)?.join("+") ?? "untouched"}${inBoth(id)})`;
          if (!nowMembers.has(id)) {
            // Left both trackers: inactive, kept, and exactly one history event.
            if (rows.get(id)?.active !== false)
              problems.push(`${msg}: left the trackers but is still active`);
            check(eventsOf(id, version), ["active:true->false"], msg);
            continue;
          }
          const oldState = was.full.get(id);
          const newState = now.full.get(id);
          if (!oldState || !newState) {
            check(eventsOf(id, version), [], msg); // private before and after
            continue;
          }
          const wanted: string[] = [];
          for (const field of [
            "blocker",
            "fe",
            "accepted0Day",
            "acceptedPreviousRelease",
            "status",
          ] as const) {
            const o = oldState[field];
            const n = newState[field];
            if (o !== n)
              wanted.push(`${field}:${o === null ? null : String(o)}->${n === null ? null : String(n)}`);
          }
          check(eventsOf(id, version), wanted.sort(), msg);
        }
        for (const id of nowMembers) {
          if (wasMembers.has(id)) continue;
          const msg = `seed ${seed} ${version} bug ${id} joined (${round.kinds.get(id)?.join("+")})`;
          if (!eventsOf(id, version).includes("active:null->true"))
            problems.push(`${msg}: no active:null->true event (${JSON.stringify(eventsOf(id, version))})`);
        }
        // Nothing recorded for bugs that were never members of this milestone.
        for (const e of events) {
          if (e.milestone.version === version && !wasMembers.has(e.bugId) && !nowMembers.has(e.bugId))
            problems.push(`seed ${seed} ${version} bug ${e.bugId}: event for a non-member (${e.field})`);
        }
      }
      expect(problems).toEqual([]);
    });
  });

  it.each(SEEDS)("(c) random faults never corrupt a milestone, seed %i", async (seed) => {
    await withWorld(seed, async (ctx) => {
      expect((await sync(ctx)).ok).toBe(true);
      for (const v of VERSIONS) await expectMilestoneMatches(ctx, await liveData(ctx), v, "clean sync");

      const outcomes = { ok: 0, failed: 0 };
      // Attempts 6 (failures rare) first, then attempts 2 so the failure path is exercised too.
      const plan: { full: boolean; policy: HttpPolicy }[] = [
        { full: false, policy: FAULT_POLICY },
        { full: true, policy: FAULT_POLICY },
        { full: false, policy: FAULT_POLICY },
        { full: false, policy: { ...FAULT_POLICY, attempts: 2 } },
        { full: true, policy: { ...FAULT_POLICY, attempts: 2 } },
        { full: false, policy: { ...FAULT_POLICY, attempts: 2 } },
      ];
      for (const [i, step] of plan.entries()) {
        const round = mutateWorld(ctx.world, 0.1);
        await patchBugs(ctx.sandbox.url, round.patches);
        const live = await liveData(ctx);
        const snapshots = Object.fromEntries(
          await Promise.all(VERSIONS.map(async (v) => [v, await snapshot(ctx, v)] as const)),
        );

        await setFaults(ctx.sandbox.url, { faultRate: 0.3, seed: seed * 1000 + i });
        let summary: SyncSummary;
        try {
          summary = await sync(ctx, step);
        } finally {
          await setFaults(ctx.sandbox.url, { faultRate: 0 });
        }

        const label = `fault sync #${i} (${step.full ? "full" : "incremental"}, attempts ${step.policy.attempts})`;
        const results = summary.runs[0]!.milestones;
        const run = await ctx.t.db.syncRun.findUniqueOrThrow({ where: { id: summary.runs[0]!.runId } });
        // The prioritized-bugs flag search is one more part of the Bugzilla run.
        const parts = [
          ...results.map((r) => r.ok),
          (run.details as { prioritized?: { ok: boolean } }).prioritized?.ok ?? true,
        ];
        expect(summary.ok).toBe(parts.every((ok) => ok));
        const failures = parts.filter((ok) => !ok).length;
        expect(run.outcome).toBe(
          failures === 0 ? "success" : failures === parts.length ? "failed" : "partial",
        );
        for (const result of results) {
          const version = versionOf(result.milestone);
          if (result.ok) {
            outcomes.ok += 1;
            const noHistory = new Set(result.historyFailures.map((f) => f.bugId));
            await expectMilestoneMatches(ctx, live, version, `${label} ok`, noHistory);
          } else {
            outcomes.failed += 1;
            expect(result.error).toBeTruthy();
            const nowSnap = await snapshot(ctx, version);
            expect(nowSnap.lastSyncError, `seed ${seed} ${label} ${version}`).toBe(result.error);
            const { lastSyncError: _a, ...kept } = nowSnap;
            const { lastSyncError: _b, ...was } = snapshots[version]!;
            expect(kept, `seed ${seed} ${label} ${version} failed (${result.error}) but changed`).toEqual(
              was,
            );
          }
        }
      }
      expect(outcomes.ok).toBeGreaterThan(0);
      expect(outcomes.failed).toBeGreaterThan(0);

      // Without faults, one incremental sync catches up on everything the failed ones missed.
      const final = await sync(ctx);
      expect(final.ok).toBe(true);
      const live = await liveData(ctx);
      for (const v of VERSIONS) await expectMilestoneMatches(ctx, live, v, "catch-up sync");
    });
  });
});

/**
 * Minimal reproduction of what the random mutation rounds found: a bug that blocks both Beta and
 * Final changes status; its history must show the change for each milestone it is tracked in
 * (history is per bug and milestone, and the first sighting records `status` for each of them).
 */
describe("history of a bug tracked in two milestones", () => {
  it("records a status change for Beta and for Final", async () => {
    const t = await createTestDatabase();
    const sandbox = await startSandbox({
      dataset: dataset([bzBug(501, { blocks: [T.betaBlocker, T.finalBlocker] })]) as never,
      port: 0,
    });
    try {
      const config = parseConfig({ DATABASE_URL: t.url, BUGZILLA_URL: `${sandbox.url}/bugzilla` });
      const ctx: Env = { t, sandbox, config };
      await addRelease90(t.db, client(ctx));
      expect((await sync(ctx)).ok).toBe(true);
      await patchBugs(sandbox.url, [{ id: 501, status: "ON_QA" }]);
      expect((await sync(ctx)).ok).toBe(true);

      const events = await t.db.bugEvent.findMany({
        where: { bugId: 501, field: "status" },
        include: { milestone: true },
        orderBy: { id: "asc" },
      });
      const statusHistory = (version: Version) =>
        events.filter((e) => e.milestone.version === version).map((e) => `${e.oldValue}->${e.newValue}`);
      expect(statusHistory("beta")).toEqual(["null->NEW", "NEW->ON_QA"]);
      expect(statusHistory("final")).toEqual(["null->NEW", "NEW->ON_QA"]);
    } finally {
      await sandbox.close();
      await t.drop();
    }
  });
});

/** Everything a failed sync of one milestone must leave untouched. */
async function snapshot(ctx: Ctx, version: Version) {
  const m = await ctx.t.db.milestone.findFirstOrThrow({ where: { version } });
  return {
    rows: await ctx.t.db.milestoneBug.findMany({ where: { milestoneId: m.id }, orderBy: { bugId: "asc" } }),
    events: await ctx.t.db.bugEvent.findMany({ where: { milestoneId: m.id }, orderBy: { id: "asc" } }),
    lastSyncAt: m.lastSyncAt,
    lastFullSyncAt: m.lastFullSyncAt,
    bugzillaWatermark: m.bugzillaWatermark,
    lastSyncError: m.lastSyncError,
  };
}

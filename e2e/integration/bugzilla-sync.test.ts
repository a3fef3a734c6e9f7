import { describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../../app/config.server";
import { updateMilestone } from "../../app/admin/milestones.server";
import { listPrioritizedBugs } from "../../app/routes/prioritized/queries.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import { runSync } from "../../app/sync/run-sync.server";
import { startSandbox } from "../sandbox/server";
import { addRelease90, bzBug, dataset, manyBetaBlockers, T } from "../setup/datasets";
import { clearRequestLog, patchBugs, requestLog, setFaults } from "../setup/sandbox-client";
import { freshDatabaseEachTest } from "../setup/test-db";

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
const t = freshDatabaseEachTest(() => sandbox?.close());
let config: Config;

async function setUp(data: ReturnType<typeof dataset>, apiKey?: string) {
  sandbox = await startSandbox({ dataset: data as never, port: 0 });
  config = parseConfig({
    DATABASE_URL: t.url,
    BUGZILLA_URL: `${sandbox.url}/bugzilla`,
    BUGZILLA_API_KEY: apiKey,
    UPSTREAM_TIMEOUT_MS: "2000",
    UPSTREAM_ATTEMPTS: "3",
  });
  await addRelease90(t.db, client());
}

function client() {
  return new BugzillaClient({
    baseUrl: config.BUGZILLA_URL,
    apiKey: config.BUGZILLA_API_KEY,
    policy: { timeoutMs: 2000, attempts: 3, retryBaseMs: 20 },
  });
}

const sync = (opts: { full?: boolean } = {}) =>
  runSync(t.db, t.url, config, { ...opts, sources: ["bugzilla"], bugzilla: client() });

/** Active states of one milestone: { bugId: "blocker/fe" }. */
async function states(version: "beta" | "final") {
  const rows = await t.db.milestoneBug.findMany({
    where: { active: true, milestone: { version } },
    orderBy: { bugId: "asc" },
  });
  return Object.fromEntries(rows.map((r) => [r.bugId, `${r.blocker}/${r.fe}`]));
}

describe("Bugzilla sync", () => {
  const bugs = [
    bzBug(101, { blocks: [T.betaBlocker] }),
    bzBug(102, { blocks: [T.betaBlocker], whiteboard: "AcceptedBlocker" }),
    bzBug(103, { blocks: [T.betaBlocker, T.betaFe], whiteboard: "RejectedBlocker AcceptedFreezeException" }),
    bzBug(104, {
      blocks: [T.betaBlocker],
      whiteboard: "AcceptedBlocker",
      status: "CLOSED",
      resolution: "ERRATA",
      is_open: false,
    }),
    bzBug(105, { blocks: [T.betaFe], whiteboard: "acceptedblocker [RejectedFreezeException]" }),
    bzBug(106, { blocks: [T.betaBlocker], whiteboard: "AcceptedBlocker,RejectedBlocker" }),
    bzBug(107, { blocks: [T.betaBlocker], whiteboard: "Accepted0Day" }),
    bzBug(108, { blocks: [T.betaBlocker], whiteboard: "AcceptedBlockerX" }),
    bzBug(201, {
      blocks: [T.finalBlocker, T.finalFe],
      whiteboard: "AcceptedFreezeException",
      depends_on: [101, 104],
    }),
    bzBug(202, {
      blocks: [T.finalBlocker],
      flags: [
        {
          id: 1,
          name: "needinfo",
          status: "?",
          requestee: "dev@example.com",
          setter: "qa@example.com",
          type_id: 1,
        },
        {
          id: 2,
          name: "needinfo",
          status: "+",
          requestee: "old@example.com",
          setter: "qa@example.com",
          type_id: 1,
        },
      ],
    }),
  ];

  it("first full sync derives every bug's state per milestone and records history", async () => {
    await setUp(dataset(bugs));
    const summary = await sync();
    expect(summary.ok).toBe(true);
    expect(summary.runs[0]!.milestones.map((m) => m.kind)).toEqual(["full", "full"]);

    expect(await states("beta")).toEqual({
      101: "proposed/null",
      102: "accepted/null",
      103: "rejected/accepted",
      104: "accepted/null",
      105: "null/rejected",
      106: "conflict/null",
      107: "accepted/null",
      108: "proposed/null",
    });
    expect(await states("final")).toEqual({ 201: "proposed/accepted", 202: "proposed/null" });

    const b107 = await t.db.milestoneBug.findFirstOrThrow({ where: { bugId: 107 } });
    expect(b107.accepted0Day).toBe(true);
    const b201 = await t.db.bug.findUniqueOrThrow({ where: { id: 201 } });
    expect(b201.openDependsOn).toEqual([101]);
    const b202 = await t.db.bug.findUniqueOrThrow({ where: { id: 202 } });
    expect(b202.needinfo).toEqual(["dev@example.com"]);
    expect(b202.assignee).toBe("maint@example.com");

    const history = await t.db.bugEvent.findMany({ where: { bugId: 102 }, orderBy: { id: "asc" } });
    expect(history.map((e) => [e.field, e.oldValue, e.newValue])).toEqual([
      ["active", null, "true"],
      ["blocker", null, "accepted"],
      ["status", null, "NEW"],
    ]);
    const run = await t.db.syncRun.findFirstOrThrow();
    expect(run).toMatchObject({ source: "bugzilla", outcome: "success", error: null });
    expect(run.finishedAt).not.toBeNull();
    const milestone = await t.db.milestone.findFirstOrThrow({ where: { version: "beta" } });
    expect(milestone.lastSyncAt).not.toBeNull();
    expect(milestone.lastSyncError).toBeNull();
  });

  it("incremental sync picks up a whiteboard change and asks only for changed bugs", async () => {
    await setUp(dataset(bugs));
    await sync();
    await patchBugs(sandbox.url, [
      { id: 101, whiteboard: "AcceptedBlocker", assigned_to: "new-owner@example.com" },
    ]);
    await clearRequestLog(sandbox.url);

    const summary = await sync();
    expect(summary.runs[0]!.milestones.map((m) => m.kind)).toEqual(["incremental", "incremental"]);
    expect((await states("beta"))[101]).toBe("accepted/null");
    expect((await t.db.bug.findUniqueOrThrow({ where: { id: 101 } })).assignee).toBe("new-owner@example.com");
    const events = await t.db.bugEvent.findMany({
      where: { bugId: 101, field: "blocker" },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => `${e.oldValue}->${e.newValue}`)).toEqual([
      "null->proposed",
      "proposed->accepted",
    ]);

    const searches = (await requestLog(sandbox.url)).log.filter(
      (r) => r.path.endsWith("/rest/bug") && r.query.blocks,
    );
    expect(searches.length).toBeGreaterThan(0);
    for (const s of searches) expect(s.query.last_change_time).toBeDefined();
    // Unchanged bugs were not re-read: the beta search returned only bug 101.
    expect(summary.runs[0]!.milestones[0]!.fetched).toBe(1);
  });

  it("a full sync of unchanged data writes nothing, but sees a dependency closing", async () => {
    await setUp(dataset(bugs));
    await sync();
    const fetchedAt = (await t.db.bug.findUniqueOrThrow({ where: { id: 102 } })).fetchedAt;
    const again = await sync({ full: true });
    expect(again.runs[0]!.milestones.map((m) => m.changes)).toEqual([0, 0]);
    expect((await t.db.bug.findUniqueOrThrow({ where: { id: 102 } })).fetchedAt).toEqual(fetchedAt);

    // 101 closes: 201 (Final) depends on it and did not change itself, yet its open dependencies must.
    await patchBugs(sandbox.url, [{ id: 101, status: "CLOSED", resolution: "ERRATA", is_open: false }]);
    await sync({ full: true });
    expect((await t.db.bug.findUniqueOrThrow({ where: { id: 201 } })).openDependsOn).toEqual([]);
  });

  it("deactivates a bug removed from the trackers and keeps its history", async () => {
    await setUp(dataset(bugs));
    await sync();
    await patchBugs(sandbox.url, [{ id: 102, blocks: [] }]);
    const summary = await sync();
    expect(summary.ok).toBe(true);
    expect(await states("beta")).not.toHaveProperty("102");
    const row = await t.db.milestoneBug.findFirstOrThrow({ where: { bugId: 102 } });
    expect(row.active).toBe(false);
    expect(row.blocker).toBe("accepted"); // last known state kept for history
    const last = await t.db.bugEvent.findFirstOrThrow({ where: { bugId: 102 }, orderBy: { id: "desc" } });
    expect([last.field, last.oldValue, last.newValue]).toEqual(["active", "true", "false"]);
  });

  it("dates a bug's leaving by Bugzilla's history and refreshes its row: removed by QA, moved to Final", async () => {
    await setUp(dataset(bugs));
    await sync();
    // Edited an hour before the sync (a day of changes synced at once): Bugzilla's time, not the sync's.
    const when = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    await patchBugs(
      sandbox.url,
      [
        { id: 102, blocks: [], whiteboard: "RejectedBlocker", last_change_time: when },
        { id: 101, blocks: [T.finalBlocker], last_change_time: when },
      ],
      { who: "qa-lead@example.com" },
    );
    const summary = await sync();
    expect(summary.ok).toBe(true);
    const left = await t.db.bugEvent.findMany({
      where: { bugId: { in: [101, 102] }, field: "active", syncRunId: { not: null } },
      include: { milestone: true },
      orderBy: [{ bugId: "asc" }, { id: "asc" }],
    });
    const last = (bugId: number, version: string) =>
      left.filter((e) => e.bugId === bugId && e.milestone.version === version).at(-1)!;
    expect(last(102, "beta")).toMatchObject({ newValue: "false", at: new Date(when), atFromHistory: true });
    expect(last(101, "beta")).toMatchObject({ newValue: "false", at: new Date(when), atFromHistory: true });
    expect(last(101, "final")).toMatchObject({ newValue: "true", at: new Date(when) });
    // Its row says where it is now; its state here is kept; who removed it is in its history.
    const row = await t.db.bug.findUniqueOrThrow({ where: { id: 102 } });
    expect([row.blocks, row.whiteboard]).toEqual([[], "RejectedBlocker"]);
    expect((await t.db.milestoneBug.findFirstOrThrow({ where: { bugId: 102 } })).blocker).toBe("accepted");
    const changes = await t.db.bugChange.findMany({ where: { bugId: 102, at: new Date(when) } });
    expect(changes.map((c) => [c.field, c.who]).sort()).toEqual([
      ["blocks", "qa-lead@example.com"],
      ["status_whiteboard", "qa-lead@example.com"],
    ]);
  });

  it("moves a bug from Beta to Final", async () => {
    await setUp(dataset(bugs));
    await sync();
    await patchBugs(sandbox.url, [{ id: 101, blocks: [T.finalBlocker] }]);
    await sync();
    expect(await states("beta")).not.toHaveProperty("101");
    expect((await states("final"))[101]).toBe("proposed/null");
    const rows = await t.db.milestoneBug.findMany({ where: { bugId: 101 }, include: { milestone: true } });
    expect(rows.map((r) => [r.milestone.version, r.active]).sort()).toEqual([
      ["beta", false],
      ["final", true],
    ]);
  });

  it("records a private bug as inaccessible without failing, and keeps a known bug's data when it turns private", async () => {
    const data = dataset([...bugs, bzBug(150, { blocks: [T.betaBlocker], summary: "Secret" })], [150]);
    await setUp(data);
    const first = await sync();
    expect(first.ok).toBe(true);
    expect(first.runs[0]!.milestones[0]!.inaccessible).toEqual([{ id: 150, reason: "private" }]);
    const secret = await t.db.bug.findUniqueOrThrow({ where: { id: 150 } });
    expect(secret.inaccessible).toBe("private");
    expect(secret.summary).toBe(""); // never seen: nothing invented

    await patchBugs(sandbox.url, [], { private: [150, 102] });
    const second = await sync({ full: true });
    expect(second.ok).toBe(true);
    const known = await t.db.bug.findUniqueOrThrow({ where: { id: 102 } });
    expect(known).toMatchObject({
      inaccessible: "private",
      summary: "Bug 102 summary",
      whiteboard: "AcceptedBlocker",
    });
    expect((await states("beta"))[102]).toBe("accepted/null");
  });

  it("a private bug of two milestones that becomes readable gets its state in both on the next incremental sync", async () => {
    // Blocks the Beta FE tracker and the Final blocker tracker; readable once the caller may see it
    // (e.g. an API key with more rights), without any change to the bug itself.
    const secret = bzBug(150, { blocks: [T.betaFe, T.finalBlocker], whiteboard: "AcceptedBlocker" });
    await setUp(dataset([...bugs, secret], [150]));
    expect((await sync()).ok).toBe(true);
    expect((await states("beta"))[150]).toBe("null/null");
    expect((await states("final"))[150]).toBe("null/null");

    await patchBugs(sandbox.url, [], { private: [] });
    expect((await sync()).ok).toBe(true);
    expect((await states("beta"))[150]).toBe("null/proposed");
    expect((await states("final"))[150]).toBe("accepted/null");
  });

  it("after a milestone's trackers are corrected, the next incremental sync derives every bug again", async () => {
    await setUp(dataset(bugs));
    const beta = await t.db.milestone.findFirstOrThrow({ where: { version: "beta" } });
    // Trackers without standard aliases (nothing tells which is which), entered the wrong way round
    // first: the FE tracker as the blocker tracker and vice versa.
    await patchBugs(sandbox.url, [
      { id: T.betaBlocker, alias: [] },
      { id: T.betaFe, alias: [] },
    ]);
    const setTrackers = (blocker: number, fe: number) =>
      updateMilestone(t.db, client(), beta.id, {
        blockerTracker: String(blocker),
        feTracker: String(fe),
        active: true,
        current: false,
      });
    await setTrackers(T.betaFe, T.betaBlocker);
    expect((await sync()).ok).toBe(true);
    expect((await states("beta"))[102]).toBe("null/proposed");

    await setTrackers(T.betaBlocker, T.betaFe);
    expect((await sync()).ok).toBe(true);
    expect(await states("beta")).toMatchObject({
      101: "proposed/null",
      102: "accepted/null",
      103: "rejected/accepted",
      105: "null/rejected",
    });
  });

  it("a prioritized bug that leaves the trackers stays prioritized (the flag search reads it) until it is closed", async () => {
    const flag = { id: 9, name: "fedora_prioritized_bug", status: "+", setter: "qa@example.com", type_id: 2 };
    await setUp(dataset([...bugs, bzBug(160, { blocks: [T.betaBlocker], flags: [flag] })]));
    expect((await sync()).ok).toBe(true);
    expect((await listPrioritizedBugs(t.db)).map((b) => [b.bugId, b.milestones.length])).toEqual([[160, 1]]);

    await patchBugs(sandbox.url, [{ id: 160, blocks: [], summary: "Renamed while untracked" }]);
    expect((await sync()).ok).toBe(true);
    expect((await listPrioritizedBugs(t.db)).map((b) => [b.bugId, b.summary, b.milestones])).toEqual([
      [160, "Renamed while untracked", []],
    ]);
    // Closed later in Bugzilla: no longer in the open-bugs flag search, so no longer prioritized.
    await patchBugs(sandbox.url, [{ id: 160, status: "CLOSED", resolution: "ERRATA", is_open: false }]);
    expect((await sync({ full: true })).ok).toBe(true);
    expect(await listPrioritizedBugs(t.db)).toEqual([]);
    expect((await t.db.bug.findUniqueOrThrow({ where: { id: 160 } })).prioritized).toBe(false);
  });

  it("a 500 in the middle of paging changes nothing and deactivates nothing", async () => {
    const many = manyBetaBlockers(45);
    await setUp(dataset(many));
    expect((await sync()).ok).toBe(true);
    const before = await states("beta");
    expect(Object.keys(before)).toHaveLength(45);

    // Between syncs: one bug leaves the tracker, one gets accepted. Then Bugzilla fails on page 2.
    await patchBugs(sandbox.url, [
      { id: many[0]!.id, blocks: [] },
      { id: many[30]!.id, whiteboard: "AcceptedBlocker" },
    ]);
    await setFaults(sandbox.url, {
      rules: [{ path: "/bugzilla/rest/bug", method: "GET", skip: 2, times: -1, fault: "500" }],
    });
    const failed = await sync({ full: true });
    expect(failed.ok).toBe(false);
    expect(failed.runs[0]!.milestones.find((m) => m.milestone === "Fedora 90 Beta")!.error).toMatch(
      /HTTP 500/,
    );
    expect(await states("beta")).toEqual(before);
    const beta = await t.db.milestone.findFirstOrThrow({ where: { version: "beta" } });
    expect(beta.lastSyncError).toMatch(/HTTP 500/);
    const run = await t.db.syncRun.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(run.outcome).not.toBe("success");

    await setFaults(sandbox.url, { rules: [] });
    expect((await sync({ full: true })).ok).toBe(true);
    const after = await states("beta");
    expect(after).not.toHaveProperty(String(many[0]!.id));
    expect(after[many[30]!.id]).toBe("accepted/null");
  });

  it("a bug leaving the tracker between two pages does not make the search skip another bug", async () => {
    const many = manyBetaBlockers(45);
    await setUp(dataset(many));
    await sync();
    // Every bug changes, so the incremental search returns all 45 in three anonymous pages of 20.
    await patchBugs(
      sandbox.url,
      many.map((b) => ({ id: b.id, whiteboard: "AcceptedBlocker" })),
    );
    // Page 2 hangs (the tracker fetch and page 1 pass); meanwhile the lowest bug leaves the tracker,
    // so every later bug moves one place up and a plain retry at offset 20 would skip one.
    await setFaults(sandbox.url, {
      hangMs: 1500,
      rules: [{ path: "/bugzilla/rest/bug", method: "GET", skip: 2, fault: "hang" }],
    });
    const fast = new BugzillaClient({
      baseUrl: config.BUGZILLA_URL,
      policy: { timeoutMs: 600, attempts: 3, retryBaseMs: 20 },
    });
    const running = runSync(t.db, t.url, config, {
      sources: ["bugzilla"],
      bugzilla: fast,
      milestone: { release: 90, version: "beta" },
    });
    await new Promise((r) => setTimeout(r, 250));
    await patchBugs(sandbox.url, [{ id: many[0]!.id, blocks: [] }]);
    expect((await running).ok).toBe(true);

    // (The bug that left may still be listed: the trackers were read before it left. The next sync
    // drops it.) No other bug may have been skipped:
    const after = await states("beta");
    for (const b of many.slice(1)) expect(after[b.id], `bug ${b.id}`).toBe("accepted/null");
    await sync();
    expect(await states("beta")).not.toHaveProperty(String(many[0]!.id));
  });

  it("marks a run left 'running' by a killed process as failed when the next sync starts", async () => {
    await setUp(dataset(bugs));
    const stale = await t.db.syncRun.create({ data: { source: "bugzilla", kind: "full" } });
    expect((await sync()).ok).toBe(true);
    const after = await t.db.syncRun.findUniqueOrThrow({ where: { id: stale.id } });
    expect(after).toMatchObject({
      outcome: "failed",
      error: "interrupted: the process ended before the sync finished",
    });
    expect(after.finishedAt).not.toBeNull();
  });

  it("request count grows with pages, not with bugs (once each bug's history is known)", async () => {
    const countFor = async (n: number) => {
      await setUp(dataset(manyBetaBlockers(n)));
      // The first sync also reads each bug's history, once.
      await sync({ full: true });
      await clearRequestLog(sandbox.url);
      await sync({ full: true });
      const log = await requestLog(sandbox.url);
      await sandbox.close();
      await t.renew();
      return log.total;
    };
    const small = await countFor(10);
    const large = await countFor(90); // anonymous: 20 bugs per page → 5 pages instead of 1
    expect(large - small).toBe(4);
    expect(large).toBeLessThan(15);
  });

  it("retries a 429 after Retry-After and a dropped connection, then succeeds", async () => {
    await setUp(dataset(bugs));
    await setFaults(sandbox.url, {
      rules: [
        { path: "/bugzilla/rest/bug", method: "GET", fault: "429", retryAfter: 1, times: 1 },
        { path: "/bugzilla/rest/bug", method: "GET", skip: 1, fault: "reset", times: 1 },
      ],
    });
    const started = Date.now();
    const summary = await sync();
    expect(summary.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(Object.keys(await states("beta"))).toHaveLength(8);
  });

  it("never puts the API key in requests' URLs or in recorded errors", async () => {
    const key = "SECRET-api-key-123456";
    await setUp(dataset(bugs), key);
    await setFaults(sandbox.url, { rules: [{ path: "/bugzilla/rest/bug", times: -1, fault: "503" }] });
    const summary = await sync();
    expect(summary.ok).toBe(false);
    const log = await requestLog(sandbox.url);
    expect(JSON.stringify(log)).not.toContain(key);
    const runs = await t.db.syncRun.findMany();
    const milestones = await t.db.milestone.findMany();
    expect(JSON.stringify({ runs, milestones, summary })).not.toContain(key);
  });
});

describe("Bugzilla REST base path", () => {
  it("works with a site that only answers on /rest.cgi/ (BZ-35)", async () => {
    sandbox = await startSandbox({
      dataset: dataset([bzBug(301, { blocks: [T.betaBlocker] })]) as never,
      port: 0,
    });
    const rest = new BugzillaClient({
      baseUrl: `${sandbox.url}/bugzilla/rest.cgi`,
      policy: { timeoutMs: 2000, attempts: 1 },
    });
    const bug = await rest.getBug("F90BetaBlocker", ["id", "depends_on"]);
    expect(bug).toEqual({ id: T.betaBlocker, depends_on: [301] });
    const log = await requestLog(sandbox.url);
    expect(log.log[0]!.path).toBe("/bugzilla/rest.cgi/bug/F90BetaBlocker");
  });
});

/**
 * Who proposed each bug and when, when it was decided, and re-proposals, from Bugzilla's history as
 * the sandbox serves it (dataset `bugzilla.history`, its own writes and dataset patches), through a
 * real sync into the database and out through the API, the bug list, the bug page and the IRC script.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session.server";
import { parseConfig, type Config } from "../../app/config.server";
import { proposeBug } from "../../app/routes/propose/propose.server";
import { loader as apiBugLoader } from "../../app/routes/api.v1.bugs.$id/route";
import { loader as apiBugsLoader } from "../../app/routes/api.v1.milestones.$release.$version.bugs/route";
import { loader as bugPageLoader } from "../../app/routes/bug.$id/route";
import { loader as buglistLoader } from "../../app/routes/milestone.$release.$version.buglist/route";
import { loader as ircTextLoader } from "../../app/routes/milestone.$release.$version.irc[.txt]/route";
import { readProposalHistories } from "../../app/sync/proposal-history.server";
import { runSync } from "../../app/sync/run-sync.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import { startSandbox } from "../sandbox/server";
import { addRelease90, bzBug, dataset, T } from "../setup/datasets";
import { clearFaults, clearRequestLog, patchBugs, requestLog, setFaults } from "../setup/sandbox-client";
import { freshDatabaseEachTest } from "../setup/test-db";

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
const t = freshDatabaseEachTest(() => sandbox?.close());
let config: Config;

const ADAMW = "adamw@fedoraproject.org";
const KPARAL = "kparal@fedoraproject.org";
const BOT = "blockerbugs@fedoraproject.org";

const entry = (when: string, who: string, ...changes: [string, string, string][]) => ({
  when,
  who,
  changes: changes.map(([field_name, removed, added]) => ({ field_name, removed, added })),
});

/**
 * 101: proposed as a Beta blocker by adamw on Nov 2, accepted by kparal on Nov 5.
 * 102: filed blocking the Beta blocker tracker (no history: proposed by its reporter when filed).
 * 103: Beta FE proposed by adamw Nov 3, blocker added by kparal Nov 4; FE accepted Nov 6.
 * 104: rejected on Nov 4 (keyword set, removed from the tracker), proposed again by adamw on Nov 9.
 * 105: RejectedBlocker set, still blocking the tracker (not removed yet): stays rejected.
 * 106: a conflict (AcceptedBlocker and RejectedBlocker); 107: a closed proposed blocker.
 */
function world() {
  const bugs = [
    bzBug(101, { blocks: [T.betaBlocker], whiteboard: "AcceptedBlocker" }),
    bzBug(102, { blocks: [T.betaBlocker], creator: "reporter@example.com" }),
    bzBug(103, { blocks: [T.betaFe, T.betaBlocker], whiteboard: "AcceptedFreezeException" }),
    bzBug(104, { blocks: [T.betaBlocker], whiteboard: "RejectedBlocker" }),
    bzBug(105, { blocks: [T.betaBlocker], whiteboard: "RejectedBlocker" }),
    bzBug(106, { blocks: [T.betaBlocker], whiteboard: "AcceptedBlocker RejectedBlocker" }),
    bzBug(107, { blocks: [T.betaBlocker], status: "CLOSED", resolution: "ERRATA", is_open: false }),
  ];
  // Bugzilla's last change time is never older than the bug's last history entry.
  const data = dataset(bugs.map((b) => ({ ...b, last_change_time: "2026-11-10T00:00:00Z" })));
  const history = {
    "101": [
      entry("2026-11-02T09:00:00Z", ADAMW, ["blocks", "", String(T.betaBlocker)]),
      entry("2026-11-05T15:30:00Z", KPARAL, ["status_whiteboard", "", "AcceptedBlocker"]),
    ],
    "103": [
      entry("2026-11-03T10:00:00Z", ADAMW, ["blocks", "", String(T.betaFe)]),
      entry("2026-11-04T11:00:00Z", KPARAL, ["blocks", "", String(T.betaBlocker)]),
      entry("2026-11-06T12:00:00Z", KPARAL, ["status_whiteboard", "", "AcceptedFreezeException"]),
    ],
    "104": [
      entry("2026-11-01T08:00:00Z", "someone@example.com", ["blocks", "", String(T.betaBlocker)]),
      entry(
        "2026-11-04T16:00:00Z",
        KPARAL,
        ["status_whiteboard", "", "RejectedBlocker"],
        ["blocks", String(T.betaBlocker), ""],
      ),
      entry("2026-11-09T07:45:00Z", ADAMW, ["blocks", "", String(T.betaBlocker)]),
    ],
    "105": [
      entry("2026-11-01T08:00:00Z", ADAMW, ["blocks", "", String(T.betaBlocker)]),
      entry("2026-11-04T16:00:00Z", KPARAL, ["status_whiteboard", "", "RejectedBlocker"]),
    ],
  };
  return { ...data, bugzilla: { ...data.bugzilla, history, api_key_users: { "bot-key": BOT } } };
}

const client = (historyBatchSize?: number) =>
  new BugzillaClient({
    baseUrl: config.BUGZILLA_URL,
    apiKey: config.BUGZILLA_API_KEY,
    policy: { timeoutMs: 2000, attempts: 2, retryBaseMs: 10 },
    historyBatchSize,
  });
const sync = (full = false, historyBatchSize?: number) =>
  runSync(t.db, t.url, config, { full, sources: ["bugzilla"], bugzilla: client(historyBatchSize) });

/** The bugs each logged history request asked for: the path's bug, then the query's `ids`. */
async function historyReads(): Promise<number[][]> {
  return (await requestLog(sandbox.url)).log
    .filter((r) => r.path.endsWith("/history"))
    .map((r) => {
      const ids = r.query.ids === undefined ? [] : [r.query.ids].flat();
      return [Number(/\/bug\/(\d+)\/history$/.exec(r.path)![1]), ...ids.map(Number)];
    });
}

const args = (path: string, params: Record<string, string>) =>
  ({ params, request: new Request(`http://x${path}`), context: { db: t.db, config } }) as never;

interface ApiProposal {
  proposedAt: string | null;
  proposedBy: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  previouslyRejected: boolean;
}
interface ApiProposalsJson {
  blocker: ApiProposal | null;
  fe: ApiProposal | null;
}
interface ApiBug {
  bugId: number;
  blocker: string | null;
  fe: string | null;
  proposals: { blocker: ApiProposal | null; fe: ApiProposal | null };
}

async function apiBugs(): Promise<Map<number, ApiBug>> {
  const res = await apiBugsLoader(
    args("/api/v1/milestones/90/beta/bugs", { release: "90", version: "beta" }),
  );
  const body = (await res.json()) as { bugs: ApiBug[] };
  return new Map(body.bugs.map((b) => [b.bugId, b]));
}

beforeEach(async () => {
  sandbox = await startSandbox({ dataset: world() as never, port: 0 });
  config = parseConfig({
    DATABASE_URL: t.url,
    BUGZILLA_URL: `${sandbox.url}/bugzilla`,
    BUGZILLA_API_KEY: "bot-key",
  });
  await addRelease90(t.db, client());
});

describe("proposal history from Bugzilla", () => {
  it("gives proposedAt, proposedBy and decidedAt per kind in the API, and Bugzilla's times in the bug's history", async () => {
    const summary = await sync(true);
    expect(summary.ok).toBe(true);
    expect(summary.runs[0]!.counts).toMatchObject({ historiesRead: 7, historyFailures: 0 });
    const bugs = await apiBugs();
    expect(bugs.get(101)!.proposals).toEqual({
      blocker: {
        proposedAt: "2026-11-02T09:00:00.000Z",
        proposedBy: ADAMW,
        decidedAt: "2026-11-05T15:30:00.000Z",
        decidedBy: KPARAL,
        previouslyRejected: false,
      },
      fe: null,
    });
    // Filed blocking the tracker: proposed by its reporter when it was filed.
    expect(bugs.get(102)!.proposals.blocker).toMatchObject({
      proposedAt: "2026-10-01T10:00:00.000Z",
      proposedBy: "reporter@example.com",
      decidedAt: null,
    });
    expect(bugs.get(103)!.proposals).toEqual({
      blocker: {
        proposedAt: "2026-11-04T11:00:00.000Z",
        proposedBy: KPARAL,
        decidedAt: null,
        decidedBy: null,
        previouslyRejected: false,
      },
      fe: {
        proposedAt: "2026-11-03T10:00:00.000Z",
        proposedBy: ADAMW,
        decidedAt: "2026-11-06T12:00:00.000Z",
        decidedBy: KPARAL,
        previouslyRejected: false,
      },
    });

    const res = await apiBugLoader(args("/api/v1/bugs/101", { id: "101" }));
    const bug = (await res.json()) as {
      milestones: { proposals: unknown }[];
      history: { field: string; new: string; at: string; atFromBugzilla: boolean }[];
    };
    expect(bug.milestones[0]!.proposals).toEqual(bugs.get(101)!.proposals);
    expect(bug.history.map((e) => [e.field, e.new, e.at, e.atFromBugzilla])).toEqual([
      ["blocker", "accepted", "2026-11-05T15:30:00.000Z", true],
      ["active", "true", "2026-11-02T09:00:00.000Z", true],
      ["status", "NEW", "2026-10-01T10:00:00.000Z", true],
    ]);

    // The bug page says who proposed and decided, and when; no "first seen" column.
    const page = (await bugPageLoader(args("/bug/101", { id: "101" }))) as {
      bug: {
        milestones: { blockerProposal: { proposedBy: { name: string }; decidedBy: { name: string } } }[];
      };
    };
    expect(page.bug.milestones[0]!.blockerProposal).toMatchObject({
      proposedBy: { name: "adamw", login: ADAMW },
      decidedBy: { name: "kparal", login: KPARAL },
    });
  });

  it("reads the history of a bug whose status changed, and dates its closing by Bugzilla's time, with who", async () => {
    await sync(true);
    await clearRequestLog(sandbox.url);
    const when = "2026-11-12T08:15:00Z";
    await patchBugs(
      sandbox.url,
      [{ id: 101, status: "CLOSED", resolution: "ERRATA", is_open: false, last_change_time: when }],
      { who: KPARAL },
    );
    const summary = await sync(true);
    expect(summary.ok).toBe(true);
    const histories = (await requestLog(sandbox.url)).log.filter((r) => r.path.endsWith("/history"));
    expect(histories.map((r) => r.path)).toEqual(["/bugzilla/rest/bug/101/history"]);
    const closed = await t.db.bugEvent.findFirstOrThrow({
      where: { bugId: 101, field: "status", newValue: "CLOSED" },
    });
    expect([closed.at, closed.atFromHistory]).toEqual([new Date(when), true]);
    const by = await t.db.bugChange.findMany({ where: { bugId: 101, field: "bug_status" } });
    expect(by.map((c) => [c.at, c.who])).toEqual([[new Date(when), KPARAL]]);
  });

  it("reads history only for bugs whose blocks, whiteboard or status changed, and dates the decision by its change", async () => {
    await sync(true);
    await clearRequestLog(sandbox.url);
    await patchBugs(sandbox.url, [{ id: 102, whiteboard: "AcceptedBlocker" }], { who: KPARAL });
    await patchBugs(sandbox.url, [{ id: 101, summary: "New summary" }]);
    const summary = await sync();
    expect(summary.ok).toBe(true);
    const histories = (await requestLog(sandbox.url)).log.filter((r) => r.path.endsWith("/history"));
    expect(histories.map((r) => r.path)).toEqual(["/bugzilla/rest/bug/102/history"]);
    const decided = (await apiBugs()).get(102)!.proposals.blocker!;
    expect(decided.decidedBy).toBe(KPARAL);
    const dataset = (await (await fetch(`${sandbox.url}/_sandbox/dataset`)).json()) as {
      bugzilla: { history: Record<string, { when: string }[]> };
    };
    expect(decided.decidedAt).toBe(new Date(dataset.bugzilla.history["102"]![0]!.when).toISOString());
  });

  it("reads the history of a bug of two milestones once, and gives each milestone its proposal", async () => {
    await patchBugs(sandbox.url, [bzBug(111)]);
    await patchBugs(sandbox.url, [{ id: 111, blocks: [T.betaBlocker, T.finalFe] }], { who: ADAMW });
    await clearRequestLog(sandbox.url);
    const summary = await sync(true);
    expect(summary.ok).toBe(true);
    expect((await historyReads()).flat().filter((id) => id === 111)).toHaveLength(1);
    // Counted once in the run, for the first milestone.
    expect(summary.runs[0]!.milestones.map((m) => m.historiesRead)).toEqual([8, 0]);
    expect((await apiBugs()).get(111)!.proposals.blocker).toMatchObject({ proposedBy: ADAMW });
    const res = await apiBugLoader(args("/api/v1/bugs/111", { id: "111" }));
    const bug = (await res.json()) as {
      milestones: { milestone: { version: string }; proposals: ApiProposalsJson }[];
    };
    const final = bug.milestones.find((m) => m.milestone.version === "final")!;
    expect(final.proposals).toMatchObject({ blocker: null, fe: { proposedBy: ADAMW } });
  });

  it("a proposal made through the app shows its proposer (the API key's user) at once and after a sync", async () => {
    await sync(true);
    await patchBugs(sandbox.url, [bzBug(110)]);
    const betaId = (await t.db.milestone.findFirstOrThrow({ where: { version: "beta" } })).id;
    const row = await t.db.user.create({
      data: { login: "tester", email: "tester@example.com", groups: [] },
    });
    const user: SessionUser = {
      id: row.id,
      login: "tester",
      name: "",
      email: "",
      groups: [],
      isAdmin: false,
    };
    await proposeBug({ db: t.db, config, bugzilla: client() }, user, {
      milestoneId: betaId,
      bugId: 110,
      blocker: true,
      fe: false,
      justification: "Breaks every UEFI install.",
      submissionKey: "submission-key-history",
    });
    const atOnce = (await apiBugs()).get(110)!;
    expect(atOnce.blocker).toBe("proposed");
    expect(atOnce.proposals.blocker).toMatchObject({ proposedBy: BOT, decidedAt: null });
    expect(atOnce.proposals.blocker!.proposedAt).not.toBeNull();
    await sync();
    expect((await apiBugs()).get(110)!.proposals.blocker).toEqual(atOnce.proposals.blocker);
  });

  it("a failed history read keeps what was known and the bug sync succeeds; the next sync reads it", async () => {
    await sync(true);
    const before = (await apiBugs()).get(101)!;
    await patchBugs(sandbox.url, [{ id: 101, whiteboard: "RejectedBlocker" }], { who: "chair@example.com" });
    await setFaults(sandbox.url, {
      rules: [{ path: "/bugzilla/rest/bug/101/history", fault: "503", times: -1 }],
    });

    const failed = await sync();
    expect(failed.ok).toBe(true);
    expect(failed.runs[0]!.outcome).toBe("success");
    expect(failed.runs[0]!.counts).toMatchObject({ historyFailures: 1 });
    const run = await t.db.syncRun.findUniqueOrThrow({ where: { id: failed.runs[0]!.runId } });
    expect(JSON.stringify(run.details)).toContain('"historyFailures":[{"bugId":101');
    const kept = (await apiBugs()).get(101)!;
    expect(kept.blocker).toBe("rejected");
    expect(kept.proposals).toEqual(before.proposals);
    expect(await t.db.bugHistoryFetch.findUnique({ where: { bugId: 101 } })).toMatchObject({
      error: expect.stringContaining("503"),
    });

    await clearFaults(sandbox.url);
    await clearRequestLog(sandbox.url);
    expect((await sync()).ok).toBe(true);
    // Bug 101 did not change again: it is read again because its history is still owed.
    expect((await requestLog(sandbox.url)).log.map((r) => r.path)).toContain(
      "/bugzilla/rest/bug/101/history",
    );
    expect((await apiBugs()).get(101)!.proposals.blocker).toMatchObject({
      proposedAt: before.proposals.blocker!.proposedAt,
      decidedBy: "chair@example.com",
    });
    expect(await t.db.bugHistoryFetch.findUnique({ where: { bugId: 101 } })).toMatchObject({ error: null });
  });

  it("reads histories in batches of the client's size, in bug-id order, each bug once", async () => {
    await clearRequestLog(sandbox.url);
    const summary = await sync(true, 3);
    expect(summary.ok).toBe(true);
    expect(summary.runs[0]!.counts).toMatchObject({ historiesRead: 7, historyFailures: 0 });
    // GET /rest/bug/101/history?ids=102&ids=103, …: the batches in bug-id order.
    expect(await historyReads()).toEqual([[101, 102, 103], [104, 105, 106], [107]]);
    const bugs = await apiBugs();
    expect(bugs.get(101)!.proposals.blocker).toMatchObject({ proposedBy: ADAMW, decidedBy: KPARAL });
    expect(bugs.get(104)!.proposals.blocker).toMatchObject({ previouslyRejected: true });
  });

  it("a failed batch keeps what was known for its bugs only; the next sync reads them again", async () => {
    await sync(true, 3);
    const before = await apiBugs();
    // Each of the first six bugs changes, so each needs its history again.
    await patchBugs(
      sandbox.url,
      [101, 102, 103, 104, 105, 106].map((id) => ({ id, whiteboard: "RejectedBlocker Triaged" })),
      { who: "chair@example.com" },
    );
    await setFaults(sandbox.url, {
      rules: [{ path: "/bugzilla/rest/bug/104/history", fault: "503", times: -1 }],
    });
    const failed = await sync(false, 3);
    expect(failed.ok).toBe(true);
    expect(failed.runs[0]!.outcome).toBe("success");
    expect(failed.runs[0]!.counts).toMatchObject({ historiesRead: 6, historyFailures: 3 });
    expect(failed.runs[0]!.milestones[0]!.historyFailures.map((f) => f.bugId)).toEqual([104, 105, 106]);
    const after = await apiBugs();
    // The bugs of the read batch are decided by the chair; those of the failed one keep their records.
    expect(after.get(101)!.proposals.blocker).toMatchObject({ decidedBy: "chair@example.com" });
    for (const id of [104, 105, 106]) expect(after.get(id)!.proposals).toEqual(before.get(id)!.proposals);

    await clearFaults(sandbox.url);
    await clearRequestLog(sandbox.url);
    expect((await sync(false, 3)).ok).toBe(true);
    expect(await historyReads()).toEqual([[104, 105, 106]]);
    const records = await t.db.bugHistoryFetch.findMany({ where: { bugId: { in: [104, 105, 106] } } });
    expect(records.map((r) => [r.bugId, r.error, r.whiteboard])).toEqual(
      [104, 105, 106].map((id) => [id, null, "RejectedBlocker Triaged"]),
    );
  });

  it("a failed history read of a bug in two milestones is reported by both; the run counts it once", async () => {
    await sync(true, 1);
    await patchBugs(sandbox.url, [{ id: 105, blocks: [T.betaBlocker, T.finalBlocker] }]);
    await setFaults(sandbox.url, {
      rules: [{ path: "/bugzilla/rest/bug/105/history", fault: "503", times: -1 }],
    });
    const failed = await sync(false, 1);
    expect(failed.ok).toBe(true);
    const milestones = failed.runs[0]!.milestones;
    expect(milestones.map((m) => m.milestone)).toEqual(["Fedora 90 Beta", "Fedora 90 Final"]);
    // Each milestone's state of bug 105 was derived without its history: each says so.
    for (const m of milestones) expect(m.historyFailures.map((f) => f.bugId)).toEqual([105]);
    expect(failed.runs[0]!.counts).toMatchObject({ historiesRead: 1, historyFailures: 1 });
  });

  it("a bug Bugzilla refuses in a batch is singled out; the others of its batch are read", async () => {
    // Bug 105 turns private after the bug search read it: its history request answers 102.
    const bugs = [101, 102, 103, 104, 105, 106, 107].map((id) => bzBug(id));
    await fetch(`${sandbox.url}/_sandbox/dataset`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ patch: { bugzilla: { private: [105] } } }),
    });
    await clearRequestLog(sandbox.url);
    const anonymous = new BugzillaClient({
      baseUrl: config.BUGZILLA_URL,
      policy: { timeoutMs: 2000, attempts: 2, retryBaseMs: 10 },
      historyBatchSize: 10,
    });
    const histories = await readProposalHistories(t.db, anonymous, bugs, { now: () => new Date() });
    expect(histories.failures).toEqual([{ bugId: 105, error: expect.stringContaining("code 102") }]);
    expect(histories.asked).toBe(7);
    // Halved until bug 105 is alone: 7 → 4 (read) + 3 → 2 + 1 (read) → 1 + 1 (read).
    const order = (reads: number[][]) => reads.map((r) => r.join(",")).sort();
    expect(order(await historyReads())).toEqual(
      order([
        [101, 102, 103, 104, 105, 106, 107],
        [101, 102, 103, 104],
        [105, 106, 107],
        [105, 106],
        [107],
        [105],
        [106],
      ]),
    );
  });

  it("a bug re-added to the tracker after its rejection is proposed again, with a badge; without that evidence it stays rejected", async () => {
    await sync(true);
    const bugs = await apiBugs();
    expect(bugs.get(104)).toMatchObject({
      blocker: "proposed",
      proposals: {
        blocker: {
          proposedAt: "2026-11-09T07:45:00.000Z",
          proposedBy: ADAMW,
          decidedAt: null,
          decidedBy: null,
          previouslyRejected: true,
        },
      },
    });
    expect(bugs.get(105)).toMatchObject({
      blocker: "rejected",
      proposals: { blocker: { previouslyRejected: false } },
    });

    const page = await buglistLoader(args("/milestone/90/beta/buglist", { release: "90", version: "beta" }));
    const proposed = page.list.view.sections.find((s) => s.key === "proposedBlockers")!;
    expect(proposed.rows.find((r) => r.bugId === 104)?.proposal?.previouslyRejected).toBe(true);
    const rejected = page.list.view.sections.find((s) => s.key === "rejected")!;
    expect(rejected.rows.map((r) => r.bugId)).toEqual([105]);

    // The re-proposal is in the history, at the time it was re-added.
    const event = await t.db.bugEvent.findFirstOrThrow({ where: { bugId: 104, field: "blocker" } });
    expect(event).toMatchObject({
      newValue: "proposed",
      at: new Date("2026-11-09T07:45:00Z"),
      atFromHistory: true,
    });

    // Rejected again (removed from the tracker, keyword kept): no longer listed.
    await patchBugs(sandbox.url, [{ id: 104, blocks: [] }], { who: KPARAL });
    await sync();
    expect((await apiBugs()).has(104)).toBe(false);
  });

  it("the IRC script names the release, marks re-proposals, gives conflicts a topic and closed bugs none", async () => {
    await sync(true);
    const res = await ircTextLoader(args("/milestone/90/beta/irc.txt", { release: "90", version: "beta" }));
    const text = await res.text();
    const lines = text.split("\n");
    expect(lines[0]).toBe("#info for Fedora 90 Beta, we have:");
    expect(lines).toContain("#info 3 Proposed Blockers (+1 closed)");
    expect(lines).toContain("#info Closed bugs are counted apart and get no topic.");
    expect(text).not.toContain("#topic (107)");
    expect(text).toContain("#topic (104) Bug 104 summary");
    expect(text).toContain("#info Proposed Blocker (previously rejected), anaconda, NEW");
    expect(text).toContain(
      [
        "#topic Beta conflicts: these need a decision",
        "",
        "#topic (106) Bug 106 summary",
        `#link ${sandbox.url}/bugzilla/show_bug.cgi?id=106`,
        "#info Conflict: Blocker accepted and rejected, needs a decision, anaconda, NEW",
      ].join("\n"),
    );
  });
});

import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { addMilestone, addRelease, discoverRelease } from "../../app/admin/milestones.server";
import { parseConfig, type Config } from "../../app/config.server";
import { inStableTag } from "../../app/domain/build-tags";
import { tallyVotes } from "../../app/domain/votes";
import { upstreamSyncFailures } from "../../app/sync/status.server";
import { STALE_CLAIM_MS, syncPagure } from "../../app/sync/pagure-step.server";
import { prefetchBodhi, syncBodhi } from "../../app/sync/bodhi-step.server";
import { runSync, type SyncOptions } from "../../app/sync/run-sync.server";
import { BodhiClient } from "../../app/upstream/bodhi.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import type { HttpPolicy } from "../../app/upstream/http.server";
import { KojiClient } from "../../app/upstream/koji.server";
import { PagureClient } from "../../app/upstream/pagure.server";
import { loadDataset, startSandbox, type SandboxDataset } from "../sandbox/server";
import {
  clearRequestLog,
  patchDataset,
  requestLog,
  sandboxUpstreams,
  setFaults,
} from "../setup/sandbox-client";
import { addRelease90, bzBug, dataset, T } from "../setup/datasets";
import { freshDatabaseEachTest } from "../setup/test-db";

const DEMO = path.join(import.meta.dirname, "..", "fixtures", "demo-upstream.json");
const POLICY: HttpPolicy = { timeoutMs: 3000, attempts: 2, retryBaseMs: 20 };

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
const t = freshDatabaseEachTest(() => sandbox?.close());
let config: Config;
let data: SandboxDataset;

/** Clients on the sandbox with short retries (a fresh set per sync, so request counts are per sync). */
function clients(): Required<Pick<SyncOptions, "bugzilla" | "bodhi" | "koji" | "pagure">> {
  return {
    bugzilla: new BugzillaClient({ baseUrl: config.BUGZILLA_URL, policy: POLICY }),
    bodhi: new BodhiClient({ baseUrl: config.BODHI_URL, policy: POLICY }),
    koji: new KojiClient({ url: config.KOJI_URL, policy: POLICY }),
    pagure: new PagureClient({ baseUrl: config.PAGURE_URL, repo: config.PAGURE_REPO, policy: POLICY }),
  };
}

const sync = (opts: SyncOptions = {}) => runSync(t.db, t.url, config, { full: true, ...clients(), ...opts });

const patch = (body: Record<string, unknown>) => patchDataset(sandbox.url, body);

/** Adds a comment to issue `id` of the loaded dataset (its `last_updated` moves, as on Pagure). */
const addComment = (id: number, comment: Parameters<typeof pagureComment>[0]) =>
  patch({
    pagure: {
      issues: [
        { id, comments: [...data.pagure.issues.find((i) => i.id === id)!.comments, pagureComment(comment)] },
      ],
    },
  });

async function buildRow(nvr: string) {
  return t.db.build.findUniqueOrThrow({ where: { nvr } });
}

describe("Bodhi, Koji and Pagure sync on the demo dataset", () => {
  beforeEach(async () => {
    data = loadDataset(DEMO);
    sandbox = await startSandbox({ dataset: data, port: 0 });
    config = parseConfig({
      DATABASE_URL: t.url,
      ...sandboxUpstreams(sandbox.url),
      PAGURE_REPO: data.pagure.repo,
    });
    const bz = new BugzillaClient({ baseUrl: config.BUGZILLA_URL, policy: POLICY });
    for (const release of [46, 47]) await discoverRelease(t.db, bz, release);
  });

  it("runs the four sources (Bugzilla first, Koji after Bodhi), each its own successful run, and links updates to the right bugs", async () => {
    const summary = await sync();
    expect(summary.runs.map((r) => `${r.source}:${r.outcome}`)).toEqual([
      "bugzilla:success",
      "bodhi:success",
      "koji:success",
      "pagure:success",
    ]);
    // Pagure runs alongside Bodhi and Koji: its run may start before either.
    const runs = await t.db.syncRun.findMany({ orderBy: { id: "asc" } });
    const order = runs.map((r) => r.source);
    expect(order[0]).toBe("bugzilla");
    expect(order.filter((s) => s !== "pagure")).toEqual(["bugzilla", "bodhi", "koji"]);
    expect([...order].sort()).toEqual(["bodhi", "bugzilla", "koji", "pagure"]);
    const bodhi = runs.find((r) => r.source === "bodhi")!;
    const koji = runs.find((r) => r.source === "koji")!;
    expect(koji.startedAt.getTime()).toBeGreaterThanOrEqual(bodhi.finishedAt!.getTime());

    // Oracle from the raw dataset: each update's bugs that are in our database.
    const known = new Set((await t.db.bug.findMany({ select: { id: true } })).map((b) => b.id));
    const tracked = new Set(
      (await t.db.milestoneBug.findMany({ where: { active: true }, select: { bugId: true } })).map(
        (m) => m.bugId,
      ),
    );
    const expected = data.bodhi.updates
      .filter((u) => (u.bugs as { bug_id: number }[]).some((b) => tracked.has(b.bug_id)))
      .flatMap((u) =>
        (u.bugs as { bug_id: number }[])
          .filter((b) => known.has(b.bug_id))
          .map((b) => `${u.alias}→${b.bug_id}`),
      )
      .sort();
    const links = (await t.db.updateBug.findMany()).map((l) => `${l.updateAlias}→${l.bugId}`).sort();
    expect(links).toEqual(expected);
    expect(links.length).toBeGreaterThan(30);

    const update = await t.db.update.findUniqueOrThrow({
      where: { alias: "FEDORA-2026-0a9e2ede81" },
      include: { builds: true, bugs: true },
    });
    expect(update).toMatchObject({
      releaseName: "F46",
      stableTag: "f46",
      status: "pending",
      request: "testing",
      karma: 0,
      stableKarma: 3,
      gating: "waiting",
      submitter: "packager7",
      url: "https://bodhi.fedoraproject.org/updates/FEDORA-2026-0a9e2ede81",
    });
    expect(update.submittedAt?.toISOString()).toBe("2026-11-13T19:17:00.000Z"); // BO-01: UTC
    expect(update.builds.map((b) => b.nvr)).toEqual(["openssh-46.2-3.fc46"]);
    expect(update.bugs.map((b) => b.bugId)).toEqual([2410158]);
    // Obsolete updates are kept with their status.
    expect(await t.db.update.count({ where: { status: "obsolete" } })).toBe(
      data.bodhi.updates.filter((u) => u.status === "obsolete").length,
    );

    // Koji: every linked build carries exactly the dataset's tags.
    const builds = await t.db.build.findMany();
    expect(builds.length).toBeGreaterThan(30);
    const kojiBuilds = data.koji.builds as Record<string, { tags: string[] }>;
    for (const b of builds) {
      expect(b.tagsFetchedAt, b.nvr).not.toBeNull();
      expect(b.kojiError, b.nvr).toBeNull();
      expect([...b.tags].sort(), b.nvr).toEqual([...kojiBuilds[b.nvr]!.tags].sort());
    }
  });

  it("tallies votes from the tickets, marks meeting tickets, and skips unchanged tickets", async () => {
    await sync();
    const votes = async (bugId: number) =>
      tallyVotes(await t.db.vote.findMany({ where: { bugId }, orderBy: { votedAt: "asc" } }));
    // Ticket 2402: "Reproduced here.\n\nBetaBlocker +1" (tester5) and "+1 betablocker" (tester7).
    expect(await votes(2410130)).toEqual({
      BetaBlocker: { plus: ["tester5", "tester7"], zero: [], minus: [] },
    });
    // Ticket 2403: "BetaFE -1" (tester9), then "+1 betafe" (qa-lead).
    expect(await votes(2410158)).toEqual({
      BetaFreezeException: { plus: ["qa-lead"], zero: [], minus: ["tester9"] },
    });
    const ticket = await t.db.discussionTicket.findUniqueOrThrow({ where: { bugId: 2410101 } });
    expect(ticket).toMatchObject({
      issueId: 2401,
      status: "Open",
      meeting: false,
      url: "https://pagure.io/fedora-qa/blocker-review/issue/2401",
    });
    const meetingIssues = data.pagure.issues.filter((i) => i.tags.includes("meeting")).map((i) => i.id);
    const meeting = await t.db.discussionTicket.findMany({
      where: { meeting: true },
      orderBy: { issueId: "asc" },
    });
    expect(meeting.map((m) => m.issueId)).toEqual(meetingIssues.sort((a, b) => a - b));

    // A new comment changes last_updated: only that ticket is read again.
    await addComment(2402, {
      id: 999001,
      text: "BetaBlocker -1\nBetaBlocker +1 for sure",
      at: "1794999999",
      user: "tester7",
      fullname: "Tester Seven",
    });
    const second = await sync({ sources: ["pagure"] });
    expect(second.runs[0]!.counts).toMatchObject({ votesRead: 1 });
    expect(second.runs[0]!.counts.unchanged).toBeGreaterThan(10);
    expect(await votes(2410130)).toEqual({
      BetaBlocker: { plus: ["tester5"], zero: [], minus: ["tester7"] },
    });
  });

  it("stores no script links from upstream: a javascript: update url or ticket full_url is not kept", async () => {
    await patch({
      bodhi: { updates: [{ alias: "FEDORA-2026-0a9e2ede81", url: "javascript:alert(document.domain)//" }] },
      pagure: { issues: [{ id: 2401, full_url: "javascript:alert(1)//" }] },
    });
    await sync();
    const update = await t.db.update.findUniqueOrThrow({ where: { alias: "FEDORA-2026-0a9e2ede81" } });
    expect(update.url).toBe("");
    const ticket = await t.db.discussionTicket.findUniqueOrThrow({ where: { bugId: 2410101 } });
    expect(ticket.url).toBe(`${config.PAGURE_URL}/${config.PAGURE_REPO}/issue/2401`);
  });

  it("lists only tickets updated since the previous listing, and everything again with --full", async () => {
    const first = await sync({ full: false });
    expect(first.ok).toBe(true);
    const runs = () => t.db.syncRun.findMany({ where: { source: "pagure" }, orderBy: { id: "asc" } });
    expect((await runs()).map((r) => r.kind)).toEqual(["full"]);
    await clearRequestLog(sandbox.url);
    const second = await sync({ full: false, sources: ["pagure"] });
    expect(second.runs[0]!.counts).toMatchObject({ issuesListed: 0, votesRead: 0 });
    const listing = (await requestLog(sandbox.url)).log.find((e) => e.path.endsWith("/issues"))!;
    expect(Number(listing.query.since)).toBeGreaterThan(1_700_000_000);
    // A new vote is still picked up incrementally (its ticket's last_updated moves).
    await addComment(2401, {
      id: 999002,
      text: "FinalBlocker +1",
      at: String(Math.floor(Date.now() / 1000)),
      user: "tester9",
      fullname: "Tester Nine",
    });
    const third = await sync({ full: false, sources: ["pagure"] });
    expect(third.runs[0]!.counts).toMatchObject({ issuesListed: 1, votesRead: 1 });
    expect(tallyVotes(await t.db.vote.findMany({ where: { bugId: 2410101 } }))).toMatchObject({
      FinalBlocker: { plus: ["tester9"], zero: [], minus: [] },
    });
    const full = await sync({ full: true, sources: ["pagure"] });
    expect(full.runs[0]!.counts.issuesListed).toBe(54);
    expect((await runs()).map((r) => r.kind)).toEqual(["full", "incremental", "incremental", "full"]);
  });

  it("PA-10: a ticket that turns private keeps its votes and reads as private; a Pagure outage changes nothing", async () => {
    await sync();
    const before = await t.db.vote.findMany({ where: { bugId: 2410130 }, orderBy: { id: "asc" } });
    expect(before).toHaveLength(2);
    await patch({ pagure: { issues: [{ id: 2402, private: true, comments: [] }] } });
    const summary = await sync({ sources: ["pagure"] });
    expect(summary.runs[0]!.outcome).toBe("success");
    expect(summary.runs[0]!.counts.private).toBe(1);
    expect(await t.db.discussionTicket.findUniqueOrThrow({ where: { bugId: 2410130 } })).toMatchObject({
      issueId: 2402,
      status: "private",
    });
    expect(await t.db.vote.findMany({ where: { bugId: 2410130 }, orderBy: { id: "asc" } })).toEqual(before);

    const tickets = await t.db.discussionTicket.findMany({ orderBy: { bugId: "asc" } });
    await setFaults(sandbox.url, { rules: [{ path: "/pagure", times: -1, fault: "503" }] });
    const failed = await sync({ sources: ["pagure"] });
    await setFaults(sandbox.url, { rules: [] });
    expect(failed.runs[0]!.outcome).toBe("failed");
    expect(await t.db.discussionTicket.findMany({ orderBy: { bugId: "asc" } })).toEqual(tickets);
  });

  it("the in-stable-tag marker flips after Koji moves a build into the stable tag", async () => {
    await sync();
    const nvr = "openssh-46.2-3.fc46";
    const update = await t.db.update.findUniqueOrThrow({ where: { alias: "FEDORA-2026-0a9e2ede81" } });
    expect(inStableTag(await buildRow(nvr), update.stableTag)).toBe(false);
    await patch({ koji: { tag: [{ build: nvr, add: ["f46"], remove: ["f46-updates-testing-pending"] }] } });
    const summary = await sync({ sources: ["koji"] });
    expect(summary.ok).toBe(true);
    const after = await buildRow(nvr);
    expect(after.tags.sort()).toEqual(["f46", "f46-updates-candidate"]);
    expect(inStableTag(after, update.stableTag)).toBe(true);
  });

  it("BO-05: a release Bodhi does not know yet keeps the other releases' incremental updates coming", async () => {
    // Release 48's milestone exists before Bodhi has F48 (its trackers block nothing yet).
    const bz = new BugzillaClient({ baseUrl: config.BUGZILLA_URL, policy: POLICY });
    await addRelease(t.db, 48);
    await addMilestone(t.db, bz, {
      release: 48,
      version: "beta",
      blockerTracker: "2410362",
      feTracker: "2410177",
    });
    expect((await sync()).ok).toBe(true);
    const status = async () =>
      (await t.db.update.findUniqueOrThrow({ where: { alias: "FEDORA-2026-2b2baf7b32" } })).status;
    expect(await status()).toBe("testing");

    // Incremental: the listing of what changed asks for F46 and F47 only (F48 has no tracked bug).
    await patch({ bodhi: { updates: [{ alias: "FEDORA-2026-2b2baf7b32", status: "stable" }] } });
    const incremental = await sync({ full: false });
    expect(incremental.runs.find((r) => r.source === "bodhi")).toMatchObject({ outcome: "success" });
    expect(incremental.runs.find((r) => r.source === "bodhi")!.counts).not.toHaveProperty("unknownReleases");
    expect(await status()).toBe("stable");

    // F48 gets a tracked bug while Bodhi still does not know it: Bodhi refuses any listing naming F48,
    // and F46's changes still arrive.
    await patch({ bugzilla: { bugs: [{ id: 2411750, blocks: [2410362] }] } });
    expect((await sync({ full: false, sources: ["bugzilla"] })).ok).toBe(true);
    // An update in flight changes (its karma: undated, asked by alias).
    await patch({ bodhi: { updates: [{ alias: "FEDORA-2026-7be567e7bb", karma: 1 }] } });
    const refused = await sync({ full: false, sources: ["bodhi"] });
    expect(refused.runs[0]).toMatchObject({ outcome: "success" });
    expect(refused.runs[0]!.counts).toMatchObject({ unknownReleases: 1 });
    const karma = await t.db.update.findUniqueOrThrow({ where: { alias: "FEDORA-2026-7be567e7bb" } });
    expect(karma.karma).toBe(1);
  });

  it("Koji failing as a whole keeps its old data while Bodhi and Pagure still sync", async () => {
    await sync();
    const nvr = "anaconda-40.4-3.fc46";
    const before = await buildRow(nvr);
    await patch({
      koji: { offline: true, tag: [{ build: nvr, add: ["f46"] }] },
      bodhi: { updates: [{ alias: "FEDORA-2026-7be567e7bb", karma: 2 }] },
      pagure: { issues: [{ id: 2401, tags: ["meeting"] }] },
    });
    const summary = await sync();
    expect(summary.ok).toBe(false);
    expect(summary.runs.map((r) => `${r.source}:${r.outcome}`)).toEqual([
      "bugzilla:success",
      "bodhi:success",
      "koji:failed",
      "pagure:success",
    ]);
    expect(summary.runs[2]!.error).toMatch(/fault 1014: Server disabled for maintenance/);
    const run = await t.db.syncRun.findFirstOrThrow({ where: { source: "koji" }, orderBy: { id: "desc" } });
    expect(run.outcome).toBe("failed");
    // Koji's data is exactly as before; the others' is fresh.
    expect(await buildRow(nvr)).toEqual(before);
    expect((await t.db.update.findUniqueOrThrow({ where: { alias: "FEDORA-2026-7be567e7bb" } })).karma).toBe(
      2,
    );
    expect((await t.db.discussionTicket.findUniqueOrThrow({ where: { bugId: 2410101 } })).meeting).toBe(true);
    // The pages warn that the stable-tag markers are from the previous Koji sync; Bodhi and Pagure are fine.
    const firstKoji = await t.db.syncRun.findFirstOrThrow({
      where: { source: "koji" },
      orderBy: { id: "asc" },
    });
    const failures = await upstreamSyncFailures(t.db, new Date());
    expect(failures.map((f) => [f.source, f.error, f.lastSuccess?.iso])).toEqual([
      ["koji", summary.runs[2]!.error, firstKoji.startedAt.toISOString()],
    ]);
    expect(await upstreamSyncFailures(t.db, new Date(), ["bodhi", "pagure"])).toEqual([]);

    // A build Koji does not know records kojiError and keeps its old tags; the step still succeeds.
    await patch({ koji: { offline: false, remove: [nvr] } });
    const again = await sync({ sources: ["koji"] });
    expect(again.ok).toBe(true);
    const missing = await buildRow(nvr);
    expect(missing.kojiError).toMatch(/fault 1000: No such build/);
    expect(missing.tags).toEqual(before.tags);
    expect(missing.tagsFetchedAt).toEqual(before.tagsFetchedAt);
    expect(await upstreamSyncFailures(t.db, new Date())).toEqual([]);
  });

  it("removes a stale update link only after a complete Bodhi fetch; a failed fetch changes nothing", async () => {
    await sync();
    const alias = "FEDORA-2026-7be567e7bb";
    expect(await t.db.updateBug.count({ where: { updateAlias: alias } })).toBe(1);
    await patch({ bodhi: { updates: [{ alias, bugs: [] }] } });
    await setFaults(sandbox.url, { rules: [{ path: "/bodhi/updates", times: -1, fault: "500" }] });
    const failed = await sync({ sources: ["bodhi"] });
    expect(failed.runs[0]!.outcome).toBe("failed");
    expect(await t.db.updateBug.count({ where: { updateAlias: alias } })).toBe(1);
    await setFaults(sandbox.url, { rules: [] });
    const ok = await sync({ sources: ["bodhi"] });
    expect(ok.runs[0]!.outcome).toBe("success");
    expect(await t.db.updateBug.count({ where: { updateAlias: alias } })).toBe(0);
    // The update itself is kept.
    expect(await t.db.update.findUnique({ where: { alias } })).not.toBeNull();
  });

  it("Bodhi listings asked early are completed with the bugs tracked since and kept to the tracked bugs: the rows of a late listing", async () => {
    await sync();
    const links = async () =>
      (await t.db.updateBug.findMany()).map((l) => `${l.updateAlias}→${l.bugId}`).sort();
    const first = await links();
    const bugsOf = (alias: string) => first.filter((l) => l.startsWith(`${alias}→`));
    const aliases = [...new Set(first.map((l) => l.split("→")[0]!))];
    // `untracked`: asked about early, no longer tracked when the step runs (its update lists only it);
    // `late`: tracked when the step runs, not asked about early.
    const only = aliases.find((a) => bugsOf(a).length === 1)!;
    const untracked = Number(bugsOf(only)[0]!.split("→")[1]);
    const late = Number(first.find((l) => !l.endsWith(`→${untracked}`))!.split("→")[1]);
    await t.db.milestoneBug.updateMany({ where: { bugId: untracked }, data: { active: false } });
    const tracked = [
      ...new Set(
        (await t.db.milestoneBug.findMany({ where: { active: true }, select: { bugId: true } })).map(
          (m) => m.bugId,
        ),
      ),
    ];
    const milestones = await t.db.milestone.findMany({ where: { active: true }, include: { release: true } });
    const client = clients().bodhi;
    const clear = () => t.db.$executeRaw`TRUNCATE "UpdateBug", "UpdateBuild", "Update" CASCADE`;
    // The oracle: the same step asking everything itself.
    await clear();
    expect((await syncBodhi({ db: t.db, client, milestones, full: true })).errors).toEqual([]);
    const want = await links();
    expect(want.some((l) => l.startsWith(`${only}→`))).toBe(false);
    expect(want.some((l) => l.endsWith(`→${late}`))).toBe(true);

    await clear();
    const members = new Map(
      milestones.map((m) => [m.id, [...tracked.filter((id) => id !== late), untracked]]),
    );
    const prefetch = await prefetchBodhi({ db: t.db, client, milestones, members, full: true });
    await clearRequestLog(sandbox.url);
    expect((await syncBodhi({ db: t.db, client, milestones, full: true, prefetch })).errors).toEqual([]);
    expect(await links()).toEqual(want);
    // The step asked only for the bug the early listing lacked.
    const asked = (await requestLog(sandbox.url)).log.filter((e) => e.path.endsWith("/updates/"));
    expect(asked.length).toBeGreaterThan(0);
    for (const e of asked) expect([e.query.bugs].flat().join(",")).toBe(String(late));
  });
});

const RELEASE_90 = {
  name: "F90",
  long_name: "Fedora 90",
  version: "90",
  id_prefix: "FEDORA",
  branch: "f90",
  dist_tag: "f90",
  stable_tag: "f90",
  testing_tag: "f90-updates-testing",
  candidate_tag: "f90-updates-candidate",
  state: "pending",
};

/** A Bodhi update of F90 fixing `bugIds` with one build. */
function bodhiUpdate(n: number, bugIds: number[]) {
  const nvr = `pkg${n}-1.0-1.fc90`;
  return {
    alias: `FEDORA-2026-${String(n).padStart(10, "0")}`,
    title: nvr,
    status: "testing",
    request: null,
    karma: 0,
    stable_karma: 3,
    date_submitted: `2026-11-${String(1 + (n % 28)).padStart(2, "0")} 10:00:00`,
    release: RELEASE_90,
    bugs: bugIds.map((bug_id) => ({ bug_id, title: null, security: false, parent: false, feedback: [] })),
    builds: [{ nvr, epoch: 0, type: "rpm", signed: true, release_id: 90 }],
    user: { name: "packager1" },
    url: `https://bodhi.fedoraproject.org/updates/FEDORA-2026-${String(n).padStart(10, "0")}`,
  };
}

/** A Pagure issue as the dataset holds it. */
function pagureIssue(id: number, title: string, comments: { id: number; user: string; text: string }[] = []) {
  return {
    id,
    title,
    content: "Vote here.",
    status: "Open",
    private: false,
    tags: [],
    date_created: "1794000000",
    last_updated: "1794000100",
    user: { name: "blockerbot" },
    comments: comments.map(pagureComment),
  };
}

/** A Pagure issue comment as the dataset holds it; `at` in epoch seconds (default: 1794000000 + id). */
function pagureComment(c: { id: number; user: string; fullname?: string; text: string; at?: string }) {
  return {
    id: c.id,
    comment: c.text,
    date_created: c.at ?? String(1794000000 + c.id),
    edited_on: null,
    editor: null,
    notification: false,
    parent: null,
    reactions: {},
    user: c.fullname ? { name: c.user, fullname: c.fullname } : { name: c.user },
  };
}

describe("small datasets: the ticket bot and request counts", () => {
  async function setUp(
    bugs: ReturnType<typeof bzBug>[],
    extra: { updates?: unknown[]; issues?: unknown[] } = {},
  ) {
    data = {
      ...dataset(bugs),
      bodhi: { releases: [RELEASE_90], updates: extra.updates ?? [] },
      pagure: { repo: "fedora-qa/blocker-review", issues: extra.issues ?? [] },
    } as unknown as SandboxDataset;
    sandbox = await startSandbox({ dataset: data, port: 0 });
    config = parseConfig({
      DATABASE_URL: t.url,
      ...sandboxUpstreams(sandbox.url),
      PAGURE_API_TOKEN: "bot-token",
      PAGURE_BOT_ENABLED: "true",
    });
    await addRelease90(t.db, new BugzillaClient({ baseUrl: config.BUGZILLA_URL, policy: POLICY }));
  }
  const botClient = () =>
    new PagureClient({
      baseUrl: config.PAGURE_URL,
      repo: config.PAGURE_REPO,
      token: "bot-token",
      policy: POLICY,
    });
  const newIssueRequests = async () =>
    (await requestLog(sandbox.url)).byEndpoint["POST /pagure/api/0/fedora-qa/blocker-review/new_issue"] ?? 0;

  it("opens one ticket per proposed bug without one, never two, and links existing tickets", async () => {
    await setUp(
      [
        bzBug(101, { blocks: [T.betaBlocker], summary: "Installer crashes <on> “ü”" }),
        bzBug(102, { blocks: [T.betaBlocker], whiteboard: "AcceptedBlocker" }),
        bzBug(103, { blocks: [T.finalFe] }),
        bzBug(104, { blocks: [T.betaBlocker, T.finalBlocker] }),
      ],
      {
        issues: [pagureIssue(7, "103: already discussed", [{ id: 1, user: "tester1", text: "FinalFE +1" }])],
      },
    );
    const pagure = botClient();
    const first = await sync({ sources: ["bugzilla", "pagure"], pagure });
    expect(first.ok).toBe(true);
    expect(await newIssueRequests()).toBe(2); // 101 and 104; 102 is accepted, 103 has ticket 7
    // An incremental run (it lists only changed tickets) still opens nothing new.
    const second = await sync({ sources: ["bugzilla", "pagure"], pagure: botClient(), full: false });
    expect(second.runs[1]!.counts.issuesListed).toBe(2); // the two opened after the first listing
    expect(second.ok).toBe(true);
    expect(await newIssueRequests()).toBe(2);

    const tickets = await t.db.discussionTicket.findMany({ orderBy: { bugId: "asc" } });
    expect(tickets.map((x) => [x.bugId, x.createdByApp, x.issueId !== null])).toEqual([
      [101, true, true],
      [103, false, true],
      [104, true, true],
    ]);
    expect(tickets[1]!.issueId).toBe(7);
    expect(
      await t.db.vote.findMany({
        where: { bugId: 103 },
        select: { tracker: true, voter: true, value: true },
      }),
    ).toEqual([{ tracker: "FinalFreezeException", voter: "tester1", value: 1 }]);
    const issues = (await (await fetch(`${sandbox.url}/_sandbox/dataset`)).json()).pagure.issues as {
      id: number;
      title: string;
      content: string;
    }[];
    const opened = issues.find((i) => i.id === tickets[0]!.issueId)!;
    expect(opened.title).toBe("101: Installer crashes <on> “ü”");
    expect(opened.content).toContain(`${config.BUGZILLA_URL}/show_bug.cgi?id=101`);
    expect(opened.content).toContain("Blocker for Fedora 90 Beta");
    expect(opened.content).toMatch(/BetaBlocker \+1/);
    const both = issues.find((i) => i.id === tickets[2]!.issueId)!;
    expect(both.content).toContain("Blocker for Fedora 90 Beta; Blocker for Fedora 90 Final");
  });

  it("two concurrent bot runs open exactly one ticket per bug; stale claims are taken over, fresh ones left alone", async () => {
    await setUp(
      [
        bzBug(201, { blocks: [T.betaBlocker] }),
        bzBug(202, { blocks: [T.betaFe] }),
        bzBug(203, { blocks: [T.betaBlocker] }),
        bzBug(204, { blocks: [T.betaBlocker] }),
      ],
      {
        issues: [],
      },
    );
    expect((await sync({ sources: ["bugzilla"] })).ok).toBe(true);
    // 203: a claim left by a process that died long ago; 204: a claim another sync holds right now.
    await t.db.discussionTicket.createMany({
      data: [
        { bugId: 203, createdByApp: true, claimedAt: new Date(Date.now() - STALE_CLAIM_MS - 60_000) },
        { bugId: 204, createdByApp: true, claimedAt: new Date() },
      ],
    });
    await clearRequestLog(sandbox.url);
    const milestones = await t.db.milestone.findMany({ include: { release: true } });
    const bot = { bugzillaUrl: config.BUGZILLA_URL };
    const [a, b] = await Promise.all([
      syncPagure({ db: t.db, client: botClient(), milestones, bot }),
      syncPagure({ db: t.db, client: botClient(), milestones, bot }),
    ]);
    expect(await newIssueRequests()).toBe(3); // 201, 202, 203 once each; 204 untouched
    const created = [...a.results, ...b.results].filter((r) => r.outcome === "created").map((r) => r.bugId);
    expect(created.sort()).toEqual([201, 202, 203]);
    const rows = await t.db.discussionTicket.findMany({ orderBy: { bugId: "asc" } });
    expect(rows.map((r) => [r.bugId, r.issueId !== null])).toEqual([
      [201, true],
      [202, true],
      [203, true],
      [204, false],
    ]);
    // A stale claim whose ticket was created before the crash is linked, not opened again.
    await t.db.discussionTicket.update({
      where: { bugId: 204 },
      data: { claimedAt: new Date(Date.now() - STALE_CLAIM_MS - 60_000) },
    });
    await patch({ pagure: { issues: [pagureIssue(900, "204: opened just before the crash")] } });
    await clearRequestLog(sandbox.url);
    await syncPagure({ db: t.db, client: botClient(), milestones, bot });
    expect(await newIssueRequests()).toBe(0);
    expect((await t.db.discussionTicket.findUniqueOrThrow({ where: { bugId: 204 } })).issueId).toBe(900);
  });

  it("a refused ticket creation (401) releases the claim; the next run with a good token opens the ticket", async () => {
    await setUp([bzBug(401, { blocks: [T.betaBlocker] })]);
    await patch({ pagure: { tokens: { "other-token": "qa-bot" } } });
    const refused = await sync({ sources: ["bugzilla", "pagure"], pagure: botClient() });
    expect(refused.runs[1]!.outcome).toBe("partial");
    expect(refused.runs[1]!.error).toMatch(/bug 401: opening a ticket: .*EINVALIDTOK/);
    expect(await t.db.discussionTicket.count()).toBe(0);
    await patch({ pagure: { tokens: { "bot-token": "qa-bot" } } });
    const ok = await sync({ sources: ["pagure"], pagure: botClient() });
    expect(ok.runs[0]!.counts.created).toBe(1);
    expect((await t.db.discussionTicket.findUniqueOrThrow({ where: { bugId: 401 } })).issueId).not.toBeNull();
  });

  it("with no tracked bug the Pagure step asks Pagure nothing; the first tracked bug gets a complete listing", async () => {
    await setUp([bzBug(101, { blocks: [] })], {
      issues: [pagureIssue(7, "101: old ticket", [{ id: 1, user: "tester1", text: "BetaBlocker +1" }])],
    });
    await setFaults(sandbox.url, { rules: [{ path: "/pagure", times: -1, fault: "500" }] });
    const empty = await sync({ sources: ["bugzilla", "pagure"], full: false });
    await setFaults(sandbox.url, { rules: [] });
    expect(empty.runs.map((r) => `${r.source}:${r.outcome}`)).toEqual(["bugzilla:success", "pagure:success"]);
    expect(empty.runs[1]!.requests).toBe(0);

    await patch({ bugzilla: { bugs: [{ id: 101, blocks: [T.betaBlocker] }] } });
    const tracked = await sync({ sources: ["bugzilla", "pagure"], full: false });
    expect(tracked.ok).toBe(true);
    expect((await t.db.syncRun.findUniqueOrThrow({ where: { id: tracked.runs[1]!.runId } })).kind).toBe(
      "full",
    );
    expect((await t.db.discussionTicket.findUniqueOrThrow({ where: { bugId: 101 } })).issueId).toBe(7);
  });

  it("a bug tracked again gets the votes cast on its ticket while it was not tracked", async () => {
    const ticket = pagureIssue(7, "101: crash", [{ id: 1, user: "tester1", text: "BetaBlocker +1" }]);
    await setUp([bzBug(101, { blocks: [T.betaBlocker], whiteboard: "AcceptedBlocker" })], {
      issues: [ticket],
    });
    const incremental = (sources: SyncOptions["sources"]) =>
      sync({ sources, pagure: botClient(), full: false });
    expect((await incremental(["bugzilla", "pagure"])).ok).toBe(true);
    await patch({ bugzilla: { bugs: [{ id: 101, blocks: [] }] } });
    expect((await incremental(["bugzilla", "pagure"])).ok).toBe(true);
    // While the bug was not tracked, tester2 voted: long enough ago that no later listing reaches it.
    const hourAgo = String(Math.floor(Date.now() / 1000) - 3600);
    const vote = { ...ticket.comments[0]!, id: 2, comment: "BetaBlocker -1", user: { name: "tester2" } };
    await patch({
      pagure: { issues: [{ id: 7, comments: [...ticket.comments, vote], last_updated: hourAgo }] },
    });
    await patch({ bugzilla: { bugs: [{ id: 101, blocks: [T.betaBlocker] }] } });
    expect((await incremental(["bugzilla", "pagure"])).ok).toBe(true);
    expect(tallyVotes(await t.db.vote.findMany({ where: { bugId: 101 } }))).toEqual({
      BetaBlocker: { plus: ["tester1"], zero: [], minus: ["tester2"] },
    });
  });

  for (const full of [false, true])
    it(`a ticket retitled to another bug moves to that bug (${full ? "complete" : "incremental"} listing)`, async () => {
      const accepted = { blocks: [T.betaBlocker], whiteboard: "AcceptedBlocker" };
      await setUp([bzBug(101, accepted), bzBug(102, accepted), bzBug(103, accepted)], {
        issues: [
          pagureIssue(7, "101: typo in the bug id", [{ id: 1, user: "tester1", text: "BetaBlocker +1" }]),
          pagureIssue(8, "103: crash", [{ id: 2, user: "tester2", text: "BetaBlocker -1" }]),
        ],
      });
      expect((await sync({ sources: ["bugzilla", "pagure"], pagure: botClient() })).ok).toBe(true);
      await patch({ pagure: { issues: [{ id: 7, title: "102: typo in the bug id" }] } });
      for (let run = 0; run < 2; run++) {
        const summary = await sync({ sources: ["pagure"], pagure: botClient(), full });
        expect(summary.runs[0]!.error).toBeUndefined();
        expect(summary.ok).toBe(true);
      }
      const tickets = await t.db.discussionTicket.findMany({ orderBy: { bugId: "asc" } });
      expect(tickets.map((x) => [x.bugId, x.issueId])).toEqual([
        [102, 7],
        [103, 8],
      ]);
      expect(tallyVotes(await t.db.vote.findMany({ where: { bugId: 102 } }))).toEqual({
        BetaBlocker: { plus: ["tester1"], zero: [], minus: [] },
      });
      expect(await t.db.vote.count({ where: { bugId: 101 } })).toBe(0);
    });

  it("BO-05: a release Bodhi does not know yet (trackers come first) has no updates, not a failed sync", async () => {
    await setUp([bzBug(300_001, { blocks: [T.betaBlocker] })]);
    // Bodhi has no F90 yet.
    const live = (await (await fetch(`${sandbox.url}/_sandbox/dataset`)).json()) as SandboxDataset;
    live.bodhi.releases = [];
    const replaced = await fetch(`${sandbox.url}/_sandbox/dataset`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ replace: live }),
    });
    expect(replaced.ok).toBe(true);
    const summary = await sync({ sources: ["bugzilla", "bodhi"] });
    expect(summary.runs.map((r) => `${r.source}:${r.outcome}`)).toEqual([
      "bugzilla:success",
      "bodhi:success",
    ]);
    expect(summary.ok).toBe(true);
    expect(summary.runs[1]!.counts).toMatchObject({ updates: 0, unknownReleases: 1 });
  });

  it("incremental Bodhi and Koji ask only for what can have changed; the daily full pass sees the rest", async () => {
    const bugs = Array.from({ length: 6 }, (_, i) => bzBug(310_000 + i, { blocks: [T.betaBlocker] }));
    const updates = bugs.slice(0, 5).map((b, i) => bodhiUpdate(i, [b.id]));
    const stable = { ...updates[0]!, status: "stable", date_stable: "2026-11-20 10:00:00" };
    updates[0] = stable;
    await setUp(bugs, { updates });
    await patch({
      koji: {
        builds: Object.fromEntries(
          updates.map((u, i) => [
            u.builds[0]!.nvr,
            { state: 1, tags: i === 0 ? ["f90"] : ["f90-updates-testing"] },
          ]),
        ),
      },
    });
    const incremental = (sources: ("bodhi" | "koji")[]) => sync({ sources, full: false });
    const first = await sync({ sources: ["bugzilla", "bodhi", "koji"] });
    expect(first.ok, JSON.stringify(first.runs.map((r) => r.error))).toBe(true);

    // Nothing changed: Bodhi asks for updates submitted or edited since (2) and the 4 in flight by
    // alias (1); Koji for the 4 builds not yet in the stable tag (1 multicall).
    await clearRequestLog(sandbox.url);
    const quiet = await incremental(["bodhi", "koji"]);
    expect(quiet.runs.map((r) => [r.source, r.outcome, r.requests])).toEqual([
      ["bodhi", "success", 3],
      ["koji", "success", 1],
    ]);
    const log = await requestLog(sandbox.url);
    const queries = log.log.filter((e) => e.path === "/bodhi/updates/").map((e) => e.query);
    expect(queries.filter((q) => q.modified_since).map((q) => q.releases)).toEqual(["F90"]);
    expect(queries.filter((q) => q.submitted_since)).toHaveLength(1);
    expect(queries.find((q) => q.alias)!.alias).toBe(
      updates
        .slice(1, 5)
        .map((u) => u.alias)
        .sort()
        .join(","),
    );
    expect(quiet.runs[1]!.counts).toMatchObject({ builds: 4, skipped: 1 });
    // The updates read again are compared with the stored rows, every column: none is rewritten.
    const bodhiRun = await t.db.syncRun.findUniqueOrThrow({ where: { id: quiet.runs[0]!.runId } });
    expect((bodhiRun.details as { results: { changed: number }[] }).results.map((r) => r.changed)).toEqual([
      0,
    ]);

    // Pushed to stable (undated in Bodhi, but in flight: re-read), an edit of that update (dated),
    // a new update of the sixth bug (submitted now), Koji tagging the push: all seen incrementally.
    const now = new Date().toISOString().replace("T", " ").slice(0, 19);
    const fresh = bodhiUpdate(9, [bugs[5]!.id]);
    await patch({
      bodhi: {
        updates: [
          { alias: updates[1]!.alias, status: "stable", date_stable: now },
          { ...fresh, date_submitted: now },
        ],
      },
      koji: {
        tag: [{ build: updates[1]!.builds[0]!.nvr, add: ["f90"], remove: ["f90-updates-testing"] }],
        builds: { [fresh.builds[0]!.nvr]: { state: 1, tags: ["f90-updates-testing"] } },
      },
    });
    expect((await incremental(["bodhi", "koji"])).ok).toBe(true);
    const row = (alias: string) =>
      t.db.update.findUniqueOrThrow({ where: { alias }, include: { builds: { include: { build: true } } } });
    expect((await row(updates[1]!.alias)).status).toBe("stable");
    expect((await row(updates[1]!.alias)).builds[0]!.build.tags).toEqual(["f90"]);
    expect((await row(fresh.alias)).builds[0]!.build.tags).toEqual(["f90-updates-testing"]);

    // Karma on a stable update and untagging a stable build change no date: only a full pass sees them.
    await patch({
      bodhi: { updates: [{ alias: stable.alias, karma: 5 }] },
      koji: { tag: [{ build: stable.builds[0]!.nvr, add: [], remove: ["f90"] }] },
    });
    expect((await incremental(["bodhi", "koji"])).ok).toBe(true);
    expect((await row(stable.alias)).karma).toBe(0);
    expect((await row(stable.alias)).builds[0]!.build.tags).toEqual(["f90"]);
    expect((await sync({ sources: ["bodhi", "koji"] })).ok).toBe(true);
    expect((await row(stable.alias)).karma).toBe(5);
    expect((await row(stable.alias)).builds[0]!.build.tags).toEqual([]);
  });

  it("Bodhi request count grows with batches and pages, not with bugs", async () => {
    const n = 250;
    const bugs = Array.from({ length: n }, (_, i) => bzBug(300_000 + i, { blocks: [T.betaBlocker] }));
    await setUp(bugs, { updates: bugs.map((b, i) => bodhiUpdate(i, [b.id])) });
    expect((await sync({ sources: ["bugzilla"] })).ok).toBe(true);
    const count = async (bodhi: BodhiClient) => {
      await clearRequestLog(sandbox.url);
      const summary = await sync({ sources: ["bodhi"], bodhi });
      expect(summary.ok).toBe(true);
      expect(summary.runs[0]!.counts.updates).toBe(n);
      expect(summary.runs[0]!.requests).toBe(bodhi.requestCount);
      return (await requestLog(sandbox.url)).byEndpoint["GET /bodhi/updates/"];
    };
    // 3 batches of ≤100 bugs, one page of ≤100 updates each.
    expect(await count(new BodhiClient({ baseUrl: config.BODHI_URL, policy: POLICY }))).toBe(3);
    // Pages of 40: batches of 100, 100, 50 updates take 3 + 3 + 2 pages.
    expect(await count(new BodhiClient({ baseUrl: config.BODHI_URL, policy: POLICY, pageSize: 40 }))).toBe(8);
    // One batch of 250 ids (a long URL), pages of 100: 3 requests.
    expect(
      await count(new BodhiClient({ baseUrl: config.BODHI_URL, policy: POLICY, bugBatchSize: 250 })),
    ).toBe(3);
    expect(await t.db.updateBug.count()).toBe(n);
  });
});

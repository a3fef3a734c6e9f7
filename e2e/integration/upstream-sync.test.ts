import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverRelease } from "../../app/admin/milestones.server";
import { parseConfig, type Config } from "../../app/config.server";
import { inStableTag } from "../../app/lib/build-tags";
import { tallyVotes } from "../../app/lib/votes";
import { runSync, type SyncOptions } from "../../app/sync/sync.server";
import { BodhiClient } from "../../app/upstream/bodhi.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import type { HttpPolicy } from "../../app/upstream/http.server";
import { KojiClient } from "../../app/upstream/koji.server";
import { PagureClient } from "../../app/upstream/pagure.server";
import { loadDataset, startSandbox, type SandboxDataset } from "../sandbox/server";
import { clearRequestLog, requestLog, setFaults } from "../setup/sandbox-client";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

const DEMO = path.join(import.meta.dirname, "..", "fixtures", "demo-upstream.json");
const POLICY: HttpPolicy = { timeoutMs: 3000, attempts: 2, retryBaseMs: 20 };

let t: TestDatabase;
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
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

const patch = async (body: unknown) => {
  const res = await fetch(`${sandbox.url}/_sandbox/dataset`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ patch: body }),
  });
  if (!res.ok) throw new Error(`patch failed: ${await res.text()}`);
};

async function buildRow(nvr: string) {
  return t.db.build.findUniqueOrThrow({ where: { nvr } });
}

beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await sandbox?.close();
  await t.drop();
});

describe("Bodhi, Koji and Pagure sync on the demo dataset", () => {
  beforeEach(async () => {
    data = loadDataset(DEMO);
    sandbox = await startSandbox({ dataset: data, port: 0 });
    config = parseConfig({
      DATABASE_URL: t.url,
      BUGZILLA_URL: `${sandbox.url}/bugzilla`,
      BODHI_URL: `${sandbox.url}/bodhi`,
      KOJI_URL: `${sandbox.url}/koji/kojihub`,
      PAGURE_URL: `${sandbox.url}/pagure`,
      PAGURE_REPO: data.pagure.repo,
    });
    const bz = new BugzillaClient({ baseUrl: config.BUGZILLA_URL, policy: POLICY });
    for (const release of [46, 47]) await discoverRelease(t.db, bz, release);
  });

  it("runs the four sources in order, each its own successful run, and links updates to the right bugs", async () => {
    const summary = await sync();
    expect(summary.runs.map((r) => `${r.source}:${r.outcome}`)).toEqual([
      "bugzilla:success",
      "bodhi:success",
      "koji:success",
      "pagure:success",
    ]);
    const runs = await t.db.syncRun.findMany({ orderBy: { id: "asc" } });
    expect(runs.map((r) => r.source)).toEqual(["bugzilla", "bodhi", "koji", "pagure"]);

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
    await patch({
      pagure: {
        issues: [
          {
            id: 2402,
            comments: [
              ...data.pagure.issues.find((i) => i.id === 2402)!.comments,
              {
                id: 999001,
                comment: "BetaBlocker -1\nBetaBlocker +1 for sure",
                date_created: "1794999999",
                edited_on: null,
                editor: null,
                notification: false,
                parent: null,
                reactions: {},
                user: { name: "tester7", fullname: "Tester Seven" },
              },
            ],
          },
        ],
      },
    });
    const second = await sync({ sources: ["pagure"] });
    expect(second.runs[0]!.counts).toMatchObject({ votesRead: 1 });
    expect(second.runs[0]!.counts.unchanged).toBeGreaterThan(10);
    expect(await votes(2410130)).toEqual({
      BetaBlocker: { plus: ["tester5"], zero: [], minus: ["tester7"] },
    });
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

    // A build Koji does not know records kojiError and keeps its old tags; the step still succeeds.
    await patch({ koji: { offline: false, remove: [nvr] } });
    const again = await sync({ sources: ["koji"] });
    expect(again.ok).toBe(true);
    const missing = await buildRow(nvr);
    expect(missing.kojiError).toMatch(/fault 1000: No such build/);
    expect(missing.tags).toEqual(before.tags);
    expect(missing.tagsFetchedAt).toEqual(before.tagsFetchedAt);
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
});

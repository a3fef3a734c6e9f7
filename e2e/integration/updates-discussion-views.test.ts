/**
 * Updates, builds, discussion tickets and votes as the pages and API v1 show them: rows seeded through
 * Prisma into a real (embedded PostgreSQL) test database, read back by the models and shaped by the
 * view modules and routes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../app/config.server";
import { ircScript } from "../../app/domain/meeting-script";
import { buildRequestsView } from "../../app/routes/milestone.$release.$version.requests/view";
import { bugJson, milestoneBugsJson, type BugJson, type MilestoneBugsJson } from "../../app/api/v1";
import { getBugDetail, listMilestoneBugs } from "../../app/db/bugs.server";
import { listPrioritizedBugs } from "../../app/routes/prioritized/queries.server";
import { getMilestone } from "../../app/db/milestones.server";
import { loader as apiBugsLoader } from "../../app/routes/api.v1.milestones.$release.$version.bugs/route";
import { loader as ircTextLoader } from "../../app/routes/milestone.$release.$version.irc[.txt]/route";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

const BZ = "https://bugzilla.example";
const TICKET = "https://pagure.example/fedora-qa/blocker-review/issue/";
const FETCHED = new Date("2026-11-20T10:00:00Z");

let t: TestDatabase;
let milestoneId: number;

/** Bugs of 90 Beta: id → [blocker, fe, status, prioritized]. */
const BUGS = {
  101: ["proposed", null, "NEW", false],
  102: ["accepted", null, "MODIFIED", true],
  103: [null, "accepted", "ON_QA", false],
  104: ["accepted", "proposed", "ASSIGNED", false],
} as const;

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  const release = await db.release.create({ data: { number: 90 } });
  const m = await db.milestone.create({
    data: { releaseId: release.id, version: "beta", blockerTrackerId: 9000001, feTrackerId: 9000002 },
  });
  milestoneId = m.id;
  for (const [id, [blocker, fe, status, prioritized]] of Object.entries(BUGS)) {
    await db.bug.create({
      data: {
        id: Number(id),
        summary: `Bug ${id} summary`,
        component: "anaconda",
        status,
        prioritized,
        blocks: [9000001],
        lastChangeTime: FETCHED,
        fetchedAt: FETCHED,
        milestones: { create: { milestoneId: m.id, blocker, fe } },
      },
    });
  }
  const builds: [string, string[] | null][] = [
    ["anaconda-90.1-1.fc90", ["f90", "f90-updates-candidate"]],
    ["anaconda-90.2-1.fc90", ["f90-updates-testing"]],
    ["lorax-90.1-1.fc90", null],
    ["anaconda-89.9-1.fc90", ["f90-updates-candidate"]],
    ["anaconda-91.0-1.fc91", ["f91"]],
  ];
  for (const [nvr, tags] of builds) {
    await db.build.create({ data: { nvr, tags: tags ?? [], tagsFetchedAt: tags ? FETCHED : null } });
  }
  const updates = [
    // 102: testing, requested stable, one build tagged, one not → tag + pending push
    {
      alias: "FEDORA-2026-aaaa000001",
      status: "testing",
      request: "stable",
      karma: 2,
      gating: "passed",
      bugs: [102],
      nvrs: ["anaconda-90.1-1.fc90", "anaconda-90.2-1.fc90"],
    },
    // 102: obsolete → left out of the list and requests, kept in the API
    {
      alias: "FEDORA-2026-aaaa000000",
      status: "obsolete",
      request: null,
      karma: 0,
      bugs: [102],
      nvrs: ["anaconda-89.9-1.fc90"],
    },
    // 103: pending, no request, build tags unknown → request stable + unknown tags
    {
      alias: "FEDORA-2026-bbbb000001",
      status: "pending",
      request: null,
      karma: 0,
      bugs: [103],
      nvrs: ["lorax-90.1-1.fc90"],
    },
    // 102 in another release: not on 90 Beta's pages
    {
      alias: "FEDORA-2026-cccc000001",
      status: "stable",
      request: null,
      karma: 3,
      bugs: [102],
      nvrs: ["anaconda-91.0-1.fc91"],
      release: "F91",
    },
  ];
  for (const u of updates) {
    const rel = u.release ?? "F90";
    await db.update.create({
      data: {
        alias: u.alias,
        releaseName: rel,
        stableTag: rel.toLowerCase(),
        status: u.status,
        request: u.request,
        karma: u.karma,
        stableKarma: 3,
        gating: "gating" in u ? u.gating : null,
        url: `https://bodhi.example/updates/${u.alias}`,
        fetchedAt: FETCHED,
        bugs: { create: u.bugs.map((bugId) => ({ bugId })) },
        builds: { create: u.nvrs.map((nvr) => ({ nvr })) },
      },
    });
  }
  await db.discussionTicket.create({
    data: {
      bugId: 101,
      issueId: 7,
      url: `${TICKET}7`,
      status: "Open",
      meeting: true,
      tags: ["meeting"],
      votes: {
        create: [
          ["BetaBlocker", "dave", -1],
          ["BetaBlocker", "carol", 1],
          ["BetaBlocker", "alice", 1],
          ["BetaBlocker", "bob", 1],
          ["FinalBlocker", "erin", 0],
        ].map(([tracker, voter, value], i) => ({
          tracker: tracker as string,
          voter: voter as string,
          value: value as number,
          commentId: 100 + i,
          votedAt: FETCHED,
        })),
      },
    },
  });
  // A ticket still being created (no URL): no discussion in the API.
  await db.discussionTicket.create({ data: { bugId: 104, createdByApp: true, claimedAt: FETCHED } });
});

afterAll(async () => {
  await t?.drop();
});

describe("models and API views", () => {
  it("the milestone's bug list carries updates (this release only) and the ticket with votes", async () => {
    const milestone = (await getMilestone(t.db, 90, "beta"))!;
    const body: MilestoneBugsJson = milestoneBugsJson(milestone, await listMilestoneBugs(t.db, milestoneId));
    const byId = Object.fromEntries(body.bugs.map((b) => [b.bugId, b]));
    expect(byId[102]!.updates).toStrictEqual([
      {
        alias: "FEDORA-2026-aaaa000000",
        release: "F90",
        status: "obsolete",
        request: null,
        karma: 0,
        stableKarma: 3,
        gating: null,
        builds: [{ nvr: "anaconda-89.9-1.fc90", inStableTag: false }],
      },
      {
        alias: "FEDORA-2026-aaaa000001",
        release: "F90",
        status: "testing",
        request: "stable",
        karma: 2,
        stableKarma: 3,
        gating: "passed",
        builds: [
          { nvr: "anaconda-90.1-1.fc90", inStableTag: true },
          { nvr: "anaconda-90.2-1.fc90", inStableTag: false },
        ],
      },
    ]);
    expect(byId[103]!.updates[0]!.builds).toStrictEqual([{ nvr: "lorax-90.1-1.fc90", inStableTag: null }]);
    expect(byId[101]!.discussion).toStrictEqual({
      url: `${TICKET}7`,
      meeting: true,
      votes: {
        BetaBlocker: { plus: ["alice", "bob", "carol"], zero: [], minus: ["dave"] },
        FinalBlocker: { plus: [], zero: ["erin"], minus: [] },
      },
    });
    expect(byId[104]!.discussion).toBeNull();
    expect(byId[104]!.updates).toEqual([]);
  });

  it("the API route answers the same JSON", async () => {
    const config = parseConfig({ DATABASE_URL: t.url, BUGZILLA_URL: BZ });
    const res = await apiBugsLoader({
      params: { release: "90", version: "beta" },
      request: new Request("http://x/api/v1/milestones/90/beta/bugs"),
      context: { db: t.db, config },
    } as never);
    expect(res.status).toBe(200);
    const body = (await res.json()) as MilestoneBugsJson;
    expect(body.bugs.find((b) => b.bugId === 101)!.discussion!.votes.BetaBlocker!.plus).toEqual([
      "alice",
      "bob",
      "carol",
    ]);
  });

  it("one bug's detail lists every release's updates and its votes", async () => {
    const json: BugJson = bugJson((await getBugDetail(t.db, 102))!);
    expect(json.updates.map((u) => [u.alias, u.status])).toEqual([
      ["FEDORA-2026-aaaa000000", "obsolete"],
      ["FEDORA-2026-aaaa000001", "testing"],
      ["FEDORA-2026-cccc000001", "stable"],
    ]);
    expect(json.updates[2]!.builds).toEqual([{ nvr: "anaconda-91.0-1.fc91", inStableTag: true }]);
    expect(json.discussion).toBeNull();
    expect(bugJson((await getBugDetail(t.db, 101))!).discussion?.meeting).toBe(true);
  });

  it("the requests view groups the accepted bugs' live updates by action", async () => {
    const view = buildRequestsView(await listMilestoneBugs(t.db, milestoneId), {
      bugzillaUrl: BZ,
      release: 90,
    });
    const rows = Object.fromEntries(
      view.groups.map((g) => [
        g.key,
        g.rows.map((r) => `${r.bug.bugId} ${r.update.alias} ${r.builds.map((b) => b.nvr).join(",")}`),
      ]),
    );
    expect(rows).toEqual({
      tag: ["102 FEDORA-2026-aaaa000001 anaconda-90.2-1.fc90"],
      requestStable: ["103 FEDORA-2026-bbbb000001 lorax-90.1-1.fc90"],
      pendingPush: ["102 FEDORA-2026-aaaa000001 anaconda-90.1-1.fc90,anaconda-90.2-1.fc90"],
      unknownTags: ["103 FEDORA-2026-bbbb000001 lorax-90.1-1.fc90"],
    });
    expect(view.acceptedCount).toBe(3);
    expect(view.withoutUpdates.map((b) => b.bugId)).toEqual([104]);
  });

  it("the IRC script has the votes of the proposed bugs", async () => {
    const text = ircScript({ release: 90, version: "beta" }, await listMilestoneBugs(t.db, milestoneId), BZ);
    expect(text).toContain(
      [
        "#topic (101) Bug 101 summary",
        `#link ${BZ}/show_bug.cgi?id=101`,
        `#link ${TICKET}7`,
        "#info Proposed Blocker, anaconda, NEW",
        "#info Ticket vote: BetaBlocker (+3,0,-1) (+alice, +bob, +carol, -dave)",
        "#info Ticket vote: FinalBlocker (+0,1,-0) (0erin)",
      ].join("\n"),
    );
    expect(text.split("\n").slice(0, 5)).toEqual([
      "#info for Fedora 90 Beta, we have:",
      "#info 1 Proposed Blockers",
      "#info 2 Accepted Blockers",
      "#info 1 Proposed Freeze Exceptions",
      "#info 1 Accepted Freeze Exceptions",
    ]);
  });

  it("the plain-text route serves the script as text/plain, and 404 for an unknown milestone", async () => {
    const config = parseConfig({ DATABASE_URL: t.url, BUGZILLA_URL: BZ });
    const args = (version: string) =>
      ({
        params: { release: "90", version },
        request: new Request("http://x/"),
        context: { db: t.db, config },
      }) as never;
    const res = await ircTextLoader(args("beta"));
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe(
      ircScript({ release: 90, version: "beta" }, await listMilestoneBugs(t.db, milestoneId), BZ),
    );
    await expect(ircTextLoader(args("final"))).rejects.toMatchObject({ status: 404 });
  });

  it("prioritized bugs are the open flagged ones with their milestones", async () => {
    const bugs = await listPrioritizedBugs(t.db);
    expect(bugs.map((b) => [b.bugId, b.milestones])).toEqual([
      [102, [{ release: 90, version: "beta", blocker: "accepted", fe: null }]],
    ]);
  });
});

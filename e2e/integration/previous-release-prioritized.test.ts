/**
 * Fedora's own rules, through a real sync against the sandbox and the pages' loaders:
 * - an AcceptedPreviousRelease blocker of 46 Beta is fixed by Fedora 45 (and 44, while Bodhi lists it
 *   as current) updates: they show on the bug list, the bug page, the API and the requests page's
 *   "push to the stable release(s)" group, never in the compose groups;
 * - an Accepted0Day blocker's update is in the "0-day updates" group, not tagged into the compose;
 * - prioritized bugs come from one flag search, blocking a tracker or not; a failed or partial search
 *   changes nothing.
 * Expectations are written by hand from the process wording, not computed by the code under test.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { addMilestone, addRelease } from "../../app/admin/milestones.server";
import { parseConfig, type Config } from "../../app/config.server";
import { loader as apiBugsLoader } from "../../app/routes/api.v1.milestones.$release.$version.bugs/route";
import { loader as bugLoader } from "../../app/routes/bug.$id/route";
import { loader as buglistLoader } from "../../app/routes/milestone.$release.$version.buglist/route";
import { loader as requestsLoader } from "../../app/routes/milestone.$release.$version.requests/route";
import { loader as prioritizedLoader } from "../../app/routes/prioritized/route";
import { syncPrioritizedBugs } from "../../app/sync/prioritized-step.server";
import { runSync, type SyncOptions } from "../../app/sync/run-sync.server";
import { BodhiClient } from "../../app/upstream/bodhi.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import type { HttpPolicy } from "../../app/upstream/http.server";
import { KojiClient } from "../../app/upstream/koji.server";
import { PagureClient } from "../../app/upstream/pagure.server";
import { startSandbox } from "../sandbox/server";
import { bodhiRelease, bzBug } from "../setup/datasets";
import { clearRequestLog, patchBugs, requestLog, sandboxUpstreams, setFaults } from "../setup/sandbox-client";
import { freshDatabaseEachTest } from "../setup/test-db";

const POLICY: HttpPolicy = { timeoutMs: 3000, attempts: 1, retryBaseMs: 20 };
const BETA_BLOCKER = 4600001;
const BETA_FE = 4600002;
const PRIORITIZED = {
  id: 1,
  name: "fedora_prioritized_bug",
  status: "+",
  setter: "pm@example.com",
  type_id: 7,
};
const flag = (status: string) => ({ ...PRIORITIZED, status });

function update(alias: string, release: number, bugs: number[], over: Record<string, unknown> = {}) {
  const nvr = `pkg-${alias.toLowerCase()}-1.fc${release}`;
  return {
    alias,
    updateid: alias,
    title: nvr,
    status: "testing",
    request: null,
    karma: 1,
    stable_karma: 3,
    type: "bugfix",
    date_submitted: "2026-11-10 10:00:00",
    builds: [{ nvr, epoch: 0, type: "rpm", signed: true }],
    bugs: bugs.map((bug_id) => ({
      bug_id,
      title: `bug ${bug_id}`,
      security: false,
      parent: false,
      feedback: [],
    })),
    release: {
      ...bodhiRelease(release),
      state: release === 46 ? "frozen" : release >= 44 ? "current" : "archived",
      stable_tag: release === 46 ? "f46" : `f${release}-updates`,
    },
    url: `https://bodhi.example/updates/${alias}`,
    user: { name: "packager", id: 1 },
    ...over,
  };
}

/** 46 Beta with an AcceptedPreviousRelease, an Accepted0Day and a plain accepted blocker, and prioritized bugs. */
function world() {
  const tracked = [
    bzBug(501, { blocks: [BETA_BLOCKER], whiteboard: "AcceptedPreviousRelease", component: ["dnf"] }),
    bzBug(502, { blocks: [BETA_BLOCKER], whiteboard: "Accepted0Day", component: ["gnome-software"] }),
    bzBug(503, { blocks: [BETA_BLOCKER], whiteboard: "AcceptedBlocker" }),
    bzBug(507, { blocks: [BETA_FE], flags: [flag("+")], summary: "Tracked and prioritized" }),
  ];
  const untracked = [
    bzBug(504, { flags: [flag("+")], summary: "Prioritized, blocks nothing", component: ["mesa"] }),
    bzBug(505, { flags: [flag("+")], status: "CLOSED", resolution: "ERRATA", is_open: false }),
    bzBug(506, { flags: [flag("?")] }),
  ];
  const trackers = [
    bzBug(BETA_BLOCKER, { alias: ["F46BetaBlocker"], depends_on: [501, 502, 503] }),
    bzBug(BETA_FE, { alias: ["F46BetaFreezeException"], depends_on: [507] }),
  ];
  const updates = [
    update("FEDORA-2026-prev000045", 45, [501]),
    update("FEDORA-2026-prev000044", 44, [501], { request: "stable" }),
    update("FEDORA-2026-prev000043", 43, [501]),
    update("FEDORA-2026-prev000046", 46, [501]),
    update("FEDORA-2026-zero000046", 46, [502], { request: "stable" }),
    update("FEDORA-2026-plain00046", 46, [503]),
  ];
  const builds = Object.fromEntries(
    updates.map((u) => [u.builds[0]!.nvr, { state: 1, tags: [`f${u.release.version}-updates-testing`] }]),
  );
  return {
    about: { seed: 0, releases: [46], now: "2026-11-20T00:00:00Z" },
    bugzilla: { bugs: [...trackers, ...tracked, ...untracked], comments: {}, private: [] },
    bodhi: {
      releases: [46, 45, 44, 43].map((n) => ({
        ...bodhiRelease(n),
        state: n === 46 ? "frozen" : n >= 44 ? "current" : "archived",
        stable_tag: n === 46 ? "f46" : `f${n}-updates`,
      })),
      updates,
    },
    koji: { builds },
    pagure: { repo: "fedora-qa/blocker-review", issues: [] },
  };
}

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
const t = freshDatabaseEachTest(() => sandbox?.close());
let config: Config;

const clients = (): Required<Pick<SyncOptions, "bugzilla" | "bodhi" | "koji" | "pagure">> => ({
  bugzilla: new BugzillaClient({ baseUrl: config.BUGZILLA_URL, policy: POLICY }),
  bodhi: new BodhiClient({ baseUrl: config.BODHI_URL, policy: POLICY }),
  koji: new KojiClient({ url: config.KOJI_URL, policy: POLICY }),
  pagure: new PagureClient({ baseUrl: config.PAGURE_URL, repo: config.PAGURE_REPO, policy: POLICY }),
});
const sync = (opts: SyncOptions = {}) => runSync(t.db, t.url, config, { full: true, ...clients(), ...opts });

const args = (path: string, params: Record<string, string> = { release: "46", version: "beta" }) =>
  ({ params, request: new Request(`http://x${path}`), context: { db: t.db, config } }) as never;

beforeEach(async () => {
  sandbox = await startSandbox({ dataset: world() as never, port: 0 });
  config = parseConfig({
    DATABASE_URL: t.url,
    ...sandboxUpstreams(sandbox.url),
    PAGURE_REPO: "fedora-qa/blocker-review",
  });
  await addRelease(t.db, 46);
  await addMilestone(t.db, clients().bugzilla, {
    release: 46,
    version: "beta",
    blockerTracker: "F46BetaBlocker",
    feTracker: "F46BetaFreezeException",
  });
});

describe("AcceptedPreviousRelease and Accepted0Day fixes on the 46 Beta milestone", () => {
  beforeEach(async () => {
    const summary = await sync();
    expect(
      summary.runs.map((r) => `${r.source}:${r.outcome}`),
      JSON.stringify(summary.runs),
    ).toEqual(["bugzilla:success", "bodhi:success", "koji:success", "pagure:success"]);
  });

  it("asks Bodhi for the current releases and the previous releases' updates of the AcceptedPreviousRelease bug only", async () => {
    await clearRequestLog(sandbox.url);
    await sync({ sources: ["bodhi"] });
    const asked = (await requestLog(sandbox.url)).log
      .filter((r) => r.path.startsWith("/bodhi"))
      .map((r) => `${r.path} ${r.query.state ?? ""}${r.query.releases ?? ""} ${r.query.bugs ?? ""}`.trim());
    expect(asked).toEqual([
      "/bodhi/updates/ F46 501,502,503,507",
      "/bodhi/releases/ current",
      "/bodhi/updates/ F45 501",
      "/bodhi/updates/ F44 501",
    ]);
    expect((await t.db.bodhiRelease.findMany({ orderBy: { name: "asc" } })).map((r) => r.name)).toEqual([
      "F44",
      "F45",
    ]);
  });

  it("the API lists the bug's F45 and F44 updates (not the archived F43 one) with their release", async () => {
    const res = await apiBugsLoader(args("/api/v1/milestones/46/beta/bugs"));
    const body = (await res.json()) as {
      bugs: { bugId: number; updates: { alias: string; release: string }[] }[];
    };
    const updatesOf = (id: number) =>
      body.bugs.find((b) => b.bugId === id)!.updates.map((u) => `${u.alias} ${u.release}`);
    expect(updatesOf(501)).toEqual([
      "FEDORA-2026-prev000044 F44",
      "FEDORA-2026-prev000045 F45",
      "FEDORA-2026-prev000046 F46",
    ]);
    expect(updatesOf(502)).toEqual(["FEDORA-2026-zero000046 F46"]);
  });

  it("the bug list shows them after the release's own update", async () => {
    const page = await buglistLoader(args("/milestone/46/beta/buglist"));
    const row = page.list.view.sections
      .find((s) => s.key === "acceptedBlockers")!
      .rows.find((r) => r.bugId === 501)!;
    expect(row.updates.map((u) => u.alias)).toEqual([
      "FEDORA-2026-prev000046",
      "FEDORA-2026-prev000045",
      "FEDORA-2026-prev000044",
    ]);
  });

  it("the bug page marks the F45 and F44 updates as previous-release fixes of 46 Beta", async () => {
    const page = (await bugLoader(args("/bug/501", { id: "501" }))) as {
      bug: { updates: { alias: string; previousReleaseFix: string[] }[] };
    };
    expect(Object.fromEntries(page.bug.updates.map((u) => [u.alias, u.previousReleaseFix]))).toEqual({
      "FEDORA-2026-prev000046": [],
      "FEDORA-2026-prev000045": ["Fedora 46 Beta"],
      "FEDORA-2026-prev000044": ["Fedora 46 Beta"],
    });
  });

  it("the requests page puts them in 'push to the stable release(s)' and the 0-day update in '0-day updates', never in the compose groups", async () => {
    const page = (await requestsLoader(args("/milestone/46/beta/requests"))) as {
      requests: {
        groups: {
          key: string;
          title: string;
          rows: { bug: { bugId: number }; update: { alias: string } }[];
          markdown: string;
        }[];
        withoutUpdates: { bugId: number }[];
      };
    };
    const rows = Object.fromEntries(
      page.requests.groups.map((g) => [g.key, g.rows.map((r) => `${r.bug.bugId} ${r.update.alias}`)]),
    );
    expect(rows).toEqual({
      tag: ["503 FEDORA-2026-plain00046"],
      requestStable: ["503 FEDORA-2026-plain00046"],
      pendingPush: [],
      zeroDay: ["502 FEDORA-2026-zero000046"],
      previousRelease: ["501 FEDORA-2026-prev000045", "501 FEDORA-2026-prev000044"],
    });
    expect(page.requests.groups.find((g) => g.key === "previousRelease")!.title).toBe(
      "Push to the stable release(s)",
    );
    expect(page.requests.groups.find((g) => g.key === "previousRelease")!.markdown).toContain(
      "- [FEDORA-2026-prev000045](https://bodhi.example/updates/FEDORA-2026-prev000045) (F45) for [bug 501]",
    );
    expect(page.requests.groups.find((g) => g.key === "zeroDay")!.markdown).toContain(
      "  - `pkg-fedora-2026-zero000046-1.fc46`",
    );
    expect(page.requests.withoutUpdates).toEqual([]);
  });

  it("once Bodhi no longer lists F44 as current, its update no longer counts", async () => {
    await fetch(`${sandbox.url}/_sandbox/dataset`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ patch: { bodhi: { releases: [{ name: "F44", state: "archived" }] } } }),
    }).then(async (r) => expect(r.status, await r.text()).toBe(200));
    expect((await sync({ sources: ["bodhi"] })).ok).toBe(true);
    const res = await apiBugsLoader(args("/api/v1/milestones/46/beta/bugs"));
    const body = (await res.json()) as { bugs: { bugId: number; updates: { alias: string }[] }[] };
    expect(body.bugs.find((b) => b.bugId === 501)!.updates.map((u) => u.alias)).toEqual([
      "FEDORA-2026-prev000045",
      "FEDORA-2026-prev000046",
    ]);
  });
});

describe("prioritized bugs", () => {
  /** The page's rows (by component, then id): `bug:milestones`. */
  type Page = { rows: { bugId: number; milestones: { name: string }[] }[] };
  const prioritized = async () =>
    ((await prioritizedLoader(args("/prioritized", {}))) as Page).rows.map(
      (r) => `${r.bugId}:${r.milestones.map((m) => m.name).join(",")}`,
    );

  it("lists every open bug flagged fedora_prioritized_bug+, also one that blocks nothing", async () => {
    expect((await sync()).ok).toBe(true);
    expect(await prioritized()).toEqual(["507:Fedora 46 Beta", "504:"]);
    const search = (await requestLog(sandbox.url)).log.filter((r) => r.query.f1 === "flagtypes.name");
    expect(search.map((r) => r.query)).toEqual([
      expect.objectContaining({
        bug_status: "__open__",
        f1: "flagtypes.name",
        o1: "substring",
        v1: "fedora_prioritized_bug+",
        order: "bug_id",
        offset: "0",
      }),
    ]);
    expect(await t.db.bug.findUniqueOrThrow({ where: { id: 504 } })).toMatchObject({
      summary: "Prioritized, blocks nothing",
      component: "mesa",
      prioritized: true,
    });
  });

  it("a failed flag search changes nothing; the next complete one clears the bugs that lost the flag", async () => {
    expect((await sync({ sources: ["bugzilla"] })).ok).toBe(true);
    await patchBugs(sandbox.url, [
      { id: 504, flags: [] },
      { id: 506, flags: [flag("+")] },
    ]);
    // Only the flag search fails; the milestones' own requests succeed.
    await setFaults(sandbox.url, {
      rules: [{ path: "/bugzilla/rest/bug", query: { f1: "flagtypes.name" }, times: -1, fault: "500" }],
    });
    const failed = await sync({ sources: ["bugzilla"] });
    await setFaults(sandbox.url, { rules: [] });
    expect(failed.runs[0]).toMatchObject({ outcome: "partial" });
    expect(failed.runs[0]!.error).toMatch(/^prioritized bugs: /);
    expect(await prioritized()).toEqual(["507:Fedora 46 Beta", "504:"]);

    expect((await sync({ sources: ["bugzilla"] })).ok).toBe(true);
    expect(await prioritized()).toEqual(["506:", "507:Fedora 46 Beta"]);
    expect((await t.db.bug.findUniqueOrThrow({ where: { id: 504 } })).prioritized).toBe(false);
  });

  it("a search that fails on its second page changes nothing", async () => {
    expect((await sync()).ok).toBe(true);
    // 25 more flagged bugs: the anonymous search needs two pages of 20.
    const many = Array.from({ length: 25 }, (_, i) => ({ ...bzBug(600 + i, { flags: [flag("+")] }) }));
    await fetch(`${sandbox.url}/_sandbox/dataset`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ patch: { bugzilla: { bugs: [...many, { id: 504, flags: [] }] } } }),
    }).then(async (r) => expect(r.status, await r.text()).toBe(200));
    await setFaults(sandbox.url, {
      rules: [{ path: "/bugzilla/rest/bug", skip: 1, times: -1, fault: "503" }],
    });
    const client = new BugzillaClient({ baseUrl: config.BUGZILLA_URL, policy: POLICY });
    const result = await syncPrioritizedBugs(t.db, client);
    await setFaults(sandbox.url, { rules: [] });
    expect(result).toMatchObject({ ok: false });
    expect(client.requestCount).toBe(2);
    expect(await prioritized()).toEqual(["507:Fedora 46 Beta", "504:"]);

    const complete = await syncPrioritizedBugs(t.db, client);
    expect(complete).toMatchObject({ ok: true, found: 26, untracked: 25, cleared: 1 });
    expect((await prioritized()).length).toBe(26);
  });
});

/**
 * Admin operations and the development login against a real database and the sandbox's Bugzilla:
 * editing milestones (one current at a time, trackers resolved upstream), the background sync and the
 * sync lock, the notices after each operation (post/redirect/get to `/admin`), and who may use the
 * admin pages.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../../app/config.server";
import { startBackgroundSync, isSyncRunning } from "../../app/sync/background.server";
import { runSync, SYNC_SOURCES } from "../../app/sync/run-sync.server";
import { AdminError, addMilestone, addRelease, updateMilestone } from "../../app/admin/milestones.server";
import { getUser } from "../../app/auth/session.server";
import { withSyncLock } from "../../app/sync/lock.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import { action as loginAction } from "../../app/routes/login/route";
import { action as adminAction, loader as adminLoader } from "../../app/routes/admin/route";
import {
  action as milestoneAction,
  loader as milestoneLoader,
} from "../../app/routes/admin_.milestones.$id/route";
import { startSandbox } from "../sandbox/server";
import { addRelease90, bzBug, dataset, T } from "../setup/datasets";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";
import { patchBugs, sandboxUpstreams } from "../setup/sandbox-client";

const APP = "http://blockerbugs.test";
let t: TestDatabase;
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let config: Config;
const ctx = () => ({ db: t.db, config, databaseUrl: t.url });
const client = () =>
  new BugzillaClient({
    baseUrl: config.BUGZILLA_URL,
    policy: { timeoutMs: 2000, attempts: 2, retryBaseMs: 10 },
  });

beforeEach(async () => {
  t = await createTestDatabase();
  sandbox = await startSandbox({
    dataset: dataset([bzBug(101, { blocks: [T.betaBlocker] })]) as never,
    port: 0,
  });
  config = parseConfig({ DATABASE_URL: t.url, ...sandboxUpstreams(sandbox.url), DEV_LOGIN: "true" });
  await addRelease90(t.db, client());
});
afterEach(async () => {
  await sandbox.close();
  await t.drop();
});

/** Logs in through the development login form; returns the Cookie header of the session. */
async function devLogin(login: string, groups: string): Promise<string> {
  const body = new URLSearchParams({ intent: "dev", login, groups, email: "", redirectTo: "/admin" });
  const response = (await loginAction({
    request: new Request(`${APP}/login`, { method: "POST", body }),
    context: ctx(),
    params: {},
  } as never)) as Response;
  expect(response.headers.get("Location")).toBe("/admin");
  return response.headers.getSetCookie()[0]!.split(";")[0]!;
}

/**
 * What the admin page shows after an action's `response`: it must be a redirect to the clean `/admin`
 * carrying a notice, which the page shows once (its loader clears the cookie; the next visit has none).
 */
async function noticeAfter(response: unknown, session: string): Promise<string | null> {
  expect(response).toBeInstanceOf(Response);
  const redirect = response as Response;
  expect(redirect.status).toBe(302);
  expect(redirect.headers.get("Location")).toBe("/admin");
  const flash = redirect.headers
    .getSetCookie()
    .find((c) => c.startsWith("bb_flash="))
    ?.split(";")[0];
  expect(flash, "the notice's cookie").toBeTruthy();
  const load = async (cookie: string) =>
    (await adminLoader({
      request: new Request(`${APP}/admin`, { headers: { Cookie: cookie } }),
      context: ctx(),
      params: {},
    } as never)) as unknown as { data: { notice: string | null }; init: { headers: Headers } | null };
  const page = await load(`${session}; ${flash}`);
  expect(page.init?.headers.getSetCookie()).toEqual([expect.stringMatching(/^bb_flash=; .*Max-Age=0/)]);
  expect((await load(session)).data.notice).toBeNull();
  return page.data.notice;
}

/** Posts the admin page's form (`fields`, with its `intent`) in the session of `cookie`. */
function postAdmin(cookie: string, fields: Record<string, string>) {
  return adminAction({
    request: new Request(`${APP}/admin`, {
      method: "POST",
      headers: { Cookie: cookie },
      body: new URLSearchParams(fields),
    }),
    context: ctx(),
    params: {},
  } as never);
}

/** Edits milestone `id` as the admin page does (active, not current unless said otherwise). */
const editMilestone = (
  id: number,
  fields: { blockerTracker: string; feTracker: string; active?: boolean; current?: boolean },
) => updateMilestone(t.db, client(), id, { active: true, current: false, ...fields });

async function thrownBy(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("expected a thrown Response");
}

describe("administration", () => {
  it("lets only admins in: anonymous users go to login, others get 403, in loaders and actions", async () => {
    const anonymous = await thrownBy(
      adminLoader({ request: new Request(`${APP}/admin`), context: ctx(), params: {} } as never),
    );
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");

    const member = await devLogin("packager1", "packager");
    const addRelease91 = (cookie: string) => postAdmin(cookie, { intent: "add-release", number: "91" });
    expect((await thrownBy(addRelease91(member))).status).toBe(403);
    expect(await t.db.release.count({ where: { number: 91 } })).toBe(0);

    const admin = await devLogin("boss", "qa-admin, packager");
    expect(await getUser(new Request(APP, { headers: { Cookie: admin } }), ctx())).toMatchObject({
      isAdmin: true,
    });
    expect(await noticeAfter(await addRelease91(admin), admin)).toBe("Release 91 added.");
  });

  it("sets up a release's Beta and Final milestones from the standard tracker aliases alone", async () => {
    await t.db.milestone.deleteMany({ where: { version: "final" } });
    const admin = await devLogin("boss", "qa-admin");
    const discover = (number: string) => postAdmin(admin, { intent: "discover-release", number });
    expect(await noticeAfter(await discover("90"), admin)).toBe(
      "Release 90: Fedora 90 Beta already exists; Fedora 90 Final created.",
    );
    expect(
      await t.db.milestone.findFirst({ where: { version: "final", release: { number: 90 } } }),
    ).toMatchObject({ blockerTrackerId: T.finalBlocker, feTrackerId: T.finalFe, active: true });
    // No F91 trackers in Bugzilla: nothing is created, and the page says why.
    const missing = (await discover("91")) as { data: { error: string } };
    expect(missing.data.error).toMatch(
      /^Release 91 not created: Fedora 91 Beta not created: .*F91BetaBlocker/,
    );
    expect(await t.db.release.count({ where: { number: 91 } })).toBe(0);
  });

  it("deactivating a release deactivates its milestones (no longer synced, listed or proposable)", async () => {
    await t.db.milestone.updateMany({ where: { version: "beta" }, data: { current: true } });
    const admin = await devLogin("boss", "qa-admin");
    const toggle = (active: boolean) =>
      postAdmin(admin, {
        intent: "release-active",
        number: "90",
        ...(active ? { active: "on" } : {}),
      });
    expect(await noticeAfter(await toggle(false), admin)).toBe(
      "Release 90 is now inactive, and so are its milestones (Fedora 90 Beta, Fedora 90 Final).",
    );
    const milestones = await t.db.milestone.findMany({ where: { release: { number: 90 } } });
    expect(milestones.map((m) => [m.active, m.current])).toEqual([
      [false, false],
      [false, false],
    ]);
    expect(await noticeAfter(await toggle(true), admin)).toBe(
      "Release 90 is now active; activate the milestones you want on their Edit pages.",
    );
  });

  it("explains refused milestones in words that fit the page, not command-line options", async () => {
    const admin = await devLogin("boss", "qa-admin");
    const add = (fields: Record<string, string>) =>
      postAdmin(admin, {
        intent: "add-milestone",
        version: "beta",
        blockerTracker: "F90BetaBlocker",
        feTracker: "F90BetaFreezeException",
        ...fields,
      });
    expect(await add({ release: "91", active: "on" })).toMatchObject({
      data: { error: "release 91 does not exist: add it first" },
    });
    expect(await add({ release: "90", current: "on" })).toMatchObject({
      data: { error: "an inactive milestone cannot be the current one" },
    });
  });

  it("an unknown or out-of-range milestone id is a 404, not a server error", async () => {
    const admin = await devLogin("boss", "qa-admin");
    for (const id of ["2147483648", "99999999999", "0", "x", "999"]) {
      const response = await thrownBy(
        milestoneLoader({
          request: new Request(`${APP}/admin/milestones/${id}`, { headers: { Cookie: admin } }),
          context: ctx(),
          params: { id },
        } as never),
      );
      expect(response.status, id).toBe(404);
    }
  });

  it("refuses the development login when it is off", async () => {
    config = { ...config, DEV_LOGIN: false };
    const body = new URLSearchParams({ intent: "dev", login: "x", groups: "qa-admin", email: "" });
    const refused = await thrownBy(
      loginAction({
        request: new Request(`${APP}/login`, { method: "POST", body }),
        context: ctx(),
        params: {},
      } as never),
    );
    expect(refused.status).toBe(404);
    expect(await t.db.session.count()).toBe(0);
  });

  it("edits milestones: trackers resolved in Bugzilla, one current milestone", async () => {
    const [beta, final] = await t.db.milestone.findMany({ orderBy: { version: "asc" } });
    await editMilestone(beta!.id, {
      blockerTracker: "F90BetaBlocker",
      feTracker: "F90BetaFreezeException",
      current: true,
    });
    await editMilestone(final!.id, {
      blockerTracker: String(T.finalBlocker),
      feTracker: "F90FinalFreezeException",
      current: true,
    });
    const current = await t.db.milestone.findMany({ where: { current: true } });
    expect(current.map((m) => m.id)).toEqual([final!.id]);

    await expect(
      editMilestone(beta!.id, { blockerTracker: "NoSuchAlias", feTracker: "F90BetaFreezeException" }),
    ).rejects.toThrow(AdminError);
    await expect(
      editMilestone(beta!.id, { blockerTracker: "F90FinalBlocker", feTracker: "F90BetaFreezeException" }),
    ).rejects.toThrow(/already belongs to Fedora 90 Final/);
    await expect(
      editMilestone(beta!.id, {
        blockerTracker: "F90BetaBlocker",
        feTracker: "F90BetaFreezeException",
        active: false,
        current: true,
      }),
    ).rejects.toThrow(/inactive milestone cannot be the current one/);
  });

  it("BZ-03: refuses a tracker whose versioned alias names another milestone (e.g. a dynamic alias that moved on)", async () => {
    // Release 89's trackers; the dynamic aliases BetaBlocker / BetaFreezeException still point at them.
    await patchBugs(sandbox.url, [
      bzBug(8900001, { alias: ["BetaBlocker", "F89BetaBlocker"] }),
      bzBug(8900002, { alias: ["BetaFreezeException", "F89BetaFreezeException"] }),
    ]);
    await addRelease(t.db, 91);
    await expect(
      addMilestone(t.db, client(), {
        release: 91,
        version: "beta",
        blockerTracker: "BetaBlocker",
        feTracker: "BetaFreezeException",
      }),
    ).rejects.toThrow(/BetaBlocker is F89BetaBlocker, not the blocker tracker of Fedora 91 Beta/);
    const beta = await t.db.milestone.findFirstOrThrow({ where: { version: "beta" } });
    await expect(
      editMilestone(beta.id, { blockerTracker: "F90BetaFreezeException", feTracker: "F90BetaBlocker" }),
    ).rejects.toThrow(/F90BetaFreezeException.* not the blocker tracker of Fedora 90 Beta/);
    expect(await t.db.milestone.count()).toBe(2);
  });

  it("Sync now says which kind of sync the server started, or that one is already running", async () => {
    const admin = await devLogin("boss", "qa-admin");
    const syncNow = (full: boolean) => postAdmin(admin, { intent: "sync", ...(full ? { full: "on" } : {}) });
    const idle = () =>
      expect
        .poll(async () => (await t.db.syncRun.count()) > 0 && !(await isSyncRunning(t.db)), {
          timeout: 30_000,
        })
        .toBe(true);

    let release!: () => void;
    const held = withSyncLock(t.url, () => new Promise<void>((resolve) => (release = resolve)));
    await expect.poll(() => isSyncRunning(t.db)).toBe(true);
    expect(await syncNow(false)).toMatchObject({
      data: { error: "A sync is already running; wait for it to finish (see Sync below)." },
      init: { status: 400 },
    });
    expect(await startBackgroundSync(t.db, t.url, config, { full: false })).toEqual({ state: "running" });
    release();
    await held;
    expect(await isSyncRunning(t.db)).toBe(false);

    // The milestones were never synced: an incremental sync asked for is a full one for Bugzilla.
    expect(await noticeAfter(await syncNow(false), admin)).toBe(
      "Sync started in the background: Bugzilla is doing a full sync, not an incremental one (a milestone is new or was not fully synced for a day).",
    );
    await idle();
    // Pagure runs alongside Bodhi and Koji: its run may start before theirs.
    const runs = await t.db.syncRun.findMany({ orderBy: { source: "asc" } });
    expect(runs.map((r) => [r.source, r.kind, r.outcome])).toEqual(
      [...SYNC_SOURCES].sort().map((source) => [source, "full", "success"]),
    );
    expect(await t.db.milestoneBug.count({ where: { bugId: 101, active: true } })).toBe(1);

    expect(await noticeAfter(await syncNow(false), admin)).toBe(
      "Incremental sync started in the background: Bugzilla reads what changed since the last sync.",
    );
    await idle();
    expect(await noticeAfter(await syncNow(true), admin)).toBe(
      "Full sync started in the background: every source reads everything again.",
    );
    await idle();
    const last = await t.db.syncRun.findMany({ orderBy: { id: "desc" }, take: 4 });
    expect(last.map((r) => r.kind)).toEqual(["full", "full", "full", "full"]);
  });

  it("records each source's run with the kind it does from its start, and the page names it while it runs", async () => {
    const admin = await devLogin("boss", "qa-admin");
    const page = async () =>
      (
        (await adminLoader({
          request: new Request(`${APP}/admin`, { headers: { Cookie: admin } }),
          context: ctx(),
          params: {},
        } as never)) as unknown as { data: { sync: { running: boolean; current: unknown } } }
      ).data.sync;
    for (const full of [false, false]) {
      const seen: { source: string; kind: string; stored: string | undefined; status: unknown }[] = [];
      const summary = await runSync(t.db, t.url, config, {
        full,
        // Each source's run as it starts: what it is stored as, and what the admin page says then.
        onRunStart: async (run) => {
          const stored = await t.db.syncRun.findUnique({ where: { id: run.id } });
          seen.push({ source: run.source, kind: run.kind, stored: stored?.kind, status: await page() });
        },
      });
      expect(summary.ok).toBe(true);
      const final = await t.db.syncRun.findMany({ where: { id: { in: summary.runs.map((r) => r.runId) } } });
      for (const s of seen) {
        const end = final.find((r) => r.source === s.source)!;
        expect(s.stored, s.source).toBe(end.kind);
        expect(s.kind, s.source).toBe(end.kind);
        // Pagure runs alongside Bodhi and Koji: the page names the latest run started, with its kind.
        const named = (s.status as { current: { source: string } | null }).current?.source;
        const alongside = s.source === "bugzilla" ? ["bugzilla"] : ["bodhi", "koji", "pagure"];
        expect(alongside, s.source).toContain(named);
        expect(s.status, s.source).toMatchObject({
          running: true,
          current: {
            kind: final.find((r) => r.source === named)!.kind,
            startedAt: expect.stringMatching(/ UTC$/),
          },
        });
      }
      const order = seen.map((s) => s.source);
      expect([...order].sort()).toEqual([...SYNC_SOURCES].sort());
      expect(order[0]).toBe("bugzilla");
      expect(order.indexOf("koji")).toBeGreaterThan(order.indexOf("bodhi"));
    }
    // The second sync is incremental for every source, and so were its runs from their start.
    const second = await t.db.syncRun.findMany({ orderBy: { id: "desc" }, take: 4 });
    expect(second.map((r) => [r.source, r.kind]).sort()).toEqual(
      [...SYNC_SOURCES].sort().map((source) => [source, "incremental"]),
    );
    expect(await page()).toMatchObject({ running: false, current: null });
  });

  it("saving a milestone goes back to /admin with a notice naming what was saved", async () => {
    const admin = await devLogin("boss", "qa-admin");
    const final = await t.db.milestone.findFirstOrThrow({ where: { version: "final" } });
    const save = (fields: Record<string, string>) =>
      milestoneAction({
        request: new Request(`${APP}/admin/milestones/${final.id}`, {
          method: "POST",
          headers: { Cookie: admin },
          body: new URLSearchParams({
            blockerTracker: "F90FinalBlocker",
            feTracker: String(T.finalFe),
            ...fields,
          }),
        }),
        context: ctx(),
        params: { id: String(final.id) },
      } as never);
    expect(await noticeAfter(await save({ active: "on", current: "on" }), admin)).toBe(
      `Fedora 90 Final saved: trackers F90FinalBlocker (${T.finalBlocker}) and F90FinalFreezeException (${T.finalFe}); active, current.`,
    );
    // Refused: the form again with the error, on its own URL, and no notice.
    expect(await save({ current: "on" })).toMatchObject({
      data: { error: "an inactive milestone cannot be the current one" },
      init: { status: 400 },
    });
  });

  it("adding a milestone goes back to /admin with a notice", async () => {
    await t.db.milestone.deleteMany({ where: { version: "final" } });
    const admin = await devLogin("boss", "qa-admin");
    const response = await postAdmin(admin, {
      intent: "add-milestone",
      release: "90",
      version: "final",
      blockerTracker: "F90FinalBlocker",
      feTracker: "F90FinalFreezeException",
      active: "on",
    });
    expect(await noticeAfter(response, admin)).toBe(
      `Fedora 90 Final added with trackers ${T.finalBlocker} and ${T.finalFe}.`,
    );
  });
});

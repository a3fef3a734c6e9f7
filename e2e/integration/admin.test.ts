/**
 * Admin operations and the development login against a real database and the sandbox's Bugzilla:
 * editing milestones (one current at a time, trackers resolved upstream), the background sync and the
 * sync lock, and who may use the admin pages.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../../app/config.server";
import { startBackgroundSync, isSyncRunning } from "../../app/sync/background.server";
import { SYNC_SOURCES } from "../../app/sync/run-sync.server";
import { AdminError, addMilestone, addRelease, updateMilestone } from "../../app/admin/milestones.server";
import { getUser } from "../../app/auth/session.server";
import { withSyncLock } from "../../app/sync/lock.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import { action as loginAction } from "../../app/routes/login/route";
import { action as adminAction, loader as adminLoader } from "../../app/routes/admin._index/route";
import { loader as milestoneLoader } from "../../app/routes/admin.milestones.$id/route";
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
    const post = (cookie: string) =>
      new Request(`${APP}/admin?index`, {
        method: "POST",
        headers: { Cookie: cookie },
        body: new URLSearchParams({ intent: "add-release", number: "91" }),
      });
    expect(
      (await thrownBy(adminAction({ request: post(member), context: ctx(), params: {} } as never))).status,
    ).toBe(403);
    expect(await t.db.release.count({ where: { number: 91 } })).toBe(0);

    const admin = await devLogin("boss", "qa-admin, packager");
    expect(await getUser(new Request(APP, { headers: { Cookie: admin } }), ctx())).toMatchObject({
      isAdmin: true,
    });
    expect(await adminAction({ request: post(admin), context: ctx(), params: {} } as never)).toMatchObject({
      data: { ok: "Release 91 added." },
    });
  });

  it("sets up a release's Beta and Final milestones from the standard tracker aliases alone", async () => {
    await t.db.milestone.deleteMany({ where: { version: "final" } });
    const admin = await devLogin("boss", "qa-admin");
    const discover = (number: string) =>
      adminAction({
        request: new Request(`${APP}/admin?index`, {
          method: "POST",
          headers: { Cookie: admin },
          body: new URLSearchParams({ intent: "discover-release", number }),
        }),
        context: ctx(),
        params: {},
      } as never);
    expect(await discover("90")).toMatchObject({
      data: { ok: "Release 90: Fedora 90 Beta already exists; Fedora 90 Final created." },
    });
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
      adminAction({
        request: new Request(`${APP}/admin?index`, {
          method: "POST",
          headers: { Cookie: admin },
          body: new URLSearchParams({
            intent: "release-active",
            number: "90",
            ...(active ? { active: "on" } : {}),
          }),
        }),
        context: ctx(),
        params: {},
      } as never);
    expect(await toggle(false)).toMatchObject({
      data: {
        ok: "Release 90 is now inactive, and so are its milestones (Fedora 90 Beta, Fedora 90 Final).",
      },
    });
    const milestones = await t.db.milestone.findMany({ where: { release: { number: 90 } } });
    expect(milestones.map((m) => [m.active, m.current])).toEqual([
      [false, false],
      [false, false],
    ]);
    expect(await toggle(true)).toMatchObject({
      data: { ok: "Release 90 is now active; activate the milestones you want on their Edit pages." },
    });
  });

  it("explains refused milestones in words that fit the page, not command-line options", async () => {
    const admin = await devLogin("boss", "qa-admin");
    const add = (fields: Record<string, string>) =>
      adminAction({
        request: new Request(`${APP}/admin?index`, {
          method: "POST",
          headers: { Cookie: admin },
          body: new URLSearchParams({
            intent: "add-milestone",
            version: "beta",
            blockerTracker: "F90BetaBlocker",
            feTracker: "F90BetaFreezeException",
            ...fields,
          }),
        }),
        context: ctx(),
        params: {},
      } as never);
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
    await updateMilestone(t.db, client(), beta!.id, {
      blockerTracker: "F90BetaBlocker",
      feTracker: "F90BetaFreezeException",
      active: true,
      current: true,
    });
    await updateMilestone(t.db, client(), final!.id, {
      blockerTracker: String(T.finalBlocker),
      feTracker: "F90FinalFreezeException",
      active: true,
      current: true,
    });
    const current = await t.db.milestone.findMany({ where: { current: true } });
    expect(current.map((m) => m.id)).toEqual([final!.id]);

    await expect(
      updateMilestone(t.db, client(), beta!.id, {
        blockerTracker: "NoSuchAlias",
        feTracker: "F90BetaFreezeException",
        active: true,
        current: false,
      }),
    ).rejects.toThrow(AdminError);
    await expect(
      updateMilestone(t.db, client(), beta!.id, {
        blockerTracker: "F90FinalBlocker",
        feTracker: "F90BetaFreezeException",
        active: true,
        current: false,
      }),
    ).rejects.toThrow(/already belongs to Fedora 90 Final/);
    await expect(
      updateMilestone(t.db, client(), beta!.id, {
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
      updateMilestone(t.db, client(), beta.id, {
        blockerTracker: "F90BetaFreezeException",
        feTracker: "F90BetaBlocker",
        active: true,
        current: false,
      }),
    ).rejects.toThrow(/F90BetaFreezeException.* not the blocker tracker of Fedora 90 Beta/);
    expect(await t.db.milestone.count()).toBe(2);
  });

  it("starts a sync in the background, and says so when one is already running", async () => {
    let release!: () => void;
    const held = withSyncLock(t.url, () => new Promise<void>((resolve) => (release = resolve)));
    await expect.poll(() => isSyncRunning(t.db)).toBe(true);
    expect(await startBackgroundSync(t.db, t.url, config, { full: false })).toBe("running");
    release();
    await held;
    expect(await isSyncRunning(t.db)).toBe(false);

    expect(await startBackgroundSync(t.db, t.url, config, { full: true })).toBe("started");
    // The background sync runs every source; wait until it has released the lock.
    await expect
      .poll(async () => (await t.db.syncRun.count()) > 0 && !(await isSyncRunning(t.db)), {
        timeout: 30_000,
      })
      .toBe(true);
    const runs = await t.db.syncRun.findMany({ orderBy: { id: "asc" } });
    expect(runs.map((r) => [r.source, r.outcome])).toEqual(SYNC_SOURCES.map((source) => [source, "success"]));
    expect(await t.db.milestoneBug.count({ where: { bugId: 101, active: true } })).toBe(1);
  });
});

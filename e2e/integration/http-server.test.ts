/**
 * The built server under BASE_PATH=/blockerbugs with synced demo data: every page, link, form and asset
 * carries the prefix and answers; health endpoints; request ids and redacted secrets in the JSON logs.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverRelease } from "../../app/admin/milestones.server";
import { parseConfig } from "../../app/config.server";
import { runSync } from "../../app/sync/sync.server";
import { bugzillaClient } from "../../app/upstream/clients.server";
import { loadDataset, startSandbox, type RunningSandbox } from "../sandbox/server";
import { startServerProcess, type ServerProcess } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";
import { sandboxUpstreams } from "../setup/sandbox-client";

const DEMO = path.join(import.meta.dirname, "..", "fixtures", "demo-upstream.json");
const BASE = "/blockerbugs";

let sandbox: RunningSandbox;
let t: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  sandbox = await startSandbox({ dataset: loadDataset(DEMO), port: 0 });
  t = await createTestDatabase();
  const config = parseConfig({ DATABASE_URL: t.url, ...sandboxUpstreams(sandbox.url) });
  await discoverRelease(t.db, bugzillaClient(config), 46);
  await t.db.milestone.updateMany({ where: { version: "beta" }, data: { current: true } });
  expect((await runSync(t.db, t.url, config, { full: true })).ok).toBe(true);
  server = await startServerProcess({
    DATABASE_URL: t.url,
    ...sandboxUpstreams(sandbox.url),
    BASE_PATH: BASE,
    BLOCKERBUGS_ROLE: "secondary",
    DEV_LOGIN: "true",
  });
});
afterAll(async () => {
  await server?.stop();
  await sandbox.close();
  await t.drop();
});

/** Local URLs in href/src/action attributes and in module imports of the inline scripts. */
function localUrls(html: string): string[] {
  const attrs = [...html.matchAll(/\s(?:href|src|action)="([^"]*)"/g)].map((m) =>
    m[1]!.replace(/&amp;/g, "&"),
  );
  const imports = [...html.matchAll(/import(?:\s*\*\s*as\s+\w+\s+from)?\s*\(?\s*"([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  return [...attrs, ...imports].filter((u) => u.startsWith("/"));
}

describe(`serving under BASE_PATH=${BASE}`, () => {
  it("every page's links, forms, scripts and assets carry the prefix and answer", async () => {
    const pages = [
      `${BASE}/`,
      `${BASE}/milestone/46/beta/buglist`,
      `${BASE}/about`,
      `${BASE}/api`,
      `${BASE}/sync`,
    ];
    const bug = await t.db.milestoneBug.findFirstOrThrow({ where: { active: true } });
    pages.push(`${BASE}/bug/${bug.bugId}`);
    const seen = new Set<string>();
    for (const page of pages) {
      const res = await fetch(server.origin + page);
      expect(res.status, page).toBe(200);
      const html = await res.text();
      const urls = localUrls(html);
      expect(urls.length, page).toBeGreaterThan(5);
      for (const url of urls) {
        expect(url === BASE || url.startsWith(`${BASE}/`), `${page}: ${url}`).toBe(true);
        seen.add(url.split("#")[0]!);
      }
      expect(html).not.toMatch(/"\/build\//);
    }
    // The buglist's filter form submits under the prefix.
    const buglist = await (await fetch(`${server.origin}${BASE}/milestone/46/beta/buglist`)).text();
    expect(buglist).toMatch(new RegExp(`<form[^>]*action="${BASE}/milestone/46/beta/buglist"`));
    // JS modules import each other by absolute URL: those carry the prefix too, and answer.
    const queue = [...seen];
    while (queue.length) {
      const url = queue.shift()!;
      const res = await fetch(server.origin + url, { redirect: "manual" });
      expect([200, 301, 302], url).toContain(res.status);
      const body = await res.text();
      if (!url.endsWith(".js")) continue;
      expect(body, url).not.toContain('"/build/');
      for (const [, imported] of body.matchAll(/(?:from|import)\s*\(?"(\/[^"]+)"/g)) {
        if (!seen.has(imported!)) {
          seen.add(imported!);
          queue.push(imported!);
        }
      }
    }
    expect([...seen].some((u) => u.startsWith(`${BASE}/build/`) && u.endsWith(".css"))).toBe(true);
    expect([...seen].some((u) => u.startsWith(`${BASE}/build/`) && u.endsWith(".js"))).toBe(true);
  });

  it("redirects keep the prefix; the API and the health endpoints answer under it", async () => {
    const current = await fetch(`${server.origin}${BASE}/current`, { redirect: "manual" });
    expect(current.status).toBe(302);
    expect(current.headers.get("location")).toBe(`${BASE}/milestone/46/beta/buglist`);
    for (const page of ["buglist", "requests"]) {
      const odd = await fetch(`${server.origin}${BASE}/milestone/046/Beta/${page}?q=x`, {
        redirect: "manual",
      });
      expect(odd.status).toBe(301);
      expect(odd.headers.get("location")).toBe(`${BASE}/milestone/46/beta/${page}?q=x`);
    }
    const root = await fetch(`${server.origin}/`, { redirect: "manual" });
    expect(root.headers.get("location")).toBe(`${BASE}/`);
    const api = await fetch(`${server.origin}${BASE}/api/v1/milestones`);
    expect(api.status).toBe(200);
    expect(await api.json()).toHaveLength(2);
    const manifest = await fetch(`${server.origin}${BASE}/__manifest?p=${BASE}/about&version=x`);
    expect(manifest.status).toBeLessThan(500);
    for (const probe of ["/healthz", `${BASE}/healthz`]) {
      const res = await fetch(server.origin + probe);
      expect(res.status, probe).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
    }
    const ready = await fetch(`${server.origin}${BASE}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("/current without a current milestone points to the admin page, where an existing one is marked", async () => {
    await t.db.milestone.updateMany({ data: { current: false } });
    try {
      const res = await fetch(`${server.origin}${BASE}/current`, { redirect: "manual" });
      expect(res.status).toBe(200);
      const text = (await res.text()).replace(/<!-- -->/g, "");
      expect(text).toContain(`href="${BASE}/admin"`);
      expect(text).toMatch(/edit the milestone and tick <em>Current milestone<\/em>/);
    } finally {
      await t.db.milestone.updateMany({ where: { version: "beta" }, data: { current: true } });
    }
  });

  it("a failed Bodhi, Koji or Pagure sync is flagged on the home page and the milestone pages", async () => {
    const run = await t.db.syncRun.create({
      data: {
        source: "pagure",
        kind: "incremental",
        outcome: "failed",
        finishedAt: new Date(),
        error: "Pagure: GET /api/0/x/issues: HTTP 500",
      },
    });
    try {
      const pages = ["buglist", "requests", "irc"].map((p) => `${BASE}/milestone/46/beta/${p}`);
      for (const page of [`${BASE}/`, ...pages]) {
        const text = (await (await fetch(`${server.origin}${page}`)).text()).replace(/<!-- -->/g, "");
        expect(text, page).toContain("The last Pagure sync failed");
        expect(text, page).toContain("Pagure: GET /api/0/x/issues: HTTP 500");
        expect(text, page).toContain(
          "discussion tickets and votes shown here are from the last successful Pagure sync",
        );
        expect(text, page).toContain(`href="${BASE}/sync"`);
        expect(text, page).not.toContain("The last Koji sync failed");
      }
    } finally {
      await t.db.syncRun.delete({ where: { id: run.id } });
    }
    const text = await (await fetch(`${server.origin}${BASE}/milestone/46/beta/buglist`)).text();
    expect(text).not.toContain("The last Pagure sync failed");
  });

  it("a second server on a taken port exits with one line naming PORT", async () => {
    const port = new URL(server.origin).port;
    await expect(
      startServerProcess({
        DATABASE_URL: t.url,
        ...sandboxUpstreams(sandbox.url),
        PORT: port,
        BLOCKERBUGS_ROLE: "secondary",
      }),
    ).rejects.toThrow(
      new RegExp(
        `exited with code 1:\\n.*blockerbugs: port ${port} is already in use by another program; set PORT to a free port\\n$`,
        "s",
      ),
    );
  });

  it("logging in comes back to the page under the prefix, not under the prefix twice", async () => {
    const propose = await fetch(`${server.origin}${BASE}/propose`, { redirect: "manual" });
    expect(propose.headers.get("location")).toBe(`${BASE}/login?redirectTo=%2Fpropose`);
    const login = await fetch(`${server.origin}${BASE}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        intent: "dev",
        login: "tester",
        groups: "",
        email: "",
        redirectTo: "/propose",
      }),
    });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe(`${BASE}/propose`);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const form = await fetch(`${server.origin}${BASE}/propose`, { headers: { Cookie: cookie } });
    expect(form.status).toBe(200);
  });

  it("refuses non-form bodies (415) and cross-site posts (403) before any action, in JSON under the API", async () => {
    const json = await fetch(`${server.origin}${BASE}/admin?index`, {
      method: "POST",
      headers: { Origin: server.origin, "Content-Type": "application/json" },
      body: JSON.stringify({ intent: "add-release", number: 91 }),
    });
    expect(json.status).toBe(415);
    expect(await json.text()).toMatch(/^Unsupported body: send a form .*, not application\/json\./);
    const crossSite = await fetch(`${server.origin}${BASE}/api/v1/milestones`, {
      method: "POST",
      headers: { Origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error).toMatch(/^Forbidden: the form was sent from another site/);
  });

  it("/readyz answers 503 with the reason while a migration is pending", async () => {
    const [last] = await t.db.$queryRaw<{ migration_name: string }[]>`
      DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)
      RETURNING migration_name`;
    try {
      const res = await fetch(`${server.origin}/readyz`);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.status).toBe("not ready");
      expect(body.reason).toContain(
        `1 pending migration(s) (${last!.migration_name}): run blockerbugs upgrade_db`,
      );
    } finally {
      await t.db
        .$executeRaw`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count)
        VALUES (gen_random_uuid()::text, 'x', now(), ${last!.migration_name}, 1)`;
    }
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
  });

  it("logs each request as JSON with its request id (kept from X-Request-Id) and never logs credentials", async () => {
    const res = await fetch(`${server.origin}${BASE}/about`, {
      headers: {
        "X-Request-Id": "test-req-42",
        Authorization: "Bearer sekrit-token-1",
        Cookie: "session=sekrit-cookie-2",
        "X-Api-Key": "sekrit-key-3",
      },
    });
    expect(res.headers.get("x-request-id")).toBe("test-req-42");
    const odd = await fetch(`${server.origin}${BASE}/about`, {
      headers: { "X-Request-Id": "bad id\twith spaces" },
    });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 200));
    const entry = server.logs().find((l) => (l.req as { id?: string } | undefined)?.id === "test-req-42");
    expect(entry).toMatchObject({
      msg: "request completed",
      req: {
        method: "GET",
        url: `${BASE}/about`,
        headers: { authorization: "[Redacted]", cookie: "[Redacted]" },
      },
      res: { statusCode: 200 },
    });
    expect(server.output()).not.toMatch(/sekrit/);
  });
});

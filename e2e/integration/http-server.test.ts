/**
 * The built server under BASE_PATH=/blockerbugs with synced demo data: every page, link, form and asset
 * carries the prefix and answers; health endpoints; request ids and redacted secrets in the JSON logs.
 */
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverRelease } from "../../app/admin/milestones.server";
import { parseConfig } from "../../app/config.server";
import { createPrismaClient } from "../../app/db/db.server";
import { checkReadiness } from "../../app/server/health.server";
import { runSync } from "../../app/sync/run-sync.server";
import { bugzillaClient } from "../../app/upstream/clients.server";
import { loadDataset, startSandbox, type RunningSandbox } from "../sandbox/server";
import { startServerProcess, type ServerProcess } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";
import { sandboxUpstreams } from "../setup/sandbox-client";
import { startMockOidc, type MockOidc } from "../oidc/mock-oidc";

const DEMO = path.join(import.meta.dirname, "..", "fixtures", "demo-upstream.json");
const BASE = "/blockerbugs";

let sandbox: RunningSandbox;
let t: TestDatabase;
let server: ServerProcess;
let oidc: MockOidc;

beforeAll(async () => {
  oidc = await startMockOidc();
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
    OIDC_ISSUER: oidc.issuer,
    OIDC_CLIENT_ID: "blockerbugs-test",
  });
});
afterAll(async () => {
  await oidc?.close();
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

  it("a failed Bodhi, Koji or Pagure sync is flagged on the pages built from its data", async () => {
    const run = await t.db.syncRun.create({
      data: {
        source: "pagure",
        kind: "incremental",
        outcome: "failed",
        finishedAt: new Date(),
        error: "Pagure: GET /api/0/x/issues: HTTP 500",
      },
    });
    // The text as shown (the error may break after its separators: <wbr>).
    const page = async (p: string) =>
      (await (await fetch(`${server.origin}${BASE}${p}`)).text()).replace(/<!-- -->|<wbr\/?>/g, "");
    try {
      for (const p of ["/", "/milestone/46/beta/buglist", "/milestone/46/beta/irc", "/bug/2410101"]) {
        const text = await page(p);
        expect(text, p).toContain("Pagure discussion tickets and votes may be out of date:");
        expect(text, p).toContain("the last Pagure sync failed");
        expect(text, p).toContain("Pagure: GET /api/0/x/issues: HTTP 500");
        expect(text, p).toContain("They are from the last successful one");
        expect(text, p).toContain(`href="${BASE}/sync"`);
        expect(text, p).not.toContain("the last Koji sync failed");
      }
      // The requests page is built from Bodhi and Koji data only.
      expect(await page("/milestone/46/beta/requests")).not.toContain("the last Pagure sync failed");
    } finally {
      await t.db.syncRun.delete({ where: { id: run.id } });
    }
    expect(await page("/milestone/46/beta/buglist")).not.toContain("the last Pagure sync failed");
  });

  it("a second server on a taken port exits with one line naming PORT, before scheduling any sync", async () => {
    const port = new URL(server.origin).port;
    const failure = startServerProcess({
      DATABASE_URL: t.url,
      ...sandboxUpstreams(sandbox.url),
      PORT: port,
      BLOCKERBUGS_ROLE: "primary",
    });
    await expect(failure).rejects.toThrow(
      new RegExp(
        `exited with code 1:\\n.*blockerbugs: error: port ${port} is already in use by another program; set PORT to a free port\\n$`,
        "s",
      ),
    );
    await expect(failure).rejects.not.toThrow(/sync scheduler started/);
  });

  it("a server on an address this host does not have exits with one line naming HOST", async () => {
    await expect(
      startServerProcess({
        DATABASE_URL: t.url,
        ...sandboxUpstreams(sandbox.url),
        HOST: "192.0.2.1",
        BLOCKERBUGS_ROLE: "secondary",
      }),
    ).rejects.toThrow(
      /exited with code 1:\n.*blockerbugs: error: cannot listen on 192\.0\.2\.1:\d+ \(listen EADDRNOTAVAIL[^)]*\); check HOST and PORT\n$/s,
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

  it("the development login marks a refused field invalid and ties its message to it", async () => {
    const page = await fetch(`${server.origin}${BASE}/login`, {
      method: "POST",
      headers: { Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "dev", login: "1bad", groups: "", email: "nope", redirectTo: "/" }),
    });
    const html = await page.text();
    for (const [name, message] of [
      ["login", "A user name: letters, digits, &#x27;.&#x27;, &#x27;_&#x27; or &#x27;-&#x27;"],
      ["email", "An e-mail address, or nothing"],
    ] as const) {
      const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? "";
      expect(input, name).toContain('aria-invalid="true"');
      const describedBy = /aria-describedby="([^"]+)"/.exec(input)?.[1];
      expect(describedBy, name).toBeTruthy();
      expect(html).toMatch(
        new RegExp(`id="${describedBy}"[^>]*>(<li>)?${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
      );
    }
  });

  it("refuses non-form bodies (415) and cross-site posts (403) before any action, in JSON under the API", async () => {
    const json = await fetch(`${server.origin}${BASE}/admin`, {
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

  it("behind the proxies, asks the provider to come back to the public https URL the proxy forwarded", async () => {
    // What nginx sends the app (roles/blockerbugs/templates/nginx-blockerbugs-locations.conf.j2) for a
    // browser on https://qa.example.org, TLS ended in front of haproxy. fetch() cannot set Host: node:http can.
    const start = (headers: Record<string, string>) => {
      const body = new URLSearchParams({ intent: "oidc", redirectTo: "/" }).toString();
      return new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request(`${server.origin}${BASE}/login`, {
          method: "POST",
          headers: {
            ...headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": Buffer.byteLength(body),
          },
        });
        req.on("response", resolve).on("error", reject).end(body);
      });
    };
    const redirectUri = (res: http.IncomingMessage) => {
      res.resume();
      expect(res.statusCode).toBe(302);
      return new URL(res.headers.location!).searchParams.get("redirect_uri");
    };
    const proxied = await start({
      Host: "qa.example.org",
      Origin: "https://qa.example.org",
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Host": "qa.example.org",
    });
    expect(redirectUri(proxied)).toBe(`https://qa.example.org${BASE}/auth/callback`);
    const direct = await start({ Origin: server.origin });
    expect(redirectUri(direct)).toBe(`${server.origin}${BASE}/auth/callback`);
  });

  it("on SIGTERM, finishes the requests in progress before it exits", async () => {
    // An identity provider that takes 1.5 s to answer the discovery request POST /login makes.
    const slow = http.createServer((req, res) => {
      const issuer = `http://127.0.0.1:${(slow.address() as net.AddressInfo).port}`;
      setTimeout(() => {
        res.setHeader("Content-Type", "application/json");
        res.end(
          JSON.stringify({
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
          }),
        );
      }, 1500);
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const issuer = `http://127.0.0.1:${(slow.address() as net.AddressInfo).port}`;
    const node = await startServerProcess({
      DATABASE_URL: t.url,
      BLOCKERBUGS_ROLE: "secondary",
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: "blockerbugs",
    });
    try {
      const login = fetch(`${node.origin}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: node.origin },
        body: new URLSearchParams({ intent: "oidc", redirectTo: "/" }),
      }).then(
        (res) => `${res.status} ${res.headers.get("location")?.split("?")[0]}`,
        (error: Error) => `failed: ${error.message} ${(error.cause as Error | undefined)?.message ?? ""}`,
      );
      await new Promise((r) => setTimeout(r, 500));
      const stopped = node.stop();
      expect(await login).toBe(`302 ${issuer}/authorize`);
      expect(await stopped).toBe(0);
    } finally {
      await node.stop();
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    }
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
        `1 pending migration (${last!.migration_name}): run blockerbugs upgrade_db`,
      );
    } finally {
      await t.db
        .$executeRaw`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count)
        VALUES (gen_random_uuid()::text, 'x', now(), ${last!.migration_name}, 1)`;
    }
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
  });

  it("logs an API error as one JSON line, like every other log line", async () => {
    const before = server.output().length;
    await t.db.$executeRawUnsafe(`ALTER TABLE "Milestone" RENAME TO "MilestoneAway"`);
    try {
      const res = await fetch(`${server.origin}${BASE}/api/v1/milestones`, {
        headers: { "X-Request-Id": "api-error-1" },
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: "Internal server error" });
    } finally {
      await t.db.$executeRawUnsafe(`ALTER TABLE "MilestoneAway" RENAME TO "Milestone"`);
    }
    await new Promise((r) => setTimeout(r, 200));
    const lines = server.output().slice(before).split("\n").filter(Boolean);
    const notJson = lines.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(notJson.slice(0, 3)).toEqual([]);
    const error = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "API request failed");
    expect(error).toMatchObject({ level: 50, url: expect.stringContaining(`${BASE}/api/v1/milestones`) });
  });

  it("/readyz names why the database is unreachable, without its credentials", async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const db = createPrismaClient(`postgresql://blockerbugs:pw-SECRET@127.0.0.1:${closed}/blockerbugs`);
    try {
      const result = await checkReadiness(db);
      expect(result).toEqual({
        ready: false,
        reason: `database unreachable: Can't reach database server at 127.0.0.1:${closed}`,
      });
    } finally {
      await db.$disconnect();
    }
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
    await fetch(`${server.origin}${BASE}/auth/callback?state=sekrit-state-4&code=sekrit-code-5`, {
      headers: { "X-Request-Id": "test-req-43" },
    });
    await new Promise((r) => setTimeout(r, 200));
    const entry = server.logs().find((l) => (l.req as { id?: string } | undefined)?.id === "test-req-42");
    expect(entry).toMatchObject({
      msg: "request completed",
      req: { method: "GET", url: `${BASE}/about` },
      res: { statusCode: 200 },
    });
    // An access log line: no headers at all, so none can leak.
    expect(entry!.req).not.toHaveProperty("headers");
    expect(entry!.res).not.toHaveProperty("headers");
    const callback = server.logs().find((l) => (l.req as { id?: string } | undefined)?.id === "test-req-43");
    expect((callback?.req as { url?: string }).url).toBe(
      `${BASE}/auth/callback?state=[Redacted]&code=[Redacted]`,
    );
    expect(server.output()).not.toMatch(/sekrit/);
  });
});

/** A request with any method (fetch refuses TRACE and CONNECT); resolves with status, headers and body. */
function rawRequest(method: string, url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request(url, { method, headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on("error", reject).end();
    },
  );
}

describe("locked doors: security headers and methods", () => {
  /** Checks the security headers every response carries; returns the CSP. */
  function expectSecurityHeaders(headers: http.IncomingHttpHeaders, what: string): string {
    const csp = String(headers["content-security-policy"]);
    for (const directive of [
      "default-src 'self'",
      "style-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      `form-action 'self' ${new URL(oidc.issuer).origin}`,
    ])
      expect(csp.split(";"), `${what}: ${directive}`).toContain(directive);
    expect(csp, what).toMatch(/(^|;)script-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='(;|$)/);
    expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(headers["x-frame-options"], what).toBe("DENY");
    expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
    expect(headers["x-content-type-options"], what).toBe("nosniff");
    expect(headers["permissions-policy"], what).toMatch(/(^|, )camera=\(\)(, |$)/);
    expect(headers["permissions-policy"], what).toMatch(/(^|, )geolocation=\(\)(, |$)/);
    // HSTS is the TLS-terminating proxy's (the deploy role's nginx): this server speaks plain HTTP.
    expect(headers["strict-transport-security"], what).toBeUndefined();
    return csp;
  }

  it("are on pages, the API, assets, probes, redirects and errors", async () => {
    const home = await rawRequest("GET", `${server.origin}${BASE}/`);
    const css = /href="([^"]+\.css)"/.exec(home.body)![1]!;
    const js = /src="([^"]+\.js)"|import\("([^"]+\.js)"\)/.exec(home.body)!.slice(1).find(Boolean)!;
    const cases: [string, string, number][] = [
      ["GET", `${BASE}/`, 200],
      ["GET", `${BASE}/milestone/46/beta/buglist`, 200],
      ["GET", `${BASE}/sync`, 200],
      ["GET", `${BASE}/api/v1/milestones`, 200],
      ["GET", `${BASE}/api/v1/bugs/1`, 404],
      ["GET", css, 200],
      ["GET", js, 200],
      ["GET", `${BASE}/favicon.svg`, 200],
      ["GET", `${BASE}/healthz`, 200],
      ["GET", `${BASE}/readyz`, 200],
      ["GET", `${BASE}/current`, 302],
      ["GET", "/", 302],
      ["GET", `${BASE}/no/such/page`, 404],
      ["GET", `${BASE}/milestone/abc/beta/buglist`, 400],
      ["POST", `${BASE}/about`, 405],
      ["TRACE", `${BASE}/`, 405],
    ];
    for (const [method, path, status] of cases) {
      const res = await rawRequest(method, server.origin + path);
      expect(res.status, `${method} ${path}`).toBe(status);
      expectSecurityHeaders(res.headers, `${method} ${path}`);
    }
  });

  it("every inline script of a page carries that response's nonce; no inline styles", async () => {
    const nonces = new Set<string>();
    for (const path of ["/", "/milestone/46/beta/buglist", "/milestone/46/beta/irc", "/about", "/login"]) {
      const res = await rawRequest("GET", `${server.origin}${BASE}${path}`);
      const nonce = /'nonce-([^']+)'/.exec(String(res.headers["content-security-policy"]))![1]!;
      nonces.add(nonce);
      const scripts = [...res.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
      const inline = scripts.filter((attrs) => !/\ssrc=/.test(attrs));
      // The bug list is plain HTML (no hydration, see its route's handle); every other page hydrates:
      // Remix context, route modules, scroll restoration.
      if (path.endsWith("/buglist")) expect(scripts, path).toEqual([]);
      else expect(inline.length, path).toBeGreaterThanOrEqual(3);
      for (const attrs of inline) expect(attrs, path).toContain(`nonce="${nonce}"`);
      expect(res.body, path).not.toMatch(/<[a-z][^>]*\sstyle=/i);
      expect(res.body, path).not.toMatch(/<style\b/i);
    }
    expect(nonces.size).toBe(5);
  });

  it("answers TRACE and other unknown methods with 405 and Allow on every route, never a 500", async () => {
    const before = server.output().length;
    const pages = [`${BASE}/`, `${BASE}/milestone/46/beta/buglist`, `${BASE}/about`, `${BASE}/no/such/page`];
    const unknown = ["TRACE", "PROPFIND", "PUT", "DELETE", "PATCH", "MKCOL"];
    for (const method of unknown) {
      for (const path of pages) {
        const res = await rawRequest(method, server.origin + path);
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.allow, `${method} ${path}`).toBe("GET, HEAD");
        expect(res.body).toBe(`Method not allowed: ${method} is not supported here; use GET or HEAD.\n`);
      }
      const form = await rawRequest(method, `${server.origin}${BASE}/propose`);
      expect(form.status).toBe(405);
      expect(form.headers.allow).toBe("GET, HEAD, POST");
      for (const path of [
        `${BASE}/api/v1/milestones`,
        `${BASE}/api/v1/milestones/46/beta/bugs`,
        `${BASE}/api/x`,
      ]) {
        const api = await rawRequest(method, server.origin + path);
        expect(api.status, `${method} ${path}`).toBe(405);
        expect(api.headers.allow).toBe("GET");
        expect(api.headers["content-type"]).toBe("application/json; charset=utf-8");
        expect(JSON.parse(api.body)).toEqual({ error: "Method not allowed: use GET" });
      }
      for (const path of ["/", "/healthz", `${BASE}/readyz`, `${BASE}/favicon.svg`, `${BASE}/build/x.js`]) {
        const res = await rawRequest(method, server.origin + path);
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.allow, `${method} ${path}`).toBe("GET, HEAD");
      }
    }
    // A form sent to a page without one: Remix's own 405 page, which now names the methods too.
    const post = await rawRequest("POST", `${server.origin}${BASE}/milestone/46/beta/buglist`);
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
    expect(post.body).toContain("<html");
    // OPTIONS says what a path takes.
    for (const [path, allow] of [
      [`${BASE}/admin`, "GET, HEAD, POST"],
      [`${BASE}/login`, "GET, HEAD, POST"],
      [`${BASE}/bug/2410101`, "GET, HEAD"],
      [`${BASE}/api/v1/milestones`, "GET"],
    ]) {
      const res = await rawRequest("OPTIONS", server.origin + path!);
      expect(res.status, path).toBe(204);
      expect(res.headers.allow, path).toBe(allow);
    }
    const errors = server
      .output()
      .slice(before)
      .split("\n")
      .filter((line) => /"statusCode":5\d\d/.test(line));
    expect(errors).toEqual([]);
  });
});

describe("/sync in words", () => {
  it("lists each source's counters in words in a fixed order, keeps times on one line, names the checkout command", async () => {
    const html = (await (await fetch(`${server.origin}${BASE}/sync`)).text()).replace(/<!-- -->/g, "");
    // What the page shows (the loader data in its scripts keeps the API's keys).
    const text = html
      .replace(/<script[\s\S]*?<\/script>/g, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .replace(/ ([.,])/g, "$1");
    expect(text).toMatch(
      /bugzilla .* 2 milestones, \d+ bugs read, \d+ changes?, 0 bugs no longer tracked, 1 inaccessible bug, \d+ bug histories read, 0 bug histories failed, \d+ prioritized bugs?, \d+ prioritized bugs? not tracked, \d+ requests /,
    );
    expect(text).toMatch(
      /bodhi .* 1 release, \d+ updates, 0 stale links, 1 previous release, 1 update of a previous release, \d+ requests /,
    );
    // Koji: the tags read early (while Bugzilla was synced), then those of the previous release's update.
    expect(text).toMatch(/koji .* \d+ builds, \d+ with tags read, 0 build errors, 2 requests /);
    expect(text).toMatch(/pagure .* 1 request /);
    expect(text).not.toMatch(/bugsFetched|staleLinks|buildErrors|issuesListed|votesRead/);
    expect(text).toContain(
      "In a source checkout, use npm run cli -- instead of blockerbugs, e.g. npm run cli -- sync.",
    );
    const times = [...html.matchAll(/<time [^>]*>(.*?)<\/time>/g)].map((m) => m[1]!);
    expect(times.length).toBeGreaterThanOrEqual(4);
    for (const time of times)
      expect(time).toMatch(
        /^<span class="whitespace-nowrap">[^<]+<\/span> <span class="whitespace-nowrap[^"]*">\(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)<\/span>$/,
      );
  });
});

/**
 * Pages per data version (app/server/page-cache.ts) with two real server processes on one database and
 * the sandbox: a change — a CLI sync, a proposal through the other server — is on the very next page
 * of both; anonymous pages are rendered once per version, a logged-in page is never kept or served to
 * anyone else and an anonymous one never to a logged-in user; 304 on a matching If-None-Match;
 * brotli and gzip when accepted.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../app/config.server";
import { runSync } from "../../app/sync/run-sync.server";
import { bugzillaClient } from "../../app/upstream/clients.server";
import { startSandbox, type RunningSandbox } from "../sandbox/server";
import { addRelease90, bzBug, dataset, T } from "../setup/datasets";
import { patchBugs, sandboxUpstreams } from "../setup/sandbox-client";
import { emptyConfigFile, startServerProcess, type ServerProcess } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const LIST = "/milestone/90/beta/buglist";

let sandbox: RunningSandbox;
let t: TestDatabase;
let a: ServerProcess;
let b: ServerProcess;
let env: Record<string, string>;

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent (still compressed when Content-Encoding is set). */
  raw: Buffer;
  /** The body decoded. */
  text: string;
}

/** GET (or `method`) with exactly these headers (fetch would add Accept-Encoding and decode). */
function get(origin: string, pathname: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<Got>((resolve, reject) => {
    const req = http.request(origin + pathname, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const encoding = raw.length > 0 ? res.headers["content-encoding"] : undefined;
        const decoded =
          encoding === "br"
            ? zlib.brotliDecompressSync(raw)
            : encoding === "gzip"
              ? zlib.gunzipSync(raw)
              : raw;
        resolve({ status: res.statusCode!, headers: res.headers, raw, text: decoded.toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** POSTs a form; resolves with the status, Location and Set-Cookie of the answer. */
async function post(origin: string, pathname: string, form: Record<string, string>, cookie = "") {
  const res = await fetch(origin + pathname, {
    method: "POST",
    body: new URLSearchParams(form),
    headers: cookie ? { Cookie: cookie } : {},
    redirect: "manual",
  });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get("location"), cookies: res.headers.getSetCookie() };
}

/** Logs in through the development login on `server`; returns the session cookie (`bb_session=…`). */
async function logIn(server: ServerProcess, login: string): Promise<string> {
  const res = await post(server.origin, "/login", {
    intent: "dev",
    login,
    email: `${login}@example.com`,
    groups: "packager",
    redirectTo: "/",
  });
  expect(res.status).toBe(302);
  const session = res.cookies.find((c) => c.startsWith("bb_session="));
  expect(session).toBeDefined();
  return session!.split(";")[0]!;
}

/** `blockerbugs sync` in its own process, as an administrator would run it. */
function cliSync(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "app/cli/bin.mjs"), "sync"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: "test", ...env, BLOCKERBUGS_CONFIG: emptyConfigFile() },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`sync exited ${code}: ${err}`))));
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({
    dataset: dataset([
      bzBug(101, { summary: "Not proposed yet" }),
      bzBug(103, { summary: "Installer crashes on start", blocks: [T.betaBlocker] }),
      bzBug(105, {
        summary: "Black screen after login",
        blocks: [T.betaBlocker],
        whiteboard: "AcceptedBlocker",
      }),
    ]) as never,
    port: 0,
  });
  t = await createTestDatabase();
  env = { DATABASE_URL: t.url, ...sandboxUpstreams(sandbox.url), BUGZILLA_API_KEY: "test-key" };
  const config = parseConfig(env);
  await addRelease90(t.db, bugzillaClient(config));
  await t.db.milestone.updateMany({ where: { version: "beta" }, data: { current: true } });
  expect((await runSync(t.db, t.url, config, { full: true })).ok).toBe(true);
  const serverEnv = { ...env, BLOCKERBUGS_ROLE: "secondary", DEV_LOGIN: "true" };
  [a, b] = await Promise.all([startServerProcess(serverEnv), startServerProcess(serverEnv)]);
}, 180_000);
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await sandbox?.close();
  await t?.drop();
});

describe("anonymous pages per data version", () => {
  it("are rendered once, then served as kept, with an ETag the browser revalidates", async () => {
    const first = await get(a.origin, LIST);
    const second = await get(a.origin, LIST);
    expect(first.status).toBe(200);
    expect(first.text).toContain("Installer crashes on start");
    expect(second.text).toBe(first.text);
    expect(second.headers["x-cache"]).toBe("hit");
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(first.headers["cache-control"]).toBe("no-cache");
    expect(first.headers.vary).toMatch(/Cookie/);
    expect(Date.parse(first.headers["last-modified"]!)).toBeGreaterThan(Date.now() - 10 * 60_000);
    // Both servers read the same version, so they give the same ETag.
    expect((await get(b.origin, LIST)).headers.etag).toBe(first.headers.etag);
  });

  it("many requests for a page not kept yet share one render", async () => {
    const pages = await Promise.all(
      Array.from({ length: 30 }, () => get(b.origin, "/milestone/90/final/buglist")),
    );
    expect(pages.map((p) => p.status)).toEqual(Array(30).fill(200));
    expect(pages.filter((p) => p.headers["x-cache"] === "miss")).toHaveLength(1);
    expect(new Set(pages.map((p) => p.text)).size).toBe(1);
  });

  it("answer 304 to a matching If-None-Match, without a body or a CSP of another nonce", async () => {
    const page = await get(a.origin, LIST);
    const etag = page.headers.etag!;
    const again = await get(a.origin, LIST, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers["content-security-policy"]).toBeUndefined();
    expect((await get(a.origin, LIST, { "If-None-Match": 'W/"other"' })).status).toBe(200);
    // The API too.
    const api = await get(b.origin, "/api/v1/milestones/90/beta/bugs");
    expect(api.headers["content-type"]).toMatch(/json/);
    expect(
      (await get(b.origin, "/api/v1/milestones/90/beta/bugs", { "If-None-Match": api.headers.etag! })).status,
    ).toBe(304);
  });

  it("are sent with brotli or gzip when accepted, and plain otherwise", async () => {
    const plain = await get(a.origin, LIST);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const br = await get(a.origin, LIST, { "Accept-Encoding": "gzip, deflate, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.text).toBe(plain.text);
    expect(br.raw.length).toBeLessThan(plain.raw.length / 4);
    const gz = await get(a.origin, LIST, { "Accept-Encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.text).toBe(plain.text);
    expect(Number(gz.headers["content-length"])).toBe(gz.raw.length);
    // HEAD: the headers of the page, no body.
    const head = await get(a.origin, LIST, { "Accept-Encoding": "gzip" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.raw.length).toBe(0);
    expect(head.headers["content-length"]).toBe(gz.headers["content-length"]);
    // Pages that are not kept (here /about) are compressed too.
    const about = await get(a.origin, "/about", { "Accept-Encoding": "gzip" });
    expect(about.headers["content-encoding"]).toBe("gzip");
    expect(about.text).toContain("About");
  });
  it("a kept page is sent with the CSP whose nonce its inline scripts carry", async () => {
    for (const server of [a, b]) {
      for (let i = 0; i < 2; i++) {
        const page = await get(server.origin, "/bug/105", { "Accept-Encoding": "br" });
        const nonce = /'nonce-([^']+)'/.exec(String(page.headers["content-security-policy"]))![1]!;
        const inline = [...page.text.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
        expect(inline.length).toBeGreaterThanOrEqual(3);
        for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);
      }
    }
  });

  it("after a write that does not change the page, are checked (loaders run, no render) and keep their ETag", async () => {
    const before = await get(a.origin, LIST);
    await t.db.release.create({ data: { number: 95 } });
    const after = await get(a.origin, LIST, { "If-None-Match": before.headers.etag! });
    expect(after.status).toBe(304);
    expect(after.headers["x-cache"]).toBe("revalidated");
    expect(after.headers.etag).toBe(before.headers.etag);
    expect((await get(a.origin, LIST)).headers["x-cache"]).toBe("hit");
  });
});

describe("a change is on the very next page of both servers", () => {
  it("a sync by the command line", async () => {
    const before = await get(a.origin, LIST);
    await get(b.origin, LIST);
    expect((await get(b.origin, LIST)).headers["x-cache"]).toBe("hit");
    await patchBugs(sandbox.url, [{ id: 103, summary: "Installer crashes on start with NVMe RAID" }]);
    await cliSync();
    for (const server of [a, b]) {
      const page = await get(server.origin, LIST);
      expect(page.text, server.origin).toContain("Installer crashes on start with NVMe RAID");
      expect(page.headers.etag).not.toBe(before.headers.etag);
    }
    // The browser's old copy is not current any more.
    expect((await get(a.origin, LIST, { "If-None-Match": before.headers.etag! })).status).toBe(200);
    const api = await get(b.origin, "/api/v1/bugs/103");
    expect(api.text).toContain("Installer crashes on start with NVMe RAID");
  });

  it("a proposal made through the other server", async () => {
    expect((await get(b.origin, LIST)).text).not.toContain("Not proposed yet");
    await get(b.origin, "/");
    const cookie = await logIn(a, "proposer");
    const proposed = await post(
      a.origin,
      "/propose",
      {
        milestoneId: String((await t.db.milestone.findFirstOrThrow({ where: { version: "beta" } })).id),
        bugId: "101",
        blocker: "on",
        justification: "Breaks every UEFI install.",
        submissionKey: "page-cache-test-0001",
      },
      cookie,
    );
    expect(proposed.status).toBe(302);
    const page = await get(b.origin, LIST);
    expect(page.text).toContain("Not proposed yet");
    expect(page.headers["x-cache"]).toBe("miss");
  });
});

describe("logged-in pages", () => {
  it("are never kept, never served to anyone else, and never get an anonymous page", async () => {
    for (const pathname of [LIST, "/", "/bug/105", "/prioritized"]) {
      const anonymous = await get(a.origin, pathname);
      expect(anonymous.status, pathname).toBe(200);
      const cookie = await logIn(a, "alice-sees-this");
      const mine = await get(a.origin, pathname, {
        Cookie: cookie,
        "If-None-Match": anonymous.headers.etag!,
      });
      expect(mine.status, pathname).toBe(200);
      expect(mine.text, pathname).toContain("alice-sees-this");
      expect(mine.headers["cache-control"], pathname).toBe("private, no-cache");
      expect(mine.headers["x-cache"], pathname).toBeUndefined();
      expect(mine.headers.etag, pathname).toBeUndefined();
      for (const server of [a, b]) {
        const other = await get(server.origin, pathname);
        expect(other.text, pathname).not.toContain("alice-sees-this");
        expect(other.text, pathname).toContain("Log in");
        const bob = await get(server.origin, pathname, { Cookie: await logIn(server, "bob") });
        expect(bob.text, pathname).not.toContain("alice-sees-this");
        expect(bob.text, pathname).toContain("bob");
      }
    }
  });

  it("logged-in responses are compressed when accepted", async () => {
    const cookie = await logIn(a, "carol");
    const page = await get(a.origin, LIST, { Cookie: cookie, "Accept-Encoding": "gzip" });
    expect(page.headers["content-encoding"]).toBe("gzip");
    expect(page.text).toContain("carol");
  });
});

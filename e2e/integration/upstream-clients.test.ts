// The Bodhi, Koji and Pagure clients against the sandbox's real HTTP servers: transport, retries,
// faults and the upstream quirks each client must handle (edge-cases.md IDs in the test names).
import http from "node:http";
import net from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { BodhiClient } from "../../app/upstream/bodhi.server";
import { requestJson, type HttpPolicy } from "../../app/upstream/http.server";
import { KojiClient } from "../../app/upstream/koji.server";
import { PagureClient } from "../../app/upstream/pagure.server";
import { loadDataset, startSandbox } from "../sandbox/server";
import { clearFaults, clearRequestLog, patchDataset, requestLog, setFaults } from "../setup/sandbox-client";

const DEMO = path.join(import.meta.dirname, "..", "fixtures", "demo-upstream.json");
const POLICY: HttpPolicy = { timeoutMs: 1500, attempts: 3, retryBaseMs: 20 };

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
const patch = (body: Record<string, unknown>) => patchDataset(sandbox.url, body);

beforeAll(async () => {
  sandbox = await startSandbox({ dataset: loadDataset(DEMO), port: 0, hangMs: 3000 });
});
afterEach(async () => {
  await clearFaults(sandbox.url);
  await clearRequestLog(sandbox.url);
});
afterAll(async () => {
  await sandbox.close();
});

describe("BodhiClient", () => {
  const bodhi = (extra: Partial<ConstructorParameters<typeof BodhiClient>[0]> = {}) =>
    new BodhiClient({ baseUrl: `${sandbox.url}/bodhi`, policy: POLICY, ...extra });

  it("reads updates by bug ids for one release, dates as UTC, with Accept: application/json (BO-01, BO-13)", async () => {
    const updates = await bodhi().updatesForBugs("F46", [2410158, 2410177, 9999999]);
    expect(updates.map((u) => u.alias).sort()).toEqual(["FEDORA-2026-0a9e2ede81", "FEDORA-2026-727d28d7f3"]);
    const u = updates.find((x) => x.alias === "FEDORA-2026-0a9e2ede81")!;
    expect(u.date_submitted?.toISOString()).toBe("2026-11-13T19:17:00.000Z");
    const log = await requestLog(sandbox.url);
    const entry = log.log.find((e) => e.path.startsWith("/bodhi/updates"))!;
    expect(entry.query).toMatchObject({
      bugs: "2410158,2410177,9999999",
      releases: "F46",
      rows_per_page: "100",
    });
  });

  it("BO-05/BO-17: an unknown release fails with Bodhi's own message, not retried", async () => {
    const client = bodhi();
    await expect(client.updatesForBugs("F99", [1])).rejects.toThrow(
      /Bodhi: GET \/bodhi\/updates\/.*releases: Invalid releases specified: F99 \(HTTP 400, code releases\)/,
    );
    expect(client.requestCount).toBe(1);
  });

  it("BO-03: a 504 HTML page is retried and the listing still succeeds", async () => {
    await setFaults(sandbox.url, { rules: [{ path: "/bodhi/updates", fault: "503", times: 1 }] });
    const client = bodhi();
    expect(await client.updatesForBugs("F46", [2410158])).toHaveLength(1);
    expect(client.requestCount).toBe(2);
  });

  it("a network error names the host it could not reach", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const client = bodhi({ baseUrl: `http://127.0.0.1:${port}/bodhi` });
    await expect(client.releases({ state: "pending" })).rejects.toThrow(
      `network error: cannot connect to 127.0.0.1:${port} (ECONNREFUSED: connection refused)`,
    );
  });

  it("lists releases by state (discover)", async () => {
    const pending = await bodhi().releases({ state: "pending" });
    expect(pending.map((r) => r.name)).toEqual(["F47"]);
    expect((await bodhi().releases({ state: "frozen" })).map((r) => r.name)).toEqual(["F46"]);
  });
});

describe("KojiClient", () => {
  const koji = (extra: Partial<ConstructorParameters<typeof KojiClient>[0]> = {}) =>
    new KojiClient({ url: `${sandbox.url}/koji/kojihub`, policy: POLICY, ...extra });

  it("reads the tags of many builds with multicall batches; a per-build fault stays with that build (KO-10)", async () => {
    const client = koji({ batchSize: 2 });
    const tags = await client.tagsOfBuilds([
      "openssh-46.2-3.fc46",
      "mesa-39.20-3.fc46",
      "not-a-real-build-1-1.fc46",
      "anaconda-40.4-3.fc46",
    ]);
    expect(Object.fromEntries(tags)).toEqual({
      "openssh-46.2-3.fc46": { ok: true, tags: expect.arrayContaining(["f46-updates-candidate"]) },
      "mesa-39.20-3.fc46": { ok: true, tags: ["f46"] },
      "not-a-real-build-1-1.fc46": { ok: false, error: expect.stringMatching(/^fault 1000: No such build/) },
      "anaconda-40.4-3.fc46": { ok: true, tags: ["f46-updates-testing"] },
    });
    expect(client.requestCount).toBe(2); // 4 builds in batches of 2
  });

  it("KO-06: strings that are not N-V-R shaped are never sent", async () => {
    const client = koji();
    const tags = await client.tagsOfBuilds(["systemd"]);
    expect(tags.get("systemd")).toEqual({ ok: false, error: "not a name-version-release: systemd" });
    expect(client.requestCount).toBe(0);
  });

  it("KO-03: a top-level fault (HTTP 200) is an error with its code; KO-04: nil results are null", async () => {
    const client = koji();
    await expect(client.call("listTagged", ["f99"])).rejects.toMatchObject({
      code: 1000,
      message: expect.stringMatching(/listTagged: fault 1000: No such tagInfo/),
    });
    expect(client.requestCount).toBe(1); // not retried
    expect(await client.call("getBuild", ["systemd-999-1.fc46"])).toBeNull();
  });

  it("KO-12: connection resets and 5xx are retried within the attempt budget", async () => {
    await setFaults(sandbox.url, {
      rules: [
        { path: "/koji", fault: "reset", times: 1 },
        { path: "/koji", fault: "502", times: 1 },
      ],
    });
    const client = koji();
    const tags = await client.tagsOfBuilds(["mesa-39.20-3.fc46"]);
    expect(tags.get("mesa-39.20-3.fc46")).toEqual({ ok: true, tags: ["f46"] });
    expect(client.requestCount).toBe(3);
  });

  it("KO-12: fault 1014 ServerOffline is retried, then fails the whole call", async () => {
    await patch({ koji: { offline: true } });
    try {
      const client = koji();
      await expect(client.tagsOfBuilds(["mesa-39.20-3.fc46"])).rejects.toThrow(
        /Koji: POST \/koji\/kojihub: multiCall: fault 1014: Server disabled for maintenance/,
      );
      expect(client.requestCount).toBe(POLICY.attempts);
    } finally {
      await patch({ koji: { offline: false } });
    }
  });

  it("a truncated XML body is retried", async () => {
    await setFaults(sandbox.url, { rules: [{ path: "/koji", fault: "truncated", times: 1 }] });
    const client = koji();
    expect((await client.tagsOfBuilds(["mesa-39.20-3.fc46"])).get("mesa-39.20-3.fc46")).toEqual({
      ok: true,
      tags: ["f46"],
    });
    expect(client.requestCount).toBe(2);
  });
});

describe("PagureClient", () => {
  const pagure = (token?: string, extra: Partial<ConstructorParameters<typeof PagureClient>[0]> = {}) =>
    new PagureClient({
      baseUrl: `${sandbox.url}/pagure`,
      repo: "fedora-qa/blocker-review",
      token,
      policy: POLICY,
      ...extra,
    });

  it("PA-02: lists every issue page by page with per_page ≤ 100, comments embedded", async () => {
    const client = pagure(undefined, { pageSize: 20 });
    const issues = await client.listIssues();
    expect(issues).toHaveLength(54);
    expect(client.requestCount).toBe(3);
    expect(issues.find((i) => i.id === 2402)?.comments?.map((c) => c.user.name)).toEqual([
      "tester5",
      "tester7",
    ]);
    // A larger page size is capped when sent.
    await clearRequestLog(sandbox.url);
    await pagure(undefined, { pageSize: 500 }).listIssues();
    expect((await requestLog(sandbox.url)).log[0]!.query.per_page).toBe("100");
  });

  it("PA-04/PA-07/PA-08: creates an issue with token auth and tags as a comma string; a comment is found by re-reading", async () => {
    await patch({ pagure: { tokens: { "good-token": "qa-bot" } } });
    try {
      const client = pagure("good-token");
      const issue = await client.createIssue({
        title: "2410101: test",
        content: "body",
        tags: ["f46", "meeting"],
      });
      expect(issue).toMatchObject({ title: "2410101: test", tags: ["f46", "meeting"] });
      const log = await requestLog(sandbox.url);
      const post = log.log.find((e) => e.method === "POST")!;
      expect(post.body).toMatchObject({ tag: "f46,meeting" });
      const comment = await client.addComment(issue.id, "BetaBlocker +1");
      expect(comment).toMatchObject({ comment: "BetaBlocker +1", user: { name: "qa-bot" } });
      // A bad token is refused for writes (no anonymous fallback there).
      await expect(pagure("wrong").createIssue({ title: "x", content: "y" })).rejects.toMatchObject({
        status: 401,
        code: "EINVALIDTOK",
      });
    } finally {
      await patch({ pagure: { tokens: null } });
    }
  });

  it("PA-05: a GET refused with 401 EINVALIDTOK is sent again anonymously, and later reads stay anonymous", async () => {
    await patch({ pagure: { tokens: { "good-token": "qa-bot" } } });
    try {
      const client = pagure("token-for-another-project");
      const lookup = await client.getIssue(2401);
      expect(lookup.state).toBe("ok");
      expect(client.requestCount).toBe(2);
      await client.getIssue(2402);
      expect(client.requestCount).toBe(3);
    } finally {
      await patch({ pagure: { tokens: null } });
    }
  });

  it("PA-10: a private ticket reads as 'private', an unknown one as 'missing'", async () => {
    await patch({ pagure: { issues: [{ id: 2401, private: true }] } });
    try {
      expect(await pagure().getIssue(2401)).toEqual({ state: "private" });
      expect(await pagure().getIssue(999999)).toEqual({ state: "missing" });
    } finally {
      await patch({ pagure: { issues: [{ id: 2401, private: false }] } });
    }
  });
});

describe("the HTTP helper (node:http)", () => {
  /** A one-route server whose handler gets the number of the request (1, 2, …). */
  async function serve(handler: (n: number, res: http.ServerResponse) => void) {
    let n = 0;
    const server = http.createServer((_req, res) => handler(++n, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    return {
      url: new URL(`http://127.0.0.1:${port}/x`),
      requests: () => n,
      close: () => new Promise((resolve) => server.close(resolve)),
    };
  }
  const schema = z.object({ ok: z.boolean(), text: z.string() });
  const body = JSON.stringify({ ok: true, text: "ü ".repeat(1000) });

  it("reads gzip, deflate and brotli bodies", async () => {
    for (const [encoding, encode] of [
      ["gzip", zlib.gzipSync],
      ["deflate", zlib.deflateSync],
      ["br", zlib.brotliCompressSync],
    ] as const) {
      const server = await serve((_n, res) => {
        res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": encoding });
        res.end(encode(Buffer.from(body)));
      });
      const { body: read } = await requestJson({ service: "Test", url: server.url, schema }, POLICY);
      expect(read, encoding).toEqual(JSON.parse(body));
      await server.close();
    }
  });

  it("a body cut off mid-way is a network error, retried; a silent server times out", async () => {
    const cut = await serve((n, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      if (n > 1) return res.end(body);
      res.write(body.slice(0, 100));
      setTimeout(() => res.destroy(), 20);
    });
    const { body: read } = await requestJson({ service: "Test", url: cut.url, schema }, POLICY);
    expect(read).toEqual(JSON.parse(body));
    expect(cut.requests()).toBe(2);
    await cut.close();

    const silent = await serve(() => undefined);
    await expect(
      requestJson({ service: "Test", url: silent.url, schema }, { timeoutMs: 200, attempts: 1 }),
    ).rejects.toThrow("Test: GET /x: no answer within 200 ms");
    await silent.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RequestSummary } from "../sandbox/requests.js";
import type { SandboxDataset } from "../sandbox/dataset.js";
import { DEMO, demoDataset, nowSeconds, startTestSandbox, tinyDataset, type TestSandbox } from "./helpers.js";

interface SearchBody {
  bugs: Array<Record<string, unknown>>;
  total_matches: number;
}

describe("control endpoints (/_sandbox)", () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(() => sb.close());

  const summary = async () => (await (await sb.control("/requests")).json()) as RequestSummary;
  const patch = (body: unknown) => sb.control("/dataset", { method: "POST", body: { patch: body } });
  const getBug = async (ref: number | string, fields = "_all") =>
    (
      await sb.bzJson<{ bugs: Array<Record<string, unknown>> }>(`/bug/${ref}?include_fields=${fields}`, {
        key: "k",
      })
    ).body.bugs[0];

  it("counts requests per normalised endpoint and logs the real ones without credentials", async () => {
    const secret = "s3cret-key-value";
    await sb.bz("/bug/F46BetaBlocker", { key: secret });
    await sb.bz(`/bug/${DEMO.plainBug}`, { key: secret });
    await sb.bz(`/bug/${DEMO.plainBug}/comment`);
    await sb.bz(`/bug?blocks=${DEMO.f46BetaBlocker}&include_fields=id&include_fields=alias`);
    await sb.bz(`/bug/${DEMO.plainBug}`, { method: "PUT", key: secret, body: { whiteboard: "x" } });
    await sb.bz(`/bug/${DEMO.plainBug}?api_key=${secret}`);
    await fetch(`${sb.url}/bugzilla/rest.cgi/version`);

    const s = await summary();
    expect(s.total).toBe(7);
    expect(s.byEndpoint).toEqual({
      "GET /bugzilla/rest/bug/{id}": 3,
      "GET /bugzilla/rest/bug/{id}/comment": 1,
      "GET /bugzilla/rest/bug": 1,
      "PUT /bugzilla/rest/bug/{id}": 1,
      "GET /bugzilla/rest.cgi/version": 1,
    });
    expect(s.log.map((e) => [e.method, e.path, e.status])).toEqual([
      ["GET", "/bugzilla/rest/bug/F46BetaBlocker", 200],
      ["GET", `/bugzilla/rest/bug/${DEMO.plainBug}`, 200],
      ["GET", `/bugzilla/rest/bug/${DEMO.plainBug}/comment`, 200],
      ["GET", "/bugzilla/rest/bug", 200],
      ["PUT", `/bugzilla/rest/bug/${DEMO.plainBug}`, 200],
      ["GET", `/bugzilla/rest/bug/${DEMO.plainBug}`, 400],
      ["GET", "/bugzilla/rest.cgi/version", 200],
    ]);
    expect(s.log[3].query).toEqual({ blocks: String(DEMO.f46BetaBlocker), include_fields: ["id", "alias"] });
    expect(s.log[4].body).toEqual({ whiteboard: "x" });
    expect(s.log[0].body).toBeNull();
    expect(s.log[0].fault).toBeNull();
    expect(new Date(s.log[0].at).getTime()).toBeGreaterThan(0);
    // The param name stays visible (a test can assert the client never sends it); the value does not.
    expect(s.log[5].query).toEqual({ api_key: "[redacted]" });
    expect(JSON.stringify(s)).not.toContain(secret);

    // Control requests are not counted; DELETE resets.
    expect((await summary()).total).toBe(7);
    await sb.control("/requests", { method: "DELETE" });
    expect(await summary()).toEqual({ total: 0, byEndpoint: {}, log: [] });
  });

  it("logs the injected fault of a request", async () => {
    await sb.control("/faults", { method: "POST", body: { rules: [{ path: "/bugzilla", fault: "503" }] } });
    await sb.bz("/version");
    const s = await summary();
    expect(s.log[0]).toMatchObject({ fault: "503", status: 503 });
  });

  it("a patch merges fields, bumps last_change_time and shows up in a 'changed since' search", async () => {
    const start = nowSeconds();
    const res = await patch({ bugzilla: { bugs: [{ id: DEMO.plainBug, whiteboard: "AcceptedBlocker" }] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });

    const bug = await getBug(DEMO.plainBug);
    expect(bug.whiteboard).toBe("AcceptedBlocker");
    expect(bug.summary).toBe(demoDataset().bugzilla.bugs.find((b) => b.id === DEMO.plainBug)?.summary);
    expect((bug.last_change_time as string) >= start).toBe(true);

    const since = await sb.bzJson<SearchBody>(`/bug?last_change_time=${start}&include_fields=id`);
    expect(since.body.bugs).toEqual([{ id: DEMO.plainBug }]);

    await patch({ bugzilla: { bugs: [{ id: DEMO.plainBug, last_change_time: "2020-01-01T00:00:00Z" }] } });
    expect((await getBug(DEMO.plainBug)).last_change_time).toBe("2020-01-01T00:00:00Z");
  });

  it("a patch that changes blocks updates the trackers' depends_on", async () => {
    await patch({ bugzilla: { bugs: [{ id: DEMO.plainBug, blocks: [DEMO.f47BetaBlocker] }] } });
    expect((await getBug(DEMO.f47BetaBlocker)).depends_on).toContain(DEMO.plainBug);
    expect((await getBug(DEMO.f46BetaBlocker)).depends_on).not.toContain(DEMO.plainBug);
    expect(
      ((await getBug(DEMO.f47BetaBlocker)).last_change_time as string) >= nowSeconds().slice(0, 10),
    ).toBe(true);
  });

  it("a patch adds new bugs, removes bugs and replaces the private list", async () => {
    await patch({
      bugzilla: {
        bugs: [
          { id: 3000001, alias: [], summary: "new bug", product: "Fedora", blocks: [DEMO.f46BetaBlocker] },
        ],
        remove: [2410130],
        private: [DEMO.plainBug],
      },
    });
    expect((await getBug(3000001)).summary).toBe("new bug");
    expect((await getBug(DEMO.f46BetaBlocker)).depends_on).toContain(3000001);
    expect((await getBug(DEMO.f46BetaBlocker)).depends_on).not.toContain(2410130);
    expect((await sb.bzJson("/bug/2410130")).status).toBe(404);
    expect((await sb.bzJson(`/bug/${DEMO.plainBug}`)).status).toBe(401);
    expect((await sb.bzJson(`/bug/${DEMO.privateBug}`)).status).toBe(200);
  });

  it("replace swaps the whole dataset; GET returns it; invalid bodies are 400", async () => {
    const replacement = tinyDataset(5);
    expect((await sb.control("/dataset", { method: "POST", body: { replace: replacement } })).status).toBe(
      200,
    );
    const current = (await (await sb.control("/dataset")).json()) as SandboxDataset;
    expect(current.bugzilla.bugs.map((b) => b.id)).toEqual([1, 2, 3, 4, 5]);
    expect((await sb.bzJson<SearchBody>("/bug?product=Fedora")).body.total_matches).toBe(5);

    const badReplace = await sb.control("/dataset", {
      method: "POST",
      body: { replace: { bugzilla: { bugs: [{}] } } },
    });
    expect(badReplace.status).toBe(400);
    const typo = await patch({ bugzilla: { bugz: [] } });
    expect(typo.status).toBe(400);
    expect(await typo.json()).toMatchObject({ ok: false });
    const neither = await sb.control("/dataset", { method: "POST", body: {} });
    expect(neither.status).toBe(400);
  });

  it("a Bodhi patch changes an update (demo data) and adds one; an incomplete new update is 400 and changes nothing", async () => {
    const alias = "FEDORA-2026-0a9e2ede81"; // pending F46 update in the demo data
    const body = {
      bodhi: {
        updates: [
          { alias, status: "stable", request: null, date_stable: "2026-11-21 10:00:00" },
          {
            alias: "FEDORA-2026-0000000001",
            status: "testing",
            date_submitted: "2026-11-22 09:00:00",
            release: { name: "F46" },
            bugs: [{ bug_id: DEMO.plainBug }],
            builds: [{ nvr: "pkg-1.0-1.fc46" }],
          },
        ],
      },
    };
    expect((await patch(body)).status).toBe(200);
    const get = async (path: string) =>
      (await fetch(`${sb.url}/bodhi${path}`)).json() as Promise<{
        update?: { status: string; request: unknown };
        updates: Array<{ alias: string }>;
      }>;
    expect((await get(`/updates/${alias}`)).update).toMatchObject({ status: "stable", request: null });
    const byBug = await get(`/updates/?bugs=${DEMO.plainBug}`);
    expect(byBug.updates[0].alias).toBe("FEDORA-2026-0000000001");

    const before = await (await sb.control("/dataset")).json();
    const bad = await patch({
      bodhi: {
        updates: [
          { alias, status: "testing" },
          { alias: "FEDORA-2026-0000000002", status: "testing" },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: expect.stringContaining("bodhi.updates") });
    expect(await (await sb.control("/dataset")).json()).toEqual(before);
  });
});

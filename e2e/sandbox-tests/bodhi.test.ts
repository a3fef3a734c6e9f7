import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestSummary } from "../sandbox/requests.js";
import { startTestSandbox, type TestSandbox } from "./helpers.js";
import { bodhiFixtureData, fixture } from "./upstream-fixtures.js";

interface ErrorScenario {
  name: string;
  request: string;
  http_status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

describe("Bodhi", () => {
  let sb: TestSandbox;
  const get = (path: string, accept = "application/json") =>
    fetch(`${sb.url}/bodhi${path}`, { headers: { Accept: accept }, redirect: "manual" });
  const json = async (path: string) => {
    const res = await get(path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** Bodhi's Cornice error answer: HTTP `status`, body `{status: "error", errors: [error]}`. */
  const corniceError = (status: number, error: Record<string, string>) => ({
    status,
    body: { status: "error", errors: [error] },
  });
  const scenario = (name: string) =>
    fixture<{ scenarios: ErrorScenario[] }>("bodhi_errors.json").scenarios.find((s) => s.name === name)!;

  beforeAll(async () => {
    sb = await startTestSandbox({ dataset: { bodhi: bodhiFixtureData() } });
  });
  afterAll(() => sb.close());

  it("GET /updates/ by bugs and release answers the captured pages exactly (BO-01 dates, BO-12 nulls)", async () => {
    const query = "bugs=2311102,2311103,2311104,2311105&releases=F41&rows_per_page=3";
    const page1 = await json(`/updates/?${query}&page=1`);
    expect(page1.status).toBe(200);
    expect(page1.body).toEqual(fixture("bodhi_updates_by_bugs_page1.json"));
    const page2 = await json(`/updates/?${query}&page=2`);
    expect(page2.body).toEqual(fixture("bodhi_updates_by_bugs_page2.json"));
    expect(JSON.stringify(page2.body)).toMatch(/"date_submitted":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"/);

    const beyond = await json(`/updates/?${query}&page=3`);
    expect(beyond.body).toMatchObject({ updates: [], page: 3, pages: 2, total: 4 });
  });

  it("bugs may be repeated or comma/space separated; rows_per_page defaults to 20", async () => {
    const { body } = await json("/updates/?bugs=2311102&bugs=2311103%202311104");
    expect(body).toMatchObject({ page: 1, rows_per_page: 20, total: 3, pages: 1 });
    const none = await json("/updates/?bugs=1");
    expect(none.body).toMatchObject({ updates: [], total: 0, pages: 0 });
  });

  it("status, lower-case release names, release versions and __pending__ filter the updates", async () => {
    const stable = await json("/updates/?status=stable&status=testing");
    const statuses = (stable.body.updates as Array<{ status: string }>).map((u) => u.status);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(["stable", "testing"]));
    expect((await json("/updates/?releases=f41")).body.total).toBe(4);
    expect((await json("/updates/?releases=41")).body.total).toBe(4);
    expect((await json("/updates/?releases=__pending__")).body.total).toBe(4); // F41 is frozen
    expect((await json("/updates/?releases=F40")).body.total).toBe(0);
  });

  it("BO-05 unknown release → 400 Invalid releases specified", async () => {
    const res = await json("/updates/?releases=F99");
    expect(res.status).toBe(400);
    expect(res.body).toEqual(scenario("unknown_release").body);
  });

  it("BO-06 non-integer bug id → 400 Invalid bug ID specified", async () => {
    const res = await json("/updates/?bugs=rhbz2311102");
    expect(res.status).toBe(400);
    expect(res.body).toEqual(scenario("non_integer_bug").body);
  });

  it("BO-02 rows_per_page over 1000 → 400 named rows_per_page", async () => {
    const res = await json("/updates/?rows_per_page=5000");
    expect(res.status).toBe(400);
    expect(res.body).toEqual(scenario("rows_per_page_too_large").body);
    expect(
      ((await json("/updates/?rows_per_page=1000")).body as { rows_per_page: number }).rows_per_page,
    ).toBe(1000);
  });

  it("BO-17 list-parameter errors are named status.0, and every error is listed (BO-10 removed statuses)", async () => {
    const res = await json("/updates/?status=side_tag_active");
    expect(res.status).toBe(400);
    expect(res.body).toEqual(scenario("bad_status_value").body);
    const many = await json("/updates/?status=testing,bogus&releases=F99&page=0");
    expect(many.status).toBe(400);
    expect((many.body.errors as Array<{ name: string }>).map((e) => e.name).sort()).toEqual([
      "page",
      "releases",
      "status.1",
    ]);
  });

  it("BO-08 GET /updates/<alias> → {update}; a package name → 302; anything else → 404", async () => {
    const ok = await json("/updates/FEDORA-2024-3f9a1c2d7e");
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      update: (
        fixture<{ updates: unknown[] }>("bodhi_updates_by_bugs_page1.json").updates as Array<{
          alias: string;
        }>
      ).find((u) => u.alias === "FEDORA-2024-3f9a1c2d7e"),
      can_edit: false,
      ci_allowed: false,
    });

    const redirect = await get("/updates/systemd");
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe(`${sb.url}/bodhi/updates/?packages=systemd`);
    await redirect.body?.cancel();

    const missing = await json("/updates/FEDORA-2024-ffffffffff");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(scenario("unknown_update").body);
  });

  it("GET /releases/ answers the captured body; state and name (LIKE) filter; GET /releases/<name> is unwrapped", async () => {
    const all = await json("/releases/?exclude_archived=true&rows_per_page=20");
    expect(all.body).toEqual(fixture("bodhi_releases.json"));
    const frozen = await json("/releases/?state=frozen");
    expect((frozen.body.releases as Array<{ name: string }>).map((r) => r.name)).toEqual(["F41"]);
    const like = await json("/releases/?name=F41%25");
    expect((like.body.releases as Array<{ name: string }>).map((r) => r.name)).toEqual(["F41", "F41F"]);
    const paged = await json("/releases/?rows_per_page=3&page=2");
    expect(paged.body).toMatchObject({ page: 2, pages: 2, rows_per_page: 3, total: 4 });
    expect((paged.body.releases as Array<{ name: string }>).map((r) => r.name)).toEqual(["F42"]);

    expect(await json("/releases/?state=bogus")).toMatchObject(
      corniceError(400, { location: "querystring", name: "state" }),
    );

    const one = await json("/releases/F40");
    expect(one.body).toMatchObject({ name: "F40", stable_tag: "f40-updates" });
    expect(await json("/releases/F99")).toEqual(
      corniceError(404, { location: "body", name: "name", description: "No such release" }),
    );
  });

  it("BO-13 Accept: text/html gets an HTML page, escaped", async () => {
    const res = await get("/updates/?releases=F41", "text/html,application/xhtml+xml,*/*;q=0.8");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("FEDORA-2024-3f9a1c2d7e");
    expect(html).not.toContain('"updates"');
    const plain = await fetch(`${sb.url}/bodhi/updates/?releases=F41`, { headers: { Accept: "*/*" } });
    expect(plain.headers.get("content-type")).toMatch(/^application\/json/);
    await plain.body?.cancel();
  });

  it("*_since / *_before filter on Bodhi's dates: date_modified only when edited, date_pushed = stable else testing", async () => {
    const aliases = async (query: string) =>
      ((await json(`/updates/?releases=F41&${query}`)).body.updates as { alias: string }[])
        .map((u) => u.alias)
        .sort();
    // Never edited (date_modified null) → no modified_since match, however early.
    expect(await aliases("modified_since=2000-01-01")).toEqual([
      "FEDORA-2024-0d5e8f3b12",
      "FEDORA-2024-3f9a1c2d7e",
    ]);
    // `>=`, zone-less is UTC; an offset is honoured.
    expect(await aliases("modified_since=2024-09-13T21:40:12")).toEqual(["FEDORA-2024-0d5e8f3b12"]);
    expect(await aliases("modified_since=2024-09-13T23:40:13%2B02:00")).toEqual([]);
    expect(await aliases("modified_before=2024-09-13T21:40:12Z")).toEqual(["FEDORA-2024-3f9a1c2d7e"]);
    expect(await aliases("submitted_since=2024-09-13")).toEqual([
      "FEDORA-2024-3f9a1c2d7e",
      "FEDORA-2024-8b04e6d1c5",
    ]);
    // Pushed: the stable push counts for a stable update, the testing push otherwise; pending: never.
    expect(await aliases("pushed_since=2024-09-14T02:00:00Z")).toEqual(["FEDORA-2024-c71d2e9a40"]);
    expect(await aliases("pushed_since=2024-09-10")).toEqual([
      "FEDORA-2024-0d5e8f3b12",
      "FEDORA-2024-3f9a1c2d7e",
      "FEDORA-2024-c71d2e9a40",
    ]);
    expect(await json("/updates/?modified_since=yesterday")).toEqual(
      corniceError(400, { location: "querystring", name: "modified_since", description: "Invalid date" }),
    );
  });

  it("requests are counted per endpoint with the alias normalised", async () => {
    await sb.control("/requests", { method: "DELETE" });
    await (await get("/updates/?bugs=2311102")).body?.cancel();
    await (await get("/updates/FEDORA-2024-3f9a1c2d7e")).body?.cancel();
    await (await get("/releases/")).body?.cancel();
    const summary = (await (await sb.control("/requests")).json()) as RequestSummary;
    expect(summary.byEndpoint).toEqual({
      "GET /bodhi/updates/": 1,
      "GET /bodhi/updates/{id}": 1,
      "GET /bodhi/releases/": 1,
    });
  });
});

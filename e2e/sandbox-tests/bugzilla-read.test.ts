import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, startTestSandbox, tinyDataset, type ErrorBody, type TestSandbox } from "./helpers.js";

interface GetBody {
  bugs: Array<Record<string, unknown>>;
  faults: unknown[];
}

interface CommentsBody {
  bugs: Record<string, { comments: Array<Record<string, unknown>> }>;
  comments: Record<string, unknown>;
}

describe("Bugzilla single bug, comments, auth and errors", () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(() => sb.close());

  it("GET /rest/version reports the RHBZ version as JSON with CORS", async () => {
    const res = await sb.bz("/version");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toEqual({ version: "5.0.4.rh69" });
  });

  it("BZ-03 looks a bug up by alias and returns bugs[] plus an empty faults[]", async () => {
    const { status, body } = await sb.bzJson<GetBody>(
      "/bug/F46BetaBlocker?include_fields=id,alias,depends_on",
    );
    expect(status).toBe(200);
    expect(body.faults).toEqual([]);
    expect(body.bugs).toHaveLength(1);
    expect(body.bugs[0]).toMatchObject({ id: DEMO.f46BetaBlocker, alias: ["F46BetaBlocker"] });
    // Dependency lists are not visibility-filtered: the private bug is listed.
    expect(body.bugs[0].depends_on).toContain(DEMO.privateBug);
  });

  it("BZ-06 a single bug comes without flags unless asked for", async () => {
    const plain = await sb.bzJson<GetBody>(`/bug/${DEMO.bugWithFlags}`);
    expect(plain.body.bugs[0]).not.toHaveProperty("flags");
    expect(plain.body.bugs[0]).toHaveProperty("id", DEMO.bugWithFlags);
    const asked = await sb.bzJson<GetBody>(`/bug/${DEMO.bugWithFlags}?include_fields=_default,flags`);
    expect(asked.body.bugs[0].flags).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "needinfo" })]),
    );
  });

  it("BZ-16 unknown numeric id is 101/404 and unknown alias is 100/400", async () => {
    const id = await sb.bzJson<ErrorBody>("/bug/9999999");
    expect(id.status).toBe(404);
    expect(id.body).toEqual({
      error: true,
      code: 101,
      message: "Bug #9999999 does not exist.",
      documentation: "https://bugzilla.readthedocs.org/en/5.0/api/",
    });
    const alias = await sb.bzJson<ErrorBody>("/bug/F99BetaBlocker");
    expect(alias.status).toBe(400);
    expect(alias.body.code).toBe(100);
  });

  it("BZ-15 a private bug is 102/401 anonymously and with a valid key", async () => {
    for (const key of [undefined, "valid-key"]) {
      const { status, body } = await sb.bzJson<ErrorBody>(`/bug/${DEMO.privateBug}`, { key });
      expect(status).toBe(401);
      expect(body.code).toBe(102);
    }
    const comments = await sb.bzJson<ErrorBody>(`/bug/${DEMO.privateBug}/comment`, { key: "k" });
    expect(comments.status).toBe(401);
    expect(comments.body.code).toBe(102);
  });

  it("BZ-25 comments are keyed by the bug id as a string, even when asked by alias", async () => {
    const sbWithComments = await startTestSandbox({
      dataset: tinyDataset(2, {
        bugs: [{ id: 7, alias: ["Seven"], summary: "s", last_change_time: "2024-09-12T08:00:00Z" }],
        comments: {
          "7": [
            {
              id: 10,
              bug_id: 7,
              count: 0,
              is_private: false,
              creation_time: "2024-09-10T10:00:00Z",
              text: "a",
            },
            {
              id: 11,
              bug_id: 7,
              count: 1,
              is_private: true,
              creation_time: "2024-09-11T10:00:00Z",
              text: "b",
            },
            {
              id: 12,
              bug_id: 7,
              count: 2,
              is_private: false,
              creation_time: "2024-09-12T10:00:00Z",
              text: "c",
            },
          ],
        },
      }),
    });
    try {
      const all = await sbWithComments.bzJson<CommentsBody>("/bug/Seven/comment");
      expect(all.status).toBe(200);
      expect(all.body.comments).toEqual({});
      // BZ-24: the private comment is hidden, leaving a gap in `count`.
      expect(all.body.bugs["7"].comments.map((c) => c.count)).toEqual([0, 2]);

      const recent = await sbWithComments.bzJson<CommentsBody>(
        "/bug/7/comment?new_since=2024-09-10T10:00:00Z",
      );
      expect(recent.body.bugs["7"].comments.map((c) => c.id)).toEqual([12]);
    } finally {
      await sbWithComments.close();
    }

    const none = await sb.bzJson<CommentsBody>(`/bug/${DEMO.f46BetaBlocker}/comment`);
    expect(none.body).toEqual({ bugs: { [String(DEMO.f46BetaBlocker)]: { comments: [] } }, comments: {} });
  });

  it("BZ-18 an api_key or Bugzilla_api_key parameter is error 32000, with or without the header", async () => {
    for (const [query, key] of [
      ["api_key=abc", undefined],
      ["Bugzilla_api_key=abc", "abc"],
    ] as const) {
      const { status, body } = await sb.bzJson<ErrorBody>(`/bug/${DEMO.plainBug}?${query}`, { key });
      expect(status, query).toBe(400);
      expect(body.code, query).toBe(32000);
    }
    const inBody = await sb.bzJson<ErrorBody>(`/bug/${DEMO.plainBug}/comment`, {
      method: "POST",
      key: "k",
      body: { comment: "x", api_key: "k" },
    });
    expect(inBody.body.code).toBe(32000);
  });

  it("BZ-21 a key not in bugzilla.api_keys is 306/400; without that list any key works", async () => {
    const strict = await startTestSandbox({ dataset: tinyDataset(3, { api_keys: ["good-key"] }) });
    try {
      const bad = await strict.bzJson<ErrorBody>("/bug/1", { key: "bad-key" });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe(306);
      const good = await strict.bzJson<GetBody>("/bug/1", { key: "good-key" });
      expect(good.status).toBe(200);
      const anonymous = await strict.bzJson<GetBody>("/bug/1");
      expect(anonymous.status).toBe(200);
    } finally {
      await strict.close();
    }
    const anyKey = await sb.bzJson<GetBody>(`/bug/${DEMO.plainBug}`, { key: "whatever" });
    expect(anyKey.status).toBe(200);
    const notBearer = await sb.bzJson<ErrorBody>(`/bug/${DEMO.plainBug}`, {
      headers: { Authorization: "Basic Zm9v" },
    });
    expect(notBearer.body.code).toBe(306);
  });

  it("an unknown REST path is 32614/404", async () => {
    const { status, body } = await sb.bzJson<ErrorBody>("/nonsense/thing");
    expect(status).toBe(404);
    expect(body.code).toBe(32614);
    const wrongMethod = await sb.bzJson<ErrorBody>(`/bug/${DEMO.plainBug}`, { method: "DELETE" });
    expect(wrongMethod.body.code).toBe(32614);
  });

  it("BZ-36 Accept: text/html gets an HTML page instead of JSON", async () => {
    const res = await sb.bz(`/bug/${DEMO.plainBug}?include_fields=id`, { headers: { Accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(String(DEMO.plainBug));
    expect(() => JSON.parse(html)).toThrow();
  });

  it("show_bug.cgi is a web page of the bug, so the demo's bug links lead somewhere", async () => {
    const res = await fetch(`${sb.url}/bugzilla/show_bug.cgi?id=${DEMO.plainBug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`Bug ${DEMO.plainBug}`);
    const missing = await fetch(`${sb.url}/bugzilla/show_bug.cgi?id=9999999`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Bug #9999999 does not exist.");
    const hidden = await fetch(`${sb.url}/bugzilla/show_bug.cgi?id=${DEMO.privateBug}`);
    expect(hidden.status).toBe(401);
    expect(await hidden.text()).toContain(`You are not authorized to access bug #${DEMO.privateBug}.`);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PagureIssue, SandboxDatasetInput } from "../sandbox/dataset.js";
import type { RequestSummary } from "../sandbox/requests.js";
import { startTestSandbox, type TestSandbox } from "./helpers.js";
import { fixture } from "./upstream-fixtures.js";

const REPO = "fedora-qa/blocker-review";
const TOKEN = "qa-bot-token";

/** An open issue tagged `tags`, created at `created` (epoch seconds). */
function issue(id: number, created: number, fields: Partial<PagureIssue> = {}): PagureIssue {
  return {
    ...(fixture<{ issues: PagureIssue[] }>("pagure_issues_list.json").issues[0] as PagureIssue),
    id,
    title: `ticket ${id}`,
    comments: [],
    date_created: String(created),
    last_updated: String(created),
    full_url: `https://pagure.io/${REPO}/issue/${id}`,
    ...fields,
  };
}

function dataset(): SandboxDatasetInput {
  const captured = fixture<{ issues: PagureIssue[] }>("pagure_issues_list.json").issues;
  return {
    pagure: {
      repo: REPO,
      tokens: { [TOKEN]: "qa-bot", "other-token": "tester9" },
      issues: [
        ...captured,
        issue(1390, 1726000000, { tags: ["f41"] }), // third open f41 ticket: page 2 of the captured list
        issue(1391, 1726000100, { tags: ["f41", "meeting"], status: "Closed", close_status: "Fixed" }),
        issue(1392, 1726000200, { tags: ["f40"] }),
        issue(1393, 1726000300, { tags: ["f41"], private: true }),
      ],
    },
  };
}

describe("Pagure API 0", () => {
  let sb: TestSandbox;
  const api = (path: string, init: { token?: string; auth?: string; form?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = {};
    if (init.token) headers.Authorization = `token ${init.token}`;
    if (init.auth) headers.Authorization = init.auth;
    return fetch(`${sb.url}/pagure/api/0/${REPO}${path}`, {
      method: init.form ? "POST" : "GET",
      headers,
      body: init.form ? new URLSearchParams(init.form) : undefined,
    });
  };
  const json = async (path: string, init?: Parameters<typeof api>[1]) => {
    const res = await api(path, init);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const ids = (body: Record<string, unknown>) => (body.issues as Array<{ id: number }>).map((i) => i.id);

  beforeEach(async () => {
    sb = await startTestSandbox({ dataset: dataset() });
  });
  afterEach(() => sb.close());

  it("lists issues exactly as captured: total_issues is the page size, absolute pagination links", async () => {
    const { status, body } = await json("/issues?status=Open&tags=f41&per_page=2&page=1");
    expect(status).toBe(200);
    const expected = JSON.parse(
      JSON.stringify(fixture("pagure_issues_list.json")).replaceAll(
        "https://pagure.io/api/",
        `${sb.url}/pagure/api/`,
      ),
    ) as unknown;
    expect(body).toEqual(expected);

    const page2 = await json("/issues?status=Open&tags=f41&per_page=2&page=2");
    expect(ids(page2.body)).toEqual([1390]);
    expect(page2.body).toMatchObject({ total_issues: 1, pagination: { page: 2, pages: 2, next: null } });
    expect((page2.body.pagination as { prev: string }).prev).toMatch(/page=1$/);
  });

  it("status defaults to Open; Closed and all (any case) work; order=asc reverses", async () => {
    expect(ids((await json("/issues")).body)).toEqual([1405, 1402, 1392, 1390]);
    expect(ids((await json("/issues?status=closed")).body)).toEqual([1391]);
    expect(ids((await json("/issues?status=Closed")).body)).toEqual([1391]);
    expect(ids((await json("/issues?status=ALL")).body)).toEqual([1405, 1402, 1392, 1391, 1390]);
    expect(ids((await json("/issues?order=asc")).body)).toEqual([1390, 1392, 1402, 1405]);
    expect((await json("/issues")).body.args).toMatchObject({ status: "Open", tags: [] });
    // since: last_updated at or after, as epoch seconds or a date.
    expect(ids((await json("/issues?since=1726151222")).body)).toEqual([1405, 1402]);
    expect(ids((await json("/issues?since=2024-09-12")).body)).toEqual([1405, 1402]);
    expect((await json("/issues?since=yesterday")).body).toMatchObject({ error_code: "EDATETIME" });
  });

  it("PA-06 repeated tags are OR, !tag excludes", async () => {
    expect(ids((await json("/issues?status=all&tags=f40&tags=meeting")).body)).toEqual([1402, 1392, 1391]);
    expect(ids((await json("/issues?tags=f41&tags=!meeting")).body)).toEqual([1405, 1390]);
    expect(ids((await json("/issues?tags=!f41")).body)).toEqual([1392]);
  });

  it("PA-02 per_page above 100 (or below 1) → 400 EINVALIDPERPAGEVALUE; a bad page → 400 EINVALIDREQ", async () => {
    for (const perPage of ["101", "0", "x"]) {
      const res = await json(`/issues?per_page=${perPage}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error_code: "EINVALIDPERPAGEVALUE" });
    }
    expect((await json("/issues?per_page=100")).status).toBe(200);
    const badPage = await json("/issues?page=0");
    expect(badPage.status).toBe(400);
    expect(badPage.body).toMatchObject({ error_code: "EINVALIDREQ" });
  });

  it("GET issue/<id> answers the captured issue unwrapped; comments=false drops comments; 404 ENOISSUE", async () => {
    const one = await json("/issue/1402");
    expect(one.status).toBe(200);
    expect(one.body).toEqual(fixture("pagure_issue_with_votes.json"));
    const bare = await json("/issue/1402?comments=false");
    expect(bare.body).not.toHaveProperty("comments");
    expect(bare.body.id).toBe(1402);
    const missing = await json("/issue/9999");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: "Issue not found", error_code: "ENOISSUE" });
    const project = await fetch(`${sb.url}/pagure/api/0/fedora-qa/other/issues`);
    expect(project.status).toBe(404);
    expect(await project.json()).toEqual({ error: "Project not found", error_code: "ENOPROJECT" });
  });

  it("PA-10 a private issue is absent from anonymous lists and 403 EISSUENOTALLOWED; a token sees it", async () => {
    expect(ids((await json("/issues?tags=f41")).body)).not.toContain(1393);
    const direct = await json("/issue/1393");
    expect(direct.status).toBe(403);
    expect(direct.body).toEqual({
      error: "You are not allowed to view this issue",
      error_code: "EISSUENOTALLOWED",
    });
    expect(ids((await json("/issues?tags=f41", { token: TOKEN })).body)).toContain(1393);
    expect((await json("/issue/1393", { token: TOKEN })).status).toBe(200);
  });

  it("PA-04 only `Authorization: token <T>` authenticates: Bearer is anonymous on reads, 401 EINVALIDTOK on writes", async () => {
    const bearerRead = await json("/issue/1393", { auth: `Bearer ${TOKEN}` });
    expect(bearerRead.status).toBe(403); // anonymous: the private issue stays hidden
    const bearerWrite = await json("/issue/1402/comment", {
      auth: `Bearer ${TOKEN}`,
      form: { comment: "hi" },
    });
    expect(bearerWrite.status).toBe(401);
    expect(bearerWrite.body).toEqual({
      error:
        "Invalid or expired token. Please visit https://pagure.io/settings#nav-api-tab to get or renew your API token.",
      error_code: "EINVALIDTOK",
      errors: "Invalid token",
    });
    const anonymousWrite = await json("/new_issue", { form: { title: "t", issue_content: "c" } });
    expect(anonymousWrite.status).toBe(401);
    const unknownToken = await json("/issues", { token: "nope" });
    expect(unknownToken.status).toBe(401);
    expect(unknownToken.body).toMatchObject({ error_code: "EINVALIDTOK" });
  });

  it("PA-07 new_issue takes tag as a comma string and returns {issue, message}; a later read sees it (PA-03 times)", async () => {
    await sb.control("/requests", { method: "DELETE" });
    const before = Math.floor(Date.now() / 1000);
    const created = await json("/new_issue", {
      token: TOKEN,
      form: { title: "2410101: crash", issue_content: "Bug: …\nVote here.", tag: "f46,meeting" },
    });
    expect(created.status).toBe(200);
    expect(created.body.message).toBe("Issue created");
    const newIssue = created.body.issue as Record<string, unknown>;
    expect(newIssue).toMatchObject({
      id: 1406,
      title: "2410101: crash",
      content: "Bug: …\nVote here.",
      status: "Open",
      tags: ["f46", "meeting"],
      private: false,
      comments: [],
      depends: [],
      blocks: [],
      user: { name: "qa-bot" },
      full_url: `https://pagure.io/${REPO}/issue/1406`,
    });
    expect(Object.keys(newIssue).sort()).toEqual(
      Object.keys(fixture<{ issues: object[] }>("pagure_issues_list.json").issues[0]).sort(),
    );
    expect(newIssue.date_created).toMatch(/^\d+$/);
    expect(Number(newIssue.date_created)).toBeGreaterThanOrEqual(before);
    expect(newIssue.last_updated).toBe(newIssue.date_created);

    expect((await json("/issue/1406")).body).toEqual(newIssue);
    expect(ids((await json("/issues?tags=f46")).body)).toEqual([1406]);
    const summary = (await (await sb.control("/requests")).json()) as RequestSummary;
    expect(summary.byEndpoint[`POST /pagure/api/0/${REPO}/new_issue`]).toBe(1);
    // The log shows the form fields, never the token (headers are not logged).
    const logged = summary.log.find((entry) => entry.method === "POST");
    expect(logged?.body).toEqual({
      title: "2410101: crash",
      issue_content: "Bug: …\nVote here.",
      tag: "f46,meeting",
    });
    expect(JSON.stringify(summary)).not.toContain(TOKEN);
  });

  it("new_issue validates its form: missing fields → 400 EINVALIDREQ; a JSON list tag → 500", async () => {
    const missing = await json("/new_issue", { token: TOKEN, form: { issue_content: "x" } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      error: "Invalid or incomplete input submitted",
      error_code: "EINVALIDREQ",
      errors: { title: ["This field is required."] },
    });
    const jsonList = await fetch(`${sb.url}/pagure/api/0/${REPO}/new_issue`, {
      method: "POST",
      headers: { Authorization: `token ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "t", issue_content: "c", tag: ["f41", "meeting"] }),
    });
    expect(jsonList.status).toBe(500);
    await jsonList.body?.cancel();
    expect(ids((await json("/issues?status=all", { token: TOKEN })).body)).not.toContain(1406);
  });

  it("PA-08 commenting returns only {message, avatar_url, user}; the comment shows up on re-read", async () => {
    const res = await json("/issue/1405/comment", {
      token: "other-token",
      form: { comment: "BetaBlocker +1" },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["avatar_url", "message", "user"]);
    expect(res.body).toMatchObject({ message: "Comment added", user: "tester9" });
    expect(res.body.avatar_url).toMatch(/^https:\/\/seccdn\.libravatar\.org\/avatar\//);

    const reread = (await json("/issue/1405")).body;
    const comments = reread.comments as Array<Record<string, unknown>>;
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({
      id: 880108, // one above the highest comment id in the dataset
      comment: "BetaBlocker +1",
      notification: false,
      parent: null,
      edited_on: null,
      reactions: {},
      user: { name: "tester9" },
    });
    expect(reread.last_updated).toBe(comments[0].date_created);

    const empty = await json("/issue/1405/comment", { token: TOKEN, form: { comment: "" } });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({
      error_code: "EINVALIDREQ",
      errors: { comment: ["This field is required."] },
    });
    expect((await json("/issue/9999/comment", { token: TOKEN, form: { comment: "x" } })).status).toBe(404);
  });

  it("a dataset patch changes an issue (bumping last_updated) and tokens", async () => {
    const patch = { patch: { pagure: { issues: [{ id: 1405, tags: ["f41", "meeting"] }], tokens: null } } };
    expect((await sb.control("/dataset", { method: "POST", body: patch })).status).toBe(200);
    const changed = (await json("/issue/1405")).body;
    expect(changed.tags).toEqual(["f41", "meeting"]);
    expect(Number(changed.last_updated)).toBeGreaterThan(1726160000);
    // tokens: null → any token is valid and acts as sandbox-user.
    const res = await json("/issue/1405/comment", { token: "anything", form: { comment: "hi" } });
    expect(res.body.user).toBe("sandbox-user");
  });
});

/**
 * Live votes: the built server's `POST /api/webhooks/pagure` against the sandbox's Pagure and a synced
 * database. A signed delivery re-reads the ticket and moves its tally at once; an unsigned, wrongly
 * signed or oversized one is refused and changes nothing. End to end, the sandbox's own web-hook (sent
 * on a comment written through its API) moves the tally too.
 */
import { createHmac, randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverRelease } from "../../app/admin/milestones.server";
import { parseConfig } from "../../app/config.server";
import { runSync } from "../../app/sync/run-sync.server";
import { bugzillaClient } from "../../app/upstream/clients.server";
import { loadDataset, startSandbox, type RunningSandbox } from "../sandbox/server";
import { sandboxUpstreams } from "../setup/sandbox-client";
import { startServerProcess, type ServerProcess } from "../setup/server-process";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

const DEMO = path.join(import.meta.dirname, "..", "fixtures", "demo-upstream.json");
const KEY = "integration-web-hook-key";
const REPO = "fedora-qa/blocker-review";
/** Demo ticket 2401 is the discussion of bug 2410101 (46 Beta). */
const ISSUE = 2401;
const BUG = 2410101;

let sandbox: RunningSandbox;
let t: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  sandbox = await startSandbox({ dataset: loadDataset(DEMO), port: 0 });
  t = await createTestDatabase();
  const config = parseConfig({ DATABASE_URL: t.url, ...sandboxUpstreams(sandbox.url), PAGURE_REPO: REPO });
  await discoverRelease(t.db, bugzillaClient(config), 46);
  expect((await runSync(t.db, t.url, config, { full: true })).ok).toBe(true);
  server = await startServerProcess({
    DATABASE_URL: t.url,
    ...sandboxUpstreams(sandbox.url),
    PAGURE_REPO: REPO,
    PAGURE_WEBHOOK_KEY: KEY,
    BLOCKERBUGS_ROLE: "secondary",
  });
});
afterAll(async () => {
  await server?.stop();
  await sandbox?.close();
  await t?.drop();
});

/** Writes a comment on a ticket through the sandbox's Pagure API (as `sandbox-user`). */
async function comment(issueId: number, text: string): Promise<void> {
  const res = await fetch(`${sandbox.url}/pagure/api/0/${REPO}/issue/${issueId}/comment`, {
    method: "POST",
    headers: { Authorization: "token any", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ comment: text }),
  });
  expect(res.status).toBe(200);
}

/** Pagure's body for an event about `issueId`. */
function hookBody(
  issueId: number,
  topic = "issue.comment.added",
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    i: 1,
    msg: { agent: "sandbox-user", issue: { id: issueId }, project_fullname: REPO, ...extra },
    msg_id: `2026-${randomUUID()}`,
    timestamp: 1764000000,
    topic,
  });
}
const sign = (body: string, key: string, algorithm: "sha1" | "sha256") =>
  createHmac(algorithm, key).update(body).digest("hex");

function post(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${server.origin}/api/webhooks/pagure`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Pagure-Topic": "issue.comment.added", ...headers },
    body,
  });
}
const signed = (body: string, key = KEY) =>
  post(body, {
    "X-Pagure-Signature": sign(body, key, "sha1"),
    "X-Pagure-Signature-256": sign(body, key, "sha256"),
  });

/** The bug's stored votes by `voter tracker` → value, and its vote history's size. */
async function votes(bugId: number) {
  const rows = await t.db.vote.findMany({ where: { bugId } });
  return {
    votes: Object.fromEntries(rows.map((v) => [`${v.voter} ${v.tracker}`, v.value])),
    casts: await t.db.voteCast.count({ where: { bugId } }),
  };
}

/** The tally the API shows for a tracker: `[+, 0, -]` counts. */
async function apiTally(bugId: number, tracker: string): Promise<number[]> {
  const res = await fetch(`${server.origin}/api/v1/bugs/${bugId}`);
  const bug = (await res.json()) as {
    discussion: { votes: Record<string, { plus: string[]; zero: string[]; minus: string[] }> } | null;
  };
  const tally = bug.discussion?.votes[tracker];
  return tally ? [tally.plus.length, tally.zero.length, tally.minus.length] : [0, 0, 0];
}

describe("POST /api/webhooks/pagure", () => {
  it("refuses a delivery without a good signature (403) or too big (413), and changes nothing", async () => {
    const before = await votes(BUG);
    expect(before.votes["sandbox-user FinalBlocker"]).toBeUndefined();
    await comment(ISSUE, "FinalBlocker +1");
    const body = hookBody(ISSUE);

    const unsigned = await post(body, {});
    expect(unsigned.status).toBe(403);
    expect(((await unsigned.json()) as { error: string }).error).toMatch(/no X-Pagure-Signature/);
    expect((await signed(body, "wrong-key")).status).toBe(403);
    // A signature of another body: the signature covers the raw bytes.
    expect((await post(body, { "X-Pagure-Signature-256": sign(`${body} `, KEY, "sha256") })).status).toBe(
      403,
    );
    const big = hookBody(ISSUE, "issue.comment.added", { padding: "x".repeat(70 * 1024) });
    const oversized = await signed(big);
    expect(oversized.status).toBe(413);

    expect(await votes(BUG)).toEqual(before);
  });

  it("a signed delivery re-reads the ticket at once and moves the tally", async () => {
    const before = await apiTally(BUG, "FinalBlocker");
    const res = await signed(hookBody(ISSUE));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, outcome: "votes", issueId: ISSUE, bugId: BUG });
    expect((await votes(BUG)).votes["sandbox-user FinalBlocker"]).toBe(1);
    expect(await apiTally(BUG, "FinalBlocker")).toEqual([before[0]! + 1, before[1], before[2]]);
  });

  it("the older SHA-1 signature alone is accepted; a redelivery is not read twice", async () => {
    await comment(ISSUE, "FinalBlocker -1");
    const body = hookBody(ISSUE);
    const res = await post(body, { "X-Pagure-Signature": sign(body, KEY, "sha1") });
    expect(res.status).toBe(200);
    expect((await votes(BUG)).votes["sandbox-user FinalBlocker"]).toBe(-1);
    const again = await post(body, { "X-Pagure-Signature": sign(body, KEY, "sha1") });
    expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
  });

  it("ignores events of other projects and other kinds, and tickets of untracked bugs", async () => {
    const other = hookBody(ISSUE, "issue.comment.added", { project_fullname: "someone/else" });
    expect(await (await signed(other)).json()).toMatchObject({ ignored: "another project (someone/else)" });
    const pr = JSON.stringify({
      i: 2,
      msg: { pullrequest: { id: 3 }, project_fullname: REPO },
      topic: "pull-request.new",
    });
    expect((await signed(pr)).status).toBe(202);
    const notJson = "not json";
    expect((await signed(notJson)).status).toBe(400);
  });

  it("end to end: the sandbox's own web-hook on a comment moves the tally", async () => {
    const target = `${server.origin}/api/webhooks/pagure`;
    const set = await fetch(`${sandbox.url}/_sandbox/pagure-webhook`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ url: target, key: KEY }),
    });
    expect(set.status).toBe(200);
    const before = await apiTally(BUG, "BetaFreezeException");
    await comment(ISSUE, "BetaFE +1");
    await sandbox.webhooksSettled();
    const state = (await (await fetch(`${sandbox.url}/_sandbox/pagure-webhook`)).json()) as {
      deliveries: { status: number | null }[];
    };
    expect(state.deliveries.at(-1)!.status).toBe(200);
    expect(await apiTally(BUG, "BetaFreezeException")).toEqual([before[0]! + 1, before[1], before[2]]);
  });
});

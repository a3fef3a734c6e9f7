/**
 * The sandbox's Pagure sends Pagure's signed project web-hook on the comments and issues written through
 * its API, once a target is configured (at start or through `POST /_sandbox/pagure-webhook`).
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTestSandbox, type TestSandbox } from "./helpers.js";

const REPO = "fedora-qa/blocker-review";
const KEY = "web-hook-key";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A receiver on a free loopback port; `next()` resolves with the next delivery it gets. */
async function receiver() {
  const waiting: ((r: Received) => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}');
      waiting.shift()?.({ headers: req.headers, body: Buffer.concat(chunks) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/pagure`,
    next: () => new Promise<Received>((resolve) => waiting.push(resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const dataset = {
  pagure: {
    repo: REPO,
    tokens: { t0k: "qa-bot" },
    issues: [
      {
        id: 7,
        title: "2410101: crash",
        status: "Open",
        tags: [],
        comments: [],
        date_created: "1764000000",
        last_updated: "1764000000",
        user: { name: "qa-bot" },
      },
    ],
  },
};

let sandbox: TestSandbox | undefined;
let target: Awaited<ReturnType<typeof receiver>> | undefined;
afterEach(async () => {
  await sandbox?.close();
  await target?.close();
  sandbox = target = undefined;
});

const comment = (text: string) =>
  fetch(`${sandbox!.url}/pagure/api/0/${REPO}/issue/7/comment`, {
    method: "POST",
    headers: { Authorization: "token t0k", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ comment: text }),
  });

describe("the sandbox's Pagure web-hook", () => {
  it("posts a signed issue.comment.added after a comment, with the ticket as it is now", async () => {
    target = await receiver();
    sandbox = await startTestSandbox({ dataset, pagureWebhook: { url: target.url, key: KEY } });
    const delivered = target.next();
    expect((await comment("BetaBlocker +1")).status).toBe(200);
    const { headers, body } = await delivered;
    expect(headers["x-pagure-topic"]).toBe("issue.comment.added");
    expect(headers["x-pagure-project"]).toBe(REPO);
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["x-pagure-signature"]).toBe(createHmac("sha1", KEY).update(body).digest("hex"));
    expect(headers["x-pagure-signature-256"]).toBe(createHmac("sha256", KEY).update(body).digest("hex"));
    const json = JSON.parse(body.toString()) as {
      topic: string;
      msg_id: string;
      msg: {
        agent: string;
        project_fullname: string;
        issue: { id: number; comments: { comment: string }[] };
      };
    };
    expect(Object.keys(json)).toEqual(["i", "msg", "msg_id", "timestamp", "topic"]);
    expect(json.topic).toBe("issue.comment.added");
    expect(json.msg.agent).toBe("qa-bot");
    expect(json.msg.project_fullname).toBe(REPO);
    expect(json.msg.issue.id).toBe(7);
    expect(json.msg.issue.comments.at(-1)!.comment).toBe("BetaBlocker +1");
  });

  it("sends nothing until configured at run time, and stops when told", async () => {
    target = await receiver();
    sandbox = await startTestSandbox({ dataset });
    await comment("BetaBlocker -1");
    expect(await (await sandbox.control("/pagure-webhook")).json()).toEqual({ url: null, deliveries: [] });

    const set = await sandbox.control("/pagure-webhook", {
      method: "POST",
      body: { url: target.url, key: KEY },
    });
    expect(set.status).toBe(200);
    const delivered = target.next();
    await comment("FinalBlocker +1");
    const { headers } = await delivered;
    expect(headers["x-pagure-topic"]).toBe("issue.comment.added");
    const state = (await (await sandbox.control("/pagure-webhook")).json()) as {
      url: string;
      deliveries: { topic: string; issueId: number }[];
    };
    expect(state.url).toBe(target.url);
    expect(state.deliveries.map((d) => [d.topic, d.issueId])).toEqual([["issue.comment.added", 7]]);

    await sandbox.control("/pagure-webhook", { method: "POST", body: { url: null } });
    expect(((await (await sandbox.control("/pagure-webhook")).json()) as { url: null }).url).toBeNull();
  });

  it("refuses a target without a key or with a bad URL", async () => {
    sandbox = await startTestSandbox({ dataset });
    expect(
      (await sandbox.control("/pagure-webhook", { method: "POST", body: { url: "http://x.test/" } })).status,
    ).toBe(400);
    expect(
      (await sandbox.control("/pagure-webhook", { method: "POST", body: { url: "ftp://x", key: "k" } }))
        .status,
    ).toBe(400);
  });
});

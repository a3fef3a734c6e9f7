import { describe, expect, it } from "vitest";
import {
  PagureWebhookSchema,
  pagureSignature,
  signatureProblem,
  webhookIssueId,
  webhookProject,
} from "./pagure-webhook.server";

// Pagure's own test (tests/test_pagure_lib_task_services.py) signs this body with the key "aaabbbccc".
const body = Buffer.from(
  '{"i": 1, "msg": {"pagure_instance": "http://localhost.localdomain/", "payload": ["a", "b", "c"], "project_fullname": "test"}, "msg_id": "2018-not_so_random", "timestamp": 2, "topic": "topic"}',
);

describe("signatureProblem", () => {
  it("accepts the signatures Pagure's own test expects for this body and key", () => {
    const signatures = {
      sha1: "74b12f0b25bf7767014a0c0de9f3c10191e943d8",
      sha256: "f3d757796554466eac49a5282b24ee32a1ecfb65dedd6c6231fb207240a9fe58",
    };
    expect(signatureProblem(body, signatures, "aaabbbccc")).toBeNull();
    expect(signatureProblem(body, { ...signatures, sha256: undefined }, "aaabbbccc")).toBeNull();
  });

  const key = "s3cret-key";
  const good = { sha1: pagureSignature(body, key, "sha1"), sha256: pagureSignature(body, key, "sha256") };

  it("accepts Pagure's signatures made with the key", () => {
    expect(signatureProblem(body, good, key)).toBeNull();
    expect(signatureProblem(body, { sha1: good.sha1.toUpperCase(), sha256: undefined }, key)).toBeNull();
  });

  it("checks SHA-256 when it is sent, whatever SHA-1 says", () => {
    expect(signatureProblem(body, { sha1: good.sha1, sha256: "00" }, key)).toBe("bad X-Pagure-Signature-256");
    expect(signatureProblem(body, { sha1: "00", sha256: good.sha256 }, key)).toBeNull();
  });

  it("refuses a missing signature, another key, another body", () => {
    expect(signatureProblem(body, { sha1: undefined, sha256: undefined }, key)).toMatch(/^no /);
    expect(signatureProblem(body, good, "other-key")).toBe("bad X-Pagure-Signature-256");
    expect(signatureProblem(Buffer.concat([body, Buffer.from(" ")]), good, key)).not.toBeNull();
    expect(signatureProblem(body, { sha1: "zz", sha256: undefined }, key)).toBe("bad X-Pagure-Signature");
  });

  it("computes the hex HMACs as Pagure does", () => {
    expect(pagureSignature("content", "key", "sha1")).toMatch(/^[0-9a-f]{40}$/);
    expect(pagureSignature("content", "key", "sha256")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("PagureWebhookSchema", () => {
  it("reads the topic, the ticket and the project of an issue event", () => {
    const hook = PagureWebhookSchema.parse({
      i: 3,
      msg: {
        agent: "alice",
        issue: { id: 2401, title: "2410101: crash", comments: [] },
        project: { fullname: "fedora-qa/blocker-review" },
        pagure_instance: "https://pagure.io/",
        project_fullname: "fedora-qa/blocker-review",
      },
      msg_id: "2026-3f1e",
      timestamp: 1764000000,
      topic: "issue.comment.added",
    });
    expect(webhookIssueId(hook)).toBe(2401);
    expect(webhookProject(hook)).toBe("fedora-qa/blocker-review");
  });

  it("names no ticket for other events", () => {
    const hook = PagureWebhookSchema.parse({ msg: { pullrequest: { id: 4 } }, topic: "pull-request.new" });
    expect(webhookIssueId(hook)).toBeNull();
    expect(webhookProject(hook)).toBeNull();
  });

  it("refuses a body without a topic or a message", () => {
    expect(PagureWebhookSchema.safeParse({ msg: {} }).success).toBe(false);
    expect(PagureWebhookSchema.safeParse({ topic: "issue.new" }).success).toBe(false);
  });
});

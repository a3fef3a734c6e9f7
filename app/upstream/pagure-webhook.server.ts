/**
 * Pagure's project web-hooks (Pagure `pagure/lib/tasks_services.py` `call_web_hooks`, docs
 * "Using web-hooks"): for every action on the project Pagure POSTs a JSON body
 * `{ "i", "msg": { …, "issue": {…}, "project_fullname", "pagure_instance" }, "msg_id", "timestamp",
 * "topic" }` with the headers `X-Pagure-Topic` (e.g. `issue.comment.added`), `X-Pagure-Project`,
 * `X-Pagure-Signature` (hex HMAC-SHA1 of the raw body, keyed with the project's web-hook key) and
 * `X-Pagure-Signature-256` (the same with SHA-256). The payload only says which ticket changed: votes
 * are always re-read through the API, never taken from it.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** The signature headers of a delivery, as received (absent: undefined). */
export interface PagureSignatures {
  /** `X-Pagure-Signature`: hex HMAC-SHA1. */
  sha1: string | undefined;
  /** `X-Pagure-Signature-256`: hex HMAC-SHA256. */
  sha256: string | undefined;
}

/** Hex HMAC of `body` with `key` (what Pagure puts in its signature headers). */
export function pagureSignature(
  body: Uint8Array | string,
  key: string,
  algorithm: "sha1" | "sha256",
): string {
  return createHmac(algorithm, key).update(body).digest("hex");
}

function sameHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given.trim().toLowerCase(), "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a delivery was signed with `key`: the SHA-256 signature must match when it is sent (current
 * Pagure sends both); a Pagure old enough to send only the SHA-1 one is checked on that. Compared in
 * constant time.
 * @returns `null` when the signature is good, else why not ("no signature", "bad signature").
 */
export function signatureProblem(body: Uint8Array, signatures: PagureSignatures, key: string): string | null {
  if (signatures.sha256 !== undefined)
    return sameHex(pagureSignature(body, key, "sha256"), signatures.sha256)
      ? null
      : "bad X-Pagure-Signature-256";
  if (signatures.sha1 !== undefined)
    return sameHex(pagureSignature(body, key, "sha1"), signatures.sha1) ? null : "bad X-Pagure-Signature";
  return "no X-Pagure-Signature-256 or X-Pagure-Signature header";
}

/** The part of a web-hook body Blockerbugs reads. */
export const PagureWebhookSchema = z.looseObject({
  topic: z.string().min(1),
  msg_id: z.string().nullish(),
  timestamp: z.number().nullish(),
  msg: z.looseObject({
    project_fullname: z.string().nullish(),
    project: z.looseObject({ fullname: z.string().nullish() }).nullish(),
    issue: z.looseObject({ id: z.number().int().positive() }).nullish(),
  }),
});
export type PagureWebhook = z.infer<typeof PagureWebhookSchema>;

/** The ticket an issue event names, or null for other events (pull requests, commits, …). */
export function webhookIssueId(hook: PagureWebhook): number | null {
  return hook.topic.startsWith("issue.") && hook.msg.issue ? hook.msg.issue.id : null;
}

/** The project a delivery is about (`namespace/repo`), when it says. */
export function webhookProject(hook: PagureWebhook): string | null {
  return hook.msg.project_fullname ?? hook.msg.project?.fullname ?? null;
}

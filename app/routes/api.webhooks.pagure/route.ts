/**
 * `POST /api/webhooks/pagure`: Pagure's project web-hook (README "Live votes: the Pagure web-hook").
 * A delivery must be signed with `PAGURE_WEBHOOK_KEY` (`X-Pagure-Signature-256`, or the older
 * `X-Pagure-Signature`) over its raw body: a missing or bad signature is refused with 403 and changes
 * nothing. For an issue event of the configured project the ticket is re-read through the Pagure API
 * and its votes stored. Bodies over 64 KiB get 413, bursts over the rate limit 429. The CSRF guard lets
 * this path through (app/server/csrf.ts): the signature is the check.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError, apiJson } from "~/api/response";
import { logger } from "~/logger.server";
import { refreshTicket } from "~/sync/pagure-ticket.server";
import {
  PagureWebhookSchema,
  signatureProblem,
  webhookIssueId,
  webhookProject,
} from "~/upstream/pagure-webhook.server";
import { pagureClient } from "~/upstream/clients.server";
import {
  alreadySeen,
  forget,
  MAX_WEBHOOK_BYTES,
  oneAtATime,
  rateLimited,
  readLimited,
} from "./webhook.server";

/** A GET (a person trying the URL): what this endpoint is. */
export function loader() {
  return new Response(JSON.stringify({ error: "Method not allowed: Pagure POSTs its web-hook here" }), {
    status: 405,
    headers: { "Content-Type": "application/json; charset=utf-8", Allow: "POST" },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const log = logger.child({ webhook: "pagure" });
  if (request.method !== "POST") return loader();
  const key = context.config.PAGURE_WEBHOOK_KEY;
  if (!key) return apiError(403, "Pagure web-hooks are not enabled here (PAGURE_WEBHOOK_KEY is not set)");
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_WEBHOOK_BYTES)
    return apiError(413, `Body too large: at most ${MAX_WEBHOOK_BYTES} bytes`);
  const body = await readLimited(request.body, MAX_WEBHOOK_BYTES);
  if (body === null) return apiError(413, `Body too large: at most ${MAX_WEBHOOK_BYTES} bytes`);

  const problem = signatureProblem(
    body,
    {
      sha1: request.headers.get("x-pagure-signature") ?? undefined,
      sha256: request.headers.get("x-pagure-signature-256") ?? undefined,
    },
    key,
  );
  if (problem) {
    log.warn({ reason: problem }, "pagure web-hook refused");
    return apiError(403, `Forbidden: ${problem}`);
  }

  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString("utf8"));
  } catch {
    return apiError(400, "The body is not JSON");
  }
  const parsed = PagureWebhookSchema.safeParse(json);
  if (!parsed.success) return apiError(400, "The body is not a Pagure web-hook message (topic, msg)");
  const hook = parsed.data;
  const project = webhookProject(hook);
  const issueId = webhookIssueId(hook);
  if (project !== null && project !== context.config.PAGURE_REPO)
    return apiJson({ ok: true, ignored: `another project (${project})` }, 202);
  if (issueId === null) return apiJson({ ok: true, ignored: `not an issue event (${hook.topic})` }, 202);
  if (alreadySeen(hook.msg_id)) return apiJson({ ok: true, duplicate: true, issue: issueId });

  const wait = await rateLimited();
  if (wait !== null) {
    forget(hook.msg_id);
    return new Response(JSON.stringify({ error: "Too many web-hooks: the next sync reads this ticket" }), {
      status: 429,
      headers: { "Content-Type": "application/json; charset=utf-8", "Retry-After": String(wait) },
    });
  }
  try {
    const client = pagureClient(context.config, { attempts: 2 });
    const result = await oneAtATime(issueId, () => refreshTicket(context.db, client, issueId));
    log.info({ topic: hook.topic, issue: issueId, ...result }, "pagure web-hook: ticket re-read");
    return apiJson({ ok: true, topic: hook.topic, ...result });
  } catch (error) {
    forget(hook.msg_id);
    log.error({ err: error, issue: issueId }, "pagure web-hook: the ticket could not be read");
    return apiError(502, `Pagure could not be read: ${(error as Error).message}`);
  }
}

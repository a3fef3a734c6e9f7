/**
 * Pagure's project web-hook, as the sandbox's Pagure sends it when one is configured (`--pagure-webhook
 * URL --pagure-webhook-key KEY`, or `POST /_sandbox/pagure-webhook`): after each comment or issue it
 * writes through its API, a POST of `{ i, msg: { agent, issue, project, pagure_instance,
 * project_fullname }, msg_id, timestamp, topic }` (keys sorted, as Pagure's `json.dumps(sort_keys=True)`)
 * with `X-Pagure`, `X-Pagure-Project`, `X-Pagure-Topic`, and `X-Pagure-Signature` /
 * `X-Pagure-Signature-256`: hex HMAC-SHA1 / HMAC-SHA256 of the raw body keyed with the web-hook key
 * (Pagure `lib/tasks_services.py` `call_web_hooks`). Sent after the write's answer, like Pagure's
 * celery task; each delivery's outcome is kept for `GET /_sandbox/pagure-webhook`.
 */
import { createHmac, randomUUID } from "node:crypto";

/** Where deliveries go and the key they are signed with. */
export interface PagureWebhookTarget {
  url: string;
  key: string;
}

/** One delivery and how the receiver answered (`status` null until it did; `error` when it could not). */
export interface WebhookDelivery {
  topic: string;
  issueId: number;
  msgId: string;
  sentAt: string;
  status: number | null;
  error?: string;
}

/** Keys sorted at every level, as Python's `json.dumps(..., sort_keys=True)` writes them. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** The sandbox's web-hook sender (one per sandbox). */
export class PagureWebhookSender {
  target: PagureWebhookTarget | null;
  readonly deliveries: WebhookDelivery[] = [];
  private count = 0;
  private readonly pending = new Set<Promise<void>>();

  constructor(target: PagureWebhookTarget | null = null) {
    this.target = target;
  }

  /** Sends one event about `issue` (fire and forget; see {@link settled}). Nothing without a target. */
  send(topic: string, issue: { id: number }, repo: string, agent: string): void {
    const target = this.target;
    if (!target) return;
    this.count += 1;
    const msgId = `${new Date().getUTCFullYear()}-${randomUUID()}`;
    const [namespace, name] = repo.includes("/") ? repo.split("/", 2) : [null, repo];
    const body = sortedJson({
      i: this.count,
      msg: {
        agent,
        issue,
        project: { fullname: repo, name, namespace },
        pagure_instance: "https://pagure.io/",
        project_fullname: repo,
      },
      msg_id: msgId,
      timestamp: Math.floor(Date.now() / 1000),
      topic,
    });
    const delivery: WebhookDelivery = {
      topic,
      issueId: issue.id,
      msgId,
      sentAt: new Date().toISOString(),
      status: null,
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > 100) this.deliveries.shift();
    const sent = fetch(target.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Pagure": "https://pagure.io/",
        "X-Pagure-Project": repo,
        "X-Pagure-Topic": topic,
        "X-Pagure-Signature": createHmac("sha1", target.key).update(body).digest("hex"),
        "X-Pagure-Signature-256": createHmac("sha256", target.key).update(body).digest("hex"),
      },
      body,
      signal: AbortSignal.timeout(60_000),
    })
      .then(async (res) => {
        delivery.status = res.status;
        await res.arrayBuffer();
      })
      .catch((error: unknown) => {
        delivery.error = error instanceof Error ? error.message : String(error);
      });
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  /** Resolves once every delivery sent so far has been answered (or failed). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

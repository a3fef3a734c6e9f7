/**
 * The Pagure web-hook endpoint's rules that are not the route's plumbing: the body size limit, the rate
 * limit, duplicate deliveries, and one re-read at a time per ticket.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** Largest body accepted (Pagure's issue events carry the whole ticket, comments included). */
export const MAX_WEBHOOK_BYTES = 64 * 1024;
/** Re-reads per minute, per node: a burst beyond it waits for the next sync. */
export const WEBHOOK_RATE_PER_MINUTE = 60;

/**
 * Reads a request body up to `limit` bytes.
 * @returns the bytes, or `null` when the body is longer (reading stops there).
 */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const limiter = new RateLimiterMemory({ points: WEBHOOK_RATE_PER_MINUTE, duration: 60 });

/**
 * Takes one re-read from this node's budget.
 * @returns null when allowed, else the seconds to wait (for `Retry-After`).
 */
export async function rateLimited(): Promise<number | null> {
  try {
    await limiter.consume("pagure");
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/** Message ids of recent deliveries: Pagure's `msg_id` names one event, a redelivery repeats it. */
const seen = new Set<string>();
const SEEN_LIMIT = 1000;

/** Whether this delivery was already handled (and remembers it when not). */
export function alreadySeen(msgId: string | null | undefined): boolean {
  if (!msgId) return false;
  if (seen.has(msgId)) return true;
  seen.add(msgId);
  if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value!);
  return false;
}

/** Forgets a delivery whose handling failed, so a redelivery is handled. */
export function forget(msgId: string | null | undefined): void {
  if (msgId) seen.delete(msgId);
}

const running = new Map<number, Promise<unknown>>();

/**
 * Runs `task` for ticket `issueId` after any re-read of the same ticket already running has finished,
 * so two comments in quick succession are both read (the second read starts after the first write).
 */
export function oneAtATime<T>(issueId: number, task: () => Promise<T>): Promise<T> {
  const before = running.get(issueId) ?? Promise.resolve();
  const next = before.catch(() => undefined).then(task);
  running.set(issueId, next);
  void next
    .finally(() => {
      if (running.get(issueId) === next) running.delete(issueId);
    })
    .catch(() => undefined);
  return next;
}

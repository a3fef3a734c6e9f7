import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";
import pLimit, { type LimitFunction } from "p-limit";
import pRetry, { AbortError } from "p-retry";
import type { z } from "zod";

/** How one upstream service is called: timeouts and retries (README "Configuration"). */
export interface HttpPolicy {
  /** Timeout of one attempt, in milliseconds (connect + headers + body). */
  timeoutMs: number;
  /** Attempts per request, including the first (1 = no retry). */
  attempts: number;
  /** First backoff delay in milliseconds; doubles per retry, with jitter. */
  retryBaseMs?: number;
  /** Longest `Retry-After` honoured, in milliseconds (longer waits fail the request instead). */
  maxRetryAfterMs?: number;
  /** At most this many requests in flight to the service at once (`UPSTREAM_CONCURRENCY`; default 4). */
  concurrency?: number;
}

/** Default of `HttpPolicy.concurrency` (and of `UPSTREAM_CONCURRENCY`). */
export const DEFAULT_CONCURRENCY = 4;

/**
 * What the requests to one upstream service share: a limit on how many are in flight at once
 * (`p-limit`), and a pause that a `429 Too Many Requests` or a `Retry-After` answer puts on all of
 * them, not only on the request that got it. Each client holds one gate for its service.
 */
export class UpstreamGate {
  private readonly limit: LimitFunction;
  private pausedUntil = 0;

  /** @param concurrency requests in flight at most (at least 1). */
  constructor(concurrency = DEFAULT_CONCURRENCY) {
    this.limit = pLimit(Math.max(1, Math.floor(concurrency)));
  }

  /** Runs one attempt when a slot is free and no pause is in force. */
  run<T>(attempt: () => Promise<T>): Promise<T> {
    return this.limit(async () => {
      for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now())
        await new Promise((resolve) => setTimeout(resolve, wait));
      return attempt();
    });
  }

  /** Holds every request to the service back for `ms` milliseconds from now (longer pauses win). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /** Requests waiting for a slot (for tests and progress). */
  get pending(): number {
    return this.limit.pendingCount;
  }
}

/**
 * A failed upstream call. `status` is the HTTP status (undefined for network errors and timeouts),
 * `code` the service's own error code when its error body had one. Messages name the service, the
 * method and the URL path with its query, never credentials (they only travel in headers).
 */
export class UpstreamError extends Error {
  override name = "UpstreamError";
  constructor(
    message: string,
    readonly service: string,
    readonly details: { status?: number; code?: number | string; retryable: boolean; retryAfterMs?: number },
  ) {
    super(message);
  }
  get status(): number | undefined {
    return this.details.status;
  }
  get code(): number | string | undefined {
    return this.details.code;
  }
}

/** What every upstream request has in common. */
interface BaseRequest {
  service: string;
  url: URL;
  method?: "GET" | "POST" | "PUT";
  headers?: Record<string, string>;
  /**
   * Request body: `URLSearchParams` are sent form-encoded, a string as is (with `contentType`), any
   * other value as JSON.
   */
  body?: unknown;
  /** Content type of a string body. */
  contentType?: string;
  /** Called once per attempt (for request counting). */
  onAttempt?: () => void;
  /**
   * The service's gate (concurrency limit and shared pause); without one, the request only waits for
   * itself.
   */
  gate?: UpstreamGate;
}

/** A request to a JSON API. */
export interface JsonRequest<T> extends BaseRequest {
  /** Validates the successful (2xx) response body. */
  schema: z.ZodType<T>;
  /**
   * Turns a non-2xx response with a JSON body into the service's own error (e.g. Bugzilla's
   * `{error, code, message}`); return undefined to fall back to a generic HTTP error.
   */
  parseError?: ParseErrorFn;
}

/** Reads a service's own error from a non-2xx JSON body; undefined when the body is not one. */
export type ParseErrorFn = (
  status: number,
  body: unknown,
) => { code?: number | string; message: string } | undefined;

/**
 * A `parseError` for a service whose error bodies `schema` describes: a body that does not match it
 * is not the service's own error (undefined: a generic HTTP error), one that does becomes `read(body)`.
 */
export function errorBodyParser<B>(
  schema: z.ZodType<B>,
  read: (body: B) => { code?: string; message: string },
): (status: number, body: unknown) => { code?: string; message: string } | undefined {
  return (_status, body) => {
    const parsed = schema.safeParse(body);
    return parsed.success ? read(parsed.data) : undefined;
  };
}

/** The parsed body plus response metadata. */
export interface JsonResponse<T> {
  body: T;
  status: number;
  /** The server's clock from the `Date` header, when present. */
  serverDate?: Date;
}

/** Builds an UpstreamError whose message names the service, method and URL of the request. */
export type FailFn = (message: string, details: UpstreamError["details"]) => UpstreamError;

/** A request whose successful (2xx) text body the caller decodes (e.g. XML-RPC). */
export interface TextRequest<T> extends BaseRequest {
  /**
   * Decodes a 2xx body. Throw `fail(...)` to report an upstream error (retryable or not); any other
   * exception means an unreadable body and is retried like a truncated response.
   */
  decode: (text: string, fail: FailFn) => Promise<T>;
}

/**
 * Sends one JSON request with a per-attempt timeout, retrying with exponential backoff on network
 * errors, timeouts, truncated or non-JSON bodies, HTTP 5xx and 429 (waiting at least `Retry-After`).
 * Other 4xx answers and bodies that fail `schema` are not retried.
 * @throws UpstreamError after the last attempt, or at once for non-retryable failures.
 */
export async function requestJson<T>(req: JsonRequest<T>, policy: HttpPolicy): Promise<JsonResponse<T>> {
  return withRetries(req, policy, (fail) => attemptJson(req, policy.timeoutMs, fail));
}

/**
 * Sends one request whose 2xx body `req.decode` reads, with the timeouts and retries of
 * `requestJson` (non-2xx answers: retried for 5xx and 429, failed at once for other statuses).
 * @throws UpstreamError after the last attempt, or at once for non-retryable failures.
 */
export async function requestText<T>(req: TextRequest<T>, policy: HttpPolicy): Promise<T> {
  return withRetries(req, policy, async (fail) => {
    const { response, text } = await send(req, policy.timeoutMs, fail);
    if (!response.ok) throw httpFailure(response, text, fail);
    try {
      return await req.decode(text, fail);
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      // A cut-off or HTML body on a 2xx answer is a transport problem (proxy, truncation): retry it.
      throw fail(`unreadable response (${(error as Error).message}): ${snippet(text)}`, {
        status: response.status,
        retryable: true,
      });
    }
  });
}

async function withRetries<T>(
  req: BaseRequest,
  policy: HttpPolicy,
  run: (fail: FailFn) => Promise<T>,
): Promise<T> {
  const maxRetryAfterMs = policy.maxRetryAfterMs ?? 120_000;
  // Named only when something fails: most requests never need it.
  const where = () => `${req.method ?? "GET"} ${req.url.pathname}${shortQuery(req.url)}`;
  const fail: FailFn = (message, details) =>
    new UpstreamError(`${req.service}: ${where()}: ${message}`, req.service, details);
  const retryBaseMs = policy.retryBaseMs ?? 500;
  let attempts = 0;
  const attempt = async () => {
    attempts += 1;
    try {
      req.onAttempt?.();
      return await run(fail);
    } catch (error) {
      if (error instanceof UpstreamError) {
        // The service asked to slow down: every request to it waits, not only this one. Paused here,
        // before this attempt's slot is freed, so no queued request slips out first.
        const { retryAfterMs, status } = error.details;
        if (retryAfterMs !== undefined && retryAfterMs <= maxRetryAfterMs) req.gate?.pause(retryAfterMs);
        else if (status === 429) req.gate?.pause(retryBaseMs * 2 ** (attempts - 1));
        if (!error.details.retryable) throw new AbortError(error);
      }
      throw error;
    }
  };
  return pRetry(() => (req.gate ? req.gate.run(attempt) : attempt()), {
    retries: Math.max(0, policy.attempts - 1),
    minTimeout: retryBaseMs,
    factor: 2,
    randomize: true,
    onFailedAttempt: async (error) => {
      const retryAfterMs = error instanceof UpstreamError ? error.details.retryAfterMs : undefined;
      if (retryAfterMs === undefined || error.retriesLeft <= 0) return;
      if (retryAfterMs > maxRetryAfterMs) throw error;
      // With a gate, the next attempt waits for the pause; without one, wait here.
      if (!req.gate) await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
    },
  }).catch((error: unknown) => {
    throw error instanceof UpstreamError ? error : wrapUnknown(req, error);
  });
}

/** An answer as `send` reads it: status, headers, and whether the status is 2xx. */
interface Answer {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
}

/** Bodies the server may compress, and how to read each (a sync's pages shrink several times). */
const DECODERS: Record<string, (body: Buffer) => Buffer> = {
  gzip: (b) => zlib.gunzipSync(b),
  "x-gzip": (b) => zlib.gunzipSync(b),
  deflate: (b) => zlib.inflateSync(b),
  br: (b) => zlib.brotliDecompressSync(b),
};

/**
 * One HTTP exchange with a timeout covering connect, headers and body, on Node's own HTTP client
 * (`node:http`/`node:https` with their keep-alive agents): for a sync's hundred-odd requests it costs
 * a fraction of `fetch`'s CPU and memory (whose parser is a WebAssembly module compiled at first use).
 * Redirects are not followed; compressed bodies are decoded.
 */
function send(
  req: BaseRequest,
  timeoutMs: number,
  fail: FailFn,
): Promise<{ response: Answer; text: string }> {
  const { body, contentType } = encodeBody(req);
  let expired = false;
  return new Promise((resolve, reject) => {
    const failed = (error: unknown) => {
      clearTimeout(timer);
      reject(
        expired
          ? fail(`no answer within ${timeoutMs} ms`, { retryable: true })
          : fail(`network error: cannot connect to ${req.url.host} (${explainCause(describeCause(error))})`, {
              retryable: true,
            }),
      );
    };
    const request = (req.url.protocol === "https:" ? https : http).request(
      req.url,
      {
        method: req.method ?? "GET",
        headers: {
          Accept: "application/json",
          "Accept-Encoding": "gzip, deflate, br",
          ...(contentType ? { "Content-Type": contentType } : {}),
          ...(body !== undefined ? { "Content-Length": Buffer.byteLength(body) } : {}),
          ...req.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", failed);
        res.on("aborted", () =>
          failed(Object.assign(new Error("the body was cut off"), { code: "ECONNRESET" })),
        );
        res.on("end", () => {
          if (!res.complete)
            return failed(Object.assign(new Error("the body was cut off"), { code: "ECONNRESET" }));
          clearTimeout(timer);
          const encoding = String(res.headers["content-encoding"] ?? "")
            .trim()
            .toLowerCase();
          let raw: Buffer = Buffer.concat(chunks);
          try {
            if (DECODERS[encoding]) raw = DECODERS[encoding](raw);
          } catch (error) {
            reject(fail(`unreadable ${encoding} body (${(error as Error).message})`, { retryable: true }));
            return;
          }
          const status = res.statusCode ?? 0;
          resolve({
            response: {
              status,
              ok: status >= 200 && status < 300,
              headers: {
                get: (name) => {
                  const value = res.headers[name.toLowerCase()];
                  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
                },
              },
            },
            text: raw.toString("utf8").replace(/^\uFEFF/, ""),
          });
        });
      },
    );
    const timer = setTimeout(() => {
      expired = true;
      request.destroy();
    }, timeoutMs);
    request.on("error", failed);
    request.end(body);
  });
}

function encodeBody(req: BaseRequest): { body?: string; contentType?: string } {
  if (req.body === undefined) return {};
  if (req.body instanceof URLSearchParams)
    return { body: req.body.toString(), contentType: "application/x-www-form-urlencoded" };
  if (typeof req.body === "string") return { body: req.body, contentType: req.contentType };
  return { body: JSON.stringify(req.body), contentType: "application/json" };
}

/** The error for a non-2xx answer (5xx and 429 are retryable), with the service's own message if known. */
function httpFailure(
  response: Answer,
  text: string,
  fail: FailFn,
  known?: { code?: number | string; message: string },
  jsonOk = false,
): UpstreamError {
  const retryable = response.status >= 500 || response.status === 429;
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  if (known) {
    return fail(`${known.message} (HTTP ${response.status}, code ${known.code})`, {
      status: response.status,
      code: known.code,
      retryable,
      retryAfterMs,
    });
  }
  return fail(`HTTP ${response.status}${jsonOk ? "" : `: ${snippet(text)}`}`, {
    status: response.status,
    retryable,
    retryAfterMs,
  });
}

async function attemptJson<T>(
  req: JsonRequest<T>,
  timeoutMs: number,
  fail: FailFn,
): Promise<JsonResponse<T>> {
  const { response, text } = await send(req, timeoutMs, fail);
  let json: unknown;
  let jsonOk = true;
  try {
    json = JSON.parse(text);
  } catch {
    jsonOk = false;
  }

  if (!response.ok) {
    const known = jsonOk ? req.parseError?.(response.status, json) : undefined;
    throw httpFailure(response, text, fail, known, jsonOk);
  }
  if (!jsonOk) {
    // A cut-off or HTML body on a 2xx answer is a transport problem (proxy, truncation): retry it.
    throw fail(`response is not valid JSON: ${snippet(text)}`, { status: response.status, retryable: true });
  }
  const parsed = req.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(`unexpected response shape at ${issue?.path.join(".") || "(root)"}: ${issue?.message}`, {
      status: response.status,
      retryable: false,
    });
  }
  const date = response.headers.get("date");
  const serverDate = date ? new Date(date) : undefined;
  return {
    body: parsed.data,
    status: response.status,
    serverDate: serverDate && !Number.isNaN(serverDate.getTime()) ? serverDate : undefined,
  };
}

/**
 * The pages after the first of a paged listing whose first page says it has `pages` pages in all,
 * to ask for together: 2 to `pages` (empty for one page or none).
 */
export function laterPages(pages: number): number[] {
  return Array.from({ length: Math.max(0, pages - 1) }, (_, i) => i + 2);
}

/** `Retry-After` as seconds or an HTTP date → milliseconds from now; undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The query string for messages: without the long field lists, cut at 100 characters. */
function shortQuery(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete("include_fields");
  const query = decodeURIComponent(params.toString());
  if (!query) return "";
  return `?${query.length > 100 ? `${query.slice(0, 100)}…` : query}`;
}

/** The body for messages: tags stripped, whitespace collapsed, cut at 120 characters. */
function snippet(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat || "(empty body)";
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return (
    cause?.code ??
    cause?.message ??
    (error as { code?: string }).code ??
    (error as Error).message ??
    String(error)
  );
}

/** Plain words for the system error codes a newcomer meets first (offline, wrong URL or port). */
const CAUSES: Record<string, string> = {
  ENOTFOUND: "host name not found: no network or a wrong URL?",
  EAI_AGAIN: "host name lookup failed: no network or DNS?",
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

function explainCause(cause: string): string {
  return CAUSES[cause] ? `${cause}: ${CAUSES[cause]}` : cause;
}

function wrapUnknown(req: BaseRequest, error: unknown): UpstreamError {
  return new UpstreamError(`${req.service}: ${req.url.pathname}: ${describeCause(error)}`, req.service, {
    retryable: false,
  });
}

/**
 * Pages at the speed of a static file: anonymous GET/HEAD requests of the public pages and the API are
 * answered from responses rendered once per data version (app/db/data-version.server.ts), kept
 * compressed in a byte-bounded LRU, with an ETag so a browser's revalidation costs a 304.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { LRUCache } from "lru-cache";
import onHeaders from "on-headers";
import type { DataVersion, DataVersionReader } from "~/db/data-version.server";
import { SESSION_COOKIE } from "~/auth/session.server";

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);
const unbrotli = promisify(zlib.brotliDecompress);

/**
 * Paths (after `BASE_PATH`) whose anonymous responses depend only on the data and the time: home, a
 * milestone's bug list, requests, IRC script (and its `.txt`), prioritized bugs, a bug's page, and the
 * JSON API v1 except `/api/v1/sync` (it shows this node's scheduler). `.data` is the same page's data
 * as Remix's client navigation asks for it (`/_root.data` for the home page).
 */
const CACHED_PATHS: readonly RegExp[] = [
  /^\/$/,
  /^\/_root\.data$/,
  /^\/milestone\/[^/]+\/[^/]+\/(?:buglist|requests|irc)(?:\.data)?$/,
  /^\/milestone\/[^/]+\/[^/]+\/irc\.txt$/,
  /^\/prioritized(?:\.data)?$/,
  /^\/bug\/[^/]+(?:\.data)?$/,
  /^\/api\/v1\/(?!sync(?:\/|$)).+$/,
];

/** Whether `path` (the URL path, under `base` such as `/blockerbugs` or "") is a page kept per version. */
export function isCachedPath(path: string, base: string): boolean {
  if (base && path !== base && !path.startsWith(`${base}/`)) return false;
  const local = path.slice(base.length) || "/";
  return CACHED_PATHS.some((p) => p.test(local));
}

/**
 * Whether a request is anonymous: no session cookie (`bb_session`) and no `Authorization`. A request
 * with a session cookie counts as logged in even when the session has expired: it renders.
 */
export function isAnonymous(headers: { cookie?: string; authorization?: string }): boolean {
  if (headers.authorization) return false;
  const cookie = headers.cookie;
  return !cookie || !new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=`).test(cookie);
}

/**
 * The longest (ms) a kept page is served without checking it when the data version does not move. Its
 * relative times ("3 minutes ago") are what ages without a write, and it is checked again as soon as the
 * first of them reads differently; this bounds anything else a page might take from the clock.
 */
export const RECHECK_MS = 10 * 60_000;

/**
 * The ETag of a kept response: its content hash (see {@link Entry.hash}) for one `variant` of the app
 * (its build and the settings pages show). Weak: the gzip and brotli bodies are the same
 * representation, and so are two renders of the same data with different CSP nonces.
 */
export function pageEtag(variant: string, hash: string): string {
  return `W/"${variant}-${hash}"`;
}

/** Whether an `If-None-Match` header value names `etag` (weak comparison, `*` matches anything). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  const wanted = bare(etag);
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || bare(t) === wanted);
}

/** A rendered response kept for one URL. */
interface Entry {
  /**
   * What the response was made from: for a document the hash of its loader data (entry.server.tsx),
   * for anything else the hash of its body.
   */
  hash: string;
  etag: string;
  /** The data version it was last checked under: while it holds, the page is served as is… */
  version: string;
  /**
   * …until then (ms since the epoch): when the first relative time it shows reads differently, or
   * {@link RECHECK_MS} after the check.
   */
  freshUntil: number;
  /** When its content was first rendered (HTTP date): the last write then, or when its times changed. */
  lastModified: string;
  status: number;
  /** Headers of the rendered response (Content-Type, …), without per-request and framing ones. */
  headers: [string, string][];
  /** The Content-Security-Policy sent with the render, carrying the nonce its inline scripts carry. */
  csp: string | undefined;
  br: Buffer;
  /**
   * The gzip copy, made when a client first asks for it (browsers take brotli): every new page
   * would otherwise be compressed twice.
   */
  gzip?: Promise<Buffer>;
  /** Its size once made (for the LRU's byte count). */
  gzipBytes: number;
}

/** A check of one URL under one data version (see {@link pageCache}): what it keeps, once done. */
interface Check {
  version: string;
  done: Promise<Entry | undefined>;
}

/**
 * How many checks of one URL may run at once, each under a newer data version than the one before:
 * a request under a version no running check covers starts its own rather than wait for older ones.
 */
const CHECKS_PER_URL = 2;

/** Response headers about the framing of one message: never copied from a rendered response. */
const FRAMING = new Set([
  "connection",
  "content-encoding",
  "content-length",
  "keep-alive",
  "transfer-encoding",
]);

/** Response headers never stored with a page: framing, per-request, or set when serving. */
const NOT_STORED = new Set([...FRAMING, "date", "etag", "last-modified", "vary", "x-request-id"]);

/** Request headers a shared render does not see: who is asking, and what their copy is. */
const NOT_FORWARDED = new Set(["cookie", "authorization", "if-none-match", "if-modified-since"]);

/** A render for the page cache (see {@link PageCacheOptions.render}). */
export interface Rendered {
  response: Response;
  /** The hash of a document's loader data (documents only; see `PageRender`). */
  dataHash?: string;
  /** When a relative time the document shows next changes (ms); absent or `null` when it shows none. */
  timesChangeAt?: number | null;
}

/** What {@link pageCache} needs. */
export interface PageCacheOptions {
  /** `BASE_PATH` ("" for none). */
  base: string;
  versions: DataVersionReader;
  /**
   * Renders `request` through the Remix app with this response's context (its CSP nonce). `known` is
   * the hash of the page kept: a document of the same data may then come back without a body.
   * `startedAt` is the clock before the render (ms), the instant its relative times are reckoned from.
   */
  render: (
    request: Request,
    res: ExpressResponse,
    known: string | undefined,
    startedAt: number,
  ) => Promise<Rendered>;
  /** Identifies the build and the settings pages show: part of every ETag. */
  variant: string;
  /** Upper bound of the stored bodies (bytes; gzip and brotli copies counted). 0 disables storing. */
  maxBytes: number;
  /** The clock (ms since the epoch). */
  now?: () => number;
  /** Called when a render fails or the data version cannot be read (the request then renders). */
  onError?: (error: unknown, req: ExpressRequest) => void;
}

/**
 * Express middleware serving the public pages per data version:
 * - Requests that are not anonymous GET/HEAD requests of a cached path ({@link isCachedPath},
 *   {@link isAnonymous}) go on to the app; logged-in ones get `Cache-Control: private, no-cache`
 *   unless the page sets its own.
 * - Otherwise the data version is read (one single-flight query, never older than the request). A
 *   response kept for the URL and checked under that version is sent as is: 304 to a matching
 *   `If-None-Match`, else brotli or gzip as accepted (decompressed for clients accepting neither). Once
 *   one of its relative times reads differently (or {@link RECHECK_MS} after its check), a check in the
 *   background brings it up to date.
 * - Otherwise the request checks the page under that version — renders it anonymously (no cookies
 *   reach the render) — or waits for a check of that URL under that version or a later one. A check
 *   under a newer version starts beside a running check of older data rather than after it (at most
 *   {@link CHECKS_PER_URL} per URL, however often the version moves during a sync), and a check that
 *   ends after a newer one leaves the newer one kept. A document whose loader data hashes
 *   as the kept one's is not rendered again (nor an API answer of the same bytes compressed again): the
 *   kept response is checked under the new version. A 200 or 404 without `Set-Cookie` or
 *   `Cache-Control: private/no-store` is kept, in a byte-bounded LRU.
 * Kept responses carry `Cache-Control: no-cache` (browsers revalidate), `ETag` (the content hash, so
 * it survives writes that do not change the page), `Last-Modified` and `Vary: Accept-Encoding, Cookie`.
 */
export function pageCache(opts: PageCacheOptions): RequestHandler {
  const now = opts.now ?? Date.now;
  const entries = new LRUCache<string, Entry>({
    maxSize: Math.max(1, opts.maxBytes),
    sizeCalculation: (e) => e.br.length + e.gzipBytes + 512,
  });
  // The checks (a render or revalidation) running per URL, oldest first, each under a newer version
  // than the one before. Each request reads the data version after it arrived, so that version covers every
  // write committed before it; a check reads its data after the version it is labelled with was read.
  // So a request may take a kept page or a check's result labelled with its version or a later one.
  const checks = new Map<string, Check[]>();

  /**
   * Gives an entry's gzip copy, made once (revalidated copies of the entry share it); the LRU counts
   * its bytes once made, if the entry is still kept.
   */
  const gzipOf = (key: string) => (entry: Entry) => {
    if (!entry.gzip) {
      const made = unbrotli(entry.br).then((plain) => gzip(plain, { level: 6 }));
      entry.gzip = made;
      made.then(
        (gz) => {
          const current = entries.peek(key);
          if (current?.gzip === made) entries.set(key, { ...current, gzipBytes: gz.length });
        },
        () => {
          if (entry.gzip === made) entry.gzip = undefined;
        },
      );
    }
    return entry.gzip;
  };

  const handler: RequestHandler = (req, res, next) => {
    if (!isAnonymous(req.headers)) {
      privateUnlessSet(res);
      return next();
    }
    if ((req.method !== "GET" && req.method !== "HEAD") || !isCachedPath(req.path, opts.base)) return next();
    void serve(req, res, next).catch((error: unknown) => {
      opts.onError?.(error, req);
      if (!res.headersSent) next();
    });
  };

  const serve = async (req: ExpressRequest, res: ExpressResponse, next: () => void) => {
    const key = `${req.protocol}://${req.get("host") ?? ""}${req.originalUrl}`;
    let version: DataVersion;
    try {
      version = await opts.versions.read();
    } catch (error) {
      opts.onError?.(error, req);
      return next();
    }
    for (;;) {
      const kept = entries.get(key);
      if (kept && covers(kept.version, version.version)) {
        // Same data; only its relative times may have aged: served as kept while a check of this URL
        // brings them up to date in the background.
        if (now() >= kept.freshUntil && !checks.has(key))
          void check(key, req, res, false, version).catch((error: unknown) => opts.onError?.(error, req));
        return send(req, res, kept, "hit", gzipOf(key));
      }
      const running = checks.get(key) ?? [];
      const covering = running.find((c) => covers(c.version, version.version));
      if (covering) {
        const entry = await covering.done;
        return entry ? send(req, res, entry, "hit", gzipOf(key)) : next();
      }
      // Only checks of older data run: this request's starts now beside them (waiting for them would
      // chain one check after another while a sync moves the version), unless as many run as may.
      if (running.length < CHECKS_PER_URL) return check(key, req, res, true, version);
      await running[0]!.done.catch(() => undefined);
    }
  };

  /** Keeps `entry` for `key` unless what is kept was checked under a newer version. */
  const keep = (key: string, entry: Entry) => {
    const current = entries.peek(key);
    if (!current || covers(entry.version, current.version)) entries.set(key, entry);
  };

  /**
   * Brings the kept response of `key` up to date under `version` (read by `req` after it arrived),
   * rendering with `res`'s CSP nonce, and when `deliver` sends it to `req` (or sends what was rendered
   * when it is not kept).
   */
  const check = async (
    key: string,
    req: ExpressRequest,
    res: ExpressResponse,
    deliver: boolean,
    version: DataVersion,
  ): Promise<void> => {
    let settle!: (e: Entry | undefined) => void;
    const mine: Check = { version: version.version, done: new Promise((resolve) => (settle = resolve)) };
    checks.set(key, [...(checks.get(key) ?? []), mine]);
    // Taken now: a background check's `res` is being sent a kept page with that page's own CSP.
    const csp = res.getHeader("Content-Security-Policy");
    const deliverEntry = (entry: Entry, cache: "hit" | "miss" | "revalidated") =>
      deliver ? send(req, res, entry, cache, gzipOf(key)) : undefined;
    try {
      const startedAt = now();
      const kept = entries.get(key);
      if (kept && covers(kept.version, version.version) && startedAt < kept.freshUntil) {
        settle(kept);
        return deliverEntry(kept, "hit");
      }
      const { response, dataHash, timesChangeAt } = await opts.render(
        anonymousRequest(req),
        res,
        kept?.hash,
        startedAt,
      );
      const body = Buffer.from(await response.arrayBuffer());
      const hash = dataHash ?? createHash("sha256").update(body).digest("base64url").slice(0, 22);
      const freshUntil = Math.min(timesChangeAt ?? Infinity, startedAt + RECHECK_MS);
      if (kept && hash === kept.hash && response.status === kept.status) {
        // The same page: checked under this version, served as kept.
        const entry = { ...kept, version: version.version, freshUntil };
        keep(key, entry);
        settle(entry);
        return deliverEntry(entry, "revalidated");
      }
      if (!keepable(response) || opts.maxBytes === 0) {
        settle(undefined);
        return deliver ? sendRendered(req, res, response, body) : undefined;
      }
      // New content comes from the last write, or from relative times that changed: when the kept
      // page's ran out, or (nothing kept) lately.
      const timesChanged =
        timesChangeAt == null ? 0 : !kept ? startedAt : kept.freshUntil <= startedAt ? kept.freshUntil : 0;
      const br = await brotli(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
      const entry: Entry = {
        hash,
        etag: pageEtag(opts.variant, hash),
        version: version.version,
        freshUntil,
        lastModified: new Date(Math.max(version.changedAt.getTime(), timesChanged)).toUTCString(),
        status: response.status,
        headers: [...response.headers].filter(([name]) => !NOT_STORED.has(name.toLowerCase())),
        csp: typeof csp === "string" ? csp : undefined,
        br,
        gzipBytes: 0,
      };
      keep(key, entry);
      settle(entry);
      return deliverEntry(entry, "miss");
    } catch (error) {
      settle(undefined);
      throw error;
    } finally {
      const others = checks.get(key)?.filter((c) => c !== mine) ?? [];
      if (others.length) checks.set(key, others);
      else checks.delete(key);
    }
  };

  return handler;
}

/** The request as the app renders it for everyone: same URL and headers, but no cookies or validators. */
function anonymousRequest(req: ExpressRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return new Request(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`, {
    method: "GET",
    headers,
  });
}

/** Whether data of version `kept` (a decimal string) is at least as new as version `wanted`. */
function covers(kept: string, wanted: string): boolean {
  return BigInt(kept) >= BigInt(wanted);
}

/** Whether a rendered response may be kept and served to every anonymous request under its version. */
function keepable(response: Response): boolean {
  if (response.status !== 200 && response.status !== 404) return false;
  if (response.headers.has("Set-Cookie")) return false;
  return !/\b(?:private|no-store)\b/i.test(response.headers.get("Cache-Control") ?? "");
}

/**
 * Sends a kept response — 304 to a matching `If-None-Match`, else in the encoding the client accepts
 * (brotli, else gzip, else none) — with `X-Cache: hit` (kept and checked before), `revalidated` (kept,
 * and found unchanged under a new version for this request) or `miss` (rendered for this request).
 */
async function send(
  req: ExpressRequest,
  res: ExpressResponse,
  entry: Entry,
  cache: "hit" | "miss" | "revalidated",
  gzipped: (entry: Entry) => Promise<Buffer>,
): Promise<void> {
  res.setHeader("Vary", "Accept-Encoding, Cookie");
  res.setHeader("Cache-Control", "no-cache");
  res.setHeader("ETag", entry.etag);
  res.setHeader("Last-Modified", entry.lastModified);
  res.setHeader("X-Cache", cache);
  if (matchesEtag(req.headers["if-none-match"], entry.etag)) {
    // The browser keeps the Content-Security-Policy it got with its copy (a 304's headers update the
    // stored ones): a fresh nonce here would not match the inline scripts of that copy.
    res.removeHeader("Content-Security-Policy");
    res.status(304).end();
    return;
  }
  res.status(entry.status);
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  // Replaying the stored body replays the CSP nonce of its render. That is sound only because the body
  // is the same bytes for everyone under this version (no user, no form token, no input echoed beyond
  // the URL): the nonce then guards nothing an attacker could inject into this body, and the header
  // sent with it must be the one carrying that nonce, or the page's own scripts would be blocked.
  if (entry.csp) res.setHeader("Content-Security-Policy", entry.csp);
  let body: Buffer;
  if (req.acceptsEncodings("br")) {
    body = entry.br;
    res.setHeader("Content-Encoding", "br");
  } else if (req.acceptsEncodings("gzip")) {
    body = await gzipped(entry);
    res.setHeader("Content-Encoding", "gzip");
  } else {
    body = await unbrotli(entry.br);
  }
  res.setHeader("Content-Length", body.length);
  if (req.method === "HEAD") res.end();
  else res.end(body);
}

/** Sends a response the app rendered that is not kept (a redirect, an error), as rendered. */
function sendRendered(req: ExpressRequest, res: ExpressResponse, response: Response, body: Buffer): void {
  res.status(response.status);
  for (const [name, value] of response.headers) {
    if (name === "set-cookie") res.append(name, value);
    else if (!FRAMING.has(name)) res.setHeader(name, value);
  }
  res.setHeader("Content-Length", body.length);
  if (req.method === "HEAD") res.end();
  else res.end(body);
}

/** Adds `Cache-Control: private, no-cache` to a logged-in response unless the page set its own. */
function privateUnlessSet(res: ExpressResponse): void {
  onHeaders(res, function (this: ExpressResponse) {
    if (!this.getHeader("Cache-Control")) this.setHeader("Cache-Control", "private, no-cache");
  });
}

/** A short stable hash of `parts`, for {@link PageCacheOptions.variant}. */
export function variantOf(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\0")).digest("base64url").slice(0, 10);
}

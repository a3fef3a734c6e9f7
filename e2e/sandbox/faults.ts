/**
 * Fault injection for service requests: latency, scripted fault rules, and a seeded random fault
 * rate (sandbox.md "Faults"). Control endpoints (`/_sandbox/…`) never pass through here.
 */
import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import type { SandboxService } from "./service.js";

/** Every fault the sandbox can inject. */
export const FAULT_KINDS = ["500", "502", "503", "429", "reset", "truncated", "hang"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Default time a `hang` keeps the request open before closing the socket: 120 s. */
export const DEFAULT_HANG_MS = 120_000;

/** A scripted fault: which requests it hits and what it does. */
export const FaultRuleSchema = z.strictObject({
  /** Prefix of the request pathname, e.g. `/bugzilla/rest/bug`. */
  path: z.string().startsWith("/"),
  /** HTTP method to match (any when absent). */
  method: z.string().optional(),
  /**
   * Query parameters the request must carry with exactly these values (e.g. `{ "f1": "flagtypes.name" }`
   * for Bugzilla's prioritized-bugs search); any request when absent.
   */
  query: z.record(z.string(), z.string()).optional(),
  /** Matching requests to let through before faulting (default 0). */
  skip: z.number().int().min(0).default(0),
  /** Matching requests to fault (default 1; -1 = forever). */
  times: z.number().int().min(-1).default(1),
  fault: z.enum(FAULT_KINDS),
  /** `Retry-After` seconds for 429/503; without it a rule's 429/503 has no `Retry-After`. */
  retryAfter: z.number().int().min(0).optional(),
});
export type FaultRule = z.infer<typeof FaultRuleSchema>;

/** Names of the services, as used by `services` (the mount prefix without its slash). */
export const SERVICE_NAMES = ["bugzilla", "bodhi", "koji", "pagure"] as const;

/**
 * Body of `POST /_sandbox/faults`: merged into the current settings (`rules` replaces the rules).
 * `services` limits `latencyMs` and `faultRate` to the named services (e.g. `["koji"]`); `null`
 * (the start-up value) means every service. Rules pick their requests by `path` on their own.
 */
export const FaultSettingsSchema = z.strictObject({
  latencyMs: z.number().min(0).optional(),
  faultRate: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  hangMs: z.number().min(0).optional(),
  services: z.array(z.enum(SERVICE_NAMES)).nullable().optional(),
  rules: z.array(FaultRuleSchema).optional(),
});
export type FaultSettings = z.infer<typeof FaultSettingsSchema>;

/** Start-up options of the injector (the CLI's `--latency`, `--fault-rate`, `--seed`). */
export interface FaultOptions {
  latencyMs?: number;
  faultRate?: number;
  seed?: number;
  hangMs?: number;
}

/** A rule with its counters: `matched` requests seen, `fired` faults injected. */
export type FaultRuleState = FaultRule & { matched: number; fired: number };

/** The live configuration, as `GET /_sandbox/faults` returns it. */
export interface FaultConfig {
  latencyMs: number;
  faultRate: number;
  seed: number;
  hangMs: number;
  /** Services that `latencyMs` and `faultRate` apply to; null = all. */
  services: string[] | null;
  rules: FaultRuleState[];
}

/** The fault chosen for one request. */
export interface FaultDecision {
  kind: FaultKind;
  /** `Retry-After` header value in seconds, if one is sent. */
  retryAfter?: number;
  /** For a 500: an HTML page instead of the service's JSON error body. */
  html: boolean;
}

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1), so fault runs are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HTML_PAGES: Record<"500" | "502" | "503" | "429", string> = {
  "500":
    "<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1>" +
    "The server encountered an internal error and was unable to complete your request.</body></html>\n",
  "502":
    "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>" +
    "The proxy server received an invalid response from an upstream server.</body></html>\n",
  "503":
    "<html><body><h1>503 Service Unavailable</h1>The server is temporarily unable to service your request.</body></html>\n",
  "429":
    "<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1>" +
    "You have sent too many requests in a given amount of time.</body></html>\n",
};

/**
 * Decides and injects faults. One instance per sandbox; `dispose()` cancels pending latency and
 * hang timers so the server can close promptly.
 */
export class FaultInjector {
  private readonly startup: FaultConfig;
  private config: FaultConfig;
  private random: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();

  /** @param options start-up settings; `seed` defaults to 1, `hangMs` to 120000. */
  constructor(options: FaultOptions = {}) {
    this.startup = {
      latencyMs: options.latencyMs ?? 0,
      faultRate: options.faultRate ?? 0,
      seed: options.seed ?? 1,
      hangMs: options.hangMs ?? DEFAULT_HANG_MS,
      services: null,
      rules: [],
    };
    this.config = structuredClone(this.startup);
    this.random = seededRandom(this.config.seed);
  }

  /** A snapshot of the current settings and rule counters. */
  current(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Merges settings into the current ones (`rules` replaces all rules; `seed` restarts the PRNG). */
  update(settings: FaultSettings): FaultConfig {
    const { rules, ...scalars } = settings;
    Object.assign(this.config, scalars);
    if (rules) this.config.rules = rules.map((rule) => ({ ...rule, matched: 0, fired: 0 }));
    if (settings.seed !== undefined) this.random = seededRandom(settings.seed);
    return this.current();
  }

  /** Restores the start-up settings (no rules) and restarts the PRNG from the start-up seed. */
  reset(): FaultConfig {
    this.config = structuredClone(this.startup);
    this.random = seededRandom(this.config.seed);
    return this.current();
  }

  /**
   * Picks the fault for a request, or null. Rules (matched by path prefix, method and query
   * parameters) are checked first, in order (a rule in its
   * `skip` phase lets the request through to later rules); then the random rate, picking
   * uniformly among all kinds, if `prefix` (`/koji`) names a service in scope. Updates rule
   * counters and advances the PRNG.
   */
  decide(
    method: string,
    pathname: string,
    prefix: string,
    query: URLSearchParams = new URLSearchParams(),
  ): FaultDecision | null {
    for (const rule of this.config.rules) {
      if (!pathname.startsWith(rule.path)) continue;
      if (rule.query && Object.entries(rule.query).some(([key, value]) => query.get(key) !== value)) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.times !== -1 && rule.fired >= rule.times) continue;
      rule.matched += 1;
      if (rule.matched <= rule.skip) continue;
      rule.fired += 1;
      return { kind: rule.fault, retryAfter: rule.retryAfter, html: false };
    }
    if (!this.inScope(prefix)) return null;
    if (this.config.faultRate <= 0 || this.random() >= this.config.faultRate) return null;
    const kind = FAULT_KINDS[Math.floor(this.random() * FAULT_KINDS.length)];
    return { kind, retryAfter: kind === "429" ? 1 : undefined, html: this.random() < 0.5 };
  }

  /**
   * Waits the configured latency, then either injects `decision` or hands the request on to the
   * service (`next`). A `truncated` fault lets the service answer and cuts its body in half.
   */
  apply(
    decision: FaultDecision | null,
    service: SandboxService,
    req: Request,
    res: Response,
    next: NextFunction,
  ) {
    this.wait(this.inScope(service.prefix) ? this.config.latencyMs : 0, () => {
      if (req.socket.destroyed) return; // the client gave up during the latency
      if (!decision) return next();
      switch (decision.kind) {
        case "500": {
          const body = service.internalErrorBody();
          if (decision.html || typeof body === "string") {
            sendHtml(res, 500, typeof body === "string" ? body : HTML_PAGES["500"]);
          } else {
            res.status(500).json(body);
          }
          return;
        }
        case "502":
        case "503":
        case "429":
          if (decision.retryAfter !== undefined) res.set("Retry-After", String(decision.retryAfter));
          sendHtml(res, Number(decision.kind), HTML_PAGES[decision.kind]);
          return;
        case "reset":
          // An RST rather than a FIN, so the client sees ECONNRESET.
          req.socket.resetAndDestroy();
          return;
        case "truncated":
          truncateBody(res);
          return next();
        case "hang": {
          const timer = this.wait(this.config.hangMs, () => req.socket.destroy());
          res.on("close", () => this.cancel(timer));
          return;
        }
      }
    });
  }

  /** True if latency and random faults apply to the service mounted at `prefix`. */
  private inScope(prefix: string): boolean {
    return this.config.services === null || this.config.services.includes(prefix.replace(/^\//, ""));
  }

  /** Cancels every pending latency/hang timer. Requests waiting on them are left to socket teardown. */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Runs `then` after `ms` (immediately when 0), tracking the timer so `dispose` can cancel it. */
  private wait(ms: number, then: () => void): NodeJS.Timeout | null {
    if (ms <= 0) {
      then();
      return null;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      then();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private cancel(timer: NodeJS.Timeout | null): void {
    if (timer === null) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }
}

function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).type("html").send(html);
}

/**
 * Makes the response a 200 whose body is the first half of what the service sends, with a
 * matching Content-Length, so the client gets a complete HTTP response with unparseable JSON.
 */
function truncateBody(res: Response): void {
  const end = res.end.bind(res);
  const truncatedEnd = (chunk?: unknown, encoding?: unknown): Response => {
    const full =
      typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.alloc(0);
    const half = full.subarray(0, Math.floor(full.length / 2));
    res.status(200);
    res.setHeader("Content-Length", half.length);
    return end(half);
  };
  res.end = truncatedEnd as Response["end"];
}

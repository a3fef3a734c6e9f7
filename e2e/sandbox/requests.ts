/**
 * Counting and logging of service requests for `GET /_sandbox/requests` (benchmarks assert request
 * counts; tests assert what the client sent). Credentials never reach the log: headers are not
 * recorded at all, and credential-like query/body values are replaced by "[redacted]".
 */
import type { Request } from "express";
import { isRecord, jsonBody, pathnameOf, queryObject, rawBodyText, searchParamsOf } from "./http-util.js";

/** One logged request. `status` stays null while pending and for reset/hung connections. */
export interface RequestLogEntry {
  method: string;
  /** Real pathname, e.g. `/bugzilla/rest/bug/F46BetaBlocker`. */
  path: string;
  query: Record<string, string | string[]>;
  status: number | null;
  fault: string | null;
  /**
   * Body of a PUT/POST/PATCH, else null: parsed JSON; a form-encoded body as an object of its
   * fields (a repeated field as an array); any other body (Koji's XML) as raw text.
   */
  body: unknown;
  /** When the request arrived (ISO 8601). */
  at: string;
  /** When the response was finished (ISO 8601); null while pending and for reset/hung connections. */
  finishedAt: string | null;
}

/** Body of `GET /_sandbox/requests`. */
export interface RequestSummary {
  total: number;
  /** `"<METHOD> <normalised path>"` → count, e.g. `"GET /bugzilla/rest/bug/{id}": 3`. */
  byEndpoint: Record<string, number>;
  log: RequestLogEntry[];
}

/** Keys whose values are secrets; matched case-insensitively anywhere in the key. */
const SECRET_KEY = /api_key|password|token|secret/i;
const REDACTED = "[redacted]";
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

/** Accumulates request counts and a log (the oldest entries are dropped beyond `maxLog`). */
export class RequestRecorder {
  private total = 0;
  private byEndpoint: Record<string, number> = {};
  private log: RequestLogEntry[] = [];

  /** @param maxLog log entries kept (counts are always exact). */
  constructor(private readonly maxLog = 10_000) {}

  /**
   * Counts a request under `endpoint` (`"GET /bugzilla/rest/bug/{id}"`) and logs it. The returned
   * entry is live: the caller fills in `status` and `fault`.
   */
  record(req: Request, endpoint: string): RequestLogEntry {
    this.total += 1;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
    const query = queryObject(searchParamsOf(req));
    for (const key of Object.keys(query)) if (SECRET_KEY.test(key)) query[key] = REDACTED;
    const entry: RequestLogEntry = {
      method: req.method,
      path: pathnameOf(req),
      query,
      status: null,
      fault: null,
      body: BODY_METHODS.has(req.method) ? loggedBody(req) : null,
      at: new Date().toISOString(),
      finishedAt: null,
    };
    this.log.push(entry);
    if (this.log.length > this.maxLog) this.log.splice(0, this.log.length - this.maxLog);
    return entry;
  }

  /** A copy of the counts and log. */
  summary(): RequestSummary {
    return structuredClone({ total: this.total, byEndpoint: this.byEndpoint, log: this.log });
  }

  /** Forgets every request. */
  reset(): void {
    this.total = 0;
    this.byEndpoint = {};
    this.log = [];
  }
}

function loggedBody(req: Request): unknown {
  if (req.is("application/x-www-form-urlencoded")) {
    return redact(queryObject(new URLSearchParams(rawBodyText(req))));
  }
  let body: unknown;
  try {
    body = jsonBody(req);
  } catch {
    return rawBodyText(req);
  }
  return body === undefined ? null : redact(body);
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? REDACTED : redact(inner)]),
  );
}

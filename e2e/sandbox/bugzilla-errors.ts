/**
 * Bugzilla REST error objects and response writing (bugzilla.md §1 and §7).
 */
import type { Request, Response } from "express";
import { escapeHtml } from "./http-util.js";

/** The `documentation` value of stock Bugzilla 5.0 error bodies (`REST_DOC`). */
export const BZ_DOC_URL = "https://bugzilla.readthedocs.org/en/5.0/api/";

// REST_STATUS_CODE_MAP in Bugzilla/WebService/Constants.pm; every other code is 400.
const NOT_FOUND_CODES = new Set([51, 101, 32614]);
const UNAUTHORIZED_CODES = new Set([
  102, 106, 109, 110, 113, 115, 120, 300, 301, 302, 303, 304, 410, 504, 505,
]);

/** HTTP status Bugzilla uses for an error code: 404, 401, or 400 for everything else. */
export function bzHttpStatus(code: number): number {
  if (NOT_FOUND_CODES.has(code)) return 404;
  if (UNAUTHORIZED_CODES.has(code)) return 401;
  return 400;
}

/** A Bugzilla WebService error: thrown by handlers, turned into an error body by `sendBzError`. */
export class BzError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "BzError";
  }
}

/** The JSON error body: `{ error: true, code, message, documentation }`. */
export function bzErrorBody(code: number, message: string): Record<string, unknown> {
  return { error: true, code, message, documentation: BZ_DOC_URL };
}

/**
 * Writes a REST response. JSON (`application/json; charset=utf-8`) unless the caller accepts
 * `text/html` but not `application/json`, in which case the JSON is pretty-printed inside an HTML
 * page with the same status (general.rst "Browsing", edge case BZ-36). Always sends
 * `Access-Control-Allow-Origin: *`.
 */
export function sendBz(req: Request, res: Response, status: number, body: unknown): void {
  res.set("Access-Control-Allow-Origin", "*");
  const accept = req.get("accept") ?? "";
  if (/text\/html/i.test(accept) && !/application\/json/i.test(accept)) {
    const json = escapeHtml(JSON.stringify(body, null, 2));
    res
      .status(status)
      .type("html")
      .send(
        `<!DOCTYPE html>\n<html><head><title>Bugzilla::API::Server::REST</title></head>` +
          `<body><pre>${json}</pre></body></html>\n`,
      );
    return;
  }
  res.status(status).json(body);
}

/** Writes a Bugzilla error body with the status from `bzHttpStatus`. */
export function sendBzError(req: Request, res: Response, error: BzError): void {
  sendBz(req, res, bzHttpStatus(error.code), bzErrorBody(error.code, error.message));
}

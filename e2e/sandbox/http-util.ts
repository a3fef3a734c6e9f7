/**
 * Small request helpers shared by the services and the control endpoints. Bodies arrive as raw
 * Buffers (the server installs `express.raw` for every content type) so each service can parse
 * them its own way (JSON for Bugzilla, XML-RPC text for Koji, forms for Pagure).
 */
import type { Request, RequestHandler, Response } from "express";

/** Base used to parse request URLs, which are path-only. */
const URL_BASE = "http://sandbox.invalid";

/** The request's query string as URLSearchParams (repeated keys preserved, unlike `req.query`). */
export function searchParamsOf(req: Request): URLSearchParams {
  return new URL(req.originalUrl, URL_BASE).searchParams;
}

/** The request's full pathname (mount prefix included, query excluded). */
export function pathnameOf(req: Request): string {
  return new URL(req.originalUrl, URL_BASE).pathname;
}

/** Query params as a plain object: a repeated key maps to an array of its values. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/**
 * All values of a list parameter: repeated keys and comma lists are both accepted
 * (`?id=1,2&id=3` → ["1", "2", "3"]); values are trimmed and empty ones dropped.
 */
export function listParam(params: URLSearchParams, name: string, splitCommas = true): string[] {
  return params
    .getAll(name)
    .flatMap((value) => (splitCommas ? value.split(",") : [value]))
    .map((value) => value.trim())
    .filter((value) => value !== "");
}

/** The raw request body as UTF-8 text ("" when there is none). */
export function rawBodyText(req: Request): string {
  const body: unknown = req.body;
  return Buffer.isBuffer(body) ? body.toString("utf8") : "";
}

/**
 * The request body parsed as JSON, or undefined when the body is empty.
 * @throws SyntaxError when the body is not valid JSON.
 */
export function jsonBody(req: Request): unknown {
  const text = rawBodyText(req);
  return text.trim() === "" ? undefined : JSON.parse(text);
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `text` with `& < > "` escaped, for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Sends a small HTML page: heading `title` above `bodyHtml` (already escaped by the caller), with
 * `documentTitle` (default `title`) as the page title.
 */
export function sendHtmlPage(
  res: Response,
  status: number,
  title: string,
  bodyHtml: string,
  documentTitle = title,
): void {
  res
    .status(status)
    .type("html")
    .send(
      `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(documentTitle)}</title></head>` +
        `<body><h1>${escapeHtml(title)}</h1>\n${bodyHtml}</body></html>\n`,
    );
}

/** The last handler of a service's router: every request no route took gets the service's own 404 page. */
export function htmlNotFound(html: string): RequestHandler {
  return (_req, res) => {
    res.status(404).type("html").send(html);
  };
}

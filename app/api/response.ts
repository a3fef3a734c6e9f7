/** HTTP responses of the JSON API v1: headers, errors, the read-only method rule. */
import { errorJson } from "./v1.js";

/** Headers of every API response: JSON, not cached by intermediaries, readable from any origin. */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-cache",
  "Access-Control-Allow-Origin": "*",
});

/** A JSON API response with {@link API_HEADERS}. */
export function apiJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: API_HEADERS });
}

/** A JSON API error response: `{ "error": message }` with the given status (400, 404, …). */
export function apiError(status: number, message: string): Response {
  return apiJson(errorJson(message), status);
}

/** The only method the API answers (besides HEAD, which Remix treats as GET). */
export const API_METHODS = "GET";

/**
 * The API's answer to any other method (POST, PUT, PATCH, DELETE):
 * `405 { "error": "Method not allowed: use GET" }` with an `Allow: GET` header. Every API route
 * exports it as its `action` (the API is read-only).
 */
export function apiMethodNotAllowed(): Response {
  return new Response(JSON.stringify(errorJson(`Method not allowed: use ${API_METHODS}`)), {
    status: 405,
    headers: { ...API_HEADERS, Allow: API_METHODS },
  });
}

/**
 * Wraps an API loader so that every outcome is JSON: thrown `Response`s pass through, anything else
 * thrown is passed to `logError` (the routes give the JSON logger's) and answered with
 * `500 { "error": "Internal server error" }`.
 */
export function apiLoader<A extends { request: Request }>(
  handler: (args: A) => Promise<Response>,
  logError: (error: unknown, url: string) => void,
): (args: A) => Promise<Response> {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (error instanceof Response) return error;
      logError(error, args.request.url);
      return apiError(500, "Internal server error");
    }
  };
}

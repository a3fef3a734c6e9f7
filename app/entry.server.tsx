/**
 * Server entry: renders each request to an HTML stream. Bots get the whole document at once
 * (`onAllReady`); browsers get the shell as soon as it is ready (`onShellReady`).
 */
import { PassThrough } from "node:stream";
import type { EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { logger } from "~/logger.server";

/** How long a streamed response may wait for deferred data before it is aborted (ms). */
export const streamTimeout = 5_000;

/**
 * Logs errors of loaders and rendering, except 4xx responses such as "not found" (every mistyped
 * URL would otherwise print a stack trace) and requests the client aborted.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logger.error({ err: error, url: request.url }, "request failed");
};

/** Renders one document request. */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
): Promise<Response> {
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [readyEvent]() {
        shellRendered = true;
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        responseHeaders.set("X-Content-Type-Options", "nosniff");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        // Errors after the shell was sent are already being streamed; log them rather than losing them.
        if (shellRendered) logger.error({ err: error, url: request.url }, "streaming render failed");
      },
    });
    // Abort a little after streamTimeout so pending promises can reject with a useful error first.
    setTimeout(abort, streamTimeout + 1000);
  });
}

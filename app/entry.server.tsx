/**
 * Server entry: renders each request to an HTML stream. Bots get the whole document at once
 * (`onAllReady`); browsers get the shell as soon as it is ready (`onShellReady`).
 */
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { logger } from "~/logger.server";
import { NonceContext } from "~/components/nonce";
import { HtmlFragmentsContext } from "~/components/html-fragments";
import { htmlFragmentStore } from "~/server/html-fragments";
import { withoutNulPadding } from "~/server/nul-padding";
import { pageDataHash } from "~/server/page-data-hash";
import type { RouteHandle } from "~/root";

/** How long a streamed response may wait for deferred data before it is aborted (ms). */
export const streamTimeout = 5_000;

/**
 * Rendered rows of the pages without hydration (the bug list), kept across renders: 16 MB hold every
 * row of a few 500-bug lists in their sort orders.
 */
const fragments = htmlFragmentStore(16 * 1024 * 1024);

/** Whether the page loads no JavaScript: a matched route's `handle` says `hydrate: false` (root.tsx). */
function withoutHydration(context: EntryContext): boolean {
  return context.staticHandlerContext.matches.some(
    (m) => (context.routeModules[m.route.id]?.handle as RouteHandle | undefined)?.hydrate === false,
  );
}

/**
 * Logs errors of loaders and rendering, except 4xx responses such as "not found" (every mistyped
 * URL would otherwise print a stack trace) and requests the client aborted.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logger.error({ err: error, url: request.url }, "request failed");
};

/**
 * Renders one document request. Every inline script (Remix's, React's streaming ones) carries the
 * response's CSP nonce from the load context. A page without hydration gets the store of kept HTML
 * fragments (its big tables' rows, see `KeptRowsBody`). A 405 (a form sent to a page without one) names the
 * methods the page takes in `Allow`. For the page cache (`loadContext.pageRender`,
 * app/server/page-cache.ts) it first records the hash of the loader data, and answers with an empty
 * body instead of rendering when the page kept is of the same data.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
): Promise<Response> {
  const pageRender = loadContext.pageRender;
  if (pageRender) {
    const page = pageDataHash(remixContext.staticHandlerContext, responseStatusCode, pageRender.startedAt);
    pageRender.dataHash = page.hash;
    pageRender.timesChangeAt = page.timesChangeAt;
    if (pageRender.dataHash === pageRender.known)
      return Promise.resolve(new Response(null, { headers: responseHeaders, status: responseStatusCode }));
  }
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  const nonce = loadContext.cspNonce || undefined;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const app = (
      <NonceContext.Provider value={nonce ?? ""}>
        <HtmlFragmentsContext.Provider value={withoutHydration(remixContext) ? fragments : null}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </HtmlFragmentsContext.Provider>
      </NonceContext.Provider>
    );
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      [readyEvent]() {
        shellRendered = true;
        const body = withoutNulPadding();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        if (responseStatusCode === 405) responseHeaders.set("Allow", "GET, HEAD");
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

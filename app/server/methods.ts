import type { RequestHandler } from "express";
import { matchRoutes } from "@remix-run/react";
import type { ServerBuild } from "@remix-run/node";
import { API_METHODS, apiMethodNotAllowed } from "~/api/response";

/** The methods this server answers at all; any other (TRACE, PROPFIND, PUT, …) is refused with 405. */
export const SERVED_METHODS: readonly string[] = ["GET", "HEAD", "POST"];

/** What the method rule needs of a Remix server build: its routes, and whether each has an action. */
export type RouteTable = Record<
  string,
  { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean; module: object }
>;

type RouteObjects = Parameters<typeof matchRoutes>[0];

/** The build's flat route table as the router's nested route objects (what `matchRoutes` takes). */
function routeTree(routes: RouteTable, parentId?: string): RouteObjects {
  return Object.values(routes)
    .filter((r) => r.parentId === parentId)
    .map((r) => {
      const children = routeTree(routes, r.id);
      return r.index
        ? { id: r.id, path: r.path, index: true, caseSensitive: r.caseSensitive }
        : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children };
    });
}

/**
 * The `Allow` value of a path (under `base`, e.g. `/blockerbugs`, "" for none): `API_METHODS` ("GET")
 * under `<base>/api` (the API is read-only), `"GET, HEAD, POST"` for a page whose route has an action
 * (a form posts to it), `"GET, HEAD"` for every other page, asset, probe or unknown path. Remix's data
 * URLs (`/about.data`, `/_root.data`) count as their page.
 */
export function allowedMethods(routes: RouteTable, base: string): (path: string) => string {
  const tree = routeTree(routes);
  return (path) => {
    if (isApiPath(path, base)) return API_METHODS;
    const page = path.replace(/\/_root\.data$/, "/").replace(/\.data$/, "");
    const leaf = matchRoutes(tree, page, base || "/")?.at(-1);
    const module = leaf?.route.id ? routes[leaf.route.id]?.module : undefined;
    const action = !!module && "action" in module && !!module.action;
    return action ? "GET, HEAD, POST" : "GET, HEAD";
  };
}

/** Whether `path` is under the JSON API (`<base>/api`). */
function isApiPath(path: string, base: string): boolean {
  return path === `${base}/api` || path.startsWith(`${base}/api/`);
}

/**
 * Express middleware in front of every route: `OPTIONS` answers `204` with the path's `Allow`
 * ({@link allowedMethods}); a method outside {@link SERVED_METHODS} answers `405` with `Allow` (the
 * API's JSON `{ error }` under `<base>/api`, plain text elsewhere), so no unknown method reaches Remix
 * (whose request objects cannot even be built for `TRACE` or `CONNECT`: that was a 500).
 */
export function methodGuard(build: Pick<ServerBuild, "routes">, base: string): RequestHandler {
  const allow = allowedMethods(build.routes as unknown as RouteTable, base);
  return (req, res, next) => {
    if (SERVED_METHODS.includes(req.method)) return next();
    const allowed = allow(req.path);
    if (req.method === "OPTIONS") {
      res.status(204).set("Allow", allowed).end();
      return;
    }
    if (isApiPath(req.path, base)) {
      const api = apiMethodNotAllowed();
      res.status(api.status);
      api.headers.forEach((value, name) => res.setHeader(name, value));
      void api.text().then((body) => res.send(body));
      return;
    }
    res
      .status(405)
      .set("Allow", allowed)
      .type("text/plain")
      .send(
        `Method not allowed: ${req.method} is not supported here; use ${allowed.replace(/, (?!.*,)/, " or ")}.\n`,
      );
  };
}

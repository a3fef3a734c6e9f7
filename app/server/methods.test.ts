import { describe, expect, it } from "vitest";
import { allowedMethods, type RouteTable } from "./methods";

/** A route table shaped like the Remix build's (flat routes, each under root). */
const routes: RouteTable = {
  root: { id: "root", path: "", module: { loader: () => null } },
  "routes/_index": { id: "routes/_index", parentId: "root", index: true, module: { loader: () => null } },
  "routes/admin": {
    id: "routes/admin",
    parentId: "root",
    path: "admin",
    module: { loader: () => null, action: () => null },
  },
  "routes/bug.$id": {
    id: "routes/bug.$id",
    parentId: "root",
    path: "bug/:id",
    module: { loader: () => null },
  },
  "routes/api.$": { id: "routes/api.$", parentId: "root", path: "api/*", module: { action: () => null } },
};

describe("allowedMethods", () => {
  // POST only on pages whose route has an action; the API is GET only; Remix's data URLs count as
  // their page; under a base path, only URLs below it are the app's.
  const allowedByBase: Record<string, Record<string, string>> = {
    "": {
      "/": "GET, HEAD",
      "/admin": "GET, HEAD, POST",
      "/bug/1": "GET, HEAD",
      "/api/v1/milestones": "GET",
      "/api": "GET",
      "/no/such/page": "GET, HEAD",
      "/favicon.svg": "GET, HEAD",
    },
    "/blockerbugs": {
      "/blockerbugs/admin.data": "GET, HEAD, POST",
      "/blockerbugs/_root.data": "GET, HEAD",
      "/blockerbugs/api/v1/bugs/1": "GET",
      "/admin": "GET, HEAD",
      "/api/v1/bugs/1": "GET, HEAD",
    },
  };
  for (const [base, allowed] of Object.entries(allowedByBase)) {
    it.each(Object.entries(allowed))(`under base path "${base}": %s allows %s`, (url, methods) => {
      expect(allowedMethods(routes, base)(url)).toBe(methods);
    });
  }
});

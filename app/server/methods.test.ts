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
  it("allows POST only on pages whose route has an action; the API is GET only", () => {
    const allow = allowedMethods(routes, "");
    expect(allow("/")).toBe("GET, HEAD");
    expect(allow("/admin")).toBe("GET, HEAD, POST");
    expect(allow("/bug/1")).toBe("GET, HEAD");
    expect(allow("/api/v1/milestones")).toBe("GET");
    expect(allow("/api")).toBe("GET");
    expect(allow("/no/such/page")).toBe("GET, HEAD");
    expect(allow("/favicon.svg")).toBe("GET, HEAD");
  });

  it("treats Remix's data URLs as their page, and works under a base path", () => {
    const allow = allowedMethods(routes, "/blockerbugs");
    expect(allow("/blockerbugs/admin.data")).toBe("GET, HEAD, POST");
    expect(allow("/blockerbugs/_root.data")).toBe("GET, HEAD");
    expect(allow("/blockerbugs/api/v1/bugs/1")).toBe("GET");
    expect(allow("/admin")).toBe("GET, HEAD");
    expect(allow("/api/v1/bugs/1")).toBe("GET, HEAD");
  });
});

import { describe, expect, it } from "vitest";
import { buildUnderBasePath, prefixModuleUrls, withBase } from "./base-path";

const build = {
  publicPath: "/build/",
  mode: "production",
  assets: {
    url: "/build/manifest-1.js",
    version: "1",
    entry: { module: "/build/entry.client-A.js", imports: ["/build/_shared/chunk-B.js"] },
    routes: {
      root: {
        id: "root",
        module: "/build/root-C.js",
        imports: ["/build/_shared/chunk-D.js"],
        css: ["/build/x.css"],
      },
      "routes/about": { id: "routes/about", module: "/build/routes/about-E.js" },
    },
  },
};

describe("buildUnderBasePath", () => {
  it("prefixes every asset URL, sets the basename and leaves the input alone", () => {
    const copy = buildUnderBasePath(build, "/blockerbugs");
    expect(copy.basename).toBe("/blockerbugs");
    expect(copy.publicPath).toBe("/blockerbugs/build/");
    expect(copy.assets.url).toBe("/blockerbugs/build/manifest-1.js");
    expect(copy.assets.entry).toEqual({
      module: "/blockerbugs/build/entry.client-A.js",
      imports: ["/blockerbugs/build/_shared/chunk-B.js"],
    });
    expect(copy.assets.routes.root).toMatchObject({
      module: "/blockerbugs/build/root-C.js",
      imports: ["/blockerbugs/build/_shared/chunk-D.js"],
      css: ["/blockerbugs/build/x.css"],
    });
    expect(copy.assets.routes["routes/about"]!.module).toBe("/blockerbugs/build/routes/about-E.js");
    expect(copy.mode).toBe("production");
    expect(build.assets.url).toBe("/build/manifest-1.js");
  });

  it("returns the build itself without a prefix", () => {
    expect(buildUnderBasePath(build, "")).toBe(build);
  });
});

describe("withBase", () => {
  it.each([
    ["/blockerbugs/", "/favicon.svg", "/blockerbugs/favicon.svg"],
    ["/blockerbugs", "/blockerbugs/favicon.svg", "/blockerbugs/favicon.svg"],
    ["/", "/favicon.svg", "/favicon.svg"],
    ["", "/favicon.svg", "/favicon.svg"],
    ["/bb", "https://example.org/x", "https://example.org/x"],
    ["/bb", "//cdn.example.org/x", "//cdn.example.org/x"],
    ["/bb", "#main", "#main"],
  ])("prefixes absolute paths once and leaves other URLs alone: base %j, %s → %s", (base, url, want) => {
    expect(withBase(base, url)).toBe(want);
  });
});

describe("prefixModuleUrls", () => {
  it("prefixes the build's absolute import URLs", () => {
    const js =
      'import{a as b}from"/build/_shared/chunk-A.js";import"/build/_shared/chunk-B.js";var c="/build/_assets/x.css";';
    expect(prefixModuleUrls(js, "/bb")).toBe(
      'import{a as b}from"/bb/build/_shared/chunk-A.js";import"/bb/build/_shared/chunk-B.js";var c="/bb/build/_assets/x.css";',
    );
    expect(prefixModuleUrls(js, "")).toBe(js);
  });
});

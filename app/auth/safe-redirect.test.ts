import { describe, expect, it } from "vitest";
import { loginPath, returnPath, safeRedirect } from "./safe-redirect";

describe("safe redirects", () => {
  it.each(["/propose", "/milestone/46/beta/buglist?q=x#bugs"])(
    "keeps paths on this site with their query and hash: %s",
    (path) => {
      expect(safeRedirect(path)).toBe(path);
    },
  );

  // it.for, not it.each: the array case is one value, not spread into arguments.
  it.for<unknown>([
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/.//evil.example",
    "/..//evil.example/x",
    "/./%2e//evil.example",
    "javascript:alert(1)",
    "propose",
    "",
    undefined,
    null,
    ["/propose"],
  ])("refuses everything that could leave the site: %j", (bad) => {
    expect(safeRedirect(bad, "/home")).toBe("/home");
  });

  it("builds login links that come back", () => {
    expect(loginPath("/propose")).toBe("/login?redirectTo=%2Fpropose");
    expect(loginPath("//evil.example")).toBe("/login");
  });

  it.each([
    ["http://h/blockerbugs/propose?bug=1", "/blockerbugs", "/propose?bug=1"],
    ["http://h/blockerbugs", "/blockerbugs", "/"],
    ["http://h/blockerbugsx/propose", "/blockerbugs", "/blockerbugsx/propose"],
    ["http://h/propose?bug=1", undefined, "/propose?bug=1"],
  ])(
    "return paths leave out the base path the app is served under (redirects add it back): %s under %j → %s",
    (url, base, path) => {
      expect(returnPath(url, base)).toBe(path);
    },
  );
});

import { describe, expect, it } from "vitest";
import { loginPath, returnPath, safeRedirect } from "./safe-redirect";

describe("safe redirects", () => {
  it("keeps paths on this site with their query and hash", () => {
    expect(safeRedirect("/propose")).toBe("/propose");
    expect(safeRedirect("/milestone/46/beta/buglist?q=x#bugs")).toBe("/milestone/46/beta/buglist?q=x#bugs");
  });

  it("refuses everything that could leave the site", () => {
    for (const bad of [
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
    ]) {
      expect(safeRedirect(bad, "/home")).toBe("/home");
    }
  });

  it("builds login links that come back", () => {
    expect(loginPath("/propose")).toBe("/login?redirectTo=%2Fpropose");
    expect(loginPath("//evil.example")).toBe("/login");
  });

  it("return paths leave out the base path the app is served under (redirects add it back)", () => {
    expect(returnPath("http://h/blockerbugs/propose?bug=1", "/blockerbugs")).toBe("/propose?bug=1");
    expect(returnPath("http://h/blockerbugs", "/blockerbugs")).toBe("/");
    expect(returnPath("http://h/blockerbugsx/propose", "/blockerbugs")).toBe("/blockerbugsx/propose");
    expect(returnPath("http://h/propose?bug=1")).toBe("/propose?bug=1");
  });
});

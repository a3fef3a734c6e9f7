import { describe, expect, it } from "vitest";
import { loginPath, safeRedirect } from "./safe-redirect";

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
});

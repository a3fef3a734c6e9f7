import { describe, expect, it } from "vitest";
import { isAnonymous, isCachedPath, matchesEtag, pageEtag } from "./page-cache";

describe("isCachedPath", () => {
  it("keeps the public pages, their data and the API, under BASE_PATH too", () => {
    for (const base of ["", "/blockerbugs"]) {
      for (const path of [
        "/",
        "/_root.data",
        "/milestone/46/beta/buglist",
        "/milestone/46/beta/buglist.data",
        "/milestone/46/beta/requests",
        "/milestone/46/beta/irc",
        "/milestone/46/beta/irc.txt",
        "/prioritized",
        "/bug/2410101",
        "/api/v1/milestones",
        "/api/v1/milestones/46/beta/bugs",
        "/api/v1/bugs/2410101",
      ])
        expect(isCachedPath(`${base}${path === "/" && base ? "/" : path}`, base), `${base}${path}`).toBe(
          true,
        );
    }
  });

  it("leaves forms, accounts, admin, sync status and other prefixes alone", () => {
    for (const path of [
      "/propose",
      "/propose/3",
      "/admin",
      "/login",
      "/logout",
      "/sync",
      "/api/v1/sync",
      "/about",
      "/current",
      "/milestone/46/beta",
      "/bug/1/extra",
    ])
      expect(isCachedPath(path, ""), path).toBe(false);
    expect(isCachedPath("/milestone/46/beta/buglist", "/blockerbugs")).toBe(false);
    expect(isCachedPath("/blockerbugsx/prioritized", "/blockerbugs")).toBe(false);
  });
});

describe("isAnonymous", () => {
  it("is false with a session cookie, whatever else is sent, or with Authorization", () => {
    expect(isAnonymous({})).toBe(true);
    expect(isAnonymous({ cookie: "theme=dark; bb_login_to=%2F" })).toBe(true);
    expect(isAnonymous({ cookie: "bb_session=abc" })).toBe(false);
    expect(isAnonymous({ cookie: "theme=dark;bb_session=abc" })).toBe(false);
    expect(isAnonymous({ cookie: "theme=dark; bb_session=" })).toBe(false);
    expect(isAnonymous({ authorization: "Bearer x" })).toBe(false);
    expect(isAnonymous({ cookie: "not_bb_session=abc" })).toBe(true);
  });
});

describe("matchesEtag", () => {
  const etag = pageEtag("v1", "abc");
  it("compares weakly, in lists and with *", () => {
    expect(matchesEtag(etag, etag)).toBe(true);
    expect(matchesEtag('"v1-abc"', etag)).toBe(true);
    expect(matchesEtag(`W/"x", ${etag}`, etag)).toBe(true);
    expect(matchesEtag("*", etag)).toBe(true);
    expect(matchesEtag(pageEtag("v2", "abc"), etag)).toBe(false);
    expect(matchesEtag(undefined, etag)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { crossSiteReason, isSignedWebhook, unsupportedBodyReason } from "./csrf-rules";

const post = { method: "POST", host: "blockerbugs.example.org", origin: undefined, referer: undefined };

describe("cross-site request check", () => {
  it("lets reads through and same-site writes", () => {
    expect(crossSiteReason({ ...post, method: "GET" })).toBeNull();
    expect(crossSiteReason({ ...post, origin: "https://blockerbugs.example.org" })).toBeNull();
    expect(crossSiteReason({ ...post, referer: "https://blockerbugs.example.org/propose" })).toBeNull();
    expect(crossSiteReason({ ...post, host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" })).toBeNull();
  });

  it("refuses writes from elsewhere or of unknown origin", () => {
    expect(crossSiteReason({ ...post, origin: "https://evil.example" })).toMatch(/another site/);
    expect(crossSiteReason({ ...post, origin: "null" })).toMatch(/not a URL/);
    expect(crossSiteReason({ ...post, referer: "https://evil.example/x" })).toMatch(/another site/);
    expect(crossSiteReason({ ...post, host: "127.0.0.1:3000", origin: "http://127.0.0.1:4000" })).toMatch(
      /another site/,
    );
    // Origin wins over a same-site Referer.
    expect(
      crossSiteReason({
        ...post,
        origin: "https://evil.example",
        referer: "https://blockerbugs.example.org/",
      }),
    ).toMatch(/another site/);
    expect(crossSiteReason({ ...post, method: "DELETE", origin: "https://evil.example" })).not.toBeNull();
  });
});

describe("form-body check", () => {
  const check = (method: string, contentType: string | undefined, hasBody = true) =>
    unsupportedBodyReason({ method, contentType, hasBody });

  it("lets forms, bodiless requests and safe methods through", () => {
    expect(check("POST", "application/x-www-form-urlencoded")).toBeNull();
    expect(check("POST", "application/x-www-form-urlencoded;charset=UTF-8")).toBeNull();
    expect(check("POST", "multipart/form-data; boundary=x")).toBeNull();
    expect(check("POST", undefined, false)).toBeNull();
    expect(check("DELETE", "application/json", false)).toBeNull();
    expect(check("GET", "application/json")).toBeNull();
  });

  it("refuses other bodies, naming what was sent", () => {
    expect(check("POST", "application/json")).toMatch(/send a form .*, not application\/json$/);
    expect(check("PUT", "text/xml; charset=utf-8")).toMatch(/not text\/xml$/);
    expect(check("POST", undefined)).toMatch(/not a body without a Content-Type$/);
  });
});

describe("signed web-hooks", () => {
  it("lets only a POST to the Pagure web-hook path through, under the base path too", () => {
    expect(isSignedWebhook({ method: "POST", path: "/api/webhooks/pagure" }, "")).toBe(true);
    expect(
      isSignedWebhook({ method: "post", path: "/blockerbugs/api/webhooks/pagure" }, "/blockerbugs"),
    ).toBe(true);
    expect(isSignedWebhook({ method: "POST", path: "/api/webhooks/pagure" }, "/blockerbugs")).toBe(false);
    expect(isSignedWebhook({ method: "POST", path: "/api/webhooks/pagure/x" }, "")).toBe(false);
    expect(isSignedWebhook({ method: "POST", path: "/propose" }, "")).toBe(false);
    expect(isSignedWebhook({ method: "PUT", path: "/api/webhooks/pagure" }, "")).toBe(false);
  });
});

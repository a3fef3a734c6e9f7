import { describe, expect, it } from "vitest";
import { crossSiteReason } from "./csrf";

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

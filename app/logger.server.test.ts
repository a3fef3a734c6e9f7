import { describe, expect, it } from "vitest";
import { redactUrl } from "./logger.server";

describe("redactUrl", () => {
  it("hides the OIDC callback's code, state and session_state and keeps the rest", () => {
    expect(
      redactUrl("/blockerbugs/auth/callback?code=abc&state=def&session_state=x&iss=https%3A%2F%2Fid"),
    ).toBe(
      "/blockerbugs/auth/callback?code=[Redacted]&state=[Redacted]&session_state=[Redacted]&iss=https%3A%2F%2Fid",
    );
  });

  it.each(["/milestone/46/beta/buglist?component=anaconda&q=code", "/about", "/x?%E0=1&codex=2"])(
    "leaves URLs without those parameters unchanged: %s",
    (url) => {
      expect(redactUrl(url)).toBe(url);
    },
  );
});

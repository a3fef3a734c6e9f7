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

  it("leaves URLs without those parameters unchanged", () => {
    expect(redactUrl("/milestone/46/beta/buglist?component=anaconda&q=code")).toBe(
      "/milestone/46/beta/buglist?component=anaconda&q=code",
    );
    expect(redactUrl("/about")).toBe("/about");
    expect(redactUrl("/x?%E0=1&codex=2")).toBe("/x?%E0=1&codex=2");
  });
});

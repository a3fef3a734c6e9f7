import { describe, expect, it } from "vitest";
import { securityHeaders } from "./security-headers";

describe("securityHeaders", () => {
  it("gives every response its own 16-byte nonce, across the blocks its random bytes are read in", () => {
    const [nonce] = securityHeaders({ oidcIssuer: "https://id.example" });
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const res = { locals: {} as Record<string, unknown> };
      nonce!({} as never, res as never, () => undefined);
      const value = res.locals.cspNonce as string;
      expect(Buffer.from(value, "base64")).toHaveLength(16);
      seen.add(value);
    }
    expect(seen.size).toBe(1000);
  });
});

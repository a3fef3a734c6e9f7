import { describe, expect, it } from "vitest";
import { parseConfig } from "~/config.server";
import { isAdminGroups, sessionCookie } from "./session.server";

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax and signed; Secure in production", async () => {
    const prod = parseConfig({
      NODE_ENV: "production",
      SESSION_SECRET: "s3cret-s3cret-s3cret-s3cret-s3cret",
      SESSION_MAX_AGE: "2h",
    });
    const header = await sessionCookie(prod).serialize("session-id");
    expect(header).toMatch(/^bb_session=/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Max-Age=7200/);
    expect(header).not.toContain("session-id"); // base64 and signed, not the raw id
    expect(await sessionCookie(prod).parse(header.split(";")[0]!)).toBe("session-id");
    // A cookie signed with another secret is ignored.
    const other = parseConfig({
      NODE_ENV: "production",
      SESSION_SECRET: "other-other-other-other-other-other",
    });
    expect(await sessionCookie(other).parse(header.split(";")[0]!)).toBeNull();

    const dev = await sessionCookie(parseConfig({})).serialize("x");
    expect(dev).not.toMatch(/Secure/);
  });

  it("makes members of any ADMIN_GROUPS admins", () => {
    const config = parseConfig({ ADMIN_GROUPS: "qa-admin, releng" });
    expect(isAdminGroups(["packager", "releng"], config)).toBe(true);
    expect(isAdminGroups(["packager"], config)).toBe(false);
    expect(isAdminGroups([], config)).toBe(false);
  });
});

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.server";

describe("configuration", () => {
  it("defaults to the public Fedora services, the embedded database and role primary", () => {
    const cfg = parseConfig({});
    expect(cfg.DATABASE_URL).toBeUndefined();
    expect(cfg).toMatchObject({
      BLOCKERBUGS_ROLE: "primary",
      PORT: 3000,
      BUGZILLA_URL: "https://bugzilla.redhat.com",
      BODHI_URL: "https://bodhi.fedoraproject.org",
      PAGURE_REPO: "fedora-qa/blocker-review",
      SYNC_INTERVAL: 30 * 60_000,
      ADMIN_GROUPS: ["qa-admin"],
    });
    expect(cfg.BLOCKERBUGS_DATA_DIR).toMatch(/\.data\/postgres$/);
  });

  it("parses durations, lists and trims trailing slashes", () => {
    const cfg = parseConfig({
      SYNC_INTERVAL: "1h",
      ADMIN_GROUPS: "qa-admin, releng ,",
      BUGZILLA_URL: "http://127.0.0.1:8900/bugzilla/",
      BUGZILLA_API_KEY: "  ",
    });
    expect(cfg.SYNC_INTERVAL).toBe(3_600_000);
    expect(cfg.ADMIN_GROUPS).toEqual(["qa-admin", "releng"]);
    expect(cfg.BUGZILLA_URL).toBe("http://127.0.0.1:8900/bugzilla");
    expect(cfg.BUGZILLA_API_KEY).toBeUndefined();
  });

  it("names every bad variable in one error", () => {
    let error: unknown;
    try {
      parseConfig({ PORT: "abc", BUGZILLA_URL: "notaurl", SYNC_INTERVAL: "5x", BLOCKERBUGS_ROLE: "leader" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ["PORT", "BUGZILLA_URL", "SYNC_INTERVAL", "BLOCKERBUGS_ROLE"])
      expect(message).toContain(`  ${name}: `);
    expect(message).toContain('SYNC_INTERVAL: must be a duration such as "30m"');
  });

  it("says in words what a number setting must be", () => {
    const message = (env: Record<string, string>) => {
      try {
        parseConfig(env);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error("expected a ConfigError");
    };
    expect(
      message({ PORT: "abc", BLOCKERBUGS_DB_PORT: "99999", UPSTREAM_ATTEMPTS: "2.5" }).split("\n"),
    ).toEqual([
      "invalid configuration:",
      '  BLOCKERBUGS_DB_PORT: must be a whole number from 1 to 65535, not "99999"',
      '  PORT: must be a whole number from 0 to 65535, not "abc"',
      '  UPSTREAM_ATTEMPTS: must be a whole number from 1 to 10, not "2.5"',
    ]);
    expect(message({ UPSTREAM_TIMEOUT_MS: "-5", PROPOSAL_RATE_LIMIT: "many" })).toMatch(
      /UPSTREAM_TIMEOUT_MS: must be a whole number of at least 100, not "-5"\n.*PROPOSAL_RATE_LIMIT: must be a whole number of at least 1, not "many"/,
    );
  });

  it("requires SESSION_SECRET in production", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(
      /SESSION_SECRET: is required when NODE_ENV=production/,
    );
    expect(() => parseConfig({ NODE_ENV: "production", SESSION_SECRET: "s3cret" })).toThrow(
      /SESSION_SECRET: must be at least 32 characters when NODE_ENV=production/,
    );
    const secret = "0123456789abcdef0123456789abcdef";
    expect(parseConfig({ NODE_ENV: "production", SESSION_SECRET: secret }).SESSION_SECRET).toBe(secret);
  });

  it("refuses the development login in production and reads the account settings", () => {
    expect(() => parseConfig({ NODE_ENV: "production", SESSION_SECRET: "s", DEV_LOGIN: "true" })).toThrow(
      /DEV_LOGIN: the development login lets anyone in as anyone/,
    );
    const cfg = parseConfig({ DEV_LOGIN: "true", SESSION_MAX_AGE: "12h", PROPOSAL_RATE_LIMIT: "3" });
    expect(cfg.DEV_LOGIN).toBe(true);
    expect(cfg.SESSION_MAX_AGE).toBe(12 * 3_600_000);
    expect(cfg.PROPOSAL_RATE_LIMIT).toBe(3);
    expect(parseConfig({}).DEV_LOGIN).toBe(false);
    expect(parseConfig({}).OIDC_SCOPES).toContain("openid");
  });

  it("accepts a BASE_PATH prefix without its trailing slash, and refuses anything but a path", () => {
    expect(parseConfig({ BASE_PATH: "/blockerbugs/" }).BASE_PATH).toBe("/blockerbugs");
    expect(() => parseConfig({ BASE_PATH: "blockerbugs" })).toThrow(/BASE_PATH: must be a URL path/);
  });

  it("names every problem at once, the rules across variables included", () => {
    let message = "";
    try {
      parseConfig({
        BLOCKERBUGS_ROLE: "foo",
        SYNC_INTERVAL: "10s",
        BUGZILLA_URL: "notaurl",
        NODE_ENV: "production",
      });
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message
      .split("\n")
      .slice(1)
      .map((l) => l.trim().split(":")[0]);
    expect(lines.sort()).toEqual(["BLOCKERBUGS_ROLE", "BUGZILLA_URL", "SESSION_SECRET", "SYNC_INTERVAL"]);
  });

  it("keeps SYNC_INTERVAL at 1 minute or more, except in tests (1 second)", () => {
    expect(() => parseConfig({ SYNC_INTERVAL: "30s" })).toThrow(/SYNC_INTERVAL: must be at least 1 minute/);
    expect(parseConfig({ SYNC_INTERVAL: "2s", NODE_ENV: "test" }).SYNC_INTERVAL).toBe(2000);
    expect(() => parseConfig({ SYNC_INTERVAL: "0s", NODE_ENV: "test" })).toThrow(/at least 1 second/);
    expect(parseConfig({}).SHUTDOWN_GRACE).toBe(30_000);
  });

  it("PAGURE_BOT_ENABLED is off by default, reads true/false words and needs the token", () => {
    expect(parseConfig({}).PAGURE_BOT_ENABLED).toBe(false);
    expect(parseConfig({ PAGURE_BOT_ENABLED: "TRUE", PAGURE_API_TOKEN: "t" }).PAGURE_BOT_ENABLED).toBe(true);
    expect(parseConfig({ PAGURE_BOT_ENABLED: "0" }).PAGURE_BOT_ENABLED).toBe(false);
    expect(() => parseConfig({ PAGURE_BOT_ENABLED: "maybe" })).toThrow(
      /PAGURE_BOT_ENABLED: must be true or false/,
    );
    expect(() => parseConfig({ PAGURE_BOT_ENABLED: "yes" })).toThrow(
      /PAGURE_BOT_ENABLED: needs PAGURE_API_TOKEN/,
    );
  });

  it("MEETING_SCHEDULE is a weekly UTC slot, Monday 16:00 by default", () => {
    expect(parseConfig({}).MEETING_SCHEDULE).toEqual({ weekday: 1, hour: 16, minute: 0 });
    expect(parseConfig({ MEETING_SCHEDULE: "" }).MEETING_SCHEDULE).toEqual({
      weekday: 1,
      hour: 16,
      minute: 0,
    });
    expect(parseConfig({ MEETING_SCHEDULE: "thursday 14:30" }).MEETING_SCHEDULE).toEqual({
      weekday: 4,
      hour: 14,
      minute: 30,
    });
    expect(() => parseConfig({ MEETING_SCHEDULE: "Mon 4pm" })).toThrow(
      /MEETING_SCHEDULE: must be a weekday and a UTC time such as "Mon 16:00 UTC", not "Mon 4pm"/,
    );
  });

  it("PAGURE_WEBHOOK_KEY is unset by default and trimmed", () => {
    expect(parseConfig({}).PAGURE_WEBHOOK_KEY).toBeUndefined();
    expect(parseConfig({ PAGURE_WEBHOOK_KEY: " k3y " }).PAGURE_WEBHOOK_KEY).toBe("k3y");
  });

  it("says in words what PAGURE_REPO must be", () => {
    expect(() => parseConfig({ PAGURE_REPO: "a/b/c" })).toThrow(
      /PAGURE_REPO: must be a Pagure project such as "fedora-qa\/blocker-review", not "a\/b\/c"/,
    );
    expect(parseConfig({ PAGURE_REPO: "blocker-review" }).PAGURE_REPO).toBe("blocker-review");
  });

  it("DEV_LOGIN reads the same true/false words as PAGURE_BOT_ENABLED, with the same message", () => {
    expect(parseConfig({ DEV_LOGIN: "yes" }).DEV_LOGIN).toBe(true);
    expect(parseConfig({ DEV_LOGIN: " True " }).DEV_LOGIN).toBe(true);
    expect(parseConfig({ DEV_LOGIN: "no" }).DEV_LOGIN).toBe(false);
    expect(() => parseConfig({ DEV_LOGIN: "on" })).toThrow(/DEV_LOGIN: must be true or false/);
  });
});

describe("configuration file", () => {
  /**
   * Runs loadEnvFile() in a child process as an unprivileged user (nobody when the tests run as root,
   * where file modes do not stop reads), with only BLOCKERBUGS_CONFIG set; prints what it loaded or the error.
   */
  function loadEnvFileAs(file: string): string {
    const script = `const { loadEnvFile } = await import(${JSON.stringify(path.resolve("app/config.server.ts"))});
      try { loadEnvFile(); console.log("loaded DATABASE_URL=" + (process.env.DATABASE_URL ?? "")); }
      catch (e) { console.log("error: " + e.message); }`;
    const asRoot = process.getuid?.() === 0;
    return execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, NODE_ENV: "test", BLOCKERBUGS_CONFIG: file },
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    }).trim();
  }

  it("reports a file it cannot read instead of silently using the defaults", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-config-"));
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, "blockerbugs.env");
    fs.writeFileSync(file, "DATABASE_URL=postgresql://u:p@db.example.org/blockerbugs\n");
    try {
      fs.chmodSync(file, 0o644);
      expect(loadEnvFileAs(file)).toBe("loaded DATABASE_URL=postgresql://u:p@db.example.org/blockerbugs");
      fs.chmodSync(file, 0o600);
      if (process.getuid?.() !== 0) fs.chmodSync(file, 0o000);
      expect(loadEnvFileAs(file)).toBe(
        `error: cannot read ${file}: permission denied (run as root or as a member of the file's group)`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

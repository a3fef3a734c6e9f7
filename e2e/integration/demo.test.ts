/**
 * `npm run demo` refusing to start: each message names the demo's own setting to change
 * (`SANDBOX_PORT`, `DEMO_DB_PORT`, `PORT`), not the variables the demo sets for the app underneath.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild } from "../../app/cli/ensure-build.mjs";
import { emptyConfigFile } from "../setup/server-process";
import { freePort } from "../setup/global-setup";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
let taken: net.Server;
let takenPort: number;
let dataDir: string;

/** The environment of a demo run: free ports, the test's data directory, no config file; then `env`. */
async function demoEnv(env: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  return {
    PATH: process.env.PATH,
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(await freePort()),
    DEMO_DATA_DIR: dataDir,
    DEMO_DB_PORT: String(await freePort()),
    BLOCKERBUGS_CONFIG: emptyConfigFile(),
    ...env,
  };
}

/** Runs `node app/server/start.mjs --demo` with `env`; returns its exit code and stderr. */
async function demo(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["app/server/start.mjs", "--demo"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: await demoEnv(env),
  });
  return { code: result.status, err: result.stderr.trim() };
}

beforeAll(async () => {
  ensureBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-demo-"));
  if (process.getuid?.() === 0) fs.chmodSync(dir, 0o777);
  dataDir = path.join(dir, "pg");
  taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  takenPort = (taken.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => taken.close(resolve));
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

describe("npm run demo refusing to start", () => {
  it("names SANDBOX_PORT and DEMO_DB_PORT when they are not port numbers", async () => {
    const bad = await demo({ SANDBOX_PORT: "abc", DEMO_DB_PORT: "x" });
    expect(bad.code).toBe(1);
    expect(bad.err.split("\n")).toEqual([
      "blockerbugs: error: invalid demo settings:",
      '  SANDBOX_PORT: must be a port number (0 for any free port), not "abc"',
      '  DEMO_DB_PORT: must be a port number, not "x"',
    ]);
  });

  it("names SANDBOX_PORT when the sandbox's port is taken", async () => {
    const busy = await demo({ SANDBOX_PORT: String(takenPort) });
    expect(busy.code).toBe(1);
    expect(busy.err).toBe(
      `blockerbugs: error: port ${takenPort} is in use; set SANDBOX_PORT to another port (or leave it unset for any free port)`,
    );
  });

  it("names DEMO_DB_PORT when the database's port is taken", async () => {
    const busy = await demo({ DEMO_DB_PORT: String(takenPort) });
    expect(busy.code).toBe(1);
    expect(busy.err).toBe(
      `blockerbugs: error: port ${takenPort} is already in use by another program; set DEMO_DB_PORT to a free port`,
    );
  });

  it("names HOST and PORT when the web server cannot listen there, instead of calling the port taken", async () => {
    const port = String(await freePort());
    const bad = await demo({ HOST: "192.0.2.1", PORT: port });
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      new RegExp(
        `^blockerbugs: error: cannot listen on 192\\.0\\.2\\.1:${port} \\(listen EADDRNOTAVAIL[^)]*\\); check HOST and PORT$`,
      ),
    );
  });
});

describe("npm run demo starting", () => {
  it("prints what it created and each source's sync counters in words, then serves", async () => {
    const child = spawn(process.execPath, ["app/server/start.mjs", "--demo"], {
      cwd: ROOT,
      env: await demoEnv({ LOG_LEVEL: "warn" }),
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      await expect
        .poll(() => out, { timeout: 150_000, interval: 200 })
        .toMatch(/Blockerbugs demo is serving on /);
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
    const lines = out.split("\n");
    const syncLines = lines.filter((l) => /^(bugzilla|bodhi|koji|pagure) /.test(l));
    expect(syncLines.map((l) => l.split(":")[0])).toEqual([
      "bugzilla success",
      "bodhi success",
      "koji success",
      "pagure success",
    ]);
    expect(syncLines[0]).toMatch(/^bugzilla success: 4 milestones, \d+ bugs read, .*, \d+ requests$/);
    // Each source's counters in their fixed order (app/components/words.ts), the requests last.
    expect(syncLines[1]).toMatch(/^bodhi success: 2 releases, \d+ updates, 0 stale links, .*\d+ requests?$/);
    expect(syncLines[2]).toMatch(
      /^koji success: \d+ builds, \d+ with tags read, 0 build errors, .*\d+ requests?$/,
    );
    expect(syncLines[3]).toMatch(/^pagure success: \d+ tickets listed, .*\d+ requests?$/);
    for (const line of syncLines) {
      expect(line).not.toMatch(/[a-z][A-Z]/); // no camelCase counter names
      expect(line).not.toMatch(/\(s\)/);
    }
  }, 200_000);
});

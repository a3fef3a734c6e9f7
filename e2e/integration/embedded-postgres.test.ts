import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedCluster } from "../../app/db/embedded-postgres.server";
import { freePort } from "../setup/global-setup";

const started: EmbeddedCluster[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-epg-"));
  if (process.getuid?.() === 0) fs.chmodSync(dir, 0o777);
  dirs.push(dir);
  return path.join(dir, "pg");
}

afterEach(async () => {
  for (const c of started.splice(0).reverse()) await c.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function select1(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query("SELECT 1 AS one");
  await client.end();
  return rows[0].one;
}

describe("embedded PostgreSQL", () => {
  it("a second process on the same data directory reuses the running server", async () => {
    const dataDir = tempDir();
    const first = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    started.push(first);
    expect(first.owned).toBe(true);
    // Another port is asked for, but the running server's own port is used: no second server.
    const second = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    expect(second).toMatchObject({ owned: false, port: first.port });
    expect(await select1(second.adminUrl)).toBe(1);
    await second.stop(); // not ours: must not stop the server
    expect(await select1(first.adminUrl)).toBe(1);
  });

  it("keeps data across restarts", async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port });
    const client = new pg.Client({ connectionString: first.adminUrl });
    await client.connect();
    await client.query("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
    await client.end();
    await first.stop();
    const again = await startEmbeddedPostgres({ dataDir, port });
    started.push(again);
    expect(again.owned).toBe(true);
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

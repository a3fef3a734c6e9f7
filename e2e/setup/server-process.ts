import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "../../app/cli/ensure-build.mjs";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** A Blockerbugs server running as its own process (`node build/node/server/main.js`). */
export interface ServerProcess {
  /** e.g. `http://127.0.0.1:41234/blockerbugs/` (with BASE_PATH) */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (JSON log lines). */
  output(): string;
  /** Parsed JSON log lines so far. */
  logs(): Record<string, unknown>[];
  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** An empty env file, so a /etc/blockerbugs/blockerbugs.env on the machine cannot leak into tests. */
export function emptyConfigFile(): string {
  const file = path.join(os.tmpdir(), `blockerbugs-test-${process.pid}.env`);
  fs.writeFileSync(file, "");
  return file;
}

/**
 * Starts the built server (building first when the build is missing or stale) with `env` on top of a
 * minimal test environment (NODE_ENV=test, HOST 127.0.0.1, PORT 0 = any free port, quiet upstream retries),
 * and resolves once it logs that it is serving.
 * @param cwd folder holding build/ (default: this checkout; an unpacked release in the release test).
 * @throws when the process exits or does not serve within `timeoutMs`.
 */
export async function startServerProcess(
  env: Record<string, string>,
  opts: { cwd?: string; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const cwd = opts.cwd ?? ROOT;
  if (!opts.cwd) ensureBuild();
  const child = spawn(process.execPath, ["build/node/server/main.js"], {
    cwd,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      UPSTREAM_ATTEMPTS: "1",
      BLOCKERBUGS_CONFIG: emptyConfigFile(),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (c) => (text += c));
  child.stderr!.on("data", (c) => (text += c));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${text}`)),
      opts.timeoutMs ?? 60_000,
    );
    const check = () => {
      const match = /Blockerbugs is serving on (http:\/\/\S+?)"/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code}:\n${text}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    child,
    output: () => text,
    logs: () =>
      text
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

// The memory settings of a Blockerbugs process, as the packaged systemd unit gives the server
// (ansible/packaging/blockerbugs.service, `Environment=` lines; a test holds the two equal): a young
// generation of 4 MB semi-spaces instead of 16, and glibc keeping two malloc arenas and returning large
// freed blocks. The `blockerbugs` command (bin.mjs) runs with them too, so `blockerbugs sync` by hand,
// from a timer or from the OpenShift CronJob uses the memory the scheduled sync in the server does.
import { spawn } from "node:child_process";

/** Variable → value; each is read by Node.js or glibc when the process starts, so only a new process applies them. */
export const MEMORY_ENV = {
  NODE_OPTIONS: "--max-semi-space-size=4",
  MALLOC_ARENA_MAX: "2",
  MALLOC_MMAP_THRESHOLD_: "131072",
  MALLOC_TRIM_THRESHOLD_: "131072",
};

/**
 * The variables of {@link MEMORY_ENV} that `env` does not set (one set to anything, even empty, is the
 * operator's choice and kept).
 * @param {Record<string, string | undefined>} [env]
 * @returns {Record<string, string>}
 */
export function missingMemoryEnv(env = process.env) {
  return Object.fromEntries(Object.entries(MEMORY_ENV).filter(([name]) => env[name] === undefined));
}

/**
 * When this process lacks some of {@link MEMORY_ENV}, runs the same script again in a child process
 * with them (stdio shared, SIGINT, SIGTERM and SIGHUP passed on) and ends with its exit code or signal;
 * never returns then. Otherwise returns at once.
 */
export async function reexecWithMemoryEnv() {
  const missing = missingMemoryEnv();
  if (Object.keys(missing).length === 0) return;
  // Its own session, so that Ctrl-C reaches it once, passed on by this process (the terminal signals
  // this process's group: the child would otherwise get it twice, its "Ctrl-C again to quit at once").
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, ...missing },
    detached: true,
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (signal) {
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
      }
      process.exit(code ?? 1);
    });
  });
}

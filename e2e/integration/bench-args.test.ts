/**
 * `npm run bench` refuses bad arguments with one usage line and exit code 2, before it starts anything
 * (no "NaN bugs" run, no stack trace).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

function bench(...args: string[]) {
  return spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["e2e/bench/sync.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm run bench arguments", () => {
  it.each([
    [["--bugs", "abc"], /--bugs must be a whole number of at least 1, not "abc"/],
    [["--bugs", "0"], /--bugs must be a whole number of at least 1, not "0"/],
    [["--latency=-5"], /--latency must be a whole number of at least 0, not "-5"/],
    [["--bug", "3"], /Unknown option '--bug'/],
  ])("%j: one line and exit 2", (args, message) => {
    const run = bench(...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/usage: npm run bench -- \[--bugs N\] \[--latency MS\]/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

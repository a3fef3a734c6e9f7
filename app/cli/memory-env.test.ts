import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MEMORY_ENV, missingMemoryEnv } from "./memory-env.mjs";

const MODULE = path.resolve(import.meta.dirname, "memory-env.mjs");

/** The environment of this process without any of the memory settings. */
const clean = () =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !(k in MEMORY_ENV))) as NodeJS.ProcessEnv;

/**
 * A script in a fresh directory that first calls `reexecWithMemoryEnv`, then runs `body`; `remove`
 * deletes the directory.
 */
function scriptFile(body: string): { script: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "memory-env-"));
  const script = path.join(dir, "script.mjs");
  fs.writeFileSync(
    script,
    `import { reexecWithMemoryEnv } from ${JSON.stringify(MODULE)};\nawait reexecWithMemoryEnv();\n${body}`,
  );
  return { script, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a script that calls `reexecWithMemoryEnv` and prints its pid, ppid and settings, then exits 3. */
function run(env: Record<string, string | undefined>) {
  const { script, remove } = scriptFile(`const names = ${JSON.stringify(Object.keys(MEMORY_ENV))};
console.log(JSON.stringify({ pid: process.pid, args: process.argv.slice(2),
  env: Object.fromEntries(names.map((n) => [n, process.env[n] ?? null])) }));
process.exit(3);`);
  const result = spawnSync(process.execPath, [script, "sync", "--full"], {
    env: { ...clean(), ...env } as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  remove();
  const lines = result.stdout.trim().split("\n");
  const out = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  return { status: result.status, lines, out, again: out.pid !== result.pid };
}

describe("memory settings of the blockerbugs command", () => {
  it("a process without them runs again once with them, with its arguments, and ends with its exit code", () => {
    const { status, lines, out, again } = run({});
    expect(again).toBe(true);
    expect(status).toBe(3);
    expect(lines).toHaveLength(1);
    expect(out.env).toEqual(MEMORY_ENV);
    expect(out.args).toEqual(["sync", "--full"]);
  });

  it("one the operator set is kept, and a process with all of them set is not run again", () => {
    const some = run({ NODE_OPTIONS: "--max-old-space-size=512" });
    expect(some.again).toBe(true);
    expect(some.out.env).toEqual({ ...MEMORY_ENV, NODE_OPTIONS: "--max-old-space-size=512" });
    const all = run({ ...MEMORY_ENV, MALLOC_ARENA_MAX: "4" });
    expect(all.again).toBe(false);
    expect(all.out.env).toEqual({ ...MEMORY_ENV, MALLOC_ARENA_MAX: "4" });
    expect(missingMemoryEnv({ ...MEMORY_ENV })).toEqual({});
    expect(missingMemoryEnv({})).toEqual(MEMORY_ENV);
  });

  it("a Ctrl-C (the terminal signals the command's process group) or a SIGINT to the command reaches the run once", async () => {
    const { script, remove } = scriptFile(`let interrupts = 0;
process.on("SIGINT", () => {
  if (++interrupts === 1) setTimeout(() => { console.log("interrupts " + interrupts); process.exit(4); }, 300);
});
console.log("ready");
setInterval(() => undefined, 1000);`);
    const interrupt = async (group: boolean) => {
      const command = spawn(process.execPath, [script], { env: clean(), detached: true });
      let out = "";
      const ready = new Promise<void>((resolve) =>
        command.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes("ready")) resolve();
        }),
      );
      const exited = new Promise<number | null>((resolve) => command.on("exit", resolve));
      await ready;
      process.kill(group ? -command.pid! : command.pid!, "SIGINT");
      return { code: await exited, out };
    };
    try {
      for (const group of [true, false]) {
        const { code, out } = await interrupt(group);
        expect(code, group ? "Ctrl-C" : "kill -INT").toBe(4);
        expect(out).toContain("interrupts 1\n");
      }
    } finally {
      remove();
    }
  });
});

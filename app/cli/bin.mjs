#!/usr/bin/env node
// The `blockerbugs` command (package.json "bin"): runs the compiled CLI, building it first if needed.
import { ensureBuild } from "./ensure-build.mjs";
import { reexecWithMemoryEnv } from "./memory-env.mjs";

// `blockerbugs status | head -1`: a closed pipe is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The memory settings of the server's unit (memory-env.mjs) apply at start only: run again with them.
await reexecWithMemoryEnv();
ensureBuild();
const { runCli } = await import("../../build/node/cli/main.js");
// Exit explicitly: the code must reach the shell even if a library left a handle open.
process.exit(await runCli(process.argv.slice(2)));

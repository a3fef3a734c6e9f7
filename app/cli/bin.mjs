#!/usr/bin/env node
// The `blockerbugs` command (package.json "bin"): runs the compiled CLI, building it first if needed.
import { ensureBuild } from "./ensure-build.mjs";

ensureBuild();
const { runCli } = await import("../../build/node/cli/main.js");
// Exit explicitly: the code must reach the shell even if a library left a handle open.
process.exit(await runCli(process.argv.slice(2)));

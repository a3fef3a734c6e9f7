// `npm run demo` (`node app/server/start.mjs --demo`): builds the demo's bundle when it is missing or older
// than its sources, then runs it. The demo bundles the sandbox (e2e/sandbox), so it is built apart from the
// app, into build/demo/ (`npm run build:demo`), which no release copies; this file is not released either.
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { newestSource } from "../cli/ensure-build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bundle = path.join(root, "build", "demo", "demo.js");
const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
if (!built || newestSource("app", "prisma", "e2e/sandbox", "e2e/fixtures") > built) {
  // Build output goes to stderr, as for the app's own build (ensure-build.mjs).
  execSync("npm run build:demo --silent", { cwd: root, stdio: ["ignore", 2, 2] });
}
const { runDemo } = await import(pathToFileURL(bundle).href);
await runDemo();

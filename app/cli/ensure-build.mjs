// Builds the app when build/ is missing or older than the sources, so `npm start`, `npm run demo` and
// the `blockerbugs` command work straight after `npm ci`. A release tarball ships its build and no
// sources, so nothing is rebuilt there.
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const stamp = path.join(root, "build", "node", "server", "main.js");
/** Built last by `npm run build`: a build without it is incomplete. */
const jobs = path.join(root, "build", "jobs", "sync.js");

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

/** Runs `npm run build` when the build is missing or stale (sources present and newer). */
export function ensureBuild() {
  const sources = [
    path.join(root, "app"),
    path.join(root, "prisma"),
    path.join(root, "jobs"),
    path.join(root, "e2e", "sandbox"),
  ].filter((d) => fs.existsSync(d));
  const hasSources = fs.existsSync(path.join(root, "app", "root.tsx"));
  const built = fs.existsSync(stamp) && fs.existsSync(jobs) ? fs.statSync(stamp).mtimeMs : 0;
  if (built && (!hasSources || Math.max(...sources.map(newest)) <= built)) return;
  process.stderr.write(
    built ? "Sources changed since the last build: rebuilding…\n" : "Building Blockerbugs (first run)…\n",
  );
  // Build output goes to stderr: stdout belongs to the command being run (e.g. `blockerbugs status`).
  execSync("npm run build --silent", { cwd: root, stdio: ["ignore", 2, 2] });
}

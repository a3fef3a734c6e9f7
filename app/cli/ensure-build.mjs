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

/**
 * Newest modification time (ms since the epoch) of the files under the given project folders (relative
 * to the project root; missing ones are skipped), 0 when there are none.
 */
export function newestSource(...dirs) {
  const present = dirs.map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));
  return Math.max(0, ...present.map(newest));
}

/** Runs `npm run build` when the build is missing or stale (sources present and newer). */
export function ensureBuild() {
  const hasSources = fs.existsSync(path.join(root, "app", "root.tsx"));
  const built = fs.existsSync(stamp) && fs.existsSync(jobs) ? fs.statSync(stamp).mtimeMs : 0;
  if (built && (!hasSources || newestSource("app", "prisma", "jobs") <= built)) return;
  process.stderr.write(
    built ? "Sources changed since the last build: rebuilding…\n" : "Building Blockerbugs (first run)…\n",
  );
  // Build output goes to stderr: stdout belongs to the command being run (e.g. `blockerbugs status`).
  execSync("npm run build --silent", { cwd: root, stdio: ["ignore", 2, 2] });
}

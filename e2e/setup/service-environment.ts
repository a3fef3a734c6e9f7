import fs from "node:fs";
import path from "node:path";

const UNIT = path.resolve(import.meta.dirname, "..", "..", "ansible", "packaging", "blockerbugs.service");

/**
 * The process environment the packaged systemd unit (ansible/packaging/blockerbugs.service) gives the
 * server besides its configuration file: its `Environment=` assignments but `BLOCKERBUGS_CONFIG` (the
 * memory settings of Node.js and glibc). `npm run bench:http` starts its server with them, and the
 * OpenShift Deployment must set the same.
 */
export function serviceProcessEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of fs.readFileSync(UNIT, "utf8").split("\n")) {
    const m = /^Environment=(.*)$/.exec(line.trim());
    if (!m) continue;
    for (const assignment of m[1]!.split(/\s+/)) {
      const eq = assignment.indexOf("=");
      if (eq > 0) env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
    }
  }
  delete env.BLOCKERBUGS_CONFIG;
  return env;
}

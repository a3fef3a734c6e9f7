import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEMO_FILE } from "./helpers.js";

const MAIN = fileURLToPath(new URL("../sandbox/main.ts", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

function runCli(args: string[]) {
  const child = spawn(TSX, [MAIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, output: () => ({ stdout, stderr }) };
}

describe("CLI (e2e/sandbox/main.ts)", () => {
  it("prints the base URLs on one line, serves, and exits 0 on SIGTERM", async () => {
    const { child, output } = runCli(["--data", DEMO_FILE, "--port", "0"]);
    try {
      const deadline = Date.now() + 15_000;
      while (!output().stdout.includes("\n") && Date.now() < deadline && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const line = output().stdout.trim();
      expect(line.split("\n")).toHaveLength(1);
      const bugzilla = /bugzilla=(http:\/\/127\.0\.0\.1:\d+\/bugzilla)/.exec(line)?.[1];
      expect(bugzilla, `${line} ${output().stderr}`).toBeDefined();

      const res = await fetch(`${bugzilla}/rest/version`);
      expect(await res.json()).toEqual({ version: "5.0.4.rh69" });
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  }, 20_000);

  it("fails with a one-line message for a missing data file", async () => {
    const { child, output } = runCli(["--data", "/nonexistent/data.json", "--port", "0"]);
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(1);
    expect(output().stderr.trim()).toMatch(
      /^sandbox: cannot read data file \/nonexistent\/data\.json \(ENOENT\)$/,
    );
  }, 20_000);
});

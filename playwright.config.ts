import { defineConfig } from "@playwright/test";

/** Port of the demo server the browser tests run against (sandbox upstream + embedded PostgreSQL). */
const PORT = Number(process.env.E2E_PORT ?? 3210);

export default defineConfig({
  testDir: "e2e/browser",
  timeout: 60_000,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "node app/server/start.mjs --demo",
    url: `http://127.0.0.1:${PORT}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    // SIGTERM lets the demo release its embedded PostgreSQL (a SIGKILL would leave the server running).
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DEMO_DATA_DIR: ".data/e2e-postgres",
      DEMO_DB_PORT: process.env.E2E_DB_PORT ?? "54341",
      LOG_LEVEL: "warn",
    },
  },
});

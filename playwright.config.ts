import { defineConfig } from "@playwright/test";

/** Port of the demo server the browser tests run against (sandbox upstream + embedded PostgreSQL). */
const PORT = Number(process.env.E2E_PORT ?? 3210);
/** Port of the mock OpenID Connect provider the demo logs in through (e2e/oidc/main.ts). */
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3212);
/** Fixed port of the demo's sandbox, so specs can read its request log (`/_sandbox/requests`). */
export const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 3211);

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
  webServer: [
    {
      command: `npx tsx e2e/oidc/main.ts --port ${OIDC_PORT}`,
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
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
        SANDBOX_PORT: String(SANDBOX_PORT),
        OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        OIDC_CLIENT_ID: "blockerbugs-e2e",
        OIDC_CLIENT_SECRET: "e2e-client-secret",
      },
    },
  ],
});

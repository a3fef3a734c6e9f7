import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["app/**/*.test.ts", "e2e/**/*.test.ts"],
    // e2e/ops: run by `npm run test:ops` (e2e/ops/vitest.config.ts).
    exclude: ["e2e/browser/**", "e2e/ops/**", "node_modules/**"],
    globalSetup: ["e2e/setup/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});

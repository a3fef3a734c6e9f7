import { defineConfig } from "vitest/config";
import base from "../../vitest.config";

// The Vitest tests of `npm run test:ops` (e2e/ops/*.test.ts), which `npm run test:unit` leaves out: the
// main configuration's setup (aliases, the test PostgreSQL) with these files only.
export default defineConfig({
  ...base,
  test: { ...base.test, include: ["e2e/ops/**/*.test.ts"], exclude: ["node_modules/**"] },
});

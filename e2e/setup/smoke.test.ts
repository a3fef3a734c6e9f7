import { expect, it } from "vitest";
import { createTestDatabase } from "./test-db";

it("gives each test a migrated database", async () => {
  const t = await createTestDatabase();
  try {
    expect(await t.db.release.count()).toBe(0);
  } finally {
    await t.drop();
  }
});

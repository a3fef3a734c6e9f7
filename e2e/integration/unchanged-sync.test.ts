/**
 * A sync that finds nothing new upstream writes nothing but its own status (the milestones' sync times
 * and the sync runs): no bug, update, build, ticket or vote row gets a new version (`xmin`), so the pages'
 * checks after it read no data again (app/db/bulk.server.ts skips unchanged rows; the Bodhi, Koji,
 * prioritized and previous-release steps write only what changed). After upstream changes the same
 * measure sees the writes.
 */
import { describe, expect, it } from "vitest";
import type { Db } from "../../app/db/db.server";
import { runSync } from "../../app/sync/run-sync.server";
import { mutateUpstreamWorld, randomUpstreamWorld } from "../setup/random-upstream-dataset";
import { startWorldWithMilestones } from "../setup/world-milestones";

/** The sync's own status: written by every sync, shown only as sync times (to the minute). */
const STATUS_TABLES = ["DataVersion", "Milestone", "SyncRun"];

/** Per table, how many of its rows were written since `xid` (a transaction id of this fresh database). */
async function rowsWrittenSince(db: Db, xid: bigint): Promise<Record<string, number>> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  const written: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${name}" WHERE xmin::text::bigint >= $1`,
      xid,
    );
    if (row!.n > 0) written[name] = row!.n;
  }
  return written;
}

describe("a sync that finds nothing new", () => {
  it("writes only its own status, full or incremental; after upstream changes the writes are seen", async () => {
    const world = randomUpstreamWorld(3, { bugs: 150 });
    const { t, sandbox, config, close } = await startWorldWithMilestones(world);
    try {
      expect((await runSync(t.db, t.url, config, { full: true })).ok).toBe(true);
      // The world has rows of every kind a sync could rewrite unchanged.
      expect(await t.db.update.count()).toBeGreaterThan(20);
      expect(await t.db.build.count({ where: { tagsFetchedAt: { not: null } } })).toBeGreaterThan(20);
      expect(await t.db.bug.count({ where: { prioritized: true } })).toBeGreaterThan(0);
      expect(await t.db.discussionTicket.count()).toBeGreaterThan(0);

      const nextXid = async () =>
        (await t.db.$queryRaw<{ x: bigint }[]>`SELECT (txid_current() % 4294967296) + 1 AS x`)[0]!.x;
      for (const full of [true, false]) {
        const xid = await nextXid();
        expect((await runSync(t.db, t.url, config, { full })).ok).toBe(true);
        const written = await rowsWrittenSince(t.db, xid);
        expect(
          Object.keys(written).filter((name) => !STATUS_TABLES.includes(name)),
          `full: ${full}`,
        ).toEqual([]);
      }

      const res = await fetch(`${sandbox.url}/_sandbox/dataset`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ patch: mutateUpstreamWorld(world) }),
      });
      expect(res.status).toBe(200);
      const xid = await nextXid();
      expect((await runSync(t.db, t.url, config, { full: true })).ok).toBe(true);
      const written = await rowsWrittenSince(t.db, xid);
      for (const table of ["Bug", "MilestoneBug", "Update", "Build", "Vote"])
        expect(written[table] ?? 0, table).toBeGreaterThan(0);
    } finally {
      await close();
    }
  });
});

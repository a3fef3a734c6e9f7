/**
 * `milestoneBurndowns` (app/db/milestone-history.server.ts) keeps each milestone's series while its
 * history reads the same: on a synced random world it gives what a fresh computation gives, and what the
 * series of the record Prisma reads gives; a write
 * that changes no history (a bug reread) gives the kept series, a new event or a changed proposal
 * record a new one, and so does the next day.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../app/config.server";
import { createPrismaClient } from "../../app/db/db.server";
import { bugHistories, milestoneBurndowns, readMilestoneRecord } from "../../app/db/milestone-history.server";
import { burndownPoints } from "../../app/components/burndown-view";
import { burndownSeries, seriesStart, type SeriesPoint } from "../../app/domain/burndown-series";
import { runSync } from "../../app/sync/run-sync.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import { startSandbox } from "../sandbox/server";
import { randomUpstreamWorld } from "../setup/random-upstream-dataset";
import { sandboxUpstreams } from "../setup/sandbox-client";
import { addWorldMilestones } from "../setup/world-milestones";
import { createTestDatabase } from "../setup/test-db";

/** The series without today's point's `at`: a kept series is for when it was computed. */
const points = (series: Map<number, SeriesPoint[]>) =>
  new Map([...series].map(([id, s]) => [id, burndownPoints(s)]));

describe("milestoneBurndowns", () => {
  it("keeps a series while the milestone's history reads the same, and that day", async () => {
    const world = randomUpstreamWorld(5, { bugs: 60 });
    const t = await createTestDatabase();
    const sandbox = await startSandbox({ dataset: world.data as never, port: 0 });
    // A second client keeps nothing yet: what a fresh computation gives.
    const fresh = () => {
      const other = createPrismaClient(t.url);
      return { read: (now: Date) => milestoneBurndowns(other, ids, now), close: () => other.$disconnect() };
    };
    let ids: number[] = [];
    try {
      const config = parseConfig({ DATABASE_URL: t.url, ...sandboxUpstreams(sandbox.url) });
      const bugzilla = new BugzillaClient({
        baseUrl: config.BUGZILLA_URL,
        policy: { timeoutMs: 5000, attempts: 2 },
      });
      await addWorldMilestones(t.db, bugzilla, world.releases);
      expect((await runSync(t.db, t.url, config, { sources: ["bugzilla"] })).ok).toBe(true);
      ids = (await t.db.milestone.findMany({ select: { id: true } })).map((m) => m.id);
      const now = new Date();
      const first = await milestoneBurndowns(t.db, ids, now);
      const reference = fresh();
      expect(first).toEqual(await reference.read(now));
      await reference.close();
      // The plain queries read what Prisma reads (readMilestoneRecord, which the changes page uses).
      for (const id of ids) {
        const { createdAt } = await t.db.milestone.findUniqueOrThrow({ where: { id } });
        const histories = bugHistories(await readMilestoneRecord(t.db, id));
        const byPrisma = burndownSeries(histories, { start: seriesStart(createdAt, histories), now });
        expect(first.get(id), `milestone ${id}`).toEqual(byPrisma);
      }
      const busiest = ids.reduce((a, b) => (first.get(a)!.length >= first.get(b)!.length ? a : b));
      expect(first.get(busiest)!.some((p) => p.proposedBlockers + p.acceptedBlockers > 0)).toBe(true);

      // Nothing or no history changed (a bug reread, as every sync does): the kept series.
      await t.db.bug.updateMany({ data: { fetchedAt: new Date() } });
      const again = await milestoneBurndowns(t.db, ids, new Date(now.getTime() + 1000));
      for (const id of ids) expect(again.get(id)).toBe(first.get(id));

      // A new event of one milestone: its series is computed again, the others are kept.
      const bug = await t.db.milestoneBug.findFirstOrThrow({ where: { milestoneId: busiest, active: true } });
      await t.db.bugEvent.create({
        data: {
          bugId: bug.bugId,
          milestoneId: busiest,
          field: "active",
          oldValue: "true",
          newValue: "false",
          at: new Date(now.getTime() - 1000),
        },
      });
      const later = new Date(now.getTime() + 2000);
      const changed = await milestoneBurndowns(t.db, ids, later);
      expect(changed.get(busiest)).not.toBe(first.get(busiest));
      for (const id of ids.filter((i) => i !== busiest)) expect(changed.get(id)).toBe(first.get(id));
      const check = fresh();
      expect(points(changed)).toEqual(points(await check.read(later)));

      // A proposal record rewritten in place (no new row): computed again too.
      const proposal = await t.db.milestoneProposal.findFirstOrThrow({ where: { milestoneId: busiest } });
      await t.db.milestoneProposal.updateMany({
        where: { milestoneId: busiest, bugId: proposal.bugId, kind: proposal.kind },
        data: { proposedAt: new Date(now.getTime() - 86_400_000 * 3) },
      });
      const rewritten = await milestoneBurndowns(t.db, ids, later);
      expect(rewritten.get(busiest)).not.toBe(changed.get(busiest));
      for (const id of ids.filter((i) => i !== busiest)) expect(rewritten.get(id)).toBe(first.get(id));

      // The next day: a new point.
      const tomorrow = new Date(now.getTime() + 86_400_000);
      const next = await milestoneBurndowns(t.db, ids, tomorrow);
      expect(next.get(busiest)!.length).toBe(changed.get(busiest)!.length + 1);
      expect(points(next)).toEqual(points(await check.read(tomorrow)));
      await check.close();
    } finally {
      await sandbox.close();
      await t.drop();
    }
  }, 240_000);
});

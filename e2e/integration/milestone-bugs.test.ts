/**
 * `listMilestoneBugs` (app/db/bugs.server.ts) builds each bug's JSON in one SQL statement and keeps what
 * it read: on a synced random four-source world, and again after a round of upstream changes and a
 * sync, it gives what Prisma reads with the select shape the type comes from; a call after no change
 * returns the same array, after a change the unchanged bugs as the same objects; they are frozen. A
 * sync that finds nothing new writes nothing they are read from; new read times keep the bugs' content
 * keys, and the bug list's rows do not depend on them.
 */
import { describe, expect, it } from "vitest";
import {
  bugContentKey,
  listMilestoneBugs,
  listMilestoneBugsByPrisma,
  type MilestoneBug,
} from "../../app/db/bugs.server";
import { bugRowView } from "../../app/routes/milestone.$release.$version.buglist/view";
import type { TrackerKind } from "../../app/domain/sections";
import { runSync } from "../../app/sync/run-sync.server";
import { mutateUpstreamWorld, randomUpstreamWorld } from "../setup/random-upstream-dataset";
import { startWorldWithMilestones } from "../setup/world-milestones";

/** Builds by NVR and votes by tracker and voter: the orders Prisma leaves to the database. */
function normalized(bugs: readonly MilestoneBug[]) {
  return bugs.map((b) => ({
    ...b,
    updates: b.updates.map((u) => ({ ...u, builds: [...u.builds].sort((x, y) => (x.nvr < y.nvr ? -1 : 1)) })),
    discussion: b.discussion && {
      ...b.discussion,
      votes: [...b.discussion.votes].sort((x, y) =>
        `${x.tracker} ${x.voter}` < `${y.tracker} ${y.voter}` ? -1 : 1,
      ),
    },
  }));
}

describe("listMilestoneBugs", () => {
  it("reads what Prisma reads, keeps unchanged bugs as the same frozen objects", async () => {
    const world = randomUpstreamWorld(3, { bugs: 150 });
    const { t, sandbox, config, close } = await startWorldWithMilestones(world);
    try {
      const milestones = await t.db.milestone.findMany({ select: { id: true } });
      const compare = async (phase: string) => {
        let seen = 0;
        for (const { id } of milestones) {
          const bugs = await listMilestoneBugs(t.db, id);
          expect(normalized(bugs), `${phase}, milestone ${id}`).toEqual(
            normalized(await listMilestoneBugsByPrisma(t.db, id)),
          );
          seen += bugs.length;
        }
        return seen;
      };

      expect((await runSync(t.db, t.url, config, { full: true })).ok).toBe(true);
      expect(await compare("full sync")).toBeGreaterThan(100);
      // The world has what the JSON must carry: updates with builds read from Koji, votes, proposals.
      const all = (await Promise.all(milestones.map(({ id }) => listMilestoneBugs(t.db, id)))).flat();
      expect(all.some((b) => b.updates.some((u) => u.builds.some((k) => k.tagsFetchedAt !== null)))).toBe(
        true,
      );
      expect(all.some((b) => (b.discussion?.votes.length ?? 0) > 0)).toBe(true);
      expect(all.some((b) => b.proposals.blocker?.proposedAt instanceof Date)).toBe(true);

      // Nothing changed: the very same array. A bug changed: a new array, the others the same objects.
      let id = milestones[0]!.id;
      for (const m of milestones) if ((await listMilestoneBugs(t.db, m.id)).length > 2) id = m.id;
      const first = await listMilestoneBugs(t.db, id);
      expect(await listMilestoneBugs(t.db, id)).toBe(first);
      const changed = first[1]!;
      await t.db.bug.update({ where: { id: changed.bugId }, data: { summary: "Renamed by the test" } });
      const second = await listMilestoneBugs(t.db, id);
      expect(second).not.toBe(first);
      expect(second.map((b) => b.bugId)).toEqual(first.map((b) => b.bugId));
      second.forEach((b, i) => (i === 1 ? expect(b).not.toBe(first[i]) : expect(b).toBe(first[i])));
      expect(second[1]!.summary).toBe("Renamed by the test");
      expect(() => ((second[0] as { summary: string }).summary = "x")).toThrow(TypeError);
      expect(() => (second[0]!.alias as string[]).push("x")).toThrow(TypeError);

      // A sync that finds nothing new writes none of these rows: the very same array.
      expect((await runSync(t.db, t.url, config, { full: true })).ok).toBe(true);
      expect(await listMilestoneBugs(t.db, id)).toBe(second);
      // New read times alone (a build's tags read again after its update changed): new objects, the same
      // content keys; the bug list's rows use the read times only as read / never read, so they are equal.
      const keys = new Map(second.map((b) => [b.bugId, bugContentKey(b)]));
      await t.db.$executeRaw`UPDATE "Bug" SET "fetchedAt" = now() WHERE "fetchedAt" IS NOT NULL`;
      await t.db.$executeRaw`UPDATE "Build" SET "tagsFetchedAt" = now() WHERE "tagsFetchedAt" IS NOT NULL`;
      const resynced = await listMilestoneBugs(t.db, id);
      expect(resynced.every((b, i) => b !== second[i])).toBe(true);
      for (const b of resynced) expect(bugContentKey(b), `bug ${b.bugId}`).toBe(keys.get(b.bugId));
      const later = (d: Date | null) => (d ? new Date(d.getTime() + 3_600_000) : null);
      const opts = { now: new Date(), bugzillaUrl: "https://bugzilla.example", release: 90 };
      for (const b of all) {
        const reread = {
          ...b,
          fetchedAt: later(b.fetchedAt),
          updates: b.updates.map((u) => ({
            ...u,
            builds: u.builds.map((k) => ({ ...k, tagsFetchedAt: later(k.tagsFetchedAt) })),
          })),
        };
        const placed = { bug: b, kinds: ["blocker", "fe"] as TrackerKind[] };
        expect(bugRowView({ ...placed, bug: reread }, opts), `bug ${b.bugId}`).toEqual(
          bugRowView(placed, opts),
        );
      }
      await t.db.bug.update({ where: { id: resynced[0]!.bugId }, data: { whiteboard: "Changed" } });
      const changedAgain = await listMilestoneBugs(t.db, id);
      expect(bugContentKey(changedAgain[0]!)).not.toBe(keys.get(resynced[0]!.bugId));

      // A bug no longer in the milestone: gone from the list, which the digests alone tell.
      await t.db.milestoneBug.updateMany({
        where: { milestoneId: id, bugId: changedAgain[1]!.bugId },
        data: { active: false },
      });
      const fewer = await listMilestoneBugs(t.db, id);
      expect(fewer.map((b) => b.bugId)).toEqual(changedAgain.filter((_, i) => i !== 1).map((b) => b.bugId));
      await t.db.milestoneBug.updateMany({
        where: { milestoneId: id, bugId: changedAgain[1]!.bugId },
        data: { active: true },
      });
      expect((await listMilestoneBugs(t.db, id)).map((b) => b.bugId)).toEqual(
        changedAgain.map((b) => b.bugId),
      );

      // A write to any table the JSON is built from is seen on the next call (each checked by the versions
      // of the rows it reads, not by the JSON).
      const bugIds = `(SELECT "bugId" FROM "MilestoneBug" WHERE "milestoneId" = ${id})`;
      const aliases = `(SELECT "updateAlias" FROM "UpdateBug" WHERE "bugId" IN ${bugIds})`;
      const writes: Record<string, string> = {
        MilestoneBug: `UPDATE "MilestoneBug" SET "accepted0Day" = NOT "accepted0Day" WHERE "milestoneId" = ${id} AND "bugId" = (SELECT min("bugId") FROM "MilestoneBug" WHERE "milestoneId" = ${id})`,
        MilestoneProposal: `UPDATE "MilestoneProposal" SET "decidedBy" = 'test-reviewer' WHERE "milestoneId" = ${id} AND "bugId" = (SELECT min("bugId") FROM "MilestoneProposal" WHERE "milestoneId" = ${id})`,
        Update: `UPDATE "Update" SET "karma" = "karma" + 1 WHERE "alias" = (SELECT min("updateAlias") FROM "UpdateBug" WHERE "bugId" IN ${bugIds})`,
        Build: `UPDATE "Build" SET "tags" = array_append("tags", 'test-tag') WHERE "nvr" = (SELECT min("nvr") FROM "UpdateBuild" WHERE "updateAlias" IN ${aliases})`,
        UpdateBuild: `DELETE FROM "UpdateBuild" WHERE ("updateAlias", "nvr") = (SELECT "updateAlias", "nvr" FROM "UpdateBuild" WHERE "updateAlias" IN ${aliases} ORDER BY 1, 2 LIMIT 1)`,
        UpdateBug: `DELETE FROM "UpdateBug" WHERE ("updateAlias", "bugId") = (SELECT "updateAlias", "bugId" FROM "UpdateBug" WHERE "bugId" IN ${bugIds} ORDER BY 1, 2 LIMIT 1)`,
        DiscussionTicket: `UPDATE "DiscussionTicket" SET "status" = 'Closed by the test' WHERE "bugId" = (SELECT min("bugId") FROM "DiscussionTicket" WHERE "bugId" IN ${bugIds})`,
        Vote: `DELETE FROM "Vote" WHERE "id" = (SELECT min("id") FROM "Vote" WHERE "bugId" IN ${bugIds})`,
      };
      for (const [table, sql] of Object.entries(writes)) {
        const before = await listMilestoneBugs(t.db, id);
        expect(await t.db.$executeRawUnsafe(sql), table).toBe(1);
        const after = await listMilestoneBugs(t.db, id);
        expect(after, table).not.toBe(before);
        expect(normalized(after), table).toEqual(normalized(await listMilestoneBugsByPrisma(t.db, id)));
      }

      // Upstream changes and a sync: still what Prisma reads.
      const res = await fetch(`${sandbox.url}/_sandbox/dataset`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ patch: mutateUpstreamWorld(world) }),
      });
      expect(res.status).toBe(200);
      expect((await runSync(t.db, t.url, config, { full: true })).ok).toBe(true);
      await compare("after changes");
    } finally {
      await close();
    }
  }, 240_000);
});

// The bulk statements of app/db/bulk.server.ts on a real PostgreSQL: what Prisma reads back is what
// was written (instants, arrays, JSON, enums, nulls), conflicts update or are skipped, and a whole
// set is one statement.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteRows, replaceRows, updateRows, upsertRows } from "../../app/db/bulk.server";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe("bulk statements", () => {
  it("upsertRows inserts and overwrites rows with instants, arrays, JSON and nulls as Prisma reads them", async () => {
    const at = new Date("2026-11-10T10:11:12.345Z");
    const columns = {
      id: "integer",
      summary: "text",
      keywords: "text[]",
      dependsOn: "integer[]",
      flags: "jsonb",
      lastChangeTime: "timestamp(3)",
      inaccessible: "text",
    } as const;
    const rows = [
      {
        id: 1,
        summary: "ü <b>",
        keywords: ["a", "b"],
        dependsOn: [2, 3],
        flags: [{ name: "x" }],
        lastChangeTime: at,
        inaccessible: null,
      },
      {
        id: 2,
        summary: "",
        keywords: [],
        dependsOn: [],
        flags: null,
        lastChangeTime: null,
        inaccessible: "private",
      },
    ];
    expect(await upsertRows(t.db, "Bug", columns, rows, { key: ["id"] })).toBe(2);
    const read = await t.db.bug.findMany({ orderBy: { id: "asc" } });
    expect(
      read.map((b) => [b.id, b.summary, b.keywords, b.dependsOn, b.flags, b.lastChangeTime, b.inaccessible]),
    ).toEqual([
      [1, "ü <b>", ["a", "b"], [2, 3], [{ name: "x" }], at, null],
      [2, "", [], [], null, null, "private"],
    ]);
    // Defaults for columns left out on insert; on conflict only `update` columns change.
    expect(read[0]!.status).toBe("");
    await upsertRows(
      t.db,
      "Bug",
      { id: "integer", summary: "text", status: "text" },
      [{ id: 1, summary: "new", status: "NEW" }],
      {
        key: ["id"],
        update: ["summary"],
      },
    );
    expect(await t.db.bug.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({
      summary: "new",
      status: "",
      keywords: ["a", "b"],
    });
    // DO NOTHING: existing rows are left alone.
    expect(
      await upsertRows(
        t.db,
        "Bug",
        { id: "integer", summary: "text" },
        [
          { id: 2, summary: "x" },
          { id: 3, summary: "y" },
        ],
        { key: ["id"], update: [] },
      ),
    ).toBe(1);
    expect((await t.db.bug.findUniqueOrThrow({ where: { id: 2 } })).summary).toBe("");
  });

  it("upsertRows and updateRows leave a row that would stay the same unwritten (same xmin)", async () => {
    const columns = { id: "integer", summary: "text", keywords: "text[]", flags: "jsonb" } as const;
    const row = (id: number, summary: string) => ({ id, summary, keywords: ["a"], flags: [{ name: "x" }] });
    await upsertRows(t.db, "Bug", columns, [row(11, "one"), row(12, "two")], { key: ["id"] });
    const versions = async () =>
      new Map(
        (await t.db.$queryRaw<{ id: number; v: string }[]>`SELECT id, xmin::text AS v FROM "Bug"`).map(
          (r) => [r.id, r.v],
        ),
      );
    const before = await versions();
    expect(
      await upsertRows(t.db, "Bug", columns, [row(11, "one"), row(12, "changed")], { key: ["id"] }),
    ).toBe(1);
    const afterUpsert = await versions();
    expect(afterUpsert.get(11)).toBe(before.get(11));
    expect(afterUpsert.get(12)).not.toBe(before.get(12));
    // A null against a value is a change; equal JSON and arrays are not.
    const n = await updateRows(
      t.db,
      "Bug",
      { id: "integer", flags: "jsonb", inaccessible: "text" },
      [
        { id: 11, flags: [{ name: "x" }], inaccessible: null },
        { id: 12, flags: [{ name: "x" }], inaccessible: "private" },
      ],
      ["id"],
    );
    expect(n).toBe(1);
    const afterUpdate = await versions();
    expect(afterUpdate.get(11)).toBe(before.get(11));
    expect(afterUpdate.get(12)).not.toBe(afterUpsert.get(12));
    expect((await t.db.bug.findUniqueOrThrow({ where: { id: 12 } })).inaccessible).toBe("private");
  });

  it("updateRows sets each row's columns by key, enums included, and ignores unknown keys", async () => {
    await t.db.release.create({ data: { number: 90 } });
    const release = await t.db.release.findFirstOrThrow();
    const m = await t.db.milestone.create({
      data: { releaseId: release.id, version: "beta", blockerTrackerId: 10, feTrackerId: 11 },
    });
    await t.db.milestoneBug.createMany({ data: [1, 2].map((bugId) => ({ milestoneId: m.id, bugId })) });
    const n = await updateRows(
      t.db,
      "MilestoneBug",
      { milestoneId: "integer", bugId: "integer", blocker: '"ReviewState"', active: "boolean" },
      [
        { milestoneId: m.id, bugId: 1, blocker: "accepted", active: true },
        { milestoneId: m.id, bugId: 2, blocker: null, active: false },
        { milestoneId: m.id, bugId: 99, blocker: "proposed", active: true },
      ],
      ["milestoneId", "bugId"],
    );
    expect(n).toBe(2);
    const rows = await t.db.milestoneBug.findMany({
      orderBy: { bugId: "asc" },
      select: { bugId: true, blocker: true, active: true },
    });
    expect(rows).toEqual([
      { bugId: 1, blocker: "accepted", active: true },
      { bugId: 2, blocker: null, active: false },
    ]);
  });

  it("replaceRows replaces exactly the rows of the given keys, and only inserts without keys", async () => {
    await t.db.update.createMany({
      data: ["U-1", "U-2", "U-3"].map((alias) => ({
        alias,
        releaseName: "F90",
        status: "testing",
        fetchedAt: new Date(),
      })),
    });
    await t.db.build.createMany({ data: ["a-1", "b-1", "c-1"].map((nvr) => ({ nvr })) });
    const columns = { updateAlias: "text", nvr: "text" } as const;
    const links = async () =>
      (await t.db.updateBuild.findMany({ orderBy: [{ updateAlias: "asc" }, { nvr: "asc" }] })).map(
        (l) => `${l.updateAlias}:${l.nvr}`,
      );
    await replaceRows(
      t.db,
      "UpdateBuild",
      columns,
      [
        { updateAlias: "U-1", nvr: "a-1" },
        { updateAlias: "U-1", nvr: "b-1" },
        { updateAlias: "U-2", nvr: "a-1" },
        { updateAlias: "U-3", nvr: "c-1" },
      ],
      { key: "updateAlias", keys: [] },
    );
    expect(await links()).toEqual(["U-1:a-1", "U-1:b-1", "U-2:a-1", "U-3:c-1"]);
    // U-1 loses b-1 and gains c-1, U-2 loses everything, U-3 (not among the keys) is left alone.
    const inserted = await replaceRows(
      t.db,
      "UpdateBuild",
      columns,
      [
        { updateAlias: "U-1", nvr: "a-1" },
        { updateAlias: "U-1", nvr: "c-1" },
      ],
      { key: "updateAlias", keys: ["U-1", "U-2"] },
    );
    expect(inserted).toBe(2);
    expect(await links()).toEqual(["U-1:a-1", "U-1:c-1", "U-3:c-1"]);
    await expect(
      replaceRows(t.db, "UpdateBuild", columns, [], { key: "alias", keys: ["U-1"] }),
    ).rejects.toThrow(/the key alias is not one of the columns of UpdateBuild/);
  });

  it("deleteRows deletes by one value and by a list of any length, and an empty list deletes nothing", async () => {
    const release = await t.db.release.create({ data: { number: 91 } });
    const [a, b] = await Promise.all(
      ["beta", "final"].map((version) =>
        t.db.milestone.create({
          data: { releaseId: release.id, version, blockerTrackerId: 20, feTrackerId: 21 },
        }),
      ),
    );
    const ids = Array.from({ length: 3000 }, (_, i) => 1000 + i);
    await t.db.bug.createMany({ data: ids.map((id) => ({ id })) });
    await t.db.milestoneBug.createMany({
      data: [a!, b!].flatMap((m) => ids.map((bugId) => ({ milestoneId: m.id, bugId }))),
    });
    expect(await deleteRows(t.db, "MilestoneBug", { milestoneId: a!.id, bugId: [] })).toBe(0);
    expect(await deleteRows(t.db, "MilestoneBug", { milestoneId: a!.id, bugId: ids.slice(0, 2500) })).toBe(
      2500,
    );
    const left = await t.db.milestoneBug.groupBy({
      by: ["milestoneId"],
      where: { milestoneId: { in: [a!.id, b!.id] } },
      _count: true,
    });
    expect(Object.fromEntries(left.map((g) => [g.milestoneId, g._count]))).toEqual({
      [a!.id]: 500,
      [b!.id]: 3000,
    });
  });
});

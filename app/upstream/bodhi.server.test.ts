import { describe, expect, it } from "vitest";
import { fixture } from "../../e2e/sandbox-tests/upstream-fixtures";
import { BodhiUpdateSchema, parseBodhiError } from "./bodhi.server";

describe("BodhiUpdateSchema", () => {
  it("reads the fixture pages: dates as UTC, null request, null bug title, obsolete status (BO-12)", () => {
    const updates = [
      ...fixture<{ updates: unknown[] }>("bodhi_updates_by_bugs_page1.json").updates,
      ...fixture<{ updates: unknown[] }>("bodhi_updates_by_bugs_page2.json").updates,
    ].map((u) => BodhiUpdateSchema.parse(u));
    expect(updates).toHaveLength(4);
    const obsolete = updates.find((u) => u.alias === "FEDORA-2024-0d5e8f3b12")!;
    expect(obsolete).toMatchObject({ status: "obsolete", request: null, karma: -1, stable_karma: 3 });
    expect(obsolete.date_submitted?.toISOString()).toBe("2024-09-09T15:09:59.000Z");
    expect(obsolete.date_stable).toBeNull();
    expect(obsolete.bugs).toEqual([expect.objectContaining({ bug_id: 2311105, title: null })]);
    expect(obsolete.release.stable_tag).toBe("f41");
    expect(obsolete.builds.map((b) => b.nvr)).toEqual(["dnf5-5.2.6.1-1.fc41"]);
  });

  it("BO-10: unknown status and request values become 'unknown'; BO-14: missing optional fields are fine", () => {
    const u = BodhiUpdateSchema.parse({
      alias: "FEDORA-2026-0000000001",
      status: "side_tag_active",
      request: "teleport",
      release: { name: "F46" },
      date_submitted: "2026-11-13 19:17:00",
      submitter: "old-server-user",
      brand_new_field: { x: 1 },
    });
    expect(u).toMatchObject({
      status: "unknown",
      request: "unknown",
      builds: [],
      bugs: [],
      submitter: "old-server-user",
    });
  });
});

describe("parseBodhiError", () => {
  it("BO-17: joins every error of the Cornice envelope", () => {
    expect(
      parseBodhiError(400, {
        status: "error",
        errors: [
          { location: "querystring", name: "releases", description: "Invalid releases specified: F99" },
          { location: "querystring", name: "status.0", description: '"x" is not one of pending, testing' },
        ],
      }),
    ).toEqual({
      code: "releases",
      message: 'releases: Invalid releases specified: F99; status.0: "x" is not one of pending, testing',
    });
    expect(parseBodhiError(504, { html: true })).toBeUndefined();
  });
});

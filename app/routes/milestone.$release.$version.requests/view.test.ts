import { describe, expect, it } from "vitest";
import type { MilestoneBug } from "~/db/bugs.server";
import { buildInfo, milestoneBug, updateInfo } from "../../../e2e/setup/view-fixtures";
import { buildRequestsView, requestGroupMarkdown } from "./view.js";

const BZ = "https://bugzilla.example";
const FETCHED = new Date("2026-11-20T10:00:00Z");

/** An accepted blocker, MODIFIED, with overrides. */
const bug = (bugId: number, over: Partial<MilestoneBug> = {}): MilestoneBug =>
  milestoneBug(bugId, {
    status: "MODIFIED",
    lastChangeTime: null,
    fetchedAt: FETCHED,
    blocker: "accepted",
    ...over,
  });

const rowsOf = (v: ReturnType<typeof buildRequestsView>, key: string) =>
  v.groups.find((g) => g.key === key)?.rows.map((r) => `${r.bug.bugId}:${r.update.alias}`);

describe("buildRequestsView", () => {
  const bugs = [
    // accepted blocker: one update in testing (not tagged) and one obsolete (ignored)
    bug(1, { updates: [updateInfo("U-a"), updateInfo("U-z", { status: "obsolete" })] }),
    // accepted FE: requested stable, builds: one tagged, one not, one unknown
    bug(2, {
      blocker: null,
      fe: "accepted",
      updates: [
        updateInfo("U-b", {
          request: "stable",
          builds: [
            buildInfo("x-1", ["f46"]),
            buildInfo("y-1", ["f46-updates-candidate"]),
            buildInfo("z-1", null),
          ],
        }),
      ],
    }),
    // accepted: stable, all tagged → no action
    bug(3, { updates: [updateInfo("U-c", { status: "stable", builds: [buildInfo("c-1", ["f46"])] })] }),
    // proposed only → not on the page
    bug(4, { blocker: "proposed", updates: [updateInfo("U-d")] }),
    // accepted, update for another release only → counts as without update
    bug(5, { updates: [updateInfo("U-e", { releaseName: "F47" })] }),
    // accepted but closed, without update → not listed as missing an update
    bug(6, { status: "CLOSED", resolution: "ERRATA" }),
  ];
  const view = buildRequestsView(bugs, { bugzillaUrl: BZ, release: 46 });

  it("puts each update in every group whose action it needs", () => {
    expect(rowsOf(view, "tag")).toEqual(["1:U-a", "2:U-b"]);
    expect(rowsOf(view, "requestStable")).toEqual(["1:U-a"]);
    expect(rowsOf(view, "pendingPush")).toEqual(["2:U-b"]);
    expect(rowsOf(view, "unknownTags")).toEqual(["2:U-b"]);
  });

  it("lists in the tag group only the builds missing the tag, in unknownTags only the unknown ones", () => {
    const tag = view.groups.find((g) => g.key === "tag")!.rows[1]!;
    expect(tag.builds.map((b) => b.nvr)).toEqual(["y-1"]);
    const unknown = view.groups.find((g) => g.key === "unknownTags")!.rows[0]!;
    expect(unknown.builds.map((b) => b.nvr)).toEqual(["z-1"]);
  });

  it("describes the bug of each row", () => {
    const row = view.groups.find((g) => g.key === "pendingPush")!.rows[0]!;
    expect(row.bug).toEqual({
      bugId: 2,
      url: `${BZ}/show_bug.cgi?id=2`,
      summary: "Bug 2",
      component: "anaconda",
      status: "MODIFIED",
      closed: false,
      kinds: ["fe"],
      accepted0Day: false,
      acceptedPreviousRelease: false,
    });
  });

  it("counts accepted bugs and lists open ones without a live update", () => {
    expect(view.acceptedCount).toBe(5);
    expect(view.withoutUpdates.map((b) => b.bugId)).toEqual([5]);
  });

  it("leaves out the unknown-tags group when every build was checked", () => {
    const v = buildRequestsView([bug(1, { updates: [updateInfo("U-a")] })], { bugzillaUrl: BZ, release: 46 });
    expect(v.groups.map((g) => g.key)).toEqual(["tag", "requestStable", "pendingPush"]);
  });

  it("has empty groups when there are no accepted bugs", () => {
    const v = buildRequestsView([bug(1, { blocker: "proposed" })], { bugzillaUrl: BZ, release: 46 });
    expect(v.acceptedCount).toBe(0);
    expect(v.groups.every((g) => g.rows.length === 0)).toBe(true);
  });
});

describe("buildRequestsView: 0-day and previous-release fixes", () => {
  const bugs = [
    // 0-day blocker: F46 update in testing, builds not in the stable tag → 0-day group only
    bug(10, { accepted0Day: true, updates: [updateInfo("U-0", { request: "stable" })] }),
    // previous-release blocker: an F45 update to push, an F44 one stable, an F46 one, an F43 one
    bug(11, {
      acceptedPreviousRelease: true,
      updates: [
        updateInfo("U-45", { releaseName: "F45", stableTag: "f45-updates" }),
        updateInfo("U-44", { releaseName: "F44", status: "stable" }),
        updateInfo("U-46"),
        updateInfo("U-43", { releaseName: "F43" }),
      ],
    }),
    // previous-release blocker with only an update of the milestone's own release: without update
    bug(12, { acceptedPreviousRelease: true, updates: [updateInfo("U-12")] }),
    // plain blocker with an F45 update only: the F45 update is no fix for the compose
    bug(13, { updates: [updateInfo("U-13", { releaseName: "F45" })] }),
  ];
  const view = buildRequestsView(bugs, {
    bugzillaUrl: BZ,
    release: 46,
    previousReleases: [45, 44],
    milestoneName: "Fedora 46 Beta",
  });

  it("never puts 0-day or previous-release fixes into the compose groups", () => {
    expect(view.groups.map((g) => g.key)).toEqual([
      "tag",
      "requestStable",
      "pendingPush",
      "zeroDay",
      "previousRelease",
    ]);
    expect(rowsOf(view, "tag")).toEqual([]);
    expect(rowsOf(view, "requestStable")).toEqual([]);
    expect(rowsOf(view, "pendingPush")).toEqual([]);
    expect(rowsOf(view, "zeroDay")).toEqual(["10:U-0"]);
    expect(rowsOf(view, "previousRelease")).toEqual(["11:U-45"]);
  });

  it("names the previous stable releases", () => {
    expect(view.groups.find((g) => g.key === "previousRelease")!.description).toContain(
      "Previous stable releases now: Fedora 45, Fedora 44.",
    );
  });

  it("lists accepted open bugs without the kind of update they need", () => {
    expect(view.withoutUpdates.map((b) => b.bugId)).toEqual([12, 13]);
  });

  it("hides the 0-day and previous-release groups when no accepted bug is of that kind", () => {
    const v = buildRequestsView([bug(1, { updates: [updateInfo("U-a")] })], { bugzillaUrl: BZ, release: 46 });
    expect(v.groups.map((g) => g.key)).not.toContain("zeroDay");
    expect(v.groups.map((g) => g.key)).not.toContain("previousRelease");
  });

  it("gives each group a Markdown text for the release-engineering ticket", () => {
    expect(view.groups.find((g) => g.key === "previousRelease")!.markdown).toBe(
      [
        "### Fedora 46 Beta: push to the stable release(s)",
        "",
        `- [U-45](https://bodhi.example/updates/U-45) (F45) for [bug 11](${BZ}/show_bug.cgi?id=11)`,
        "  - `U-45-1-1.fc46`",
        "",
      ].join("\n"),
    );
    expect(view.groups.find((g) => g.key === "tag")!.markdown).toBe("");
  });
});

describe("requestGroupMarkdown", () => {
  it("lists each update once with every bug it fixes and the builds concerned", () => {
    const view = buildRequestsView(
      [
        bug(1, {
          updates: [updateInfo("U-a", { builds: [buildInfo("a-1", ["x"]), buildInfo("b-1", ["y"])] })],
        }),
        bug(2, {
          updates: [updateInfo("U-a", { builds: [buildInfo("a-1", ["x"]), buildInfo("b-1", ["y"])] })],
        }),
      ],
      { bugzillaUrl: BZ, release: 46 },
    );
    const tag = view.groups.find((g) => g.key === "tag")!;
    expect(requestGroupMarkdown("Fedora 46 Final", tag)).toBe(
      [
        "### Fedora 46 Final: builds not in the stable tag",
        "",
        `- [U-a](https://bodhi.example/updates/U-a) (F46) for [bug 1](${BZ}/show_bug.cgi?id=1), [bug 2](${BZ}/show_bug.cgi?id=2)`,
        "  - `a-1`",
        "  - `b-1`",
        "",
      ].join("\n"),
    );
  });
});

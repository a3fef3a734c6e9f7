import { describe, expect, it } from "vitest";
import { NO_PROPOSALS } from "~/domain/proposal-history";
import type { MilestoneBug } from "~/db/bugs.server";
import { buildRequestsView, needsStableRequest, pendingStablePush } from "./view.js";
import type { BuildInfo, UpdateInfo } from "~/db/bugs.server";

const BZ = "https://bugzilla.example";
const FETCHED = new Date("2026-11-20T10:00:00Z");

function build(nvr: string, tags: string[] | null): BuildInfo {
  return { nvr, tags: tags ?? [], tagsFetchedAt: tags === null ? null : FETCHED, kojiError: null };
}

function update(alias: string, over: Partial<UpdateInfo> = {}): UpdateInfo {
  return {
    alias,
    releaseName: "F46",
    stableTag: "f46",
    status: "testing",
    request: null,
    karma: 0,
    stableKarma: 3,
    url: `https://bodhi.example/updates/${alias}`,
    builds: [build(`${alias}-1-1.fc46`, ["f46-updates-testing"])],
    ...over,
  };
}

function bug(bugId: number, over: Partial<MilestoneBug> = {}): MilestoneBug {
  return {
    bugId,
    alias: [],
    summary: `Bug ${bugId}`,
    component: "anaconda",
    status: "MODIFIED",
    resolution: "",
    whiteboard: "",
    needinfo: [],
    dependsOn: [],
    openDependsOn: [],
    lastChangeTime: null,
    inaccessible: null,
    fetchedAt: FETCHED,
    blocker: "accepted",
    fe: null,
    accepted0Day: false,
    acceptedPreviousRelease: false,
    updates: [],
    discussion: null,
    proposals: NO_PROPOSALS,
    ...over,
  };
}

const rowsOf = (v: ReturnType<typeof buildRequestsView>, key: string) =>
  v.groups.find((g) => g.key === key)?.rows.map((r) => `${r.bug.bugId}:${r.update.alias}`);

describe("needsStableRequest / pendingStablePush", () => {
  it("classifies Bodhi status and request", () => {
    expect(needsStableRequest({ status: "testing", request: null })).toBe(true);
    expect(needsStableRequest({ status: "pending", request: "testing" })).toBe(true);
    expect(needsStableRequest({ status: "testing", request: "stable" })).toBe(false);
    expect(needsStableRequest({ status: "stable", request: null })).toBe(false);
    expect(pendingStablePush({ status: "testing", request: "stable" })).toBe(true);
    expect(pendingStablePush({ status: "pending", request: "stable" })).toBe(true);
    expect(pendingStablePush({ status: "stable", request: "stable" })).toBe(false);
    expect(pendingStablePush({ status: "testing", request: "testing" })).toBe(false);
  });
});

describe("buildRequestsView", () => {
  const bugs = [
    // accepted blocker: one update in testing (not tagged) and one obsolete (ignored)
    bug(1, { updates: [update("U-a"), update("U-z", { status: "obsolete" })] }),
    // accepted FE: requested stable, builds: one tagged, one not, one unknown
    bug(2, {
      blocker: null,
      fe: "accepted",
      updates: [
        update("U-b", {
          request: "stable",
          builds: [build("x-1", ["f46"]), build("y-1", ["f46-updates-candidate"]), build("z-1", null)],
        }),
      ],
    }),
    // accepted: stable, all tagged → no action
    bug(3, { updates: [update("U-c", { status: "stable", builds: [build("c-1", ["f46"])] })] }),
    // proposed only → not on the page
    bug(4, { blocker: "proposed", updates: [update("U-d")] }),
    // accepted, update for another release only → counts as without update
    bug(5, { updates: [update("U-e", { releaseName: "F47" })] }),
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
    const v = buildRequestsView([bug(1, { updates: [update("U-a")] })], { bugzillaUrl: BZ, release: 46 });
    expect(v.groups.map((g) => g.key)).toEqual(["tag", "requestStable", "pendingPush"]);
  });

  it("has empty groups when there are no accepted bugs", () => {
    const v = buildRequestsView([bug(1, { blocker: "proposed" })], { bugzillaUrl: BZ, release: 46 });
    expect(v.acceptedCount).toBe(0);
    expect(v.groups.every((g) => g.rows.length === 0)).toBe(true);
  });
});

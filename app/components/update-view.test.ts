import { describe, expect, it } from "vitest";
import { formatKarma, milestoneUpdates, updateView } from "./update-view.js";
import { type BuildInfo, type UpdateInfo } from "~/db/bugs.server";

const FETCHED = new Date("2026-11-20T10:00:00Z");

function build(nvr: string, tags: string[] | null, kojiError: string | null = null): BuildInfo {
  return { nvr, tags: tags ?? [], tagsFetchedAt: tags === null ? null : FETCHED, kojiError };
}

function update(alias: string, over: Partial<UpdateInfo> = {}): UpdateInfo {
  return {
    alias,
    releaseName: "F46",
    stableTag: "f46",
    status: "testing",
    request: null,
    karma: 1,
    stableKarma: 3,
    gating: null,
    url: `https://bodhi.example/updates/${alias}`,
    builds: [build(`${alias}-pkg-1-1.fc46`, ["f46-updates-testing"])],
    ...over,
  };
}

describe("formatKarma", () => {
  it("formats karma against the stable threshold", () => {
    expect(formatKarma(2, 3)).toBe("2/3");
    expect(formatKarma(-1, 3)).toBe("-1/3");
    expect(formatKarma(0, null)).toBe("0");
  });
});

describe("updateView", () => {
  it("sorts builds, marks each and the update", () => {
    const v = updateView(
      update("FEDORA-2026-1", {
        builds: [build("zz-1-1.fc46", ["f46", "f46-updates-candidate"]), build("aa-1-1.fc46", null)],
      }),
    );
    expect(v.karmaText).toBe("1/3");
    expect(v.dead).toBe(false);
    expect(v.inStableTag).toBeNull();
    expect(v.builds).toEqual([
      { nvr: "aa-1-1.fc46", inStableTag: null, tags: null, kojiError: null },
      { nvr: "zz-1-1.fc46", inStableTag: true, tags: ["f46", "f46-updates-candidate"], kojiError: null },
    ]);
  });
});

describe("milestoneUpdates", () => {
  it("keeps the live updates of the milestone's release and counts the dead ones", () => {
    const got = milestoneUpdates(
      [
        update("FEDORA-2026-c"),
        update("FEDORA-2026-a", { status: "obsolete" }),
        update("FEDORA-2026-b", { status: "stable" }),
        update("FEDORA-2026-d", { releaseName: "F47" }),
        update("FEDORA-2026-e", { releaseName: "F47", status: "obsolete" }),
        update("FEDORA-2026-f", { status: "unpushed" }),
      ],
      46,
    );
    expect(got.live.map((u) => u.alias)).toEqual(["FEDORA-2026-b", "FEDORA-2026-c"]);
    expect(got.deadCount).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import { buildInfo, updateInfo } from "../../e2e/setup/view-fixtures";
import { formatKarma, milestoneUpdates, updateView } from "./update-view.js";

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
      updateInfo("FEDORA-2026-1", {
        karma: 1,
        builds: [buildInfo("zz-1-1.fc46", ["f46", "f46-updates-candidate"]), buildInfo("aa-1-1.fc46", null)],
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
        updateInfo("FEDORA-2026-c"),
        updateInfo("FEDORA-2026-a", { status: "obsolete" }),
        updateInfo("FEDORA-2026-b", { status: "stable" }),
        updateInfo("FEDORA-2026-d", { releaseName: "F47" }),
        updateInfo("FEDORA-2026-e", { releaseName: "F47", status: "obsolete" }),
        updateInfo("FEDORA-2026-f", { status: "unpushed" }),
      ],
      46,
    );
    expect(got.live.map((u) => u.alias)).toEqual(["FEDORA-2026-b", "FEDORA-2026-c"]);
    expect(got.deadCount).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import { buildPrioritizedView } from "./view.js";
import { type PrioritizedBug } from "./queries.server.js";

const NOW = new Date("2026-11-20T12:00:00Z");

function bug(bugId: number, over: Partial<PrioritizedBug> = {}): PrioritizedBug {
  return {
    bugId,
    summary: `Bug ${bugId}`,
    component: "anaconda",
    status: "NEW",
    resolution: "",
    needinfo: [],
    lastChangeTime: new Date("2026-11-19T12:00:00Z"),
    milestones: [],
    ...over,
  };
}

describe("buildPrioritizedView", () => {
  it("keeps open bugs, ordered by component then id, milestones newest first", () => {
    const rows = buildPrioritizedView(
      [
        bug(3, { component: "kernel" }),
        bug(2, {
          milestones: [
            { release: 46, version: "final", blocker: null, fe: "accepted" },
            { release: 47, version: "beta", blocker: "proposed", fe: null },
            { release: 46, version: "beta", blocker: "accepted", fe: null },
          ],
        }),
        bug(1, { status: "CLOSED", resolution: "ERRATA" }),
      ],
      { now: NOW, bugzillaUrl: "https://bz.example" },
    );
    expect(rows.map((r) => r.bugId)).toEqual([2, 3]);
    expect(rows[0]!.milestones).toEqual([
      { name: "Fedora 47 Beta", path: "/milestone/47/beta/buglist", blocker: "proposed", fe: null },
      { name: "Fedora 46 Beta", path: "/milestone/46/beta/buglist", blocker: "accepted", fe: null },
      { name: "Fedora 46 Final", path: "/milestone/46/final/buglist", blocker: null, fe: "accepted" },
    ]);
    expect(rows[0]!.url).toBe("https://bz.example/show_bug.cgi?id=2");
    expect(rows[0]!.lastChange?.relative).toBe("1 day ago");
  });
});

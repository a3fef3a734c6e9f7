import { describe, expect, it } from "vitest";
import { buildSearchView, MAX_RESULTS } from "./view";
import type { SearchableBug } from "./queries.server";

const bug = (bugId: number, summary: string, component: string, status = "NEW"): SearchableBug => ({
  bugId,
  summary,
  component,
  status,
  milestones: [
    { release: 46, version: "final", blocker: null, fe: "proposed" },
    { release: 46, version: "beta", blocker: "accepted", fe: null },
  ],
});

describe("buildSearchView", () => {
  const bugs = [
    bug(1, "Installer crashes on LUKS", "anaconda"),
    bug(2, "GNOME Shell freezes after login", "gnome-shell", "CLOSED"),
    bug(3, "Anaconda hangs on network setup", "anaconda"),
  ];

  it("lists bugs whose summary or component hold every word, with their milestones in order", () => {
    const view = buildSearchView(bugs, ["anaconda"]);
    expect(view.total).toBe(2);
    expect(view.rows.map((r) => r.bugId)).toEqual([1, 3]);
    expect(view.rows[0]!.milestones).toEqual([
      { name: "Fedora 46 Beta", path: "/milestone/46/beta/buglist", blocker: "accepted", fe: null },
      { name: "Fedora 46 Final", path: "/milestone/46/final/buglist", blocker: null, fe: "proposed" },
    ]);
    expect(buildSearchView(bugs, ["shell", "login"]).rows).toMatchObject([{ bugId: 2, closed: true }]);
    expect(buildSearchView(bugs, ["anaconda", "luks"]).rows.map((r) => r.bugId)).toEqual([1]);
    expect(buildSearchView(bugs, ["kernel"]).total).toBe(0);
  });

  it("lists at most MAX_RESULTS and counts them all", () => {
    const many = Array.from({ length: MAX_RESULTS + 5 }, (_, i) => bug(i + 1, "crash", "x"));
    const view = buildSearchView(many, ["crash"]);
    expect(view.rows).toHaveLength(MAX_RESULTS);
    expect(view.total).toBe(MAX_RESULTS + 5);
  });
});

import { describe, expect, it } from "vitest";
import { changeWindow, type ChangeWindow } from "~/domain/change-window";
import type { MilestoneChange } from "~/domain/milestone-changes";
import { buildChangesView, dayLabel, sinceSearch } from "./view";

const schedule = { weekday: 1, hour: 16, minute: 0 };
const now = new Date("2026-12-06T21:30:00Z");
const win = (since: string | null) => changeWindow(since, now, schedule) as ChangeWindow;
const change = (
  id: string,
  bugId: number,
  at: string,
  extra: Partial<MilestoneChange> = {},
): MilestoneChange => ({
  id,
  at: new Date(at),
  bugId,
  kind: "accepted",
  review: "blocker",
  who: "qa-lead@example.com",
  text: "Accepted as a blocker",
  update: null,
  ...extra,
});
const bugs = new Map([
  [1, { summary: "Crash", component: "anaconda" }],
  [2, { summary: "Freeze", component: "gnome-shell" }],
]);
const opts = (window: ChangeWindow) => ({
  window,
  schedule,
  release: 46,
  version: "beta",
  bugzillaUrl: "https://bugzilla.example",
});

describe("buildChangesView", () => {
  it("describes the default window as since the last meeting, and marks its link", () => {
    const view = buildChangesView([], bugs, opts(win(null)));
    expect(view.window.description).toBe(
      "since the last blocker review meeting (Mon 16:00 UTC), 2026-11-30 16:00 UTC",
    );
    expect(view.window.sinceDate).toBe("2026-11-30");
    expect(view.links).toEqual([
      { label: "Since the last meeting", href: "/milestone/46/beta/changes", current: true },
      { label: "Last 7 days", href: "/milestone/46/beta/changes?since=7d", current: false },
      { label: "Last 30 days", href: "/milestone/46/beta/changes?since=30d", current: false },
    ]);
    expect(view.feedHref).toBe("/milestone/46/beta/changes.atom");
    expect(view.total).toBe(0);
  });

  it("a window of days or from a date keeps its since in the feed link", () => {
    const days = buildChangesView([], bugs, opts(win("7d")));
    expect(days.window.description).toBe("in the last 7 days, since 2026-11-29 21:30 UTC");
    expect(days.links[1]!.current).toBe(true);
    expect(days.feedHref).toBe("/milestone/46/beta/changes.atom?since=7d");
    const date = buildChangesView([], bugs, opts(win("2026-12-01")));
    expect(date.window.description).toBe("since 2026-12-01 00:00 UTC");
    expect(date.links.some((l) => l.current)).toBe(false);
  });

  it("groups the changes by UTC day with the bug's summary, a short name for who, and a label", () => {
    const view = buildChangesView(
      [
        change("a", 2, "2026-12-05T23:10:00Z"),
        change("b", 1, "2026-12-05T08:00:00Z", {
          kind: "votes",
          text: "BetaBlocker votes …",
          who: "+alice, -bob@x.org",
        }),
        change("c", 1, "2026-12-02T10:00:00Z", {
          kind: "movedOut",
          who: null,
          text: "Moved to Fedora 46 Final",
        }),
      ],
      bugs,
      opts(win(null)),
    );
    expect(view.total).toBe(3);
    expect(view.bugCount).toBe(2);
    expect(view.days.map((d) => [d.day, d.label, d.changes.map((c) => c.id)])).toEqual([
      ["2026-12-05", "Saturday, 5 December 2026", ["a", "b"]],
      ["2026-12-02", "Wednesday, 2 December 2026", ["c"]],
    ]);
    expect(view.days[0]!.changes[0]).toMatchObject({
      time: "23:10",
      bugId: 2,
      bugzillaUrl: "https://bugzilla.example/show_bug.cgi?id=2",
      summary: "Freeze",
      component: "gnome-shell",
      label: "Accepted",
      tone: "green",
      who: "qa-lead",
    });
    expect(view.days[0]!.changes[1]).toMatchObject({ label: "Votes", who: "+alice, -bob" });
    expect(view.days[1]!.changes[0]).toMatchObject({ label: "Moved out", tone: "violet", who: null });
  });
});

describe("dayLabel and sinceSearch", () => {
  it("names a UTC day and builds the query", () => {
    expect(dayLabel("2026-11-30")).toBe("Monday, 30 November 2026");
    expect(sinceSearch("")).toBe("");
    expect(sinceSearch("2026-11-30T16:00+01:00")).toBe("?since=2026-11-30T16%3A00%2B01%3A00");
  });
});

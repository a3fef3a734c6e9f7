import { describe, expect, it } from "vitest";
import type { MilestoneChange } from "./milestone-changes";
import {
  escapeMarkdown,
  weeklySummaryMarkdown,
  type SummaryBug,
  type WeeklySummaryInput,
} from "./weekly-summary";

const t = (day: number, hour = 12) => new Date(Date.UTC(2026, 11, day, hour));
const bug = (id: number, extra: Partial<SummaryBug> = {}): SummaryBug => ({
  id,
  summary: `Bug ${id}`,
  component: "anaconda",
  status: "NEW",
  blocker: "proposed",
  fe: null,
  url: `https://bugzilla.example/show_bug.cgi?id=${id}`,
  waitingSince: {},
  fix: "none",
  updates: [],
  ...extra,
});
const counts = (n: number[]) => ({
  proposedBlockers: n[0]!,
  acceptedBlockers: n[1]!,
  proposedFEs: n[2]!,
  acceptedFEs: n[3]!,
  conflicts: n[4]!,
});
const change = (
  bugId: number,
  kind: MilestoneChange["kind"],
  at: Date,
  who: string | null,
): MilestoneChange => ({
  id: `c-${bugId}-${kind}`,
  at,
  bugId,
  kind,
  review: "blocker",
  who,
  text: "",
  update: null,
});

/** Asserts that `md` holds `lines` one after the other. */
const expectLines = (md: string, lines: string[]) => expect(md).toContain(lines.join("\n"));

function summary(extra: Partial<WeeklySummaryInput> = {}): string {
  return weeklySummaryMarkdown({
    milestoneName: "Fedora 46 Beta",
    listUrl: "https://blockerbugs.example/milestone/46/beta/buglist",
    window: { since: t(1, 16), until: t(6, 21) },
    countsNow: counts([3, 2, 1, 0, 1]),
    countsBefore: counts([1, 3, 1, 1, 0]),
    bugs: [],
    changes: [],
    ...extra,
  });
}

describe("weeklySummaryMarkdown", () => {
  it("heads with the milestone and date and counts open bugs with their change", () => {
    const md = summary();
    expect(
      md.startsWith("# Fedora 46 Beta: blocker status, 2026-12-06\n\nChanges since 2026-12-01 16:00 UTC."),
    ).toBe(true);
    expect(md).toContain("Bug list: <https://blockerbugs.example/milestone/46/beta/buglist>");
    expectLines(md, [
      "- Proposed blockers: 3 (+2)",
      "- Accepted blockers: 2 (−1)",
      "- Proposed freeze exceptions: 1 (no change)",
      "- Accepted freeze exceptions: 0 (−1)",
      "- Conflicts: 1 (+1)",
    ]);
  });

  it("says None for empty sections", () => {
    const md = summary();
    expect(md).toContain("## New proposals (0)\n\nNone.");
    expect(md).toContain("## Accepted blockers still open (0)\n\nNone.");
    expect(md).toContain("## Conflicts (0)\n\nNone.");
    expect(md).toContain("## Waiting longest for a decision\n\nNo proposed bug is waiting.");
  });

  it("lists new proposals oldest first with who proposed them, each bug with its link", () => {
    const md = summary({
      bugs: [bug(2), bug(1)],
      changes: [
        change(2, "proposed", t(5), "tester5@example.com"),
        change(1, "reproposed", t(3), null),
        change(1, "accepted", t(4), "x"),
      ],
    });
    expectLines(md, [
      "## New proposals (2)",
      "",
      "- RHBZ#1 (anaconda) Bug 1 — blocker, proposed again (rejected before) on 2026-12-03",
      "  <https://bugzilla.example/show_bug.cgi?id=1>",
      "- RHBZ#2 (anaconda) Bug 2 — blocker, proposed by tester5 on 2026-12-05",
      "  <https://bugzilla.example/show_bug.cgi?id=2>",
    ]);
  });

  it("lists open accepted blockers with their fix status and updates; closed ones are done", () => {
    const md = summary({
      bugs: [
        bug(7, {
          blocker: "accepted",
          fix: "testing",
          status: "MODIFIED",
          updates: [{ alias: "FEDORA-2026-a", status: "testing" }],
        }),
        bug(5, { blocker: "accepted", fix: "none" }),
        bug(6, { blocker: "accepted", fix: "compose", status: "CLOSED" }),
      ],
    });
    expectLines(md, [
      "## Accepted blockers still open (2)",
      "",
      "- RHBZ#5 (anaconda) Bug 5 — no update — NEW",
      "  <https://bugzilla.example/show_bug.cgi?id=5>",
      "- RHBZ#7 (anaconda) Bug 7 — testing: FEDORA-2026-a (testing) — MODIFIED",
    ]);
  });

  it("lists conflicts and the bugs waiting longest, oldest first, limited", () => {
    const md = summary({
      bugs: [
        bug(8, { blocker: "conflict", fe: "conflict" }),
        bug(9, { waitingSince: { blocker: t(5, 20) } }),
        bug(10, { blocker: null, fe: "proposed", waitingSince: { fe: t(6, 20) } }),
        bug(11, { waitingSince: { blocker: t(1, 9) } }),
      ],
      waitingLimit: 2,
    });
    expect(md).toContain(
      "- RHBZ#8 (anaconda) Bug 8 — both accepted and rejected as blocker and freeze exception",
    );
    const waiting = md.slice(md.indexOf("## Waiting longest"));
    expect(waiting).toContain("- RHBZ#11 (anaconda) Bug 11 — proposed as blocker 5 days ago (2026-12-01)");
    expect(waiting).toContain("- RHBZ#9 (anaconda) Bug 9 — proposed as blocker 1 day ago (2026-12-05)");
    expect(waiting).not.toContain("RHBZ#10");
  });

  it("escapes Markdown in bug text", () => {
    expect(escapeMarkdown("crash in <b>foo_bar</b> [x] *now*\n#1")).toBe(
      "crash in \\<b\\>foo\\_bar\\</b\\> \\[x\\] \\*now\\* \\#1",
    );
  });
});

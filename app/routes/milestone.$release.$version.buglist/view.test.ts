import { describe, expect, it } from "vitest";
import { type ProposalRecord } from "~/domain/proposal-history";
import {
  buildBuglistView,
  buglistSearch,
  filterBugs,
  parseBuglistQuery,
  sortBugs,
  sortLink,
  type BuglistQuery,
} from "./view.js";
import { milestoneBug as bug, updateInfo } from "../../../e2e/setup/view-fixtures";

const NOW = new Date("2026-11-20T12:00:00Z");
const BZ = "https://bugzilla.example";

const q = (s = ""): BuglistQuery => parseBuglistQuery(new URLSearchParams(s));
const ids = (bugs: readonly { bugId: number }[]) => bugs.map((b) => b.bugId);

describe("parseBuglistQuery", () => {
  it("defaults", () => {
    expect(q()).toEqual({ component: "", status: "", q: "", sort: "id", dir: "asc" });
  });

  it("reads filters and sort, trimming text", () => {
    expect(q("component=mesa&status=on_qa&q=%20boot%20&sort=component&dir=desc")).toEqual({
      component: "mesa",
      status: "ON_QA",
      q: "boot",
      sort: "component",
      dir: "desc",
    });
  });

  it("keeps the open/closed pseudo statuses lower-case", () => {
    expect(q("status=open").status).toBe("open");
    expect(q("status=closed").status).toBe("closed");
  });

  it("falls back on unknown sort keys and directions; lastChange defaults to newest first", () => {
    expect(q("sort=evil&dir=sideways")).toMatchObject({ sort: "id", dir: "asc" });
    expect(q("sort=lastChange")).toMatchObject({ sort: "lastChange", dir: "desc" });
  });

  it("caps text length", () => {
    expect(q(`q=${"x".repeat(500)}`).q).toHaveLength(200);
  });
});

describe("filterBugs", () => {
  const bugs = [
    bug(2410101, { component: "anaconda", summary: "Installer crashes", whiteboard: "CommonBugs" }),
    bug(2410102, { component: "mesa", status: "CLOSED", resolution: "ERRATA", alias: ["BootFail"] }),
    bug(2410103, { component: "mesa", status: "ON_QA", summary: "Ünïcødé <script>" }),
  ];

  it("by the alias of an update", () => {
    const withUpdate = bug(2410104, {
      updates: [updateInfo("FEDORA-2026-0a9e2ede81", { url: "", builds: [] })],
    });
    expect(ids(filterBugs([...bugs, withUpdate], q("q=0a9e2ede")))).toEqual([2410104]);
  });

  it("by component (exact)", () => {
    expect(ids(filterBugs(bugs, q("component=mesa")))).toEqual([2410102, 2410103]);
    expect(ids(filterBugs(bugs, q("component=mes")))).toEqual([]);
  });

  it("by status: open, closed or exact", () => {
    expect(ids(filterBugs(bugs, q("status=open")))).toEqual([2410101, 2410103]);
    expect(ids(filterBugs(bugs, q("status=closed")))).toEqual([2410102]);
    expect(ids(filterBugs(bugs, q("status=ON_QA")))).toEqual([2410103]);
  });

  it("by text in summary, component, whiteboard, id or alias, ignoring case", () => {
    expect(ids(filterBugs(bugs, q("q=CRASHES")))).toEqual([2410101]);
    expect(ids(filterBugs(bugs, q("q=commonbugs")))).toEqual([2410101]);
    expect(ids(filterBugs(bugs, q("q=2410102")))).toEqual([2410102]);
    expect(ids(filterBugs(bugs, q("q=%232410103")))).toEqual([2410103]);
    expect(ids(filterBugs(bugs, q("q=bootfail")))).toEqual([2410102]);
    expect(ids(filterBugs(bugs, q("q=ünïcødé")))).toEqual([2410103]);
    expect(ids(filterBugs(bugs, q("q=MESA")))).toEqual([2410102, 2410103]);
  });

  it("combines filters", () => {
    expect(ids(filterBugs(bugs, q("component=mesa&status=open")))).toEqual([2410103]);
  });
});

describe("sortBugs", () => {
  const bugs = [
    bug(3, {
      component: "b",
      status: "ON_QA",
      summary: "alpha",
      lastChangeTime: new Date("2026-11-01T00:00:00Z"),
    }),
    bug(1, {
      component: "c",
      status: "NEW",
      summary: "charlie",
      lastChangeTime: new Date("2026-11-03T00:00:00Z"),
    }),
    bug(2, {
      component: "a",
      status: "CLOSED",
      summary: "bravo",
      lastChangeTime: new Date("2026-11-05T00:00:00Z"),
    }),
    bug(4, { component: "a", status: "ASSIGNED", summary: "delta", lastChangeTime: null }),
  ];

  it("by id ascending, closed bugs last", () => {
    expect(ids(sortBugs(bugs, "id", "asc"))).toEqual([1, 3, 4, 2]);
    expect(ids(sortBugs(bugs, "id", "desc"))).toEqual([4, 3, 1, 2]);
  });

  it("by component with id tie-break", () => {
    expect(ids(sortBugs(bugs, "component", "asc"))).toEqual([4, 3, 1, 2]);
  });

  it("by status in workflow order", () => {
    expect(ids(sortBugs(bugs, "status", "asc"))).toEqual([1, 4, 3, 2]);
  });

  it("by summary", () => {
    expect(ids(sortBugs(bugs, "summary", "desc"))).toEqual([4, 1, 3, 2]);
  });

  it("by last change, unknown counting as oldest", () => {
    expect(ids(sortBugs(bugs, "lastChange", "desc"))).toEqual([1, 3, 4, 2]);
  });

  it("does not modify its input", () => {
    const copy = [...bugs];
    sortBugs(bugs, "summary", "asc");
    expect(bugs).toEqual(copy);
  });
});

describe("sort links", () => {
  it("omits defaults from the query string", () => {
    expect(buglistSearch(q())).toBe("");
    expect(buglistSearch(q("dir=desc"))).toBe("?dir=desc");
  });

  it("keeps filters and sets sort and default direction", () => {
    const link = sortLink(q("component=mesa&q=boot"), "lastChange");
    expect(link).toEqual({ href: "?component=mesa&q=boot&sort=lastChange&dir=desc", ariaSort: "none" });
  });

  it("flips the direction of the current sort column", () => {
    expect(sortLink(q("sort=component&dir=asc&status=open"), "component")).toEqual({
      href: "?status=open&sort=component&dir=desc",
      ariaSort: "ascending",
    });
    expect(sortLink(q(), "id")).toEqual({ href: "?dir=desc", ariaSort: "ascending" });
    expect(sortLink(q("dir=desc"), "id")).toEqual({ href: "", ariaSort: "descending" });
  });

  it("encodes filter values", () => {
    expect(sortLink(q("q=a%26b"), "summary").href).toBe("?q=a%26b&sort=summary&dir=asc");
  });
});

describe("buildBuglistView", () => {
  const bugs = [
    bug(5, { blocker: "accepted", accepted0Day: true, status: "CLOSED", resolution: "ERRATA" }),
    bug(3, { blocker: "proposed", fe: "accepted", openDependsOn: [9], needinfo: ["qa@example.com"] }),
    bug(7, { blocker: "proposed", component: "mesa", status: "POST" }),
    bug(8, { blocker: "rejected", fe: "rejected" }),
    bug(9, { blocker: "proposed", inaccessible: "private", fetchedAt: null, summary: "", component: "" }),
  ];
  const view = (s = "", list = bugs) =>
    buildBuglistView(list, q(s), { now: NOW, bugzillaUrl: BZ, release: 46 });

  it("builds sections in order, without Conflicts when there are none", () => {
    const v = view();
    expect(v.sections.map((s) => s.key)).toEqual([
      "proposedBlockers",
      "acceptedBlockers",
      "proposedFEs",
      "acceptedFEs",
      "rejected",
    ]);
    expect(v.sections[0]!.rows.map((r) => r.bugId)).toEqual([3, 7]);
    expect(v.sections[1]!.counts).toEqual({ open: 0, closed: 1 });
    expect(v.sections[4]!.rows[0]!.kinds).toEqual(["blocker", "fe"]);
  });

  it("includes Conflicts when some bug has a conflict", () => {
    const v = view("", [...bugs, bug(10, { blocker: null, fe: "conflict" })]);
    expect(v.sections.map((s) => s.key)).toContain("conflicts");
    expect(v.sections.find((s) => s.key === "conflicts")!.rows.map((r) => [r.bugId, r.kinds])).toEqual([
      [10, ["fe"]],
    ]);
  });

  it("keeps Conflicts when a filter hides its bugs", () => {
    const v = view("component=mesa", [...bugs, bug(10, { blocker: "conflict" })]);
    const conflicts = v.sections.find((s) => s.key === "conflicts")!;
    expect(conflicts.rows).toEqual([]);
  });

  it("formats rows", () => {
    const row = view().sections[0]!.rows[0]!;
    expect(row).toEqual({
      bugId: 3,
      url: `${BZ}/show_bug.cgi?id=3`,
      alias: [],
      summary: "Bug 3",
      component: "anaconda",
      status: "NEW",
      closed: false,
      assignee: { name: "maint", login: "maint@example.com" },
      needinfo: [{ name: "qa", login: "qa@example.com" }],
      openDependsOn: [{ id: 9, url: `${BZ}/show_bug.cgi?id=9` }],
      lastChange: { iso: "2026-11-19T12:00:00.000Z", utc: "2026-11-19 12:00 UTC", relative: "1 day ago" },
      accepted0Day: false,
      acceptedPreviousRelease: false,
      kinds: ["blocker"],
      clashes: [],
      proposal: null,
      inaccessible: null,
      release: 46,
      updates: [],
      deadUpdates: 0,
      discussion: null,
    });
    const closed = view().sections[1]!.rows[0]!;
    expect(closed).toMatchObject({ status: "CLOSED ERRATA", closed: true, accepted0Day: true });
  });

  it("gives an assignee not read yet as none", () => {
    const row = view("", [bug(1, { assignee: "" })]).sections[0]!.rows[0]!;
    expect(row.assignee).toBeNull();
  });

  it("names the clashing whiteboard keywords of each conflicting kind of a Conflicts row", () => {
    const v = view("", [
      bug(10, { blocker: "conflict", whiteboard: "Accepted0Day RejectedBlocker" }),
      bug(11, {
        blocker: "conflict",
        fe: "conflict",
        whiteboard: "AcceptedBlocker RejectedBlocker AcceptedFreezeException RejectedFreezeException",
      }),
      bug(12, {
        blocker: "conflict",
        fe: "accepted",
        whiteboard: "AcceptedBlocker RejectedBlocker AcceptedFreezeException",
      }),
    ]);
    const rows = v.sections.find((s) => s.key === "conflicts")!.rows;
    expect(rows.map((r) => [r.bugId, r.clashes])).toEqual([
      [10, [{ kind: "blocker", keywords: ["Accepted0Day", "RejectedBlocker"] }]],
      [
        11,
        [
          { kind: "blocker", keywords: ["AcceptedBlocker", "RejectedBlocker"] },
          { kind: "fe", keywords: ["AcceptedFreezeException", "RejectedFreezeException"] },
        ],
      ],
      [12, [{ kind: "blocker", keywords: ["AcceptedBlocker", "RejectedBlocker"] }]],
    ]);
    // Its accepted FE row names no clash.
    expect(v.sections.find((s) => s.key === "acceptedFEs")!.rows[0]!.clashes).toEqual([]);
  });

  it("marks testing updates neutral, stable ones good and failed gating as a problem", () => {
    const tagged = new Date("2026-11-19T00:00:00Z");
    const u = (alias: string, status: string, over: { tags?: string[]; gating?: string } = {}) => ({
      alias,
      releaseName: "F46",
      stableTag: "f46",
      status,
      request: null,
      karma: 0,
      stableKarma: 3,
      gating: over.gating ?? null,
      url: "",
      builds: [
        {
          nvr: `${alias}-1.fc46`,
          tags: over.tags ?? ["f46-updates-testing"],
          tagsFetchedAt: tagged,
          kojiError: null,
        },
      ],
    });
    const row = view("", [
      bug(1, {
        updates: [
          u("A", "testing"),
          u("B", "stable", { tags: ["f46"] }),
          u("C", "testing", { tags: ["f46"] }),
          u("D", "testing", { gating: "failed" }),
        ],
      }),
    ]).sections[0]!.rows[0]!;
    expect(row.updates.map((x) => [x.alias, x.marker])).toEqual([
      ["A", { tone: "neutral", label: "testing" }],
      ["B", { tone: "good", label: "stable" }],
      ["C", { tone: "good", label: "in stable tag" }],
      ["D", { tone: "problem", label: "gating failed" }],
    ]);
  });

  it("shows an AcceptedPreviousRelease bug's previous-release updates after its own release's", () => {
    const u = (alias: string, releaseName: string, status = "testing") =>
      updateInfo(alias, { releaseName, stableTag: "", status, url: "", builds: [] });
    const updates = [u("U-45", "F45"), u("U-46", "F46"), u("U-44", "F44", "obsolete"), u("U-43", "F43")];
    const rows = buildBuglistView(
      [
        bug(1, { blocker: "accepted", acceptedPreviousRelease: true, updates }),
        bug(2, { blocker: "accepted", updates }),
      ],
      q(""),
      { now: NOW, bugzillaUrl: BZ, release: 46, previousReleases: [45, 44] },
    ).sections.find((s) => s.key === "acceptedBlockers")!.rows;
    expect(rows.map((r) => [r.bugId, r.updates.map((x) => x.alias), r.deadUpdates])).toEqual([
      [1, ["U-46", "U-45"], 1],
      [2, ["U-46"], 0],
    ]);
  });

  it("lists never-read bugs apart, never in sections", () => {
    const v = view();
    expect(v.neverRead).toEqual([{ bugId: 9, url: `${BZ}/show_bug.cgi?id=9`, reason: "private" }]);
    expect(v.sections.flatMap((s) => s.rows.map((r) => r.bugId))).not.toContain(9);
    expect(v.totalBugs).toBe(4);
    expect(v.staleReasons).toEqual([]);
  });

  it("keeps bugs turned private or missing in their sections, with last known data and a badge", () => {
    const v = view("", [
      ...bugs,
      bug(11, { blocker: "proposed", inaccessible: "private", summary: "Last known summary" }),
      bug(12, { blocker: null, fe: "accepted", inaccessible: "missing", component: "gone" }),
    ]);
    const proposed = v.sections.find((s) => s.key === "proposedBlockers")!;
    expect(proposed.rows.map((r) => [r.bugId, r.inaccessible])).toEqual([
      [3, null],
      [7, null],
      [11, "private"],
    ]);
    expect(proposed.rows[2]!.summary).toBe("Last known summary");
    expect(proposed.counts).toEqual({ open: 3, closed: 0 });
    const acceptedFEs = v.sections.find((s) => s.key === "acceptedFEs")!;
    expect(acceptedFEs.rows.map((r) => [r.bugId, r.inaccessible])).toEqual([
      [3, null],
      [12, "missing"],
    ]);
    expect(v.neverRead.map((b) => b.bugId)).toEqual([9]);
    expect(v.totalBugs).toBe(6);
    expect(v.staleReasons).toEqual(["missing", "private"]);
    expect(v.filterOptions.component.map((o) => o.value)).toContain("gone");
  });

  it("filters, counts matches and lists filter options from all listed bugs", () => {
    const v = view("component=mesa");
    expect(v.filtered).toBe(true);
    expect(v.matchingBugs).toBe(1);
    expect(v.totalBugs).toBe(4);
    expect(v.filterOptions.component).toEqual([
      { value: "", label: "All components" },
      { value: "anaconda", label: "anaconda" },
      { value: "mesa", label: "mesa" },
    ]);
    expect(v.filterOptions.status).toEqual([
      { value: "", label: "All statuses" },
      { value: "open", label: "Open (not CLOSED)" },
      { value: "closed", label: "Closed" },
      { value: "NEW", label: "NEW" },
      { value: "POST", label: "POST" },
      { value: "CLOSED", label: "CLOSED" },
    ]);
    expect(v.sections[0]!.rows.map((r) => r.bugId)).toEqual([7]);
  });

  it("offers an applied filter value no bug has as a selected '(no bugs)' option", () => {
    const v = view("component=nope&status=bogus");
    expect(v.matchingBugs).toBe(0);
    expect(v.filterOptions.component.at(-1)).toEqual({ value: "nope", label: "nope (no bugs)" });
    expect(v.filterOptions.component.filter((o) => o.value === v.query.component)).toHaveLength(1);
    expect(v.filterOptions.status.at(-1)).toEqual({ value: "BOGUS", label: "BOGUS (no bugs)" });
    expect(v.filterOptions.status.filter((o) => o.value === v.query.status)).toHaveLength(1);
    // Values that exist, and no filter at all, add nothing.
    expect(view("component=mesa&status=open").filterOptions.component).toHaveLength(3);
    expect(view("component=mesa&status=open").filterOptions.status).toHaveLength(6);
    expect(view().filterOptions.component).toHaveLength(3);
  });

  it("provides sort links for every sortable column", () => {
    const v = view("sort=component");
    expect(Object.keys(v.sortLinks).sort()).toEqual([
      "component",
      "id",
      "lastChange",
      "proposed",
      "status",
      "summary",
    ]);
    expect(v.sortLinks.component.ariaSort).toBe("ascending");
  });
});

describe("proposal age (who proposed and when, from Bugzilla's history)", () => {
  const record = (day: number, by: string, over: Partial<ProposalRecord> = {}): ProposalRecord => ({
    proposedAt: new Date(Date.UTC(2026, 10, day, 12)),
    proposedBy: by,
    decidedAt: null,
    decidedBy: null,
    previouslyRejected: false,
    ...over,
  });
  const aged = [
    bug(1, {
      blocker: "proposed",
      fe: "proposed",
      proposals: { blocker: record(18, "a@x"), fe: record(2, "b@x") },
    }),
    bug(2, { blocker: "proposed", proposals: { blocker: record(8, "adamw@redhat.com"), fe: null } }),
    bug(3, { blocker: "proposed" }),
    bug(4, {
      blocker: "proposed",
      fe: "proposed",
      proposals: { blocker: record(12, "c@x"), fe: record(10, "d@x") },
    }),
  ];
  const section = (v: ReturnType<typeof buildBuglistView>, key: string) =>
    v.sections.find((s) => s.key === key)!.rows.map((r) => r.bugId);

  it("shows when and by whom each row's kind was proposed", () => {
    const v = buildBuglistView(aged, q(), { now: NOW, bugzillaUrl: BZ, release: 46 });
    const row = v.sections[0]!.rows.find((r) => r.bugId === 2)!;
    expect(row.proposal).toEqual({
      proposed: { iso: "2026-11-08T12:00:00.000Z", utc: "2026-11-08 12:00 UTC", relative: "12 days ago" },
      proposedBy: { name: "adamw", login: "adamw@redhat.com" },
      decided: null,
      decidedBy: null,
      previouslyRejected: false,
    });
    expect(v.sections[0]!.rows.find((r) => r.bugId === 3)!.proposal).toBeNull();
  });

  it("sorts each section by the age of its own kind's proposal, oldest first, unknown last", () => {
    const v = buildBuglistView(aged, q("sort=proposed"), { now: NOW, bugzillaUrl: BZ, release: 46 });
    expect(section(v, "proposedBlockers")).toEqual([2, 4, 1, 3]);
    expect(section(v, "proposedFEs")).toEqual([1, 4]);
    const newest = buildBuglistView(aged, q("sort=proposed&dir=desc"), {
      now: NOW,
      bugzillaUrl: BZ,
      release: 46,
    });
    expect(section(newest, "proposedBlockers")).toEqual([1, 4, 2, 3]);
  });

  it("marks a re-proposal in its row", () => {
    const again = bug(5, {
      blocker: "proposed",
      proposals: { blocker: record(15, "e@x", { previouslyRejected: true }), fe: null },
    });
    const v = buildBuglistView([again], q(), { now: NOW, bugzillaUrl: BZ, release: 46 });
    expect(v.sections[0]!.rows[0]!.proposal?.previouslyRejected).toBe(true);
  });
});

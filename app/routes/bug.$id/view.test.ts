import { describe, expect, it } from "vitest";
import { NO_PROPOSALS } from "~/domain/proposal-history";
import { updateInfo } from "../../../e2e/setup/view-fixtures";
import { buildBugPageView, eventFieldLabel, eventValueLabel, stateLabel } from "./view.js";
import { type BugDetail } from "~/db/bugs.server";
import { sortHistory } from "~/domain/state-changes";
import type { MilestoneInfo } from "~/db/milestones.server";

const NOW = new Date("2026-11-20T12:00:00Z");
const BZ = "https://bugzilla.example";

function ms(release: number, version: string, over: Partial<MilestoneInfo> = {}): MilestoneInfo {
  return {
    id: release * 10 + version.length,
    release,
    version,
    blockerTrackerId: 1,
    blockerTrackerAlias: null,
    feTrackerId: 2,
    feTrackerAlias: null,
    active: true,
    current: false,
    lastSyncAt: null,
    lastSyncAttemptAt: null,
    lastSyncError: null,
    ...over,
  };
}

/** A bug tracked for 45 Final (removed) and 46 Beta, with three events. */
function sampleBug(): BugDetail {
  return {
    bugId: 2410101,
    alias: ["BootFail"],
    summary: "Installer shows <script>alert('x')</script>",
    component: "anaconda",
    status: "CLOSED",
    resolution: "ERRATA",
    whiteboard: "AcceptedBlocker",
    assignee: "maint@example.com",
    keywords: ["CommonBugs"],
    needinfo: ["qa@example.com"],
    prioritized: false,
    updates: [],
    discussion: null,
    dependsOn: [11, 12],
    openDependsOn: [12],
    blocks: [1],
    lastChangeTime: new Date("2026-11-20T10:00:00Z"),
    inaccessible: null,
    fetchedAt: new Date("2026-11-20T11:59:00Z"),
    milestones: [
      {
        milestone: ms(45, "final", { active: false }),
        blocker: "accepted",
        fe: null,
        accepted0Day: false,
        acceptedPreviousRelease: true,
        active: false,
        firstSeenAt: new Date("2026-05-01T00:00:00Z"),
        proposals: NO_PROPOSALS,
      },
      {
        milestone: ms(46, "beta", { current: true }),
        blocker: "proposed",
        fe: "conflict",
        accepted0Day: false,
        acceptedPreviousRelease: false,
        active: true,
        firstSeenAt: new Date("2026-11-01T00:00:00Z"),
        proposals: NO_PROPOSALS,
      },
    ],
    history: [
      {
        id: 1,
        release: 45,
        version: "final",
        field: "blocker",
        oldValue: null,
        newValue: "proposed",
        at: new Date("2026-05-01T00:00:00Z"),
        atFromHistory: true,
      },
      {
        id: 3,
        release: 46,
        version: "beta",
        field: "active",
        oldValue: null,
        newValue: "true",
        at: new Date("2026-11-01T00:00:00Z"),
        atFromHistory: true,
      },
      {
        id: 2,
        release: 46,
        version: "beta",
        field: "blocker",
        oldValue: null,
        newValue: "proposed",
        at: new Date("2026-11-01T00:00:00Z"),
        atFromHistory: true,
      },
      {
        id: 4,
        release: 45,
        version: "final",
        field: "active",
        oldValue: "true",
        newValue: "false",
        at: new Date("2026-11-02T00:00:00Z"),
        atFromHistory: false,
      },
    ],
  };
}

describe("labels", () => {
  it("stateLabel", () => {
    expect(stateLabel("accepted")).toBe("Accepted");
    expect(stateLabel(null)).toBe("—");
  });

  it("eventFieldLabel", () => {
    expect(eventFieldLabel("fe")).toBe("Freeze exception");
    expect(eventFieldLabel("accepted0Day")).toBe("Accepted 0-day");
    expect(eventFieldLabel("somethingNew")).toBe("somethingNew");
  });

  it("eventValueLabel", () => {
    expect(eventValueLabel("blocker", null)).toBe("—");
    expect(eventValueLabel("fe", "")).toBe("—");
    expect(eventValueLabel("blocker", "conflict")).toBe("Conflict");
    expect(eventValueLabel("blocker", "weird")).toBe("weird");
    expect(eventValueLabel("active", "false")).toBe("removed");
    expect(eventValueLabel("active", "true")).toBe("tracked");
    expect(eventValueLabel("accepted0Day", "true")).toBe("yes");
    expect(eventValueLabel("status", "ON_QA")).toBe("ON_QA");
  });
});

describe("sortHistory", () => {
  it("newest first, later-recorded first on equal times", () => {
    expect(sortHistory(sampleBug().history).map((e) => e.id)).toEqual([4, 3, 2, 1]);
  });
});

describe("buildBugPageView", () => {
  const view = buildBugPageView(sampleBug(), { now: NOW, bugzillaUrl: BZ });

  it("formats the bug's fields", () => {
    expect(view).toMatchObject({
      bugId: 2410101,
      url: `${BZ}/show_bug.cgi?id=2410101`,
      summary: "Installer shows <script>alert('x')</script>",
      status: "CLOSED ERRATA",
      closed: true,
      dependsOn: [
        { id: 11, url: `${BZ}/show_bug.cgi?id=11`, open: false },
        { id: 12, url: `${BZ}/show_bug.cgi?id=12`, open: true },
      ],
      blocks: [{ id: 1, url: `${BZ}/show_bug.cgi?id=1` }],
      lastChange: { relative: "2 hours ago" },
      fetched: { relative: "1 minute ago" },
    });
  });

  it("lists every milestone, newest release first, active or not", () => {
    expect(
      view.milestones.map((m) => [m.name, m.active, m.milestoneActive, m.current, m.blocker, m.fe]),
    ).toEqual([
      ["Fedora 46 Beta", true, true, true, "proposed", "conflict"],
      ["Fedora 45 Final", false, false, false, "accepted", null],
    ]);
    expect(view.milestones[1]!.acceptedPreviousRelease).toBe(true);
    expect(view.milestones[0]!.path).toBe("/milestone/46/beta/buglist");
  });

  it("shows history newest first with labels", () => {
    expect(view.history.map((e) => [e.id, e.milestone, e.field, e.old, e.new])).toEqual([
      [4, "Fedora 45 Final", "Tracked", "tracked", "removed"],
      [3, "Fedora 46 Beta", "Tracked", "—", "tracked"],
      [2, "Fedora 46 Beta", "Blocker", "—", "Proposed"],
      [1, "Fedora 45 Final", "Blocker", "—", "Proposed"],
    ]);
    expect(view.history[0]!.at?.utc).toBe("2026-11-02 00:00 UTC");
    expect(view.history.map((e) => e.fromBugzilla)).toEqual([false, true, true, true]);
  });

  it("says who proposed each kind and when, and who decided, for kinds the bug is proposed as", () => {
    const bug = sampleBug();
    const [final45, beta46] = bug.milestones; // 46 Beta: proposed blocker, FE conflict
    beta46!.proposals = {
      blocker: {
        proposedAt: new Date("2026-11-08T12:00:00Z"),
        proposedBy: "adamw@redhat.com",
        decidedAt: null,
        decidedBy: null,
        previouslyRejected: true,
      },
      fe: {
        proposedAt: null,
        proposedBy: null,
        decidedAt: new Date("2026-11-19T12:00:00Z"),
        decidedBy: "kparal@redhat.com",
        previouslyRejected: false,
      },
    };
    // A record of a kind the bug is not proposed as is not shown (45 Final has no FE state).
    final45!.proposals = { blocker: null, fe: beta46!.proposals.fe };
    const [beta, final] = buildBugPageView(bug, { now: NOW, bugzillaUrl: BZ }).milestones;
    expect(beta!.blockerProposal).toEqual({
      proposed: { iso: "2026-11-08T12:00:00.000Z", utc: "2026-11-08 12:00 UTC", relative: "12 days ago" },
      proposedBy: { name: "adamw", login: "adamw@redhat.com" },
      decided: null,
      decidedBy: null,
      previouslyRejected: true,
    });
    expect(beta!.feProposal).toMatchObject({ proposed: null, decidedBy: { name: "kparal" } });
    expect(final!.feProposal).toBeNull();
    expect(final!.blockerProposal).toBeNull();
  });
});

describe("buildBugPageView: previous-release fixes", () => {
  const update = (alias: string, releaseName: string) =>
    updateInfo(alias, { releaseName, stableTag: "", url: "", builds: [] });
  const bug: BugDetail = {
    ...sampleBug(),
    updates: [update("U-46", "F46"), update("U-45", "F45"), update("U-44", "F44")],
    milestones: [
      { ...sampleBug().milestones[1]!, blocker: "accepted", acceptedPreviousRelease: true },
      // inactive milestone state: no longer counts
      sampleBug().milestones[0]!,
    ],
  };
  const bodhiReleases = [
    { name: "F46", state: "frozen" },
    { name: "F45", state: "current" },
    { name: "F44", state: "archived" },
  ];

  it("marks the updates of the current previous releases as fixes for the AcceptedPreviousRelease milestone", () => {
    const v = buildBugPageView(bug, { now: NOW, bugzillaUrl: BZ, bodhiReleases });
    expect(v.updates.map((u) => [u.alias, u.previousReleaseFix])).toEqual([
      ["U-46", []],
      ["U-45", ["Fedora 46 Beta"]],
      ["U-44", []],
    ]);
  });

  it("marks nothing without Bodhi's release list", () => {
    const v = buildBugPageView(bug, { now: NOW, bugzillaUrl: BZ });
    expect(v.updates.every((u) => u.previousReleaseFix.length === 0)).toBe(true);
  });
});

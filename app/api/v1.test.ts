/**
 * Contract tests of the JSON API v1 (product spec §7): exact field names, types and order of items.
 * A failure here means external tools would break; change the API version instead of the test.
 */
import { describe, expect, it } from "vitest";
import { NO_PROPOSALS } from "~/domain/proposal-history";
import {
  bugJson,
  errorJson,
  milestoneBugJson,
  milestoneBugsJson,
  milestoneJson,
  milestonesJson,
} from "./v1.js";
import { API_HEADERS, apiError, apiJson, apiLoader, apiMethodNotAllowed } from "./response.js";
import type { BugDetail } from "~/db/bugs.server";
import type { MilestoneBug } from "~/db/bugs.server";
import type { UpdateInfo } from "~/db/bugs.server";
import type { MilestoneInfo } from "~/db/milestones.server";

function ms(over: Partial<MilestoneInfo> = {}): MilestoneInfo {
  return {
    id: 7,
    release: 41,
    version: "beta",
    blockerTrackerId: 2245577,
    blockerTrackerAlias: "F41BetaBlocker",
    feTrackerId: 2245578,
    feTrackerAlias: "F41BetaFreezeException",
    active: true,
    current: true,
    lastSyncAt: new Date("2024-09-12T08:15:42Z"),
    lastSyncAttemptAt: new Date("2024-09-12T08:15:00Z"),
    lastSyncError: null,
    ...over,
  };
}

function bug(bugId: number, over: Partial<MilestoneBug> = {}): MilestoneBug {
  return {
    bugId,
    alias: ["SomeAlias"],
    summary: `Summary <b>${bugId}</b> — ünïcødé`,
    component: "anaconda",
    status: "CLOSED",
    resolution: "ERRATA",
    whiteboard: "AcceptedBlocker Accepted0Day",
    assignee: "maint@example.com",
    needinfo: ["qa@example.com"],
    dependsOn: [5, 6],
    openDependsOn: [6],
    lastChangeTime: new Date("2024-09-10T01:02:03Z"),
    inaccessible: null,
    fetchedAt: new Date("2024-09-12T08:15:00Z"),
    blocker: "accepted",
    fe: null,
    accepted0Day: true,
    acceptedPreviousRelease: false,
    updates: [],
    discussion: null,
    proposals: NO_PROPOSALS,
    ...over,
  };
}

describe("milestones", () => {
  it("milestoneJson has exactly the documented fields", () => {
    expect(milestoneJson(ms())).toStrictEqual({
      release: 41,
      version: "beta",
      name: "Fedora 41 Beta",
      blockerTracker: 2245577,
      feTracker: 2245578,
      active: true,
      current: true,
      lastSync: "2024-09-12T08:15:42.000Z",
    });
  });

  it("lastSync is null when never synced", () => {
    expect(milestoneJson(ms({ lastSyncAt: null })).lastSync).toBeNull();
  });

  it("milestonesJson orders newest release first, then by version", () => {
    const list = milestonesJson([
      ms({ release: 41, version: "final" }),
      ms({ release: 42, version: "beta" }),
      ms({ release: 41, version: "beta" }),
    ]);
    expect(list.map((m) => m.name)).toEqual(["Fedora 42 Beta", "Fedora 41 Beta", "Fedora 41 Final"]);
  });
});

const NO_FACTS = {
  proposedAt: null,
  proposedBy: null,
  decidedAt: null,
  decidedBy: null,
  previouslyRejected: false,
};

describe("milestone bugs", () => {
  it("milestoneBugJson has exactly the documented fields", () => {
    expect(milestoneBugJson(bug(100), 41)).toStrictEqual({
      bugId: 100,
      summary: "Summary <b>100</b> — ünïcødé",
      component: "anaconda",
      status: "CLOSED",
      resolution: "ERRATA",
      assignee: "maint@example.com",
      blocker: "accepted",
      fe: null,
      accepted0Day: true,
      acceptedPreviousRelease: false,
      needinfo: ["qa@example.com"],
      dependsOn: [5, 6],
      lastChange: "2024-09-10T01:02:03.000Z",
      inaccessible: null,
      updates: [],
      discussion: null,
      proposals: {
        blocker: {
          proposedAt: null,
          proposedBy: null,
          decidedAt: null,
          decidedBy: null,
          previouslyRejected: false,
        },
        fe: null,
      },
    });
  });

  it("milestoneBugJson gives an assignee not read yet as null", () => {
    expect(milestoneBugJson(bug(100, { assignee: "" }), 41).assignee).toBeNull();
  });

  it("milestoneBugJson gives who proposed each kind and when, and when it was decided", () => {
    const json = milestoneBugJson(
      bug(100, {
        fe: "proposed",
        proposals: {
          blocker: {
            proposedAt: new Date("2024-09-01T10:00:00Z"),
            proposedBy: "adamw@example.com",
            decidedAt: new Date("2024-09-05T10:00:00Z"),
            decidedBy: "kparal@example.com",
            previouslyRejected: false,
          },
          fe: {
            proposedAt: new Date("2024-09-08T10:00:00Z"),
            proposedBy: "lruzicka@example.com",
            decidedAt: null,
            decidedBy: null,
            previouslyRejected: true,
          },
        },
      }),
      41,
    );
    expect(json.proposals).toStrictEqual({
      blocker: {
        proposedAt: "2024-09-01T10:00:00.000Z",
        proposedBy: "adamw@example.com",
        decidedAt: "2024-09-05T10:00:00.000Z",
        decidedBy: "kparal@example.com",
        previouslyRejected: false,
      },
      fe: {
        proposedAt: "2024-09-08T10:00:00.000Z",
        proposedBy: "lruzicka@example.com",
        decidedAt: null,
        decidedBy: null,
        previouslyRejected: true,
      },
    });
    // A record of a kind the bug no longer blocks is not shown.
    const fe = { ...NO_FACTS, proposedBy: "x@example.com" };
    expect(
      milestoneBugJson(bug(100, { fe: null, proposals: { blocker: null, fe } }), 41).proposals.fe,
    ).toBeNull();
  });

  it("milestoneBugJson keeps the last known data of a bug turned private, flagged", () => {
    const json = milestoneBugJson(bug(100, { inaccessible: "private" }), 41);
    expect(json.inaccessible).toBe("private");
    expect(json.summary).toBe("Summary <b>100</b> — ünïcødé");
    expect(json.blocker).toBe("accepted");
  });

  it("milestoneBugsJson leaves out only never-read bugs and orders by id", () => {
    const body = milestoneBugsJson(ms(), [
      bug(3),
      bug(1, { inaccessible: "private", fetchedAt: null, summary: "", status: "", lastChangeTime: null }),
      bug(2, { fe: "conflict" }),
      bug(5, { inaccessible: "missing" }),
      bug(4, { inaccessible: "private" }),
    ]);
    expect(Object.keys(body)).toEqual(["milestone", "bugs"]);
    expect(body.milestone).toStrictEqual(milestoneJson(ms()));
    expect(body.bugs.map((b) => [b.bugId, b.fe, b.inaccessible])).toEqual([
      [2, "conflict", null],
      [3, null, null],
      [4, null, "private"],
      [5, null, "missing"],
    ]);
  });

  it("does not share arrays with its input", () => {
    const input = bug(1);
    const out = milestoneBugJson(input, 41);
    out.needinfo.push("x");
    expect(input.needinfo).toEqual(["qa@example.com"]);
  });
});

describe("updates and discussion", () => {
  const fetched = new Date("2024-09-12T08:00:00Z");
  const update = (alias: string, over: Partial<UpdateInfo> = {}): UpdateInfo => ({
    alias,
    releaseName: "F41",
    stableTag: "f41",
    status: "testing",
    request: "stable",
    karma: 2,
    stableKarma: 3,
    gating: null,
    url: `https://bodhi.example/updates/${alias}`,
    builds: [
      { nvr: "b-1-1.fc41", tags: ["f41", "f41-updates-testing"], tagsFetchedAt: fetched, kojiError: null },
      { nvr: "a-1-1.fc41", tags: ["f41-updates-testing"], tagsFetchedAt: fetched, kojiError: null },
      { nvr: "c-1-1.fc41", tags: [], tagsFetchedAt: null, kojiError: null },
    ],
    ...over,
  });

  it("lists the milestone release's updates (obsolete included) with per-build inStableTag", () => {
    const json = milestoneBugJson(
      bug(1, {
        updates: [
          update("FEDORA-2024-b"),
          update("FEDORA-2024-a", { status: "obsolete", request: null, builds: [] }),
          update("FEDORA-2024-c", { releaseName: "F42" }),
        ],
      }),
      41,
    );
    expect(json.updates).toStrictEqual([
      {
        alias: "FEDORA-2024-a",
        release: "F41",
        status: "obsolete",
        request: null,
        karma: 2,
        stableKarma: 3,
        gating: null,
        builds: [],
      },
      {
        alias: "FEDORA-2024-b",
        release: "F41",
        status: "testing",
        request: "stable",
        karma: 2,
        stableKarma: 3,
        gating: null,
        builds: [
          { nvr: "a-1-1.fc41", inStableTag: false },
          { nvr: "b-1-1.fc41", inStableTag: true },
          { nvr: "c-1-1.fc41", inStableTag: null },
        ],
      },
    ]);
  });

  it("adds the previous stable releases' updates of an AcceptedPreviousRelease bug only", () => {
    const updates = [
      update("FEDORA-2024-b"),
      update("FEDORA-2024-p", { releaseName: "F40", stableTag: "f40-updates" }),
      update("FEDORA-2024-q", { releaseName: "F39" }),
      update("FEDORA-2024-r", { releaseName: "F38" }),
    ];
    const aliases = (b: MilestoneBug) => milestoneBugJson(b, 41, [40, 39]).updates.map((u) => u.alias);
    expect(aliases(bug(1, { acceptedPreviousRelease: true, updates }))).toEqual([
      "FEDORA-2024-b",
      "FEDORA-2024-p",
      "FEDORA-2024-q",
    ]);
    expect(aliases(bug(1, { updates }))).toEqual(["FEDORA-2024-b"]);
    expect(
      milestoneBugJson(bug(1, { acceptedPreviousRelease: true, updates }), 41, [40]).updates.map(
        (u) => u.release,
      ),
    ).toEqual(["F41", "F40"]);
  });

  it("shapes the ticket with its votes per tracker", () => {
    const json = milestoneBugJson(
      bug(1, {
        discussion: {
          url: "https://pagure.example/issue/7",
          status: "Open",
          meeting: true,
          votes: [
            { tracker: "FinalBlocker", voter: "zed", value: 1 },
            { tracker: "BetaBlocker", voter: "dave", value: -1 },
            { tracker: "BetaBlocker", voter: "bob", value: 1 },
            { tracker: "BetaBlocker", voter: "alice", value: 1 },
            { tracker: "BetaBlocker", voter: "carol", value: 0 },
          ],
        },
      }),
      41,
    );
    expect(json.discussion).toStrictEqual({
      url: "https://pagure.example/issue/7",
      meeting: true,
      votes: {
        BetaBlocker: { plus: ["alice", "bob"], zero: ["carol"], minus: ["dave"] },
        FinalBlocker: { plus: ["zed"], zero: [], minus: [] },
      },
    });
    expect(Object.keys(json.discussion!.votes)).toEqual(["BetaBlocker", "FinalBlocker"]);
  });

  it("a ticket still being created (no URL) is no discussion", () => {
    const json = milestoneBugJson(
      bug(1, { discussion: { url: null, status: "", meeting: false, votes: [] } }),
      41,
    );
    expect(json.discussion).toBeNull();
  });
});

describe("bug", () => {
  // Bugzilla fields the API passes through under the same names.
  const fields = {
    bugId: 9,
    alias: [],
    summary: "s",
    component: "c",
    status: "NEW",
    resolution: "",
    whiteboard: "",
    assignee: "maint@example.com",
    keywords: ["Tracking"],
    needinfo: [],
    prioritized: true,
    dependsOn: [1],
    blocks: [2245577],
  };
  const detail: BugDetail = {
    ...fields,
    updates: [],
    discussion: null,
    openDependsOn: [1],
    lastChangeTime: null,
    inaccessible: null,
    fetchedAt: null,
    milestones: [
      {
        milestone: ms({ release: 40, version: "final", active: false }),
        blocker: "rejected",
        fe: null,
        accepted0Day: false,
        acceptedPreviousRelease: false,
        active: false,
        firstSeenAt: new Date("2024-01-01T00:00:00Z"),
        proposals: NO_PROPOSALS,
      },
      {
        milestone: ms(),
        blocker: "proposed",
        fe: "accepted",
        accepted0Day: false,
        acceptedPreviousRelease: false,
        active: true,
        firstSeenAt: new Date("2024-09-01T00:00:00Z"),
        proposals: NO_PROPOSALS,
      },
    ],
    history: [
      {
        id: 1,
        release: 41,
        version: "beta",
        field: "blocker",
        oldValue: null,
        newValue: "proposed",
        at: new Date("2024-09-01T00:00:00Z"),
        atFromHistory: false,
      },
      {
        id: 2,
        release: 41,
        version: "beta",
        field: "fe",
        oldValue: "proposed",
        newValue: "accepted",
        at: new Date("2024-09-05T00:00:00Z"),
        atFromHistory: true,
      },
    ],
  };

  const UNKNOWN = {
    proposedAt: null,
    proposedBy: null,
    decidedAt: null,
    decidedBy: null,
    previouslyRejected: false,
  };

  it("bugJson has the bug, its milestones (newest first) and its history (newest first)", () => {
    expect(bugJson(detail)).toStrictEqual({
      ...fields,
      lastChange: null,
      inaccessible: null,
      updates: [],
      discussion: null,
      milestones: [
        {
          milestone: { release: 41, version: "beta" },
          blocker: "proposed",
          fe: "accepted",
          accepted0Day: false,
          acceptedPreviousRelease: false,
          active: true,
          proposals: { blocker: UNKNOWN, fe: UNKNOWN },
        },
        {
          milestone: { release: 40, version: "final" },
          blocker: "rejected",
          fe: null,
          accepted0Day: false,
          acceptedPreviousRelease: false,
          active: false,
          proposals: { blocker: UNKNOWN, fe: null },
        },
      ],
      history: [
        {
          milestone: { release: 41, version: "beta" },
          field: "fe",
          old: "proposed",
          new: "accepted",
          at: "2024-09-05T00:00:00.000Z",
          atFromBugzilla: true,
        },
        {
          milestone: { release: 41, version: "beta" },
          field: "blocker",
          old: null,
          new: "proposed",
          at: "2024-09-01T00:00:00.000Z",
          atFromBugzilla: false,
        },
      ],
    });
  });
});

describe("responses", () => {
  it("errorJson", () => {
    expect(errorJson("nope")).toStrictEqual({ error: "nope" });
  });

  it("apiJson and apiError send JSON with the API headers", async () => {
    const ok = apiJson({ a: 1 });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe(API_HEADERS["Content-Type"]);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect(await ok.json()).toEqual({ a: 1 });
    const err = apiError(404, "No milestone Fedora 99 Beta");
    expect(err.status).toBe(404);
    expect(await err.json()).toEqual({ error: "No milestone Fedora 99 Beta" });
  });

  it("apiLoader turns unexpected errors into a JSON 500 and passes thrown responses through", async () => {
    const logged: [unknown, string][] = [];
    const logError = (error: unknown, url: string) => logged.push([error, url]);
    const request = new Request("http://localhost/api/v1/milestones");
    const failing = apiLoader(async () => {
      throw new Error("db down");
    }, logError);
    const res = await failing({ request });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: "Internal server error" });
    expect(logged).toEqual([[new Error("db down"), "http://localhost/api/v1/milestones"]]);
    const thrown = apiLoader(async () => {
      throw apiError(400, "bad");
    }, logError);
    expect((await thrown({ request })).status).toBe(400);
    expect(logged).toHaveLength(1);
  });

  it("apiMethodNotAllowed answers 405 in the API's error format with Allow: GET", async () => {
    const res = apiMethodNotAllowed();
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(res.headers.get("content-type")).toBe(API_HEADERS["Content-Type"]);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toStrictEqual({ error: "Method not allowed: use GET" });
  });
});

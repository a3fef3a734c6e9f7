/**
 * Factories of the shapes the views read, for unit tests: one place instead of a copy per test file.
 */
import type { BuildInfo, MilestoneBug, UpdateInfo } from "../../app/db/bugs.server";
import type { MilestoneInfo } from "../../app/db/milestones.server";
import { NO_PROPOSALS } from "../../app/domain/proposal-history";
import type { VoteInfo } from "../../app/domain/votes";

/** An active, synced milestone (`id`, release, version) with overrides. */
export function milestoneInfo(
  id: number,
  release: number,
  version: string,
  over: Partial<MilestoneInfo> = {},
): MilestoneInfo {
  return {
    id,
    release,
    version,
    blockerTrackerId: 1000 + id,
    blockerTrackerAlias: `F${release}Blocker`,
    feTrackerId: 2000 + id,
    feTrackerAlias: null,
    active: true,
    current: false,
    lastSyncAt: new Date("2026-11-20T11:00:00Z"),
    lastSyncAttemptAt: new Date("2026-11-20T11:00:00Z"),
    lastSyncError: null,
    ...over,
  };
}

/** Four BetaBlocker votes of a ticket, in comment order: dave -1, then carol, alice and bob +1. */
export const BETA_BLOCKER_VOTES: readonly VoteInfo[] = [
  { tracker: "BetaBlocker", voter: "dave", value: -1 },
  { tracker: "BetaBlocker", voter: "carol", value: 1 },
  { tracker: "BetaBlocker", voter: "alice", value: 1 },
  { tracker: "BetaBlocker", voter: "bob", value: 1 },
];

/** When the fixtures' Koji tags were read. */
export const TAGS_FETCHED_AT = new Date("2026-11-20T10:00:00Z");

/** A build with the Koji `tags` read at TAGS_FETCHED_AT; `null`: its tags were never read. */
export function buildInfo(nvr: string, tags: string[] | null, kojiError: string | null = null): BuildInfo {
  return { nvr, tags: tags ?? [], tagsFetchedAt: tags === null ? null : TAGS_FETCHED_AT, kojiError };
}

/** A testing update of F46 (karma 0 of 3) with one build in the testing tag, with overrides. */
export function updateInfo(alias: string, over: Partial<UpdateInfo> = {}): UpdateInfo {
  return {
    alias,
    releaseName: "F46",
    stableTag: "f46",
    status: "testing",
    request: null,
    karma: 0,
    stableKarma: 3,
    gating: null,
    url: `https://bodhi.example/updates/${alias}`,
    builds: [buildInfo(`${alias}-1-1.fc46`, ["f46-updates-testing"])],
    ...over,
  };
}

/** A readable, open, proposed-blocker bug of a milestone's list, with no updates, with overrides. */
export function milestoneBug(bugId: number, over: Partial<MilestoneBug> = {}): MilestoneBug {
  return {
    bugId,
    alias: [],
    summary: `Bug ${bugId}`,
    component: "anaconda",
    status: "NEW",
    resolution: "",
    whiteboard: "",
    assignee: "maint@example.com",
    needinfo: [],
    dependsOn: [],
    openDependsOn: [],
    lastChangeTime: new Date("2026-11-19T12:00:00Z"),
    inaccessible: null,
    fetchedAt: new Date("2026-11-20T11:00:00Z"),
    blocker: "proposed",
    fe: null,
    accepted0Day: false,
    acceptedPreviousRelease: false,
    updates: [],
    discussion: null,
    proposals: NO_PROPOSALS,
    ...over,
  };
}

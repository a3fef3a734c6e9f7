/**
 * Factories of the shapes the views read, for unit tests: one place instead of a copy per test file.
 */
import type { MilestoneInfo } from "../../app/db/milestones.server";
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

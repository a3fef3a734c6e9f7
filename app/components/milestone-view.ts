/**
 * View logic for milestones: ordering and grouping by release, tracker links, sync health, and the
 * home page's per-milestone counts.
 *
 * Pure: no I/O, no server imports.
 */
import { buglistPath, timeView, type TimeView } from "./format.js";
import { milestoneName } from "~/domain/milestone-name";
import { bugzillaBugUrl } from "~/domain/bug-fields";
import { compareMilestones } from "~/domain/milestone-name";
import type { MilestoneInfo } from "~/db/milestones.server";

/** Groups milestones by release, newest release first, each group in version order. */
export function groupByRelease<T extends { release: number; version: string }>(
  milestones: readonly T[],
): { release: number; milestones: T[] }[] {
  const groups: { release: number; milestones: T[] }[] = [];
  for (const m of [...milestones].sort(compareMilestones)) {
    const last = groups[groups.length - 1];
    if (last && last.release === m.release) last.milestones.push(m);
    else groups.push({ release: m.release, milestones: [m] });
  }
  return groups;
}

/** Health of a milestone's Bugzilla sync, for badges and banners. */
export type SyncView =
  /** Never attempted: tell the operator to run `blockerbugs sync`. */
  | { state: "never" }
  /** The last attempt succeeded. */
  | { state: "ok"; lastSuccess: TimeView }
  /** The last attempt failed; `lastSuccess` is `null` when no sync ever succeeded. */
  | { state: "failed"; error: string; attempt: TimeView | null; lastSuccess: TimeView | null };

/**
 * Derives the sync health of a milestone at `now`. Its times are to the minute (the seconds dropped,
 * as the pages show them in UTC): a page showing them then reads the same after every sync of that
 * minute, so the pages kept per data version (app/server/page-cache.ts) need not be rendered again
 * after each of a run of syncs, only when the minute or the relative text moves.
 */
export function syncView(
  m: Pick<MilestoneInfo, "lastSyncAt" | "lastSyncAttemptAt" | "lastSyncError">,
  now: Date,
): SyncView {
  const lastSuccess = timeView(toTheMinute(m.lastSyncAt), now);
  if (m.lastSyncError !== null && m.lastSyncError !== "") {
    return {
      state: "failed",
      error: m.lastSyncError,
      attempt: timeView(toTheMinute(m.lastSyncAttemptAt), now),
      lastSuccess,
    };
  }
  if (lastSuccess === null) return { state: "never" };
  return { state: "ok", lastSuccess };
}

/** `at` without its seconds and milliseconds (UTC); `null` stays `null`. */
function toTheMinute(at: Date | null): Date | null {
  return at === null ? null : new Date(at.getTime() - (at.getTime() % 60_000));
}

/** A tracker bug link. */
export interface TrackerView {
  id: number;
  alias: string | null;
  url: string;
}

/** A milestone prepared for display (serialisable). */
export interface MilestoneView {
  release: number;
  version: string;
  /** e.g. `"Fedora 46 Beta"`. */
  name: string;
  /** Path of its bug list. */
  path: string;
  active: boolean;
  current: boolean;
  blockerTracker: TrackerView;
  feTracker: TrackerView;
  sync: SyncView;
}

/** Prepares a milestone for display at `now`, with tracker links into `bugzillaUrl`. */
export function milestoneView(m: MilestoneInfo, opts: { now: Date; bugzillaUrl: string }): MilestoneView {
  return {
    release: m.release,
    version: m.version,
    name: milestoneName(m.release, m.version),
    path: buglistPath(m.release, m.version),
    active: m.active,
    current: m.current,
    blockerTracker: {
      id: m.blockerTrackerId,
      alias: m.blockerTrackerAlias,
      url: bugzillaBugUrl(opts.bugzillaUrl, m.blockerTrackerId),
    },
    feTracker: {
      id: m.feTrackerId,
      alias: m.feTrackerAlias,
      url: bugzillaBugUrl(opts.bugzillaUrl, m.feTrackerId),
    },
    sync: syncView(m, opts.now),
  };
}

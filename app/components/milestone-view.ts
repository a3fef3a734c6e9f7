/**
 * View logic for milestones: ordering and grouping by release, tracker links, sync health, and the
 * home page's per-milestone counts.
 *
 * Pure: no I/O, no server imports.
 */
import { countSections, type BugStateFields, type OpenClosed, type SectionKey } from "~/domain/sections";
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

/** Derives the sync health of a milestone at `now`. */
export function syncView(
  m: Pick<MilestoneInfo, "lastSyncAt" | "lastSyncAttemptAt" | "lastSyncError">,
  now: Date,
): SyncView {
  const lastSuccess = timeView(m.lastSyncAt, now);
  if (m.lastSyncError !== null && m.lastSyncError !== "") {
    return {
      state: "failed",
      error: m.lastSyncError,
      attempt: timeView(m.lastSyncAttemptAt, now),
      lastSuccess,
    };
  }
  if (lastSuccess === null) return { state: "never" };
  return { state: "ok", lastSuccess };
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

/** The state of one active bug of some milestone, as needed for counting. */
export interface MilestoneBugState extends BugStateFields {
  milestoneId: number;
  status: string;
  /** `"private"` | `"missing"` when Bugzilla no longer gives us the bug; `null` when readable. */
  inaccessible: string | null;
  /** When we last read the bug; `null` when never (such bugs are not counted). */
  fetchedAt: Date | null;
}

/** A milestone on the home page, with its section counts. */
export interface MilestoneSummaryView extends MilestoneView {
  counts: Record<SectionKey, OpenClosed>;
}

/** The home page: active milestones grouped by release, newest first. */
export interface HomeView {
  releases: { release: number; milestones: MilestoneSummaryView[] }[];
}

/**
 * Builds the home page view: every given milestone (callers pass the active ones) with the counts of
 * its bugs per section (open and closed apart; bugs turned private or missing count with their last
 * known state, bugs never read do not count), grouped by release newest first.
 */
export function buildHomeView(
  milestones: readonly MilestoneInfo[],
  states: readonly MilestoneBugState[],
  opts: { now: Date; bugzillaUrl: string },
): HomeView {
  const byMilestone = new Map<number, MilestoneBugState[]>();
  for (const s of states) {
    const list = byMilestone.get(s.milestoneId);
    if (list) list.push(s);
    else byMilestone.set(s.milestoneId, [s]);
  }
  const views = milestones.map((m) => ({
    ...milestoneView(m, opts),
    counts: countSections(byMilestone.get(m.id) ?? []),
  }));
  return { releases: groupByRelease(views) };
}

/**
 * Parses the `:release/:version` of milestone URLs: release a positive integer (up to 6 digits),
 * version letters only (lower-cased: `Beta` → `beta`). Anything else → `null` (the caller answers
 * 400, see {@link milestoneUrlError}).
 */
export function parseMilestoneParams(
  release: string | undefined,
  version: string | undefined,
): { release: number; version: string } | null {
  if (release === undefined || version === undefined) return null;
  if (!/^[0-9]{1,6}$/.test(release) || !/^[A-Za-z]{1,20}$/.test(version)) return null;
  const n = Number(release);
  return n > 0 ? { release: n, version: version.toLowerCase() } : null;
}

/** Status and text of an error page. */
export interface PageErrorInfo {
  status: number;
  statusText: string;
  message: string;
}

/**
 * Why a milestone page address shows no milestone: 400 when `:release`/`:version` are malformed (as
 * the API answers), otherwise 404 (no such milestone).
 */
export function milestoneUrlError(release: string | undefined, version: string | undefined): PageErrorInfo {
  const parsed = parseMilestoneParams(release, version);
  if (!parsed) {
    const shown = `${release ?? ""}/${version ?? ""}`;
    return {
      status: 400,
      statusText: "Bad Request",
      message:
        `"${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}" is not a milestone: the release is a number and the version ` +
        "a word, as in /milestone/46/beta/buglist.",
    };
  }
  return {
    status: 404,
    statusText: "Not Found",
    message: `There is no milestone ${milestoneName(parsed.release, parsed.version)}.`,
  };
}

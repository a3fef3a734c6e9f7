/** View model of the home page (`/`): the active milestones with their bug counts per section. */
import { burndownPoints, type BurndownPoint } from "~/components/burndown-view";
import { groupByRelease, milestoneView, type MilestoneView } from "~/components/milestone-view";
import type { MilestoneInfo } from "~/db/milestones.server";
import {
  groupSections,
  SECTIONS,
  type BugStateFields,
  type OpenClosed,
  type SectionKey,
} from "~/domain/sections";

/**
 * How many active bugs of one milestone are in one state (blocker, FE, open or closed), as counted by
 * the database; bugs never read are not counted.
 */
export interface StateCount extends BugStateFields {
  milestoneId: number;
  closed: boolean;
  bugs: number;
}

/** A milestone on the home page, with its section counts. */
export interface MilestoneSummaryView extends MilestoneView {
  counts: Record<SectionKey, OpenClosed>;
  /** Its burndown (open bugs per section per day), for the sparkline; empty when none was given. */
  trend: BurndownPoint[];
}

/** The home page: active milestones grouped by release, newest first. */
export interface HomeView {
  releases: { release: number; milestones: MilestoneSummaryView[] }[];
}

/**
 * The section counts of one milestone from its state counts: each state goes to the sections the
 * domain's `groupSections` puts a bug in that state (so Conflicts and Rejected count as on the bug
 * list), open and closed apart.
 */
export function sectionCounts(states: readonly StateCount[]): Record<SectionKey, OpenClosed> {
  const counts = Object.fromEntries(SECTIONS.map((s) => [s.key, { open: 0, closed: 0 }])) as Record<
    SectionKey,
    OpenClosed
  >;
  const placed = groupSections(states);
  for (const def of SECTIONS)
    for (const { bug } of placed[def.key]) counts[def.key][bug.closed ? "closed" : "open"] += bug.bugs;
  return counts;
}

/**
 * Builds the home page view: every given milestone (callers pass the active ones) with the counts of
 * its bugs per section (from `states`, see {@link StateCount}: bugs turned private or missing count
 * with their last known state, bugs never read do not count), grouped by release newest first.
 */
export function buildHomeView(
  milestones: readonly MilestoneInfo[],
  states: readonly StateCount[],
  opts: { now: Date; bugzillaUrl: string; trends?: ReadonlyMap<number, BurndownPoint[]> },
): HomeView {
  const byMilestone = new Map<number, StateCount[]>();
  for (const s of states) {
    const list = byMilestone.get(s.milestoneId);
    if (list) list.push(s);
    else byMilestone.set(s.milestoneId, [s]);
  }
  const views = milestones.map((m) => ({
    ...milestoneView(m, opts),
    counts: sectionCounts(byMilestone.get(m.id) ?? []),
    trend: burndownPoints(opts.trends?.get(m.id) ?? []),
  }));
  return { releases: groupByRelease(views) };
}

/** View model of the home page (`/`): the active milestones with their bug counts per section. */
import { groupByRelease, milestoneView, type MilestoneView } from "~/components/milestone-view";
import type { MilestoneInfo } from "~/db/milestones.server";
import { countSections, type BugStateFields, type OpenClosed, type SectionKey } from "~/domain/sections";

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

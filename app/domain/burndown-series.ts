/**
 * Where a milestone is heading: how many open bugs each review section held at the end of each day
 * since the milestone was created (or since its first recorded change, when Bugzilla's history goes
 * back further than the milestone's row), replayed from the recorded history (`state-at.ts`).
 *
 * Pure: no I/O, no clock (the current time is passed in). Days are UTC days.
 */
import { isClosed } from "./blocker-state.js";
import { groupSections } from "./sections.js";
import { stateAt, type KindProposal, type RecordedEvent, type StateAtTime } from "./state-at.js";

/** One bug's recorded history in the milestone. */
export interface BugHistory {
  bugId: number;
  events: readonly RecordedEvent[];
  proposals: readonly KindProposal[];
}

/** Open bug counts of the sections a burndown follows, and the conflicts. */
export interface SectionCounts {
  proposedBlockers: number;
  acceptedBlockers: number;
  proposedFEs: number;
  acceptedFEs: number;
  conflicts: number;
}

/** The four series a burndown draws, in drawing order. */
export const SERIES_KEYS = ["proposedBlockers", "acceptedBlockers", "proposedFEs", "acceptedFEs"] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

/** Labels of the series (legend, table headings, text alternatives). */
export const SERIES_LABELS: Record<SeriesKey, string> = {
  proposedBlockers: "Proposed blockers",
  acceptedBlockers: "Accepted blockers",
  proposedFEs: "Proposed FEs",
  acceptedFEs: "Accepted FEs",
};

/** One day of a burndown: the counts at the end of that UTC day (or now, for today). */
export interface SeriesPoint extends SectionCounts {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** The moment the counts are taken: the day's last millisecond, or now for today. */
  at: Date;
}

const DAY_MS = 86_400_000;

/**
 * The open (not CLOSED), active bugs per section at `t`, as the bug list would have grouped them then
 * (`groupSections`): a bug proposed as both blocker and FE counts in both.
 */
export function sectionCountsAt(bugs: readonly BugHistory[], t: Date): SectionCounts {
  return countsOf(bugs.map((b) => stateAt(b.events, b.proposals, t)));
}

/** The section counts of bugs in these states (see {@link sectionCountsAt}). */
function countsOf(states: readonly StateAtTime[]): SectionCounts {
  const grouped = groupSections(states.filter((s) => s.active && !isClosed(s.status)));
  return {
    proposedBlockers: grouped.proposedBlockers.length,
    acceptedBlockers: grouped.acceptedBlockers.length,
    proposedFEs: grouped.proposedFEs.length,
    acceptedFEs: grouped.acceptedFEs.length,
    conflicts: grouped.conflicts.length,
  };
}

/**
 * Where a milestone's burndown starts: when the milestone was created, or its bugs' first recorded
 * event or proposal when that is earlier (a milestone added to Blockerbugs late still shows the
 * history Bugzilla gave for it).
 */
export function seriesStart(createdAt: Date, bugs: readonly BugHistory[]): Date {
  let start = createdAt.getTime();
  for (const b of bugs) {
    for (const e of b.events) start = Math.min(start, e.at.getTime());
    for (const p of b.proposals) if (p.proposedAt) start = Math.min(start, p.proposedAt.getTime());
  }
  return new Date(start);
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * One point per UTC day from `start`'s day to `now`'s day, both included: the section counts at the end
 * of each day, today's at `now`. A `start` after `now` gives just today.
 */
export function burndownSeries(bugs: readonly BugHistory[], opts: { start: Date; now: Date }): SeriesPoint[] {
  const today = Date.parse(`${utcDay(opts.now)}T00:00:00Z`);
  const first = Math.min(Date.parse(`${utcDay(opts.start)}T00:00:00Z`), today);
  const points: SeriesPoint[] = [];
  // A bug's state changes only at its recorded times (stateAt reads nothing else), so it is replayed
  // on the days one of them passed and kept on the others: a long milestone of many bugs costs a
  // replay per recorded change, not one per bug and day.
  const replays = bugs.map((bug) => ({
    bug,
    times: [
      ...bug.events.map((e) => e.at.getTime()),
      ...bug.proposals.flatMap((p) => p.proposedAt?.getTime() ?? []),
    ].sort((a, b) => a - b),
    passed: 0,
    state: undefined as StateAtTime | undefined,
  }));
  // UTC has no daylight saving: every day is 24 hours.
  for (let day = first; day <= today; day += DAY_MS) {
    const at = day === today ? opts.now : new Date(day + DAY_MS - 1);
    const states = replays.map((r) => {
      let passed = r.passed;
      while (passed < r.times.length && r.times[passed]! <= at.getTime()) passed++;
      if (r.state === undefined || passed !== r.passed) {
        r.state = stateAt(r.bug.events, r.bug.proposals, at);
        r.passed = passed;
      }
      return r.state;
    });
    points.push({ day: utcDay(new Date(day)), at, ...countsOf(states) });
  }
  return points;
}

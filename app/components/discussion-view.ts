/**
 * View logic of a bug's discussion ticket (product spec §4): the stored votes tallied per tracker and
 * the tally texts of the bug list, the bug page and the IRC script.
 *
 * Pure: no I/O, no server imports. Votes arrive already reduced to one per voter and tracker (the
 * Pagure sync keeps only a user's last vote); the grouping is `tallyVotes` of `votes.ts`.
 */
import { formatTallyCounts, formatVoters, tallyByTracker, type TrackerTally } from "~/domain/votes";
import type { DiscussionInfo } from "~/db/bugs.server";

export type { TrackerTally };

/** One tracker's tally prepared for display. */
export interface TallyView {
  tracker: string;
  /** The tracker as the vote grammar also accepts it, shorter: `"BetaFreezeException"` → `"BetaFE"`. */
  short: string;
  /** e.g. `"(+3, 0, -1)"`. */
  counts: string;
  /** e.g. `"+alice, +bob, +carol, -dave"`. */
  voters: string;
  plus: string[];
  zero: string[];
  minus: string[];
}

/** A discussion ticket prepared for display (serialisable). */
export interface DiscussionView {
  url: string | null;
  status: string;
  closed: boolean;
  meeting: boolean;
  /** Voted trackers in display order (Alpha, Beta, Final, 0Day, PreviousRelease). */
  tallies: TallyView[];
}

/** Prepares a ticket for display: its tallies per voted tracker. */
export function discussionView(d: DiscussionInfo): DiscussionView {
  return {
    url: d.url,
    status: d.status,
    closed: d.status.toLowerCase() === "closed",
    meeting: d.meeting,
    tallies: Object.entries(tallyByTracker(d.votes)).map(([tracker, t]) => ({
      tracker,
      short: tracker.replace(/FreezeException$/, "FE"),
      counts: formatTallyCounts(t),
      voters: formatVoters(t),
      ...t,
    })),
  };
}

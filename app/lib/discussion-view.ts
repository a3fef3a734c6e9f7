/**
 * View logic of a bug's discussion ticket (product spec §4): the stored votes tallied per tracker and
 * the tally texts of the bug list, the bug page and the IRC script.
 *
 * Pure: no I/O, no server imports. Votes arrive already reduced to one per voter and tracker (the
 * Pagure sync keeps only a user's last vote), so this module only groups and formats them.
 */

/** One stored vote (Vote row). */
export interface VoteInfo {
  /** Canonical tracker name, e.g. `"BetaBlocker"`, `"FinalFreezeException"`, `"0Day"`. */
  tracker: string;
  voter: string;
  /** +1, 0 or -1. */
  value: number;
}

/** A bug's discussion ticket, as loaded (DiscussionTicket row with its votes). */
export interface DiscussionInfo {
  /** Pagure issue URL; `null` while the ticket is being created. */
  url: string | null;
  /** Pagure status: `"Open"` | `"Closed"`. */
  status: string;
  /** The ticket carries the `meeting` tag. */
  meeting: boolean;
  votes: VoteInfo[];
}

/** Voters of one tracker, by vote, each list sorted by name. */
export interface TrackerTally {
  plus: string[];
  zero: string[];
  minus: string[];
}

/** Order trackers are shown in; unknown ones follow, alphabetically. */
export const TRACKER_ORDER: readonly string[] = Object.freeze([
  "AlphaBlocker",
  "AlphaFreezeException",
  "BetaBlocker",
  "BetaFreezeException",
  "FinalBlocker",
  "FinalFreezeException",
  "0Day",
  "PreviousRelease",
]);

/** Compares tracker names by {@link TRACKER_ORDER}, unknown ones last and alphabetically. */
export function compareTrackers(a: string, b: string): number {
  const rank = (t: string): number => {
    const i = TRACKER_ORDER.indexOf(t);
    return i === -1 ? TRACKER_ORDER.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * Groups votes per tracker: `{ BetaBlocker: { plus: ["alice"], zero: [], minus: ["dave"] } }`. Keys are
 * inserted in {@link TRACKER_ORDER}; voter lists are sorted by name. Values other than +1/0/-1 are
 * ignored.
 */
export function tallyVotes(votes: readonly VoteInfo[]): Record<string, TrackerTally> {
  const trackers = [...new Set(votes.map((v) => v.tracker))].sort(compareTrackers);
  const out: Record<string, TrackerTally> = {};
  for (const tracker of trackers) {
    const of = (value: number): string[] =>
      votes
        .filter((v) => v.tracker === tracker && v.value === value)
        .map((v) => v.voter)
        .sort((a, b) => a.localeCompare(b));
    const tally = { plus: of(1), zero: of(0), minus: of(-1) };
    if (tally.plus.length + tally.zero.length + tally.minus.length > 0) out[tracker] = tally;
  }
  return out;
}

/**
 * Tally counts as in the meeting logs: `"(+3, 0, -1)"`, or without spaces (`compact`, the IRC form)
 * `"(+3,0,-1)"`. Zero minus votes read `-0`.
 */
export function formatTallyCounts(t: TrackerTally, compact = false): string {
  const sep = compact ? "," : ", ";
  return `(+${t.plus.length}${sep}${t.zero.length}${sep}-${t.minus.length})`;
}

/** Voter names with their votes: `"+alice, +bob, 0carol, -dave"` (plus, then zero, then minus). */
export function formatVoters(t: TrackerTally): string {
  return [...t.plus.map((n) => `+${n}`), ...t.zero.map((n) => `0${n}`), ...t.minus.map((n) => `-${n}`)].join(
    ", ",
  );
}

/** One tracker's tally prepared for display. */
export interface TallyView {
  tracker: string;
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
  /** Voted trackers in {@link TRACKER_ORDER}. */
  tallies: TallyView[];
}

/** Prepares a ticket for display: its tallies per voted tracker. */
export function discussionView(d: DiscussionInfo): DiscussionView {
  return {
    url: d.url,
    status: d.status,
    closed: d.status.toLowerCase() === "closed",
    meeting: d.meeting,
    tallies: Object.entries(tallyVotes(d.votes)).map(([tracker, t]) => ({
      tracker,
      counts: formatTallyCounts(t),
      voters: formatVoters(t),
      ...t,
    })),
  };
}

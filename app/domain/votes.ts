/**
 * Votes in Pagure discussion tickets (product spec §4; upstream-apis/pagure.md §7, PA-09, PA-13).
 *
 * A comment line counts as votes when, after trimming, it consists only of one or more
 * `TRACKER VOTE` or `VOTE TRACKER` pairs (`BetaBlocker +1`, `+1 betafe`, `BetaBlocker -1 BetaFE +1`).
 * Any other word on the line makes the whole line count nothing. A user's later vote on the same
 * tracker replaces the earlier one.
 *
 * Pure: no I/O.
 */

/** Canonical tracker names, in display order (these are stored in `Vote.tracker`). */
export const VOTE_TRACKERS = [
  "AlphaBlocker",
  "AlphaFreezeException",
  "BetaBlocker",
  "BetaFreezeException",
  "FinalBlocker",
  "FinalFreezeException",
  "0Day",
  "PreviousRelease",
] as const;
export type VoteTracker = (typeof VOTE_TRACKERS)[number];

/** A vote value: +1, 0 or -1. */
export type VoteValue = 1 | 0 | -1;

/** Lower-cased spellings → canonical tracker (`BetaFE` is `BetaFreezeException`, and so on). */
const TRACKER_WORDS = new Map<string, VoteTracker>([
  ...VOTE_TRACKERS.map((t) => [t.toLowerCase(), t] as const),
  ["alphafe", "AlphaFreezeException"],
  ["betafe", "BetaFreezeException"],
  ["finalfe", "FinalFreezeException"],
]);

const VOTE_WORDS = new Map<string, VoteValue>([
  ["+1", 1],
  ["0", 0],
  ["-1", -1],
]);

/**
 * The canonical tracker for a word (case-insensitive, aliases `AlphaFE`/`BetaFE`/`FinalFE`).
 * @returns null when the word is not a tracker.
 */
export function parseTrackerWord(word: string): VoteTracker | null {
  return TRACKER_WORDS.get(word.toLowerCase()) ?? null;
}

/** One `TRACKER VOTE` pair of a line. */
export interface LineVote {
  tracker: VoteTracker;
  value: VoteValue;
}

/**
 * Parses one comment line. The trimmed line is split on whitespace and read as consecutive pairs,
 * each either `TRACKER VOTE` or `VOTE TRACKER`.
 * @example parseVoteLine("BetaBlocker -1 BetaFE +1") // → [{BetaBlocker,-1},{BetaFreezeException,1}]
 * @returns the pairs in line order, or null when the line is not (only) votes — an empty line, a
 *   lone word, an odd word count or any other word (`BetaBlocker +1 for sure`).
 */
export function parseVoteLine(line: string): LineVote[] | null {
  const words = line.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length % 2 !== 0) return null;
  const votes: LineVote[] = [];
  for (let i = 0; i < words.length; i += 2) {
    const [a, b] = [words[i]!, words[i + 1]!];
    const trackerFirst = parseTrackerWord(a);
    const trackerSecond = parseTrackerWord(b);
    if (trackerFirst && VOTE_WORDS.has(b)) votes.push({ tracker: trackerFirst, value: VOTE_WORDS.get(b)! });
    else if (trackerSecond && VOTE_WORDS.has(a))
      votes.push({ tracker: trackerSecond, value: VOTE_WORDS.get(a)! });
    else return null;
  }
  return votes;
}

/** A ticket comment as the vote parser needs it (from Pagure's comment object). */
export interface VoteComment {
  /** Pagure comment id. */
  id: number;
  /** `user.name` of the comment's author: the voter. */
  author: string;
  /** The comment's current text (an edited comment counts as it reads now). */
  text: string;
  /** `date_created`: the vote's time. */
  createdAt: Date;
  /** Pagure system comments ("Metadata Update from @user") are `notification: true` and never votes. */
  notification?: boolean;
}

/** One user's current vote on one tracker. */
export interface TicketVote {
  tracker: VoteTracker;
  voter: string;
  value: VoteValue;
  /** The comment the vote came from and its creation time. */
  commentId: number;
  votedAt: Date;
}

/**
 * Every vote a ticket's comments cast, in the order they were cast: every vote line of every
 * non-system comment, comments by creation time (then id), lines and pairs in text order. A voter's
 * later vote on a tracker replaces the earlier one (see {@link votesFromComments}); this list keeps
 * both, so the tally of any past moment can be told (`vote-history.ts`).
 */
export function voteCastsFromComments(comments: readonly VoteComment[]): TicketVote[] {
  const ordered = [...comments].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  const casts: TicketVote[] = [];
  for (const comment of ordered) {
    if (comment.notification) continue;
    for (const line of comment.text.split(/\r?\n/)) {
      for (const vote of parseVoteLine(line) ?? []) {
        casts.push({
          tracker: vote.tracker,
          voter: comment.author,
          value: vote.value,
          commentId: comment.id,
          votedAt: comment.createdAt,
        });
      }
    }
  }
  return casts;
}

/**
 * Each voter's last vote per tracker among votes in the order they were cast (as
 * {@link voteCastsFromComments} returns them).
 * @returns one vote per (voter, tracker), ordered by the time of that vote.
 */
export function lastVotes<V extends { tracker: string; voter: string }>(casts: readonly V[]): V[] {
  const current = new Map<string, V>();
  for (const cast of casts) {
    const key = `${cast.voter}\u0000${cast.tracker}`;
    // Delete first so the map's order follows the time of each user's latest vote.
    current.delete(key);
    current.set(key, cast);
  }
  return [...current.values()];
}

/**
 * The current votes of a ticket: every vote line of every non-system comment, in comment order (by
 * creation time, then id); a user's later vote on a tracker replaces the earlier one (also within one
 * comment or one line).
 * @returns one vote per (voter, tracker), ordered by the time of that vote.
 */
export function votesFromComments(comments: readonly VoteComment[]): TicketVote[] {
  return lastVotes(voteCastsFromComments(comments));
}

/** Voter names per vote value of one tracker. */
export interface TrackerTally {
  plus: string[];
  zero: string[];
  minus: string[];
}

/**
 * Tallies current votes per canonical tracker: `{ BetaBlocker: { plus: ["a","b"], zero: [], minus: ["c"] } }`.
 * Trackers nobody voted on are absent; keys follow `VOTE_TRACKERS` order; names keep the input order.
 * Expects at most one vote per (voter, tracker), as `votesFromComments` returns and `Vote` rows hold.
 */
export function tallyVotes(
  votes: readonly { tracker: string; voter: string; value: number }[],
): Partial<Record<VoteTracker, TrackerTally>> {
  const tally: Partial<Record<VoteTracker, TrackerTally>> = {};
  for (const tracker of VOTE_TRACKERS) {
    const mine = votes.filter((v) => v.tracker === tracker);
    if (mine.length === 0) continue;
    tally[tracker] = {
      plus: mine.filter((v) => v.value > 0).map((v) => v.voter),
      zero: mine.filter((v) => v.value === 0).map((v) => v.voter),
      minus: mine.filter((v) => v.value < 0).map((v) => v.voter),
    };
  }
  return tally;
}

/** One stored vote (Vote row). */
export interface VoteInfo {
  /** Canonical tracker name, e.g. `"BetaBlocker"`, `"FinalFreezeException"`, `"0Day"`. */
  tracker: string;
  voter: string;
  /** +1, 0 or -1. */
  value: number;
}

/**
 * Current votes per voted tracker (see `tallyVotes` in `votes.ts`), keys in tracker display order,
 * each voter list sorted by name.
 */
export function tallyByTracker(votes: readonly VoteInfo[]): Partial<Record<VoteTracker, TrackerTally>> {
  return tallyVotes([...votes].sort((a, b) => a.voter.localeCompare(b.voter)));
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

/**
 * How a ticket's vote tallies moved over time: every vote ever cast in it (`voteCastsFromComments` of
 * `votes.ts`) replayed comment by comment. A comment moves a tracker's tally when the counts
 * `(+N, N, -N)` after it differ from those before it (a voter repeating a vote moves nothing).
 *
 * Pure: no I/O.
 */
import { lastVotes, tallyVotes, formatTallyCounts, type TrackerTally, type VoteTracker } from "./votes.js";

/** One cast vote as stored (a VoteCast row). */
export interface CastVote {
  tracker: string;
  voter: string;
  /** +1, 0 or -1. */
  value: number;
  commentId: number;
  votedAt: Date;
}

/** A comment that moved one tracker's tally. */
export interface TallyMove {
  tracker: VoteTracker;
  commentId: number;
  at: Date;
  /** Who voted in that comment on that tracker, with their vote: `"+alice"`. */
  votes: string[];
  /** Counts before and after, `"(+1, 0, -0)"`. */
  before: string;
  after: string;
}

const NO_VOTES: TrackerTally = { plus: [], zero: [], minus: [] };

/** Votes in the order they were cast: by time, then comment id, keeping the list's order within a comment. */
function castOrder(casts: readonly CastVote[]): CastVote[] {
  return casts
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) => a.c.votedAt.getTime() - b.c.votedAt.getTime() || a.c.commentId - b.c.commentId || a.i - b.i,
    )
    .map(({ c }) => c);
}

/** The tally of one tracker given everyone's votes so far. */
function tallyOf(casts: readonly CastVote[], tracker: string): TrackerTally {
  return (
    tallyVotes(lastVotes(casts.filter((c) => c.tracker === tracker)))[tracker as VoteTracker] ?? NO_VOTES
  );
}

const sign = (value: number) => (value > 0 ? "+" : value < 0 ? "-" : "0");

/**
 * Every comment that moved a tally of one of `trackers` (all trackers when omitted), oldest first; within
 * one comment, trackers in the order first voted.
 */
export function tallyMoves(casts: readonly CastVote[], trackers?: readonly string[]): TallyMove[] {
  const ordered = castOrder(casts);
  const moves: TallyMove[] = [];
  let i = 0;
  while (i < ordered.length) {
    const commentId = ordered[i]!.commentId;
    let j = i;
    while (j < ordered.length && ordered[j]!.commentId === commentId) j++;
    const inComment = ordered.slice(i, j);
    const before = ordered.slice(0, i);
    const after = ordered.slice(0, j);
    const voted = [...new Set(inComment.map((c) => c.tracker))].filter(
      (t) => !trackers || trackers.includes(t),
    );
    for (const tracker of voted) {
      const from = formatTallyCounts(tallyOf(before, tracker));
      const to = formatTallyCounts(tallyOf(after, tracker));
      if (from === to) continue;
      moves.push({
        tracker: tracker as VoteTracker,
        commentId,
        at: inComment[0]!.votedAt,
        votes: lastVotes(inComment.filter((c) => c.tracker === tracker)).map(
          (c) => `${sign(c.value)}${c.voter}`,
        ),
        before: from,
        after: to,
      });
    }
    i = j;
  }
  return moves;
}

/**
 * The vote trackers that concern a milestone version: `Beta` → `BetaBlocker`, `BetaFreezeException`;
 * `final` also `0Day` and `PreviousRelease` (accepted as special blockers at Final).
 */
export function milestoneVoteTrackers(version: string): VoteTracker[] {
  const name = version.charAt(0).toUpperCase() + version.slice(1).toLowerCase();
  const own = [`${name}Blocker`, `${name}FreezeException`] as VoteTracker[];
  return name === "Final" ? [...own, "0Day", "PreviousRelease"] : own;
}

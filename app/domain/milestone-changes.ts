/**
 * What counts as a change of a milestone, for its changes page, its Atom feed and the weekly summary:
 * the recorded history of its bugs turned into the sentences a QA lead reads before a blocker review
 * meeting.
 *
 * Sources, all stored by the sync (nothing here asks an upstream service):
 * - the milestone's state-change events (`state-changes.ts`: review state per kind, membership,
 *   Bugzilla status, the 0-day / previous-release flags), dated by Bugzilla's history when it says;
 * - who proposed each kind and when (`proposal-history.ts`), and Bugzilla's own history entries
 *   (who made a change);
 * - the same bugs' membership events in the other milestones (a bug dropped here and added there
 *   within {@link MOVE_TOLERANCE_MS} moved);
 * - the Bodhi updates of bugs accepted here (submitted, pushed to testing, pushed to stable);
 * - every vote cast in the bugs' discussion tickets (`vote-history.ts`).
 *
 * Pure: no I/O.
 */
import { isClosed, type ReviewState } from "./blocker-state.js";
import { inWindow } from "./change-window.js";
import type { RecordedEvent } from "./state-at.js";
import { milestoneVoteTrackers, tallyMoves, type CastVote } from "./vote-history.js";
import { hasToken, whiteboardTokens } from "./whiteboard.js";

/** The kinds of change, in the words of the blocker process. */
export type ChangeKind =
  | "proposed"
  | "reproposed"
  | "accepted"
  | "rejected"
  | "conflict"
  | "undecided"
  | "withdrawn"
  | "special"
  | "added"
  | "returned"
  | "dropped"
  | "movedIn"
  | "movedOut"
  | "closed"
  | "reopened"
  | "status"
  | "updateSubmitted"
  | "updateTesting"
  | "updateStable"
  | "votes";

/** Blocker or freeze exception. */
export type ReviewKind = "blocker" | "fe";

/** One change of one bug in the milestone. */
export interface MilestoneChange {
  /**
   * Stable id within the milestone (the same change always gets the same id, whatever the window):
   * `event-<BugEvent id>`, `proposal-<bug>-<kind>-<ms>`, `update-<alias>-<bug>-<step>`,
   * `votes-<bug>-<comment id>-<tracker>`.
   */
  id: string;
  at: Date;
  bugId: number;
  kind: ChangeKind;
  /** The kind a proposal or decision is about; null for the others. */
  review: ReviewKind | null;
  /** Who made it (Bugzilla login, Bodhi or Pagure user name; several voters comma-separated), when known. */
  who: string | null;
  /** One sentence without the bug or the person: "Accepted as a blocker". */
  text: string;
  /** An update's alias and its Bodhi URL, for update changes. */
  update: { alias: string; url: string } | null;
}

/** A bug of the milestone as it is now. */
export interface ChangeBug {
  id: number;
  blocker: ReviewState | null;
  fe: ReviewState | null;
  active: boolean;
  /** Bugzilla status and resolution now. */
  status: string;
  resolution: string;
}

/** A recorded event of one bug in one milestone. */
export interface BugMilestoneEvent extends RecordedEvent {
  bugId: number;
  milestoneId: number;
  /** Dated by Bugzilla's history (else `at` is when a sync noticed it); unknown when absent. */
  atFromHistory?: boolean;
}

/** Who proposed a kind in this milestone and when, and who decided it (MilestoneProposal). */
export interface ProposalFact {
  bugId: number;
  kind: ReviewKind;
  proposedAt: Date | null;
  proposedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  previouslyRejected: boolean;
}

/** One entry of Bugzilla's history (BugChange). */
export interface HistoryEntry {
  bugId: number;
  at: Date;
  who: string;
  field: string;
  removed: string;
  added: string;
}

/** A Bodhi update of the milestone's release and the bugs it lists. */
export interface UpdateFact {
  alias: string;
  url: string;
  bugIds: readonly number[];
  submitter: string;
  submittedAt: Date | null;
  testingAt: Date | null;
  stableAt: Date | null;
}

/** Everything the changes of one milestone are read from. */
export interface ChangeInputs {
  milestone: { id: number; version: string };
  /** Display names of milestones by id (this one and those a bug may move to or from). */
  milestoneNames: ReadonlyMap<number, string>;
  window: { since: Date; until: Date };
  bugs: readonly ChangeBug[];
  /**
   * Events of the milestone's bugs in the window, in every milestone (those of other milestones only
   * serve to tell moves; a little before and after the window too, see {@link MOVE_TOLERANCE_MS}).
   */
  events: readonly BugMilestoneEvent[];
  proposals: readonly ProposalFact[];
  history: readonly HistoryEntry[];
  updates: readonly UpdateFact[];
  /** Every vote cast in the bugs' tickets, per bug. */
  votes: ReadonlyMap<number, readonly CastVote[]>;
  /**
   * When the milestone's record began (its first sync), if known: what that sync saw of a bug without
   * a date from Bugzilla's history (a private bug, a failed history read) was there before, not a
   * change then.
   */
  recordStart?: Date | null;
}

/**
 * A bug leaving one milestone and joining another this close in time moved (QA moves a bug from Beta
 * to Final in one Bugzilla edit; events noticed by a sync are a few seconds apart).
 */
export const MOVE_TOLERANCE_MS = 60 * 60_000;
/** Changes this close to one another are one action (a proposal and the membership it brings). */
const SAME_ACTION_MS = 60_000;

const KIND_WORDS: Record<ReviewKind, string> = { blocker: "a blocker", fe: "a freeze exception" };
const REJECTED_KEYWORD: Record<ReviewKind, string> = {
  blocker: "RejectedBlocker",
  fe: "RejectedFreezeException",
};
/** Bugzilla history field that carries each recorded field's changes. */
const HISTORY_FIELD: Record<string, string> = {
  active: "blocks",
  blocker: "status_whiteboard",
  fe: "status_whiteboard",
  accepted0Day: "status_whiteboard",
  acceptedPreviousRelease: "status_whiteboard",
  status: "bug_status",
};

const near = (a: Date | null, b: Date | null, ms = SAME_ACTION_MS) =>
  a !== null && b !== null && Math.abs(a.getTime() - b.getTime()) <= ms;

/**
 * The changes of a milestone in a window, newest first (ties: by bug id, then in the order they
 * happened).
 *
 * - **proposed** / **reproposed**: a kind proposed in the window (who from Bugzilla's history); a
 *   re-proposal when it had been rejected before. A bug that joins the milestone shows its proposal, not
 *   the membership.
 * - **accepted** / **rejected** / **conflict**: the review state became that (a rejection that also
 *   removed the bug from the tracker says so); **undecided**: a decision keyword was removed;
 *   **withdrawn**: the bug stopped blocking one tracker but still blocks the other; **special**: accepted
 *   as (or no longer) a 0-day / previous-release blocker.
 * - **movedOut** / **movedIn**: it left this milestone and joined another (or the reverse) within
 *   {@link MOVE_TOLERANCE_MS}; **dropped**: it left and joined none; **returned** / **added**: it joined
 *   again, or for the first time without a known proposal.
 * - **closed** / **reopened** / **status**: its Bugzilla status changed (first sightings are not changes).
 * - **updateSubmitted** / **updateTesting** / **updateStable**: for bugs accepted here now, an update of
 *   the milestone's release listing them was submitted or pushed in the window.
 * - **votes**: a comment in the bug's ticket moved the tally of one of this milestone's vote trackers.
 *
 * A first sighting by the milestone's first sync that Bugzilla's history does not date is where the
 * record begins, not a change (see {@link ChangeInputs.recordStart}).
 */
export function milestoneChanges(input: ChangeInputs): MilestoneChange[] {
  const here = input.milestone.id;
  const name = (id: number) => input.milestoneNames.get(id) ?? "another milestone";
  const thisName = name(here);
  const out: MilestoneChange[] = [];
  const inW = (at: Date | null) => inWindow(at, input.window);
  const start = input.recordStart?.getTime();
  const beforeRecord = (e: BugMilestoneEvent) =>
    e.oldValue === null && e.atFromHistory === false && e.at.getTime() === start;

  const eventsOf = new Map<number, BugMilestoneEvent[]>();
  for (const e of input.events) eventsOf.set(e.bugId, [...(eventsOf.get(e.bugId) ?? []), e]);
  const historyOf = new Map<number, HistoryEntry[]>();
  for (const h of input.history) historyOf.set(h.bugId, [...(historyOf.get(h.bugId) ?? []), h]);
  const who = (bugId: number, at: Date, field: string): string | null => {
    const entries = (historyOf.get(bugId) ?? []).filter((h) => h.at.getTime() === at.getTime());
    return (entries.find((h) => h.field === HISTORY_FIELD[field]) ?? entries[0])?.who ?? null;
  };

  for (const bug of input.bugs) {
    const all = (eventsOf.get(bug.id) ?? [])
      .slice()
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
    const mine = all.filter((e) => e.milestoneId === here && inW(e.at) && !beforeRecord(e));
    const elsewhere = all.filter((e) => e.milestoneId !== here && e.field === "active");
    const proposals = input.proposals.filter((p) => p.bugId === bug.id && inW(p.proposedAt));
    const push = (c: Omit<MilestoneChange, "bugId" | "update" | "review"> & Partial<MilestoneChange>) =>
      out.push({ bugId: bug.id, update: null, review: null, ...c });

    const joined = (e: BugMilestoneEvent) => e.field === "active" && e.newValue === "true";
    const left = (e: BugMilestoneEvent) => e.field === "active" && e.newValue === "false";
    const moveIn = mine.find(
      (e) =>
        joined(e) && elsewhere.some((o) => o.newValue === "false" && near(o.at, e.at, MOVE_TOLERANCE_MS)),
    );
    const moveOut = mine.find(
      (e) => left(e) && elsewhere.some((o) => o.newValue === "true" && near(o.at, e.at, MOVE_TOLERANCE_MS)),
    );
    const coveredByMove = (at: Date) => moveIn !== undefined && near(moveIn.at, at, MOVE_TOLERANCE_MS);

    for (const p of proposals) {
      if (coveredByMove(p.proposedAt!)) continue;
      push({
        id: `proposal-${bug.id}-${p.kind}-${p.proposedAt!.getTime()}`,
        at: p.proposedAt!,
        kind: p.previouslyRejected ? "reproposed" : "proposed",
        review: p.kind,
        who: p.proposedBy,
        text: p.previouslyRejected
          ? `Proposed again as ${KIND_WORDS[p.kind]} after its rejection`
          : `Proposed as ${KIND_WORDS[p.kind]}`,
      });
    }
    const proposalCovers = (kind: ReviewKind, at: Date) =>
      proposals.some((p) => p.kind === kind && near(p.proposedAt, at, MOVE_TOLERANCE_MS)) ||
      coveredByMove(at);

    for (const e of mine) {
      const base = { id: `event-${e.id}`, at: e.at, who: who(bug.id, e.at, e.field) };
      if (e.field === "active") {
        if (e === moveIn) {
          const from = elsewhere.find((o) => o.newValue === "false" && near(o.at, e.at, MOVE_TOLERANCE_MS))!;
          push({ ...base, kind: "movedIn", text: `Moved here from ${name(from.milestoneId)}` });
        } else if (e === moveOut) {
          const to = elsewhere.find((o) => o.newValue === "true" && near(o.at, e.at, MOVE_TOLERANCE_MS))!;
          push({ ...base, kind: "movedOut", text: `Moved to ${name(to.milestoneId)}` });
        } else if (joined(e)) {
          const reviewNearby =
            proposals.some((p) => near(p.proposedAt, e.at, MOVE_TOLERANCE_MS)) ||
            mine.some(
              (o) => (o.field === "blocker" || o.field === "fe") && o.newValue !== null && near(o.at, e.at),
            );
          if (reviewNearby) continue;
          push({
            ...base,
            kind: e.oldValue === "false" ? "returned" : "added",
            text: e.oldValue === "false" ? `Back in ${thisName}` : `Added to ${thisName}`,
          });
        } else {
          const rejection = rejectedAt(historyOf.get(bug.id) ?? [], e.at);
          if (rejection) {
            push({
              ...base,
              kind: "rejected",
              review: rejection.kind,
              who: rejection.who,
              text: `Rejected as ${KIND_WORDS[rejection.kind]} and removed from ${thisName}`,
            });
          } else {
            push({
              ...base,
              kind: "dropped",
              text: `Dropped from ${thisName}: it blocks neither of its trackers`,
            });
          }
        }
        continue;
      }
      if (e.field === "blocker" || e.field === "fe") {
        const kind = e.field;
        const to = e.newValue as ReviewState | null;
        const from = e.oldValue as ReviewState | null;
        if (to === null) {
          // Leaving the milestone altogether is told by its membership change.
          if (mine.some((o) => left(o) && near(o.at, e.at))) continue;
          const rejection = rejectedAt(historyOf.get(bug.id) ?? [], e.at);
          if (rejection?.kind === kind)
            push({
              ...base,
              kind: "rejected",
              review: kind,
              who: rejection.who,
              text: `Rejected as ${KIND_WORDS[kind]} and removed from its tracker`,
            });
          else
            push({
              ...base,
              kind: "withdrawn",
              review: kind,
              text: `No longer proposed as ${KIND_WORDS[kind]}`,
            });
        } else if (to === "proposed") {
          if (from === null || from === "rejected") {
            if (proposalCovers(kind, e.at)) continue;
            push({
              ...base,
              kind: from === "rejected" ? "reproposed" : "proposed",
              review: kind,
              text:
                from === "rejected"
                  ? `Proposed again as ${KIND_WORDS[kind]} after its rejection`
                  : `Proposed as ${KIND_WORDS[kind]}`,
            });
          } else {
            push({
              ...base,
              kind: "undecided",
              review: kind,
              text: `Back to proposed as ${KIND_WORDS[kind]}: its ${from} keyword was removed`,
            });
          }
        } else {
          const decided = input.proposals.find((p) => p.bugId === bug.id && p.kind === kind);
          const decider = decided && near(decided.decidedAt, e.at) ? decided.decidedBy : null;
          push({
            ...base,
            who: decider ?? base.who,
            kind: to,
            review: kind,
            text:
              to === "conflict"
                ? `Conflict: both accepted and rejected as ${KIND_WORDS[kind]}`
                : `${to === "accepted" ? "Accepted" : "Rejected"} as ${KIND_WORDS[kind]}`,
          });
        }
        continue;
      }
      if (e.field === "accepted0Day" || e.field === "acceptedPreviousRelease") {
        const what = e.field === "accepted0Day" ? "a 0-day blocker" : "a previous-release blocker";
        push({
          ...base,
          kind: "special",
          review: "blocker",
          text: e.newValue === "true" ? `Accepted as ${what}` : `No longer ${what}`,
        });
        continue;
      }
      if (e.field === "status" && e.oldValue !== null && e.newValue !== null) {
        const last = mine.filter((o) => o.field === "status").at(-1) === e;
        if (isClosed(e.newValue) && !isClosed(e.oldValue)) {
          const resolution = last && isClosed(bug.status) && bug.resolution ? ` as ${bug.resolution}` : "";
          push({ ...base, kind: "closed", text: `Closed${resolution}` });
        } else if (isClosed(e.oldValue) && !isClosed(e.newValue)) {
          push({ ...base, kind: "reopened", text: `Reopened (${e.newValue})` });
        } else {
          push({ ...base, kind: "status", text: `Status ${e.oldValue} → ${e.newValue}` });
        }
      }
    }

    if (bug.active && (bug.blocker === "accepted" || bug.fe === "accepted")) {
      for (const u of input.updates) {
        if (!u.bugIds.includes(bug.id)) continue;
        const steps = [
          ["submitted", "updateSubmitted", u.submittedAt, `Update ${u.alias} submitted`, u.submitter || null],
          ["testing", "updateTesting", u.testingAt, `Update ${u.alias} pushed to testing`, null],
          ["stable", "updateStable", u.stableAt, `Update ${u.alias} pushed to stable`, null],
        ] as const;
        for (const [step, kind, at, text, by] of steps) {
          if (!inW(at)) continue;
          push({
            id: `update-${u.alias}-${bug.id}-${step}`,
            at: at!,
            kind,
            who: by,
            text,
            update: { alias: u.alias, url: u.url },
          });
        }
      }
    }

    if (bug.active) {
      for (const m of tallyMoves(
        input.votes.get(bug.id) ?? [],
        milestoneVoteTrackers(input.milestone.version),
      )) {
        if (!inW(m.at)) continue;
        push({
          id: `votes-${bug.id}-${m.commentId}-${m.tracker}`,
          at: m.at,
          kind: "votes",
          who: m.votes.join(", "),
          text: `${m.tracker} votes ${m.before} → ${m.after}`,
        });
      }
    }
  }

  const order = new Map(out.map((c, i) => [c, i]));
  return out.sort(
    (a, b) => b.at.getTime() - a.at.getTime() || a.bugId - b.bugId || order.get(a)! - order.get(b)!,
  );
}

/**
 * A whiteboard change at (about) `at` that added a Rejected keyword: the bug was rejected and removed
 * from the tracker in one edit, as the process asks.
 */
function rejectedAt(history: readonly HistoryEntry[], at: Date): { kind: ReviewKind; who: string } | null {
  for (const h of history) {
    if (h.field !== "status_whiteboard" || !near(h.at, at)) continue;
    const before = whiteboardTokens(h.removed);
    const after = whiteboardTokens(h.added);
    for (const kind of ["blocker", "fe"] as const) {
      const keyword = REJECTED_KEYWORD[kind];
      if (hasToken(after, keyword) && !hasToken(before, keyword)) return { kind, who: h.who };
    }
  }
  return null;
}

/** Changes grouped by UTC day (`YYYY-MM-DD`), keeping their order (newest day first for newest-first input). */
export function changesByDay<T extends { at: Date }>(changes: readonly T[]): { day: string; changes: T[] }[] {
  const days: { day: string; changes: T[] }[] = [];
  for (const c of changes) {
    const day = c.at.toISOString().slice(0, 10);
    if (days.at(-1)?.day !== day) days.push({ day, changes: [] });
    days.at(-1)!.changes.push(c);
  }
  return days;
}

/**
 * Who proposed a bug for a milestone, and when; when its review decision was made (product spec §3,
 * QA:SOP_blocker_bug_process: "bugs are proposed by marking them as blocking the tracker bug", "the
 * decision is recorded by adding AcceptedBlocker or RejectedBlocker to the Whiteboard field"). The
 * evidence is Bugzilla's own history of the bug (`GET /rest/bug/{id}/history`): its changes to
 * `blocks`, `status_whiteboard` and `bug_status`.
 *
 * The history is read backwards from the bug as it is now: undoing each change in turn gives the bug
 * as it was before it, so the moment a value (tracker membership, decision) took its current value is
 * the last change after which it has it. A value no change in the history gave the bug it had when it
 * was filed (Bugzilla records no history for the fields set at creation).
 *
 * Pure: no I/O.
 */
import { deriveBugState, type MilestoneTrackers, type ReviewState } from "./blocker-state.js";
import type { StateChange } from "./state-changes.js";
import { hasToken, whiteboardTokens } from "./whiteboard.js";

/** Bugzilla's history field names the blocker process reads (Bug.history `field_name`). */
export const HISTORY_FIELDS = ["blocks", "status_whiteboard", "bug_status"] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];

/**
 * One field change of one history entry (Bug.history: `{when, who, changes: [{field_name, removed,
 * added}]}` flattened). `removed` / `added` are Bugzilla's strings: for `blocks` the ids that left /
 * joined, comma+space separated (`"2390101, 2390102"`); for `status_whiteboard` and `bug_status` the old
 * and the new value.
 */
export interface FieldChange {
  at: Date;
  /** Bugzilla login of who made the change. */
  who: string;
  field: string;
  removed: string;
  added: string;
}

/** The bug as it is now (its last fetched fields) and when and by whom it was filed, when known. */
export interface BugNow {
  blocks: readonly number[];
  whiteboard: string;
  status: string;
  /** Bugzilla `creation_time`. */
  filedAt: Date | null;
  /** Bugzilla `creator`. */
  filedBy: string | null;
  /**
   * Bugzilla `last_change_time` of the fetched fields: history entries after it describe changes the
   * fields do not show yet, and are left out.
   */
  asOf: Date | null;
}

/** When something happened according to the history: a change, or the filing of the bug. */
export interface Moment {
  /** `null` when it happened at filing and the filing time is unknown. */
  at: Date | null;
  who: string | null;
  /** Position of the change in the ordered history; -1 for the filing (no change gave the value). */
  index: number;
}

/** What the history says about one kind (blocker or freeze exception) of a bug in one milestone. */
export interface ProposalFacts {
  /** When the bug last started to block the tracker (the current proposal), and by whom. */
  proposedAt: Date | null;
  proposedBy: string | null;
  /**
   * When the current decision keyword(s) (`AcceptedBlocker`, `RejectedFreezeException`, both for a
   * conflict, …) were set, and by whom; `null` while the whiteboard holds no decision for this kind.
   */
  decidedAt: Date | null;
  decidedBy: string | null;
  /**
   * The whiteboard keeps this kind's Rejected keyword, and the bug was made to block the tracker again
   * after that keyword was set (the process removes a rejected bug from the tracker and keeps the
   * keyword, so a later proposal is a second one). See `re-proposal.ts`.
   */
  reAddedAfterRejection: boolean;
}

/** The snapshot of the fields the history can undo. */
interface Snapshot {
  blocks: Set<number>;
  whiteboard: string;
  status: string;
}

/** Ids of a `blocks` history value: `"2390101, 2390102"` → `[2390101, 2390102]` (non-numbers dropped). */
export function historyIds(value: string): number[] {
  return value
    .split(/[\s,]+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

/**
 * The relevant changes of a history in Bugzilla's order (oldest first; changes of the same second keep
 * their order), without those after `asOf`; several `status_whiteboard` changes of one entry (Bugzilla
 * splits long values) are joined into one.
 */
export function orderedChanges(changes: readonly FieldChange[], asOf: Date | null): FieldChange[] {
  const kept = changes
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => (HISTORY_FIELDS as readonly string[]).includes(c.field))
    .filter(({ c }) => asOf === null || c.at.getTime() <= asOf.getTime())
    .sort((a, b) => a.c.at.getTime() - b.c.at.getTime() || a.i - b.i)
    .map(({ c }) => c);
  const out: FieldChange[] = [];
  for (const c of kept) {
    const last = out.at(-1);
    if (
      last &&
      c.field === "status_whiteboard" &&
      last.field === c.field &&
      last.at.getTime() === c.at.getTime() &&
      last.who === c.who
    ) {
      out[out.length - 1] = { ...last, removed: last.removed + c.removed, added: last.added + c.added };
    } else {
      out.push(c);
    }
  }
  return out;
}

/** The bug before `change`, given the bug after it. */
function undo(after: Snapshot, change: FieldChange): Snapshot {
  if (change.field === "blocks") {
    const blocks = new Set(after.blocks);
    for (const id of historyIds(change.added)) blocks.delete(id);
    for (const id of historyIds(change.removed)) blocks.add(id);
    return { ...after, blocks };
  }
  if (change.field === "status_whiteboard") return { ...after, whiteboard: change.removed };
  if (change.field === "bug_status") return { ...after, status: change.removed };
  return after;
}

/**
 * The moment the value `valueOf` gives the bug now began: the last change (oldest first) after which the
 * bug had its current value and before which it had another; the filing when it always had it.
 *
 * @param changes from {@link orderedChanges}.
 */
export function valueSince(
  changes: readonly FieldChange[],
  now: BugNow,
  valueOf: (bug: Readonly<Snapshot>) => unknown,
): Moment {
  let after: Snapshot = { blocks: new Set(now.blocks), whiteboard: now.whiteboard, status: now.status };
  const current = valueOf(after);
  for (let i = changes.length - 1; i >= 0; i--) {
    const change = changes[i]!;
    const before = undo(after, change);
    if (valueOf(before) !== current) return { at: change.at, who: change.who, index: i };
    after = before;
  }
  return { at: now.filedAt, who: now.filedBy, index: -1 };
}

type Kind = "blocker" | "fe";

/** A whiteboard's decision for one kind, whatever the bug blocks (see `deriveBugState`). */
function decision(whiteboard: string, kind: Kind): ReviewState {
  const both = deriveBugState({ blocks: [1, 2], whiteboard }, { blockerTrackerId: 1, feTrackerId: 2 });
  return (kind === "blocker" ? both.blocker : both.fe)!;
}

const REJECTED: Record<Kind, string> = { blocker: "RejectedBlocker", fe: "RejectedFreezeException" };

/**
 * Facts of one kind of a bug in one milestone (see {@link ProposalFacts}), or `null` when the bug does
 * not block that kind's tracker now.
 *
 * - proposed: the moment the bug last started to block the tracker; a bug that blocked it since it was
 *   filed was proposed by its reporter when it was filed.
 * - decided: the moment the whiteboard's decision for the kind (accepted / rejected / conflict) last
 *   changed to the current one; `null` fields when the whiteboard holds no decision.
 * - re-added after rejection: the whiteboard holds the kind's Rejected keyword (and no Accepted one)
 *   and the proposal moment comes strictly after the moment that keyword was set.
 */
export function proposalFacts(
  changes: readonly FieldChange[],
  now: BugNow,
  trackers: MilestoneTrackers,
  kind: Kind,
): ProposalFacts | null {
  const tracker = kind === "blocker" ? trackers.blockerTrackerId : trackers.feTrackerId;
  if (!now.blocks.includes(tracker)) return null;
  const ordered = orderedChanges(changes, now.asOf);
  const proposed = valueSince(ordered, now, (b) => b.blocks.has(tracker));
  const current = decision(now.whiteboard, kind);
  const decided =
    current === "proposed" ? null : valueSince(ordered, now, (b) => decision(b.whiteboard, kind));
  let reAdded = false;
  if (current === "rejected") {
    const rejected = valueSince(ordered, now, (b) =>
      hasToken(whiteboardTokens(b.whiteboard), REJECTED[kind]),
    );
    reAdded = proposed.index > rejected.index;
  }
  return {
    proposedAt: proposed.at,
    proposedBy: proposed.who,
    decidedAt: decided?.at ?? null,
    decidedBy: decided?.who ?? null,
    reAddedAfterRejection: reAdded,
  };
}

/**
 * The time Bugzilla's history gives for a change of a bug's derived state in a milestone (a history
 * event of `state-changes.ts`): the moment the field took its new value, or `null` when it dates from
 * the filing of the bug at an unknown time. `active` is whether the bug blocks one of the trackers,
 * `status` its Bugzilla status, the other fields those of `deriveBugState`.
 */
export function stateChangeTime(
  changes: readonly FieldChange[],
  now: BugNow,
  trackers: MilestoneTrackers,
  field: StateChange["field"],
): Date | null {
  const ordered = orderedChanges(changes, now.asOf);
  const since = valueSince(ordered, now, (b) => {
    if (field === "status") return b.status;
    const blocks = [...b.blocks];
    if (field === "active")
      return blocks.includes(trackers.blockerTrackerId) || blocks.includes(trackers.feTrackerId);
    return deriveBugState({ blocks, whiteboard: b.whiteboard }, trackers)[field];
  });
  return since.at;
}

/** A bug's proposal of one kind in one milestone as stored and shown (from {@link proposalFacts}). */
export interface ProposalRecord {
  proposedAt: Date | null;
  proposedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  /** Rejected before and proposed again since (see `re-proposal.ts`): listed as proposed. */
  previouslyRejected: boolean;
}

/**
 * A bug's proposals in one milestone: one record per kind whose tracker it blocks and whose history was
 * read; `null` for a kind it is not proposed as, or whose history is not known (yet).
 */
export interface MilestoneProposals {
  blocker: ProposalRecord | null;
  fe: ProposalRecord | null;
}

/** No proposal history known for either kind. */
export const NO_PROPOSALS: MilestoneProposals = Object.freeze({ blocker: null, fe: null });

/**
 * A bug's state in a milestone at a past moment, replayed from its recorded history: the state-change
 * events (`state-changes.ts`; each dated by Bugzilla's history when it says, else when a sync noticed
 * it) and, for the time before the first event, when the bug was proposed (`proposal-history.ts`).
 *
 * The first sync that sees a bug records one event per field from nothing to its value then, dated when
 * that value began: a bug proposed on the 3rd and accepted on the 21st gets `blocker: null → accepted`
 * on the 21st. Between the 3rd and the 21st it was proposed, which only its proposal time tells.
 *
 * Pure: no I/O.
 */
import type { ReviewState } from "./blocker-state.js";
import type { TrackedState } from "./state-changes.js";

/** One recorded change of a bug's state in one milestone (a BugEvent row). */
export interface RecordedEvent {
  id: number;
  /** A field of `TrackedState`: `active`, `blocker`, `fe`, `accepted0Day`, `acceptedPreviousRelease`, `status`. */
  field: string;
  oldValue: string | null;
  newValue: string | null;
  at: Date;
}

/** When a bug was (last) proposed for one kind in the milestone, when known. */
export interface KindProposal {
  kind: "blocker" | "fe";
  proposedAt: Date | null;
}

/** The part of a bug's tracked state that sections and counts read. */
export type StateAtTime = Pick<TrackedState, "active" | "blocker" | "fe" | "status">;

/** Events in the order they happened: by time, then by id (recording order). A new array. */
export function chronological<T extends { id: number; at: Date }>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
}

/**
 * The bug's state at `t` (events at `t` included).
 *
 * - Each field has the new value of its last event at or before `t`; a field no event has touched yet
 *   has no value (not active, no review state, unknown status `""`).
 * - Before a kind's first event, when that event records a first decision (`null → accepted`,
 *   `rejected` or `conflict`) and the kind's proposal time is at or before `t`, the kind was
 *   `proposed` then (and the bug active).
 *
 * @param events the bug's events in this milestone, in any order.
 */
export function stateAt(
  events: readonly RecordedEvent[],
  proposals: readonly KindProposal[],
  t: Date,
): StateAtTime {
  const state: StateAtTime = { active: false, blocker: null, fe: null, status: "" };
  const seen = new Set<string>();
  const first = new Map<string, RecordedEvent>();
  for (const e of chronological(events)) {
    if (!first.has(e.field)) first.set(e.field, e);
    if (e.at.getTime() > t.getTime()) continue;
    seen.add(e.field);
    if (e.field === "active") state.active = e.newValue === "true";
    else if (e.field === "blocker" || e.field === "fe")
      state[e.field] = (e.newValue as ReviewState | null) ?? null;
    else if (e.field === "status") state.status = e.newValue ?? "";
  }
  for (const p of proposals) {
    if (seen.has(p.kind) || p.proposedAt === null || p.proposedAt.getTime() > t.getTime()) continue;
    const firstEvent = first.get(p.kind);
    if (
      firstEvent &&
      firstEvent.oldValue === null &&
      firstEvent.newValue !== null &&
      firstEvent.newValue !== "proposed"
    ) {
      state[p.kind] = "proposed";
      if (!seen.has("active")) state.active = true;
    }
  }
  return state;
}

import type { DerivedBugState } from "./blocker-state";

/** A bug's tracked state for one milestone, as stored (derived state + membership + Bugzilla status). */
export interface TrackedState extends DerivedBugState {
  active: boolean;
  status: string;
}

/** One history entry: `field` changed from `oldValue` to `newValue` (stringified; null = none). */
export interface StateChange {
  field: keyof TrackedState;
  oldValue: string | null;
  newValue: string | null;
}

const FIELDS: readonly (keyof TrackedState)[] = [
  "active",
  "blocker",
  "fe",
  "accepted0Day",
  "acceptedPreviousRelease",
  "status",
];

/**
 * The history events between a stored state (`null` when the bug was never tracked for this milestone)
 * and the newly derived one, one per changed field, in a fixed field order. For a first sighting,
 * every field that is set (non-null, non-false, non-empty) is reported as a change from null.
 */
export function stateChanges(previous: TrackedState | null, next: TrackedState): StateChange[] {
  const changes: StateChange[] = [];
  for (const field of FIELDS) {
    const oldValue = previous ? show(previous[field]) : null;
    const newValue = show(next[field]);
    if (previous === null && (newValue === null || newValue === "false")) continue;
    if (oldValue !== newValue) changes.push({ field, oldValue, newValue });
  }
  return changes;
}

function show(value: string | boolean | null): string | null {
  if (value === null || value === "") return null;
  return String(value);
}

/** Sorts history events newest first (ties: higher id, i.e. recorded later, first). A new array. */
export function sortHistory<T extends { id: number; at: Date }>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id);
}

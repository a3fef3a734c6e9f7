/** Shared shapes of the sync steps (one per upstream source). */

/** A milestone a step works on: its id and release number. */
export interface StepMilestone {
  id: number;
  release: { number: number };
}

/**
 * What one step did: per-part results (per release, per ticket…), counters stored in `SyncRun.counts`,
 * and one line per failed part (empty when everything succeeded).
 */
export interface StepResult<R> {
  results: R[];
  counts: Record<string, number>;
  errors: string[];
  /** `SyncRun.kind` when the step decides it (default "full"). */
  kind?: "full" | "incremental";
  /** Extra fields stored in `SyncRun.details` next to `results`. */
  details?: Record<string, unknown>;
}

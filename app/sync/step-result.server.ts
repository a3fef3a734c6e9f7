/** Shared shapes of the sync steps (one per upstream source). */
import type { Db } from "~/db/db.server";
import type { ProgressFn } from "./bugzilla-step.server";

/** How much of a source a step reads: everything (`full`), or only what can have changed (`incremental`). */
export type SyncKind = "full" | "incremental";

/**
 * Told a step's kind as soon as the step has decided it, before it asks upstream anything (the sync
 * records its SyncRun with that kind, so a running run shows the kind it really is). Awaited.
 */
export type KindDecided = (kind: SyncKind) => Promise<unknown> | void;

/**
 * What the run tells a step: the clock, where progress lines go, whether to read everything, and who
 * hears the kind the step decides.
 */
export interface StepOptions {
  /** Read everything instead of only what can have changed since the last pass. */
  full?: boolean;
  now?: () => Date;
  progress?: ProgressFn;
  /** Hears the step's kind once the step has decided it, before upstream is asked. */
  onKind?: KindDecided;
}

/** A milestone a step works on: its id and release number. */
export interface StepMilestone {
  id: number;
  release: { number: number };
}

/**
 * What the run hands a step: the database, the source's client, the milestones whose active tracked
 * bugs it syncs, and the run's options (clock, progress lines, full pass).
 */
export interface StepRun<Client> extends StepOptions {
  db: Db;
  client: Client;
  milestones: readonly StepMilestone[];
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
  kind?: SyncKind;
  /** Extra fields stored in `SyncRun.details` next to `results`. */
  details?: Record<string, unknown>;
}

/**
 * Runs the parts of one step in order (e.g. Bodhi: the milestones' own releases, then the previous
 * releases of AcceptedPreviousRelease bugs) and merges what they did: results and errors in order,
 * counts added up, details merged, `kind` of the first part. A part that returns `null` had nothing to
 * do. A part that throws becomes one error line (its own data unchanged: a partial run) and does not
 * stop the others.
 * @throws Error joining the parts' errors when every part that had something to do threw (a failed
 *   run, as if the step were one).
 */
export async function runStepParts<R>(
  parts: readonly (() => Promise<StepResult<R> | null>)[],
): Promise<StepResult<R>> {
  const done: StepResult<R>[] = [];
  const thrown: string[] = [];
  for (const part of parts) {
    try {
      const result = await part();
      if (result) done.push(result);
    } catch (error) {
      thrown.push((error as Error).message);
    }
  }
  if (thrown.length > 0 && done.length === 0) throw new Error(thrown.join("; "));
  const counts: Record<string, number> = {};
  for (const r of done) for (const [k, v] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + v;
  return {
    results: done.flatMap((r) => r.results),
    counts,
    errors: [...done.flatMap((r) => r.errors), ...thrown],
    kind: done[0]?.kind,
    details: Object.assign({}, ...done.map((r) => r.details ?? {})),
  };
}

/**
 * The runs of `source` that started less than `maxAgeMs` before `now` and ended in one of `outcomes`
 * (default: success or partial), newest first: the passes an incremental pass of a step can start
 * from. `details` holds the `keys` of the step's `SyncRun.details` JSON as stored (its `results`, extra
 * fields) that the run has: only those are read (a Pagure run's results hold one entry per ticket, and
 * a day holds dozens of runs).
 */
export async function recentRuns(
  db: Db,
  source: string,
  opts: { now: Date; maxAgeMs: number; outcomes?: readonly string[]; keys: readonly string[] },
): Promise<{ id: number; kind: string; details: Record<string, unknown> }[]> {
  const rows = await db.$queryRaw<{ id: number; kind: string; details: Record<string, unknown> | null }[]>`
    SELECT id, kind::text AS kind,
      (SELECT jsonb_object_agg(k, details -> k) FROM unnest(${[...opts.keys]}::text[]) AS k
        WHERE jsonb_typeof(details) = 'object' AND details ? k) AS details
    FROM "SyncRun"
    WHERE source = ${source} AND outcome = ANY(${[...(opts.outcomes ?? ["success", "partial"])]}::text[])
      AND "startedAt" > ${new Date(opts.now.getTime() - opts.maxAgeMs)}
    ORDER BY "startedAt" DESC`;
  return rows.map((r) => ({ ...r, details: r.details ?? {} }));
}

/**
 * A sync's outcome in words, as the command line (`blockerbugs sync`) and the demo's start-up print it.
 * Pure: no I/O.
 */
import { countOf, formatCounts } from "~/components/words";
import type { SourceRunSummary, SyncSummary } from "./run-sync.server";

/**
 * One source's run: its name, outcome and counters in words, in their fixed order with the requests last;
 * Bugzilla adds how many milestones failed. E.g. `"bugzilla success: 1 milestone, 29 bugs read,
 * 3 changes, 0 bugs no longer tracked, 0 inaccessible bugs, 14 requests"`, `"koji failed: 1 request"`.
 */
export function describeSourceRun(
  run: Pick<SourceRunSummary, "source" | "outcome" | "counts" | "milestones">,
) {
  const failed = run.milestones.filter((m) => !m.ok).length;
  const parts = [
    formatCounts(run.counts),
    failed ? countOf(failed, "milestone failed", "milestones failed") : "",
  ];
  return `${run.source} ${run.outcome}: ${parts.filter(Boolean).join(", ") || "nothing done"}`;
}

/**
 * The one summary line of a sync: `"Sync done in 3.2 s: bugzilla success: …; bodhi success: …"`
 * (`FAILED` or `CANCELLED` instead of `done`; "nothing to do" without runs). `elapsedMs` in milliseconds.
 */
export function describeSync(summary: SyncSummary, elapsedMs: number): string {
  const state = summary.cancelled ? "CANCELLED" : summary.ok ? "done" : "FAILED";
  const runs = summary.runs.map(describeSourceRun).join("; ") || "nothing to do";
  return `Sync ${state} in ${(elapsedMs / 1000).toFixed(1)} s: ${runs}`;
}

/** View model of the admin page (`/admin`): releases with their milestones, recent sync runs, sync status. */
import { trackerLabel } from "~/admin/words";
import { buglistPath, formatUtc } from "~/components/format";
import { milestoneName } from "~/domain/milestone-name";
import { formatDuration } from "~/sync/status-view";
import type { listRecentSyncRuns, listReleasesWithMilestones } from "./queries.server";

/** A source's name in a sentence: `"bugzilla"` → `"Bugzilla"`. */
export function sourceName(source: string): string {
  return source.charAt(0).toUpperCase() + source.slice(1);
}

/** The sync status the admin page shows above the runs (and keeps up to date while a sync runs). */
export interface SyncStatusView {
  /** A sync holds the lock (on any node). */
  running: boolean;
  /** While running: the source's run going on now, with the kind its step decided. */
  current: { source: string; kind: string; startedAt: string; elapsed: string } | null;
  /** While idle: when the most recent finished run ended (`"2026-11-20 12:05 UTC"`); null when none. */
  lastFinishedAt: string | null;
}

/**
 * Builds what the admin page shows from its queries' results at `now`: `syncRunning` is whether the
 * sync lock was held (read before the runs).
 */
export function adminView(
  releases: Awaited<ReturnType<typeof listReleasesWithMilestones>>,
  runs: Awaited<ReturnType<typeof listRecentSyncRuns>>,
  syncRunning: boolean,
  now: Date,
) {
  const current = syncRunning ? runs.find((r) => r.outcome === "running") : undefined;
  const lastFinished = runs
    .map((r) => r.finishedAt)
    .filter((at): at is Date => at !== null)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  const sync: SyncStatusView = {
    running: syncRunning,
    current: current
      ? {
          source: current.source,
          kind: current.kind,
          startedAt: formatUtc(current.startedAt),
          elapsed: formatDuration(Math.max(0, (now.getTime() - current.startedAt.getTime()) / 1000)),
        }
      : null,
    lastFinishedAt: lastFinished ? formatUtc(lastFinished) : null,
  };
  return {
    releases: releases.map((r) => ({
      number: r.number,
      active: r.active,
      milestones: r.milestones.map((m) => ({
        id: m.id,
        name: milestoneName(r.number, m.version),
        path: buglistPath(r.number, m.version),
        blocker: trackerLabel(m.blockerTrackerId, m.blockerTrackerAlias),
        fe: trackerLabel(m.feTrackerId, m.feTrackerAlias),
        active: m.active,
        current: m.current,
        lastSyncAt: m.lastSyncAt ? formatUtc(m.lastSyncAt) : null,
        lastSyncError: m.lastSyncError,
      })),
    })),
    runs: runs.map((r) => ({
      id: r.id,
      source: r.source,
      kind: r.kind,
      outcome: r.outcome,
      startedAt: formatUtc(r.startedAt),
      finishedAt: r.finishedAt ? formatUtc(r.finishedAt) : null,
      error: r.error,
    })),
    sync,
  };
}

/**
 * The notice after "Sync now": what the server started. `full` is what the admin asked for; `first` is
 * the first source's run as it started (null: the sync was over before one started). An incremental
 * sync is full for Bugzilla when a milestone is new or was not fully synced for a day: the notice says
 * so rather than what was asked.
 */
export function syncStartedText(full: boolean, first: { source: string; kind: string } | null): string {
  if (!first) return "The sync started and is already over: its runs are listed below.";
  if (full) return "Full sync started in the background: every source reads everything again.";
  const name = sourceName(first.source);
  if (first.kind === "full")
    return `Sync started in the background: ${name} is doing a full sync, not an incremental one (a milestone is new or was not fully synced for a day).`;
  return `Incremental sync started in the background: ${name} reads what changed since the last sync.`;
}

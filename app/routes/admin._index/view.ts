/** View model of the admin page (`/admin`): releases with their milestones, recent sync runs. */
import { buglistPath, formatUtc } from "~/components/format";
import { milestoneName } from "~/domain/milestone-name";
import type { listRecentSyncRuns, listReleasesWithMilestones } from "./queries.server";

/** A tracker as the admin page shows it: `"F46BetaBlocker (2390101)"`, or the id alone without an alias. */
export function trackerLabel(id: number, alias: string | null): string {
  return alias ? `${alias} (${id})` : String(id);
}

/** Builds what the admin page shows from its queries' results. */
export function adminView(
  releases: Awaited<ReturnType<typeof listReleasesWithMilestones>>,
  runs: Awaited<ReturnType<typeof listRecentSyncRuns>>,
  syncRunning: boolean,
) {
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
    syncRunning,
  };
}

/**
 * View logic of the prioritized-bugs page (`/prioritized`, product spec §3 and §5): open bugs carrying
 * `fedora_prioritized_bug+`, with the milestones they are tracked for.
 *
 * Pure: no I/O, no server imports.
 */
import { isClosed, type ReviewState } from "~/domain/blocker-state";
import { buglistPath, timeView, type TimeView } from "~/components/format";
import { milestoneName } from "~/domain/milestone-name";
import { bugzillaBugUrl, formatStatus } from "~/domain/bug-fields";
import { compareMilestones } from "~/domain/milestone-name";
import type { PrioritizedBug } from "./queries.server";

/** One milestone a prioritized bug is tracked for. */
export interface PrioritizedMilestoneView {
  name: string;
  path: string;
  blocker: ReviewState | null;
  fe: ReviewState | null;
}

/** One row of the page (serialisable). */
export interface PrioritizedRowView {
  bugId: number;
  url: string;
  summary: string;
  component: string;
  status: string;
  needinfo: string[];
  lastChange: TimeView | null;
  /** Newest release first, then version order. */
  milestones: PrioritizedMilestoneView[];
}

/**
 * Builds the rows: open bugs only (status not `CLOSED`), ordered by component then bug id, each with
 * the milestones it is tracked for (newest release first).
 */
export function buildPrioritizedView(
  bugs: readonly PrioritizedBug[],
  opts: { now: Date; bugzillaUrl: string },
): PrioritizedRowView[] {
  return bugs
    .filter((b) => !isClosed(b.status))
    .sort((a, b) => a.component.localeCompare(b.component) || a.bugId - b.bugId)
    .map((b) => ({
      bugId: b.bugId,
      url: bugzillaBugUrl(opts.bugzillaUrl, b.bugId),
      summary: b.summary,
      component: b.component,
      status: formatStatus(b.status, b.resolution),
      needinfo: b.needinfo,
      lastChange: timeView(b.lastChangeTime, opts.now),
      milestones: [...b.milestones].sort(compareMilestones).map((m) => ({
        name: milestoneName(m.release, m.version),
        path: buglistPath(m.release, m.version),
        blocker: m.blocker,
        fe: m.fe,
      })),
    }));
}

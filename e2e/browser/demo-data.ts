/**
 * The demo dataset (e2e/fixtures/demo-upstream.json) after the demo's day of upstream changes
 * (e2e/fixtures/demo-day.ts), as `npm run demo` serves it, read back for browser specs, with the expected
 * states, current votes and updates derived from it by the product rules (not hard-coded numbers).
 */
import path from "node:path";
import { applyDatasetPatch, loadDataset } from "../sandbox/dataset";
import { demoDayOfChanges } from "../fixtures/demo-day";
import { deriveBugState, type MilestoneTrackers, type ReviewState } from "../../app/domain/blocker-state";
import {
  proposalFacts,
  type BugNow,
  type FieldChange,
  type ProposalFacts,
} from "../../app/domain/proposal-history";
import { withReProposals } from "../../app/domain/re-proposal";
import { votesFromComments, type TicketVote } from "../../app/domain/votes";

interface DemoBug {
  id: number;
  blocks: number[];
  whiteboard: string;
  summary: string;
  status: string;
  component: string | string[];
  creation_time: string;
  last_change_time: string;
  creator?: string;
}
interface DemoHistoryEntry {
  when: string;
  who: string;
  changes: { field_name: string; removed: string; added: string }[];
}
interface DemoUpdate {
  alias: string;
  status: string;
  request: string | null;
  karma: number;
  stable_karma: number | null;
  builds: { nvr: string }[];
  bugs: { bug_id: number }[];
  release: { name: string; stable_tag: string };
}
interface DemoIssue {
  id: number;
  title: string;
  tags: string[];
  full_url: string;
  comments: {
    id: number;
    comment: string;
    date_created: string;
    notification: boolean;
    user: { name: string };
  }[];
}

/** The demo's dataset after its day of changes (what does not depend on the time is the same whenever). */
function demoDataset(): unknown {
  const data = loadDataset(path.join(import.meta.dirname, "..", "fixtures", "demo-upstream.json"));
  const now = new Date();
  applyDatasetPatch(data, demoDayOfChanges(data, now), now);
  return data;
}

export const dataset = demoDataset() as {
  about: { trackers: Record<string, number> };
  bugzilla: { bugs: DemoBug[]; private: number[]; history: Record<string, DemoHistoryEntry[]> };
  bodhi: { updates: DemoUpdate[] };
  koji: { builds: Record<string, { tags: string[] }> };
  pagure: { issues: DemoIssue[] };
};

/** A readable bug of a milestone with its derived states. */
export interface MilestoneDemoBug extends DemoBug {
  blocker: ReviewState | null;
  fe: ReviewState | null;
  accepted0Day: boolean;
  acceptedPreviousRelease: boolean;
}

/** A milestone's tracker ids, from the dataset's `about`. */
export function trackersOf(release: number, version: string): MilestoneTrackers {
  return {
    blockerTrackerId: dataset.about.trackers[`${release}/${version}/blocker`]!,
    feTrackerId: dataset.about.trackers[`${release}/${version}/fe`]!,
  };
}

/** What the dataset's Bugzilla history says of a bug's proposal of one kind (proposal-history.ts). */
export function proposalOf(
  bug: DemoBug,
  trackers: MilestoneTrackers,
  kind: "blocker" | "fe",
): ProposalFacts | null {
  const changes: FieldChange[] = (dataset.bugzilla.history[String(bug.id)] ?? []).flatMap((e) =>
    e.changes.map((c) => ({
      at: new Date(e.when),
      who: e.who,
      field: c.field_name,
      removed: c.removed,
      added: c.added,
    })),
  );
  const now: BugNow = {
    blocks: bug.blocks,
    whiteboard: bug.whiteboard,
    status: bug.status,
    filedAt: new Date(bug.creation_time),
    filedBy: bug.creator ?? null,
    asOf: new Date(bug.last_change_time),
  };
  return proposalFacts(changes, now, trackers, kind);
}

/** The readable bugs of a milestone with their §3 states (re-proposals proposed again). */
export function milestoneBugs(release: number, version: string): MilestoneDemoBug[] {
  const trackers = trackersOf(release, version);
  return dataset.bugzilla.bugs
    .filter((b) => !dataset.bugzilla.private.includes(b.id))
    .filter((b) => b.blocks.includes(trackers.blockerTrackerId) || b.blocks.includes(trackers.feTrackerId))
    .map((b) => ({
      ...b,
      ...withReProposals(deriveBugState(b, trackers), {
        blocker: proposalOf(b, trackers, "blocker")?.reAddedAfterRejection ?? null,
        fe: proposalOf(b, trackers, "fe")?.reAddedAfterRejection ?? null,
      }),
    }))
    .sort((a, b) => a.id - b.id);
}

/** The discussion ticket of a bug (title `BUGID: …`), if any. */
export function ticketOf(bugId: number): DemoIssue | undefined {
  return dataset.pagure.issues.find((i) => new RegExp(`^\\s*${bugId}\\s*:`).test(i.title));
}

/** The current votes of a ticket, by the §4 rules (votes.ts). */
export function currentVotes(issue: DemoIssue): TicketVote[] {
  return votesFromComments(
    issue.comments.map((c) => ({
      id: c.id,
      author: c.user.name,
      text: c.comment,
      createdAt: new Date(Number(c.date_created) * 1000),
      notification: c.notification,
    })),
  );
}

/** The updates of a bug filed for a release (`F46`). */
export function updatesOf(bugId: number, release: number): DemoUpdate[] {
  return dataset.bodhi.updates.filter(
    (u) => u.release.name === `F${release}` && u.bugs.some((b) => b.bug_id === bugId),
  );
}

/** Whether Koji lists the update's release stable tag on the build. */
export function buildInStableTag(nvr: string, stableTag: string): boolean {
  return (dataset.koji.builds[nvr]?.tags ?? []).includes(stableTag);
}

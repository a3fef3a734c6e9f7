/**
 * View logic of the single-bug page (`/bug/:id`): the bug's fields, its state in every milestone it
 * is or was tracked for, and its history of state changes.
 *
 * Pure: no I/O, no server imports.
 */
import { type ReviewState } from "~/domain/blocker-state";
import { buglistPath, timeView } from "~/components/format";
import { milestoneName } from "~/domain/milestone-name";
import { bugzillaBugUrl } from "~/domain/bug-fields";
import { compareMilestones } from "~/domain/milestone-name";
import { discussionView } from "~/components/discussion-view";
import { updateView } from "~/components/update-view";
import { bodhiReleaseNumber, compareUpdates } from "~/domain/updates";
import { previousReleases, type BodhiReleaseState } from "~/domain/previous-release";
import { sortHistory } from "~/domain/state-changes";
import { bugHeadView } from "~/components/bug-view";
import type { BugDetail } from "~/db/bugs.server";
import { proposalView } from "~/components/proposal-view";

/** Display label of a review state: `"accepted"` → `"Accepted"`, `null` → `"—"` (not proposed). */
export function stateLabel(state: ReviewState | null): string {
  return state === null ? "—" : state.charAt(0).toUpperCase() + state.slice(1);
}

const FIELD_LABELS: Readonly<Record<string, string>> = Object.freeze({
  blocker: "Blocker",
  fe: "Freeze exception",
  accepted0Day: "Accepted 0-day",
  acceptedPreviousRelease: "Accepted previous release",
  active: "Tracked",
  status: "Status",
});

/** Display label of a history event's field: `"fe"` → `"Freeze exception"`; unknown fields as they are. */
export function eventFieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/**
 * Display text of a history event's old/new value: `null`/`""` → `"—"`; for `blocker`/`fe` the state
 * label; for `active` `"true"`/`"false"` → `"tracked"`/`"removed"`; for other boolean fields
 * `"yes"`/`"no"`; anything else verbatim.
 */
export function eventValueLabel(field: string, value: string | null): string {
  if (value === null || value === "") return "—";
  if (field === "blocker" || field === "fe") {
    return ["proposed", "accepted", "rejected", "conflict"].includes(value)
      ? stateLabel(value as ReviewState)
      : value;
  }
  if (value === "true" || value === "false") {
    if (field === "active") return value === "true" ? "tracked" : "removed";
    return value === "true" ? "yes" : "no";
  }
  return value;
}

/** A link to another bug. */
export interface BugLink {
  id: number;
  url: string;
}

/**
 * Builds the bug page view at `now`, with links into `bugzillaUrl`; `bodhiReleases` (Bodhi's current
 * releases as stored; default none) tell which updates are previous-release fixes: each update's
 * `previousReleaseFix` names the active milestones (e.g. `"Fedora 46 Beta"`) where the bug is an
 * AcceptedPreviousRelease blocker and the update's release is one of their previous stable releases.
 */
export function buildBugPageView(
  bug: BugDetail,
  opts: { now: Date; bugzillaUrl: string; bodhiReleases?: readonly BodhiReleaseState[] },
) {
  const link = (id: number): BugLink => ({ id, url: bugzillaBugUrl(opts.bugzillaUrl, id) });
  const open = new Set(bug.openDependsOn);
  const previousReleaseMilestones = [...bug.milestones]
    .filter((s) => s.active && s.acceptedPreviousRelease)
    .sort((a, b) => compareMilestones(a.milestone, b.milestone))
    .map((s) => ({
      name: milestoneName(s.milestone.release, s.milestone.version),
      previous: previousReleases(s.milestone.release, opts.bodhiReleases ?? []),
    }));
  return {
    ...bugHeadView(bug, opts.bugzillaUrl),
    whiteboard: bug.whiteboard,
    /** The assignee's Bugzilla login, `""` when not read yet. */
    assignee: bug.assignee,
    keywords: bug.keywords,
    needinfo: bug.needinfo,
    prioritized: bug.prioritized,
    dependsOn: bug.dependsOn.map((id) => ({ ...link(id), open: open.has(id) })),
    blocks: bug.blocks.map(link),
    lastChange: timeView(bug.lastChangeTime, opts.now),
    fetched: timeView(bug.fetchedAt, opts.now),
    inaccessible: bug.inaccessible,
    updates: [...bug.updates]
      .sort(
        (a, b) =>
          (bodhiReleaseNumber(b.releaseName) ?? 0) - (bodhiReleaseNumber(a.releaseName) ?? 0) ||
          compareUpdates(a, b),
      )
      .map((u) => ({
        ...updateView(u),
        previousReleaseFix: previousReleaseMilestones
          .filter((m) => m.previous.includes(bodhiReleaseNumber(u.releaseName) ?? -1))
          .map((m) => m.name),
      })),
    discussion: bug.discussion ? discussionView(bug.discussion) : null,
    milestones: [...bug.milestones]
      .sort((a, b) => compareMilestones(a.milestone, b.milestone))
      .map((s) => ({
        name: milestoneName(s.milestone.release, s.milestone.version),
        path: buglistPath(s.milestone.release, s.milestone.version),
        blocker: s.blocker,
        fe: s.fe,
        accepted0Day: s.accepted0Day,
        acceptedPreviousRelease: s.acceptedPreviousRelease,
        active: s.active,
        milestoneActive: s.milestone.active,
        current: s.milestone.current,
        /** When this milestone's sync first saw the bug (not when it was proposed). */
        firstSeen: timeView(s.firstSeenAt, opts.now),
        /** Who proposed it as a blocker / FE and when, and the decision; `null` when not known. */
        blockerProposal:
          s.blocker !== null && s.proposals.blocker ? proposalView(s.proposals.blocker, opts.now) : null,
        feProposal: s.fe !== null && s.proposals.fe ? proposalView(s.proposals.fe, opts.now) : null,
      })),
    history: sortHistory(bug.history).map((e) => ({
      id: e.id,
      at: timeView(e.at, opts.now),
      milestone: milestoneName(e.release, e.version),
      path: buglistPath(e.release, e.version),
      field: eventFieldLabel(e.field),
      old: eventValueLabel(e.field, e.oldValue),
      new: eventValueLabel(e.field, e.newValue),
      /** `at` is Bugzilla's time of the change (from its history), not when the sync noticed it. */
      fromBugzilla: e.atFromHistory,
    })),
  };
}

/** Everything the bug page shows (see {@link buildBugPageView}). */
export type BugPageView = ReturnType<typeof buildBugPageView>;

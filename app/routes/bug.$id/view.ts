/**
 * View logic of the single-bug page (`/bug/:id`): the bug's fields, its state in every milestone it
 * is or was tracked for, and its history of state changes.
 *
 * Pure: no I/O, no server imports.
 */
import { isClosed, type ReviewState } from "~/domain/blocker-state";
import { milestoneName, buglistPath, timeView, type TimeView } from "~/components/format";
import { bugzillaBugUrl, formatStatus } from "~/domain/bug-fields";
import { type MilestoneInfo } from "~/components/milestone-view";
import { compareMilestones } from "~/domain/milestone-name";
import { discussionView, type DiscussionInfo, type DiscussionView } from "~/components/discussion-view";
import { updateView, type UpdateInfo, type UpdateView } from "~/components/update-view";
import { bodhiReleaseNumber, compareUpdates } from "~/domain/updates";
import { sortHistory } from "~/domain/state-changes";

/** A bug's state in one milestone, as loaded (see `getBugDetail`). */
export interface BugMilestoneState {
  milestone: MilestoneInfo;
  blocker: ReviewState | null;
  fe: ReviewState | null;
  accepted0Day: boolean;
  acceptedPreviousRelease: boolean;
  /** False once the bug no longer blocks either tracker of the milestone. */
  active: boolean;
  firstSeenAt: Date;
}

/** One history event of a bug, as loaded (see `getBugDetail`). */
export interface BugHistoryEvent {
  id: number;
  release: number;
  version: string;
  /** `"blocker"` | `"fe"` | `"accepted0Day"` | `"acceptedPreviousRelease"` | `"active"` | `"status"`. */
  field: string;
  oldValue: string | null;
  newValue: string | null;
  at: Date;
}

/** A bug with its per-milestone states and history, as loaded (see `getBugDetail`). */
export interface BugDetail {
  bugId: number;
  alias: string[];
  summary: string;
  component: string;
  status: string;
  resolution: string;
  whiteboard: string;
  keywords: string[];
  needinfo: string[];
  prioritized: boolean;
  dependsOn: number[];
  openDependsOn: number[];
  blocks: number[];
  lastChangeTime: Date | null;
  /** `"private"` | `"missing"` when Bugzilla would not give us the bug; `null` when readable. */
  inaccessible: string | null;
  fetchedAt: Date | null;
  /** Bodhi updates listing the bug (every release and status). */
  updates: UpdateInfo[];
  /** The bug's discussion ticket, or `null` when it has none. */
  discussion: DiscussionInfo | null;
  milestones: BugMilestoneState[];
  /** Events in any order (the view sorts them newest first). */
  history: BugHistoryEvent[];
}

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

/** The bug page, ready to render (serialisable). */
export interface BugPageView {
  bugId: number;
  url: string;
  alias: string[];
  summary: string;
  component: string;
  /** Status with resolution, e.g. `"CLOSED ERRATA"`. */
  status: string;
  closed: boolean;
  whiteboard: string;
  keywords: string[];
  needinfo: string[];
  prioritized: boolean;
  dependsOn: (BugLink & { open: boolean })[];
  blocks: BugLink[];
  lastChange: TimeView | null;
  fetched: TimeView | null;
  inaccessible: string | null;
  /**
   * Every update listing the bug: newest release first, live ones before obsolete / unpushed /
   * revoked ones (`dead`, shown muted), then by alias.
   */
  updates: UpdateView[];
  discussion: DiscussionView | null;
  /** Newest release first, then version order. */
  milestones: {
    name: string;
    path: string;
    blocker: ReviewState | null;
    fe: ReviewState | null;
    accepted0Day: boolean;
    acceptedPreviousRelease: boolean;
    active: boolean;
    milestoneActive: boolean;
    current: boolean;
    firstSeen: TimeView | null;
  }[];
  /** Newest first. */
  history: {
    id: number;
    at: TimeView | null;
    milestone: string;
    path: string;
    field: string;
    old: string;
    new: string;
  }[];
}

/** Builds the bug page view at `now`, with links into `bugzillaUrl`. */
export function buildBugPageView(bug: BugDetail, opts: { now: Date; bugzillaUrl: string }): BugPageView {
  const link = (id: number): BugLink => ({ id, url: bugzillaBugUrl(opts.bugzillaUrl, id) });
  const open = new Set(bug.openDependsOn);
  return {
    bugId: bug.bugId,
    url: bugzillaBugUrl(opts.bugzillaUrl, bug.bugId),
    alias: bug.alias,
    summary: bug.summary,
    component: bug.component,
    status: formatStatus(bug.status, bug.resolution),
    closed: isClosed(bug.status),
    whiteboard: bug.whiteboard,
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
      .map(updateView),
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
        firstSeen: timeView(s.firstSeenAt, opts.now),
      })),
    history: sortHistory(bug.history).map((e) => ({
      id: e.id,
      at: timeView(e.at, opts.now),
      milestone: milestoneName(e.release, e.version),
      path: buglistPath(e.release, e.version),
      field: eventFieldLabel(e.field),
      old: eventValueLabel(e.field, e.oldValue),
      new: eventValueLabel(e.field, e.newValue),
    })),
  };
}

/**
 * Parses the `:id` of `/bug/:id` and `/api/v1/bugs/:id`: a positive decimal integer (up to 10 digits)
 * → the number; anything else → `null` (the caller answers 400).
 */
export function parseBugId(raw: string | undefined): number | null {
  return parseIdParam(raw);
}

/** Why `raw` is not a bug id (for `parseBugId` returning null): the 400 message of the page and the API. */
export function notABugIdMessage(raw: string | undefined): string {
  return `"${raw ?? ""}" is not a bug id: bug ids are whole numbers from 1 to 2147483647`;
}

/**
 * Parses a numeric id from a URL (`/bug/:id`, `/propose/:id`, `/admin/milestones/:id`): a positive
 * decimal integer that fits PostgreSQL's `integer` (1 to 2147483647) → the number; anything else → `null`.
 */
export function parseIdParam(raw: string | undefined): number | null {
  if (raw === undefined || !/^[0-9]{1,10}$/.test(raw)) return null;
  const n = Number(raw);
  return n > 0 && n <= 2_147_483_647 ? n : null;
}

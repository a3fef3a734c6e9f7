/**
 * View logic of a milestone's bug list (product spec §5): which section each bug goes in, open/closed
 * counts, filtering and sorting from the query string, and the serialisable rows the page renders.
 *
 * Pure: no I/O, no server imports.
 */
import { conflictKeywords, isClosed } from "~/domain/blocker-state";
import { compareStatus } from "~/domain/status-order";
import {
  countOpenClosed,
  groupSections,
  SECTIONS,
  splitNeverRead,
  type OpenClosed,
  type Placed,
  type SectionDef,
  type SectionKey,
  type TrackerKind,
} from "~/domain/sections";
import { discussionView } from "~/components/discussion-view";
import { timeView } from "~/components/format";
import { bugzillaBugUrl } from "~/domain/bug-fields";
import { milestoneUpdates } from "~/components/update-view";
import { bugHeadView } from "~/components/bug-view";
import type { MilestoneBug } from "~/db/bugs.server";
import {
  personView,
  proposalView,
  proposedTime,
  rowProposal,
  type ProposalView,
} from "~/components/proposal-view";
import { updateReleasesFor } from "~/domain/previous-release";

// ---------------------------------------------------------------------------------------------------
// Query string: filter and sort

/** Columns the list can be sorted by (`?sort=`); `proposed` is the age of the proposal. */
export type SortKey = "id" | "component" | "status" | "summary" | "proposed" | "lastChange";

/** Sort direction (`?dir=`). */
export type SortDir = "asc" | "desc";

const SORT_KEYS: readonly SortKey[] = ["id", "component", "status", "summary", "proposed", "lastChange"];

/**
 * Direction a column sorts in when first clicked: newest change first, oldest proposal first (the one
 * waiting longest), everything else ascending.
 */
export const DEFAULT_DIR: Readonly<Record<SortKey, SortDir>> = Object.freeze({
  id: "asc",
  component: "asc",
  status: "asc",
  summary: "asc",
  proposed: "asc",
  lastChange: "desc",
});

/** Special values of the status filter (besides a literal Bugzilla status). */
export const STATUS_OPEN = "open";
export const STATUS_CLOSED = "closed";

/** Filter and sort settings of the bug list, parsed from the URL. */
export interface BuglistQuery {
  /** Exact component, or `""` for any. */
  component: string;
  /** `""` (any), `"open"`, `"closed"` or an exact Bugzilla status such as `"ON_QA"`. */
  status: string;
  /** Free text (trimmed), or `""`. */
  q: string;
  sort: SortKey;
  dir: SortDir;
}

/**
 * Reads the bug-list query string: `component`, `status`, `q`, `sort` (`id` | `component` | `status` |
 * `summary` | `proposed` | `lastChange`; default `id`) and `dir` (`asc` | `desc`; default per column, see
 * {@link DEFAULT_DIR}). Unknown values fall back to the defaults; text values are trimmed and capped
 * at 200 characters.
 */
export function parseBuglistQuery(params: URLSearchParams): BuglistQuery {
  const text = (name: string): string => (params.get(name) ?? "").trim().slice(0, 200);
  const rawSort = text("sort");
  const sort: SortKey = (SORT_KEYS as readonly string[]).includes(rawSort) ? (rawSort as SortKey) : "id";
  const rawDir = text("dir");
  const dir: SortDir = rawDir === "asc" || rawDir === "desc" ? rawDir : DEFAULT_DIR[sort];
  const status = text("status");
  return {
    component: text("component"),
    status: status === STATUS_OPEN || status === STATUS_CLOSED ? status : status.toUpperCase(),
    q: text("q"),
    sort,
    dir,
  };
}

/** Whether any filter (component, status or text) is set. */
export function isFiltered(query: BuglistQuery): boolean {
  return query.component !== "" || query.status !== "" || query.q !== "";
}

/**
 * Keeps the bugs matching every set filter:
 * - `component`: exact match;
 * - `status`: `"open"` = not CLOSED, `"closed"` = CLOSED, otherwise the exact status (case-insensitive);
 * - `q`: case-insensitive substring of the summary, component, whiteboard, bug id, an alias or the
 *   alias of one of its updates (a leading `#` is ignored, so `#2410101` finds bug 2410101).
 */
export function filterBugs<T extends MilestoneBug>(bugs: readonly T[], query: BuglistQuery): T[] {
  const needle = query.q.replace(/^#/, "").toLowerCase();
  const status = query.status.toUpperCase();
  return bugs.filter((b) => {
    if (query.component !== "" && b.component !== query.component) return false;
    if (query.status === STATUS_OPEN && isClosed(b.status)) return false;
    if (query.status === STATUS_CLOSED && !isClosed(b.status)) return false;
    if (
      query.status !== "" &&
      query.status !== STATUS_OPEN &&
      query.status !== STATUS_CLOSED &&
      b.status.toUpperCase() !== status
    ) {
      return false;
    }
    if (needle !== "") {
      const haystack = [
        b.summary,
        b.component,
        b.whiteboard,
        String(b.bugId),
        ...b.alias,
        ...b.updates.map((u) => u.alias),
      ];
      if (!haystack.some((h) => h.toLowerCase().includes(needle))) return false;
    }
    return true;
  });
}

/**
 * Comparator of one sort key (ascending), ties broken by bug id. `proposed` compares the time the bug
 * was proposed as one of `kinds` (see `proposedTime`).
 */
function comparator(
  sort: SortKey,
  kinds: readonly TrackerKind[],
): (a: MilestoneBug, b: MilestoneBug) => number {
  const byId = (a: MilestoneBug, b: MilestoneBug): number => a.bugId - b.bugId;
  switch (sort) {
    case "component":
      return (a, b) => a.component.localeCompare(b.component) || byId(a, b);
    case "status":
      return (a, b) =>
        compareStatus(a.status, b.status) || a.resolution.localeCompare(b.resolution) || byId(a, b);
    case "summary":
      return (a, b) => a.summary.localeCompare(b.summary) || byId(a, b);
    case "proposed":
      return (a, b) =>
        (proposedTime(a.proposals, kinds)?.getTime() ?? 0) -
          (proposedTime(b.proposals, kinds)?.getTime() ?? 0) || byId(a, b);
    case "lastChange":
      // Unknown change times count as oldest.
      return (a, b) => (a.lastChangeTime?.getTime() ?? 0) - (b.lastChangeTime?.getTime() ?? 0) || byId(a, b);
    case "id":
      return byId;
  }
}

/**
 * Sorts bugs (a new array) by `sort`/`dir`. Open bugs always come first and closed bugs (status
 * CLOSED) last, each group in the requested order, so the bugs still needing work stay on top. By
 * `proposed`, the age of the proposal as one of `kinds` (default both), bugs whose proposal time is not
 * known come last in each group.
 */
export function sortBugs<T extends MilestoneBug>(
  bugs: readonly T[],
  sort: SortKey,
  dir: SortDir,
  kinds: readonly TrackerKind[] = ["blocker", "fe"],
): T[] {
  const cmp = comparator(sort, kinds);
  const sign = dir === "asc" ? 1 : -1;
  const unknown = (b: MilestoneBug) =>
    Number(sort === "proposed" && proposedTime(b.proposals, kinds) === null);
  return [...bugs].sort((a, b) => {
    const closed = Number(isClosed(a.status)) - Number(isClosed(b.status));
    return closed || unknown(a) - unknown(b) || sign * cmp(a, b);
  });
}

/** Query string (with leading `?`, or `""` when empty) for the given settings; defaults are omitted. */
export function buglistSearch(query: BuglistQuery): string {
  const p = new URLSearchParams();
  if (query.component) p.set("component", query.component);
  if (query.status) p.set("status", query.status);
  if (query.q) p.set("q", query.q);
  if (query.sort !== "id") p.set("sort", query.sort);
  if (query.sort !== "id" || query.dir !== DEFAULT_DIR.id) p.set("dir", query.dir);
  const s = p.toString();
  return s === "" ? "" : `?${s}`;
}

/** A column header's sort link. */
export interface SortLink {
  /** Query string for the link, keeping the filters. */
  href: string;
  /** `aria-sort` of the header: `"ascending"`/`"descending"` when the list is sorted by it, else `"none"`. */
  ariaSort: "ascending" | "descending" | "none";
}

/**
 * Sort link of a column: clicking the current sort column flips its direction, any other column sorts
 * by it in its default direction ({@link DEFAULT_DIR}). Filters (component, status, q) are kept.
 */
export function sortLink(query: BuglistQuery, key: SortKey): SortLink {
  const active = query.sort === key;
  const dir: SortDir = active ? (query.dir === "asc" ? "desc" : "asc") : DEFAULT_DIR[key];
  return {
    href: buglistSearch({ ...query, sort: key, dir }),
    ariaSort: active ? (query.dir === "asc" ? "ascending" : "descending") : "none",
  };
}

// ---------------------------------------------------------------------------------------------------
// The page's view model

/** The kinds each section is about (for the proposal age of its rows). */
const SECTION_KINDS: Readonly<Record<SectionKey, readonly TrackerKind[]>> = Object.freeze({
  proposedBlockers: ["blocker"],
  acceptedBlockers: ["blocker"],
  proposedFEs: ["fe"],
  acceptedFEs: ["fe"],
  conflicts: ["blocker", "fe"],
  rejected: ["blocker", "fe"],
});

/**
 * One table row of the bug list, ready to render (serialisable): the bug's fields formatted for
 * display (the assignee and the needinfo requestees as short names with their logins), `kinds` (which
 * of blocker and FE the row is about, in Conflicts / Rejected), `clashes` (for each kind of the row in
 * conflict, the whiteboard keywords that clash, see `conflictKeywords`), the live
 * updates of the milestone's release and, for an AcceptedPreviousRelease bug, of `previousReleases`
 * (the previous stable releases, default none) after them (`deadUpdates` counts the obsolete,
 * unpushed and revoked ones left out; `release` is the milestone's, so the page can label updates of
 * other releases) and the discussion ticket's tallies.
 */
export function bugRowView(
  { bug, kinds }: Placed<MilestoneBug>,
  opts: { now: Date; bugzillaUrl: string; release: number; previousReleases?: readonly number[] },
) {
  const updates = milestoneUpdates(
    bug.updates,
    updateReleasesFor(bug, opts.release, opts.previousReleases ?? []),
  );
  return {
    ...bugHeadView(bug, opts.bugzillaUrl),
    assignee: bug.assignee ? personView(bug.assignee) : null,
    needinfo: bug.needinfo.map(personView),
    openDependsOn: bug.openDependsOn.map((id) => ({ id, url: bugzillaBugUrl(opts.bugzillaUrl, id) })),
    lastChange: timeView(bug.lastChangeTime, opts.now),
    accepted0Day: bug.accepted0Day,
    acceptedPreviousRelease: bug.acceptedPreviousRelease,
    kinds,
    clashes: kinds.flatMap((kind) =>
      bug[kind] === "conflict" ? [{ kind, keywords: conflictKeywords(bug.whiteboard, kind) }] : [],
    ),
    /** Who proposed it and when, for the row's kinds (see `rowProposal`); `null` when not known. */
    proposal: rowProposalView(bug, kinds, opts.now),
    inaccessible: bug.inaccessible,
    release: opts.release,
    updates: updates.live,
    deadUpdates: updates.deadCount,
    discussion: bug.discussion ? discussionView(bug.discussion) : null,
  };
}

/** The proposal shown in a row about `kinds` (see `rowProposal`), or `null` when not known. */
function rowProposalView(bug: MilestoneBug, kinds: readonly TrackerKind[], now: Date): ProposalView | null {
  const record = rowProposal(bug.proposals, kinds);
  return record ? proposalView(record, now) : null;
}

/** One table row of the bug list (see {@link bugRowView}). */
export type BugRowView = ReturnType<typeof bugRowView>;

/** One section of the page. */
export interface SectionView extends SectionDef {
  rows: BugRowView[];
  counts: OpenClosed;
}

/** One `<option>` of a filter select. */
export interface FilterOption {
  value: string;
  label: string;
}

/** Everything the bug-list page shows below the milestone header. */
export interface BuglistView {
  query: BuglistQuery;
  filtered: boolean;
  /** Sections in page order; Conflicts is left out when it has no bugs (before filtering). */
  sections: SectionView[];
  /** Listed active bugs (all but the never-read ones) before / after filtering. */
  totalBugs: number;
  matchingBugs: number;
  /**
   * Options of the filter selects: "All …", then (status only) open/closed, then the distinct values
   * of the listed bugs (components sorted, statuses in workflow order). A value in the query that no
   * listed bug has is appended as `"<value> (no bugs)"`, so the select shows the filter actually
   * applied rather than "All …".
   */
  filterOptions: { component: FilterOption[]; status: FilterOption[] };
  /**
   * The distinct `inaccessible` reasons (`"missing"`, `"private"`; sorted) of listed bugs Bugzilla no
   * longer shows us, i.e. the badges to explain; empty when every listed bug is readable.
   */
  staleReasons: string[];
  /** Bugs we never could read (no data; listed apart, not in the sections), by id. */
  neverRead: { bugId: number; url: string; reason: string }[];
  /** Sort links per column. */
  sortLinks: Record<SortKey, SortLink>;
}

/**
 * Options of a filter select: `first` ("All …"), `fixed` ones, then `values`; the applied `current`
 * value is appended as `"<value> (no bugs)"` when it is none of these.
 */
export function filterOptions(
  first: FilterOption,
  fixed: readonly FilterOption[],
  values: readonly string[],
  current: string,
): FilterOption[] {
  const options = [first, ...fixed, ...values.map((v) => ({ value: v, label: v }))];
  if (!options.some((o) => o.value === current))
    options.push({ value: current, label: `${current} (no bugs)` });
  return options;
}

/**
 * Builds the bug-list view: sets never-read bugs apart, filters and sorts the others (readable ones
 * and those turned private/missing, with their last known data), groups them into sections with
 * open/closed counts, and formats times relative to `now`. Each row shows the live updates filed for
 * `opts.release`, and for an AcceptedPreviousRelease bug those of `opts.previousReleases` (the
 * previous stable releases, see `previousReleases`; default none) after them (see `milestoneUpdates`),
 * and the discussion ticket's tallies. `rowView` makes each row (default {@link bugRowView} with
 * `opts`): the page passes one that keeps rows across views.
 */
export function buildBuglistView(
  bugs: readonly MilestoneBug[],
  query: BuglistQuery,
  opts: { now: Date; bugzillaUrl: string; release: number; previousReleases?: readonly number[] },
  rowView: (placed: Placed<MilestoneBug>) => BugRowView = (placed) => bugRowView(placed, opts),
): BuglistView {
  const { listed, neverRead } = splitNeverRead(bugs);
  const matching = filterBugs(listed, query);
  const grouped = groupSections(matching);
  // Sorted per section: a bug's proposal age depends on the kind the section is about.
  for (const def of SECTIONS) {
    const placed = new Map(grouped[def.key].map((p) => [p.bug, p]));
    grouped[def.key] = sortBugs([...placed.keys()], query.sort, query.dir, SECTION_KINDS[def.key]).map((b) =>
      placed.get(b)!,
    );
  }
  const hasConflicts = listed.some((b) => b.blocker === "conflict" || b.fe === "conflict");
  const sections = SECTIONS.filter((def) => def.key !== "conflicts" || hasConflicts).map((def) => ({
    ...def,
    rows: grouped[def.key].map(rowView),
    counts: countOpenClosed(grouped[def.key].map((p) => p.bug)),
  }));
  const sortLinks = {} as Record<SortKey, SortLink>;
  for (const key of SORT_KEYS) sortLinks[key] = sortLink(query, key);
  const components = [...new Set(listed.map((b) => b.component).filter((c) => c !== ""))].sort((a, b) =>
    a.localeCompare(b),
  );
  const statuses = [...new Set(listed.map((b) => b.status.toUpperCase()).filter((s) => s !== ""))].sort(
    compareStatus,
  );
  return {
    query,
    filtered: isFiltered(query),
    sections,
    totalBugs: listed.length,
    matchingBugs: matching.length,
    filterOptions: {
      component: filterOptions({ value: "", label: "All components" }, [], components, query.component),
      status: filterOptions(
        { value: "", label: "All statuses" },
        [
          { value: STATUS_OPEN, label: "Open (not CLOSED)" },
          { value: STATUS_CLOSED, label: "Closed" },
        ],
        statuses,
        query.status,
      ),
    },
    staleReasons: [
      ...new Set(listed.flatMap((b) => (b.inaccessible === null ? [] : [b.inaccessible]))),
    ].sort(),
    neverRead: [...neverRead]
      .sort((a, b) => a.bugId - b.bugId)
      .map((b) => ({
        bugId: b.bugId,
        url: bugzillaBugUrl(opts.bugzillaUrl, b.bugId),
        reason: b.inaccessible ?? "not read yet",
      })),
    sortLinks,
  };
}

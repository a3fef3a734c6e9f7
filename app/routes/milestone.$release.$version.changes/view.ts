/**
 * View model of a milestone's changes page: the window, the links to other windows, and the changes
 * grouped by UTC day with the bugs they are about.
 */
import type { BadgeTone } from "~/components/ui/badge";
import { formatUtc, milestonePath, shortNames } from "~/components/format";
import type { ChangeWindow } from "~/domain/change-window";
import { bugzillaBugUrl } from "~/domain/bug-fields";
import { formatMeetingSchedule, type MeetingSchedule } from "~/domain/meeting-schedule";
import { changesByDay, type ChangeKind, type MilestoneChange } from "~/domain/milestone-changes";

/** What a change row shows of its bug. */
export interface ChangeBugInfo {
  summary: string;
  component: string;
}

/** One change as a table row. */
export interface ChangeRowView {
  id: string;
  /** `14:05` (UTC). */
  time: string;
  /** ISO time, for `<time dateTime>`. */
  at: string;
  bugId: number;
  bugzillaUrl: string;
  summary: string;
  component: string;
  kind: ChangeKind;
  /** Short label of the kind ("Proposed", "Accepted", "Votes"). */
  label: string;
  tone: BadgeTone;
  text: string;
  who: string | null;
  update: { alias: string; url: string } | null;
}

/** One link to a window. */
export interface WindowLink {
  label: string;
  href: string;
  current: boolean;
}

/** The page's view model (serialisable). */
export interface ChangesPageView {
  window: {
    /** "since the last blocker review meeting (Mon 16:00 UTC): 2026-11-30 16:00 UTC". */
    description: string;
    since: string;
    until: string;
    /** The `since` date for the date field, `YYYY-MM-DD`. */
    sinceDate: string;
  };
  links: WindowLink[];
  feedHref: string;
  days: { day: string; label: string; changes: ChangeRowView[] }[];
  total: number;
  bugCount: number;
}

const KIND_LABELS: Record<ChangeKind, [string, BadgeTone]> = {
  proposed: ["Proposed", "blue"],
  reproposed: ["Re-proposed", "blue"],
  accepted: ["Accepted", "green"],
  rejected: ["Rejected", "gray"],
  conflict: ["Conflict", "red"],
  undecided: ["Undecided", "amber"],
  withdrawn: ["Withdrawn", "gray"],
  special: ["Accepted", "green"],
  added: ["Added", "blue"],
  returned: ["Back", "blue"],
  dropped: ["Dropped", "gray"],
  movedIn: ["Moved in", "violet"],
  movedOut: ["Moved out", "violet"],
  closed: ["Closed", "gray"],
  reopened: ["Reopened", "amber"],
  status: ["Status", "gray"],
  updateSubmitted: ["Update", "amber"],
  updateTesting: ["Testing", "amber"],
  updateStable: ["Stable", "green"],
  votes: ["Votes", "violet"],
};

/** `2026-12-05` → `Saturday, 5 December 2026`. */
export function dayLabel(day: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${day}T00:00:00Z`));
}

/** The page's query string for a `since` value (none for the default window). */
export function sinceSearch(param: string): string {
  return param ? `?${new URLSearchParams({ since: param }).toString()}` : "";
}

/**
 * Builds the page: the window described, links to the last meeting / 7 days / 30 days (the current one
 * marked), the feed's address, and the changes by day, newest first.
 */
export function buildChangesView(
  changes: readonly MilestoneChange[],
  bugs: ReadonlyMap<number, ChangeBugInfo>,
  opts: {
    window: ChangeWindow;
    schedule: MeetingSchedule;
    release: number;
    version: string;
    bugzillaUrl: string;
  },
): ChangesPageView {
  const { window } = opts;
  const path = milestonePath(opts.release, opts.version, "changes");
  const since = formatUtc(window.since);
  const description =
    window.preset === "meeting"
      ? `since the last blocker review meeting (${formatMeetingSchedule(opts.schedule)}), ${since}`
      : window.preset === "days"
        ? `in the last ${window.days} days, since ${since}`
        : `since ${since}`;
  const links: WindowLink[] = [
    { label: "Since the last meeting", href: path, current: window.preset === "meeting" },
    { label: "Last 7 days", href: `${path}?since=7d`, current: window.param === "7d" },
    { label: "Last 30 days", href: `${path}?since=30d`, current: window.param === "30d" },
  ];
  const row = (c: MilestoneChange): ChangeRowView => {
    const bug = bugs.get(c.bugId);
    const [label, tone] = KIND_LABELS[c.kind];
    return {
      id: c.id,
      time: c.at.toISOString().slice(11, 16),
      at: c.at.toISOString(),
      bugId: c.bugId,
      bugzillaUrl: bugzillaBugUrl(opts.bugzillaUrl, c.bugId),
      summary: bug?.summary ?? "",
      component: bug?.component ?? "",
      kind: c.kind,
      label,
      tone,
      text: c.text,
      who: shortNames(c.who),
      update: c.update,
    };
  };
  return {
    window: {
      description,
      since,
      until: formatUtc(window.until),
      sinceDate: window.since.toISOString().slice(0, 10),
    },
    links,
    feedHref: `${path}.atom${sinceSearch(window.preset === "meeting" ? "" : window.param)}`,
    days: changesByDay(changes).map((d) => ({
      day: d.day,
      label: dayLabel(d.day),
      changes: d.changes.map(row),
    })),
    total: changes.length,
    bugCount: new Set(changes.map((c) => c.bugId)).size,
  };
}

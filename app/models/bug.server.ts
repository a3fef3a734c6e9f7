/**
 * Read queries for bugs (bug list, bug page, API). Every query selects its columns explicitly and
 * returns plain objects shaped by the pure view modules in `app/lib/`.
 */
import type { Db } from "~/db/db.server";
import type { BugDetail } from "~/lib/bug-view";
import type { BuglistBug } from "~/lib/buglist-view";
import { MILESTONE_SELECT, toMilestoneInfo } from "./milestone.server";

/** Bug columns shown in lists. */
const BUG_LIST_SELECT = {
  id: true,
  alias: true,
  summary: true,
  component: true,
  status: true,
  resolution: true,
  whiteboard: true,
  needinfo: true,
  dependsOn: true,
  openDependsOn: true,
  lastChangeTime: true,
  inaccessible: true,
  fetchedAt: true,
} as const;

/**
 * The active bugs of one milestone, ordered by bug id. Inaccessible ones are included: those once
 * read (`fetchedAt` set) with their last known data, those never read with empty fields; the views
 * tell them apart by `fetchedAt`.
 *
 * @returns `BuglistBug[]` = `{ bugId, alias, summary, component, status, resolution, whiteboard,
 *   needinfo, dependsOn, openDependsOn, lastChangeTime, inaccessible, fetchedAt, blocker, fe,
 *   accepted0Day, acceptedPreviousRelease }[]`
 */
export async function listMilestoneBugs(db: Db, milestoneId: number): Promise<BuglistBug[]> {
  const rows = await db.milestoneBug.findMany({
    where: { milestoneId, active: true },
    select: {
      blocker: true,
      fe: true,
      accepted0Day: true,
      acceptedPreviousRelease: true,
      bug: { select: BUG_LIST_SELECT },
    },
    orderBy: { bugId: "asc" },
  });
  return rows.map(({ bug: { id, ...bug }, ...state }) => ({ bugId: id, ...bug, ...state }));
}

/** At most this many history events are loaded for one bug (newest kept). */
export const HISTORY_LIMIT = 1000;

/**
 * One bug with its state in every milestone it is or was tracked for (active or not) and its history
 * (newest first, at most {@link HISTORY_LIMIT} events), or `null` when the bug is not in the database.
 *
 * @returns `BugDetail | null` = `{ bugId, alias, summary, component, status, resolution, whiteboard,
 *   keywords, needinfo, prioritized, dependsOn, openDependsOn, blocks, lastChangeTime, inaccessible,
 *   fetchedAt, milestones: { milestone: MilestoneInfo, blocker, fe, accepted0Day,
 *   acceptedPreviousRelease, active, firstSeenAt }[], history: { id, release, version, field,
 *   oldValue, newValue, at }[] }`
 */
export async function getBugDetail(db: Db, bugId: number): Promise<BugDetail | null> {
  const bug = await db.bug.findUnique({
    where: { id: bugId },
    select: {
      ...BUG_LIST_SELECT,
      keywords: true,
      prioritized: true,
      blocks: true,
      milestones: {
        select: {
          blocker: true,
          fe: true,
          accepted0Day: true,
          acceptedPreviousRelease: true,
          active: true,
          firstSeenAt: true,
          milestone: { select: MILESTONE_SELECT },
        },
      },
      events: {
        select: {
          id: true,
          field: true,
          oldValue: true,
          newValue: true,
          at: true,
          milestone: { select: { version: true, release: { select: { number: true } } } },
        },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: HISTORY_LIMIT,
      },
    },
  });
  if (!bug) return null;
  const { id, milestones, events, ...fields } = bug;
  return {
    bugId: id,
    ...fields,
    milestones: milestones.map(({ milestone, ...state }) => ({
      ...state,
      milestone: toMilestoneInfo(milestone),
    })),
    history: events.map(({ milestone, ...e }) => ({
      ...e,
      release: milestone.release.number,
      version: milestone.version,
    })),
  };
}

/**
 * Read queries for bugs (bug list, bug page, API). Every query selects its columns explicitly and
 * returns plain objects shaped by the pure view modules in `app/lib/`.
 */
import type { Db } from "~/db/db.server";
import type { Prisma } from "~/generated/prisma/client";
import type { BugDetail } from "~/routes/bug.$id/view";
import type { BuglistBug } from "~/routes/milestone.$release.$version.buglist/view";
import type { DiscussionInfo } from "~/components/discussion-view";
import type { PrioritizedBug } from "~/routes/prioritized/view";
import type { UpdateInfo } from "~/components/update-view";
import { MILESTONE_SELECT, toMilestoneInfo } from "./milestones.server";

/** A bug's Bodhi updates with their Koji builds, and its discussion ticket with its votes. */
const UPDATES_AND_DISCUSSION_SELECT = {
  updates: {
    select: {
      update: {
        select: {
          alias: true,
          releaseName: true,
          stableTag: true,
          status: true,
          request: true,
          karma: true,
          stableKarma: true,
          url: true,
          builds: {
            select: { build: { select: { nvr: true, tags: true, tagsFetchedAt: true, kojiError: true } } },
          },
        },
      },
    },
  },
  discussion: {
    select: {
      url: true,
      status: true,
      meeting: true,
      votes: { select: { tracker: true, voter: true, value: true } },
    },
  },
} as const;

type UpdatesAndDiscussionRecord = Prisma.BugGetPayload<{ select: typeof UPDATES_AND_DISCUSSION_SELECT }>;

/**
 * Flattens the rows selected with {@link UPDATES_AND_DISCUSSION_SELECT}: updates ordered by alias, each
 * with its builds; the ticket with its votes, or `null`.
 */
function toUpdatesAndDiscussion(r: UpdatesAndDiscussionRecord): {
  updates: UpdateInfo[];
  discussion: DiscussionInfo | null;
} {
  return {
    updates: r.updates
      .map(({ update: { builds, ...u } }) => ({ ...u, builds: builds.map((b) => b.build) }))
      .sort((a, b) => a.alias.localeCompare(b.alias)),
    discussion: r.discussion,
  };
}

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
 *   accepted0Day, acceptedPreviousRelease, updates: UpdateInfo[], discussion: DiscussionInfo | null }[]`
 *   (updates of every release and status, ordered by alias; see `app/lib/update-view.ts`)
 */
export async function listMilestoneBugs(db: Db, milestoneId: number): Promise<BuglistBug[]> {
  const rows = await db.milestoneBug.findMany({
    where: { milestoneId, active: true },
    select: {
      blocker: true,
      fe: true,
      accepted0Day: true,
      acceptedPreviousRelease: true,
      bug: { select: { ...BUG_LIST_SELECT, ...UPDATES_AND_DISCUSSION_SELECT } },
    },
    orderBy: { bugId: "asc" },
  });
  return rows.map(({ bug: { id, updates, discussion, ...bug }, ...state }) => ({
    bugId: id,
    ...bug,
    ...state,
    ...toUpdatesAndDiscussion({ updates, discussion }),
  }));
}

/** At most this many history events are loaded for one bug (newest kept). */
export const HISTORY_LIMIT = 1000;

/**
 * One bug with its state in every milestone it is or was tracked for (active or not) and its history
 * (newest first, at most {@link HISTORY_LIMIT} events), or `null` when the bug is not in the database.
 *
 * @returns `BugDetail | null` = `{ bugId, alias, summary, component, status, resolution, whiteboard,
 *   keywords, needinfo, prioritized, dependsOn, openDependsOn, blocks, lastChangeTime, inaccessible,
 *   fetchedAt, updates: UpdateInfo[], discussion: DiscussionInfo | null, milestones: { milestone:
 *   MilestoneInfo, blocker, fe, accepted0Day,
 *   acceptedPreviousRelease, active, firstSeenAt }[], history: { id, release, version, field,
 *   oldValue, newValue, at }[] }`
 */
export async function getBugDetail(db: Db, bugId: number): Promise<BugDetail | null> {
  const bug = await db.bug.findUnique({
    where: { id: bugId },
    select: {
      ...BUG_LIST_SELECT,
      ...UPDATES_AND_DISCUSSION_SELECT,
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
  const { id, milestones, events, updates, discussion, ...fields } = bug;
  return {
    bugId: id,
    ...fields,
    ...toUpdatesAndDiscussion({ updates, discussion }),
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

/**
 * Open bugs flagged `fedora_prioritized_bug+` (`Bug.prioritized`) among those tracked for an active
 * milestone (the only ones the sync keeps reading), with those milestones (their active MilestoneBug
 * rows on active milestones).
 *
 * @returns `PrioritizedBug[]` = `{ bugId, summary, component, status, resolution, needinfo,
 *   lastChangeTime, milestones: { release, version, blocker, fe }[] }[]`, by bug id.
 */
export async function listPrioritizedBugs(db: Db): Promise<PrioritizedBug[]> {
  const rows = await db.bug.findMany({
    // Only bugs still tracked for an active milestone are read by the sync: others' data is stale.
    where: {
      prioritized: true,
      NOT: { status: "CLOSED" },
      milestones: { some: { active: true, milestone: { active: true } } },
    },
    select: {
      id: true,
      summary: true,
      component: true,
      status: true,
      resolution: true,
      needinfo: true,
      lastChangeTime: true,
      milestones: {
        where: { active: true, milestone: { active: true } },
        select: {
          blocker: true,
          fe: true,
          milestone: { select: { version: true, release: { select: { number: true } } } },
        },
      },
    },
    orderBy: { id: "asc" },
  });
  return rows.map(({ id, milestones, ...b }) => ({
    bugId: id,
    ...b,
    milestones: milestones.map(({ milestone, ...s }) => ({
      release: milestone.release.number,
      version: milestone.version,
      ...s,
    })),
  }));
}

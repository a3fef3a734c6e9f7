/**
 * Read queries for milestones (web pages and API). Every query selects its columns explicitly and
 * returns plain objects (see {@link MilestoneInfo}).
 */
import { redirect } from "@remix-run/node";
import type { Db } from "~/db/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { milestonePath, type MilestonePage } from "~/components/format";
import { milestoneUrlError, parseMilestoneParams } from "~/domain/milestone-name";
import { compareMilestones } from "~/domain/milestone-name";

/** A milestone's identity, tracker bugs and flags: what every view of a milestone selects. */
export const MILESTONE_TRACKERS_SELECT = {
  id: true,
  version: true,
  blockerTrackerId: true,
  blockerTrackerAlias: true,
  feTrackerId: true,
  feTrackerAlias: true,
  active: true,
  current: true,
  release: { select: { number: true } },
} as const satisfies Prisma.MilestoneSelect;

/** Columns of a milestone that the pages and the API show. */
export const MILESTONE_SELECT = {
  ...MILESTONE_TRACKERS_SELECT,
  lastSyncAt: true,
  lastSyncAttemptAt: true,
  lastSyncError: true,
} as const satisfies Prisma.MilestoneSelect;

type MilestoneRecord = Prisma.MilestoneGetPayload<{ select: typeof MILESTONE_SELECT }>;

/** Flattens a milestone row selected with {@link MILESTONE_SELECT} into a {@link MilestoneInfo}. */
export function toMilestoneInfo(m: MilestoneRecord) {
  const { release, ...rest } = m;
  return { ...rest, release: release.number };
}

/**
 * A milestone as the pages and the API read it: `{ id, release (number, e.g. 46), version ("alpha" |
 * "beta" | "final"), blockerTrackerId, blockerTrackerAlias, feTrackerId, feTrackerAlias, active,
 * current, lastSyncAt (end of the last successful sync), lastSyncAttemptAt, lastSyncError (null when
 * the last attempt succeeded) }`.
 */
export type MilestoneInfo = ReturnType<typeof toMilestoneInfo>;

/**
 * Milestones, newest release first, then alpha/beta/final.
 *
 * @returns `MilestoneInfo[]` = `{ id, release, version, blockerTrackerId, blockerTrackerAlias,
 *   feTrackerId, feTrackerAlias, active, current, lastSyncAt, lastSyncAttemptAt, lastSyncError }[]`
 * @param opts.activeOnly only milestones with `active = true` (default: all).
 */
export async function listMilestones(db: Db, opts: { activeOnly?: boolean } = {}): Promise<MilestoneInfo[]> {
  const rows = await db.milestone.findMany({
    where: opts.activeOnly ? { active: true } : {},
    select: MILESTONE_SELECT,
  });
  return rows.map(toMilestoneInfo).sort(compareMilestones);
}

/**
 * One milestone by release number and (lower-case) version, or `null` when there is none.
 *
 * @returns `MilestoneInfo | null` (shape as in {@link listMilestones}).
 */
export async function getMilestone(db: Db, release: number, version: string): Promise<MilestoneInfo | null> {
  const row = await db.milestone.findFirst({
    where: { version, release: { number: release } },
    select: MILESTONE_SELECT,
  });
  return row ? toMilestoneInfo(row) : null;
}

/**
 * The milestone flagged `current` (at most one exists), or `null`.
 *
 * @returns `MilestoneInfo | null` (shape as in {@link listMilestones}).
 */
export async function getCurrentMilestone(db: Db): Promise<MilestoneInfo | null> {
  const row = await db.milestone.findFirst({ where: { current: true }, select: MILESTONE_SELECT });
  return row ? toMilestoneInfo(row) : null;
}

/**
 * The milestone of a milestone page's `:release/:version` params, or a thrown error `Response`: 400
 * for a malformed address (as the API answers), 404 for a milestone that does not exist.
 *
 * With `canonical`, a non-canonical address (`046`, `Beta`) is redirected (301) to the canonical one.
 * @throws Response (400 | 404) with a message for the error page; the 301 redirect.
 */
export async function requireMilestone(
  db: Db,
  params: { release?: string; version?: string },
  canonical?: { page: MilestonePage; search: string },
): Promise<MilestoneInfo> {
  const parsed = parseMilestoneParams(params.release, params.version);
  // `/milestone/046/Beta/buglist` → one address per page: `/milestone/46/beta/buglist` (bookmarks, links).
  if (canonical && parsed && (String(parsed.release) !== params.release || parsed.version !== params.version))
    throw redirect(
      `${milestonePath(parsed.release, parsed.version, canonical.page)}${canonical.search}`,
      301,
    );
  const milestone = parsed ? await getMilestone(db, parsed.release, parsed.version) : null;
  if (!milestone) {
    const { status, statusText, message } = milestoneUrlError(params.release, params.version);
    throw new Response(message, { status, statusText });
  }
  return milestone;
}

/**
 * A milestone's recorded history, read for the views built on it: the changes page and its Atom feed,
 * the burndown chart (bug list, home page, `burndown.svg`) and the weekly summary (`summary.md`, the
 * `summary` command). Everything comes from the database; no upstream service is asked.
 */
import type { Db } from "~/db/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { bugzillaBugUrl } from "~/domain/bug-fields";
import {
  burndownSeries,
  sectionCountsAt,
  seriesStart,
  utcDay,
  type BugHistory,
  type SeriesPoint,
} from "~/domain/burndown-series";
import {
  milestoneChanges,
  MOVE_TOLERANCE_MS,
  type BugMilestoneEvent,
  type MilestoneChange,
  type ProposalFact,
} from "~/domain/milestone-changes";
import { fixStatus } from "~/domain/fix-status";
import { milestoneName } from "~/domain/milestone-name";
import { isForRelease, releaseUpdates, updateInStableTag } from "~/domain/updates";
import type { CastVote } from "~/domain/vote-history";
import { weeklySummaryMarkdown, type SummaryBug } from "~/domain/weekly-summary";
import { listMilestoneBugs, PROPOSAL_RECORD_SELECT } from "./bugs.server";
import type { MilestoneInfo } from "./milestones.server";

/** A milestone bug's state and the bug fields the history views show. */
const HISTORY_BUG_SELECT = {
  bugId: true,
  blocker: true,
  fe: true,
  active: true,
  firstSeenAt: true,
  bug: { select: { summary: true, component: true, status: true, resolution: true, fetchedAt: true } },
} as const satisfies Prisma.MilestoneBugSelect;

/** A state-change event as the history views read it. */
const EVENT_SELECT = {
  id: true,
  bugId: true,
  milestoneId: true,
  field: true,
  oldValue: true,
  newValue: true,
  at: true,
  atFromHistory: true,
} as const satisfies Prisma.BugEventSelect;

/** A bug's proposal record of one kind (see PROPOSAL_RECORD_SELECT). */
const PROPOSAL_SELECT = {
  bugId: true,
  kind: true,
  ...PROPOSAL_RECORD_SELECT,
} as const satisfies Prisma.MilestoneProposalSelect;

/** One bug of a milestone, flattened: `{ id, summary, component, status, resolution, fetchedAt, blocker, fe, active, firstSeenAt }`. */
export type HistoryBug = ReturnType<typeof toHistoryBug>;

function toHistoryBug({
  bugId,
  bug,
  ...state
}: Prisma.MilestoneBugGetPayload<{ select: typeof HISTORY_BUG_SELECT }>) {
  return { id: bugId, ...bug, ...state };
}

/** Every bug a milestone has tracked (active or not), its state-change events and its proposal records. */
export interface MilestoneRecord {
  bugs: HistoryBug[];
  events: BugMilestoneEvent[];
  proposals: ProposalFact[];
}

/**
 * Reads the recorded history of one milestone: every MilestoneBug (active or not, ordered by bug id)
 * with the bug's fields, every BugEvent of the milestone, every MilestoneProposal.
 */
export async function readMilestoneRecord(db: Db, milestoneId: number): Promise<MilestoneRecord> {
  const [bugs, events, proposals] = await Promise.all([
    db.milestoneBug.findMany({
      where: { milestoneId },
      select: HISTORY_BUG_SELECT,
      orderBy: { bugId: "asc" },
    }),
    db.bugEvent.findMany({ where: { milestoneId }, select: EVENT_SELECT }),
    db.milestoneProposal.findMany({ where: { milestoneId }, select: PROPOSAL_SELECT }),
  ]);
  return {
    bugs: bugs.map(toHistoryBug),
    events,
    proposals: proposals.map((p) => ({ ...p, kind: p.kind as ProposalFact["kind"] })),
  };
}

/** The record grouped per bug, as the burndown and the counts at a past moment read it. */
export function bugHistories(record: MilestoneRecord): BugHistory[] {
  const events = new Map<number, BugMilestoneEvent[]>();
  for (const e of record.events) events.set(e.bugId, [...(events.get(e.bugId) ?? []), e]);
  return record.bugs.map((b) => ({
    bugId: b.id,
    events: events.get(b.id) ?? [],
    proposals: record.proposals.filter((p) => p.bugId === b.id),
  }));
}

/** A milestone's changes in a window and the bugs they are about. */
export interface ChangeList {
  changes: MilestoneChange[];
  /** The milestone's bugs by id (those the changes name are among them). */
  bugs: Map<number, HistoryBug>;
}

/**
 * The changes of a milestone in a window (`milestone-changes.ts`), newest first, read from the stored
 * events (the first recorded one dating the start of the record), proposal records, Bugzilla history
 * entries, Bodhi updates of the milestone's release and vote casts.
 */
export async function listMilestoneChanges(
  db: Db,
  milestone: Pick<MilestoneInfo, "id" | "release" | "version">,
  window: { since: Date; until: Date },
  record?: MilestoneRecord,
): Promise<ChangeList> {
  const rec = record ?? (await readMilestoneRecord(db, milestone.id));
  const bugIds = rec.bugs.map((b) => b.id);
  const near = {
    gte: new Date(window.since.getTime() - MOVE_TOLERANCE_MS),
    lte: new Date(window.until.getTime() + MOVE_TOLERANCE_MS),
  };
  const stamp = { gte: window.since, lte: window.until };
  const [elsewhere, history, updates, votedBugs, milestones, firstSync] = await Promise.all([
    db.bugEvent.findMany({
      where: { bugId: { in: bugIds }, milestoneId: { not: milestone.id }, field: "active", at: near },
      select: EVENT_SELECT,
    }),
    db.bugChange.findMany({
      where: { bugId: { in: bugIds }, at: near },
      select: { bugId: true, at: true, who: true, field: true, removed: true, added: true },
    }),
    db.update.findMany({
      where: {
        bugs: { some: { bugId: { in: bugIds } } },
        OR: [{ submittedAt: stamp }, { testingAt: stamp }, { stableAt: stamp }],
      },
      select: {
        alias: true,
        url: true,
        releaseName: true,
        submitter: true,
        submittedAt: true,
        testingAt: true,
        stableAt: true,
        bugs: { select: { bugId: true } },
      },
    }),
    db.voteCast.findMany({
      where: { bugId: { in: bugIds }, votedAt: stamp },
      select: { bugId: true },
      distinct: ["bugId"],
    }),
    db.milestone.findMany({ select: { id: true, version: true, release: { select: { number: true } } } }),
    db.bugEvent.aggregate({ where: { milestoneId: milestone.id }, _min: { recordedAt: true } }),
  ]);
  // A move needs every vote before the window too: the tally it moved from.
  const casts = await db.voteCast.findMany({
    where: { bugId: { in: votedBugs.map((v) => v.bugId) } },
    select: { bugId: true, tracker: true, voter: true, value: true, commentId: true, votedAt: true },
    orderBy: [{ votedAt: "asc" }, { id: "asc" }],
  });
  const votes = new Map<number, CastVote[]>();
  for (const c of casts) votes.set(c.bugId, [...(votes.get(c.bugId) ?? []), c]);
  const changes = milestoneChanges({
    milestone: { id: milestone.id, version: milestone.version },
    milestoneNames: new Map(milestones.map((m) => [m.id, milestoneName(m.release.number, m.version)])),
    window,
    bugs: rec.bugs,
    events: [...rec.events, ...elsewhere],
    proposals: rec.proposals,
    history,
    updates: updates
      .filter((u) => isForRelease(u, milestone.release))
      .map((u) => ({ ...u, bugIds: u.bugs.map((b) => b.bugId) })),
    votes,
    recordStart: firstSync._min.recordedAt,
  });
  return { changes, bugs: new Map(rec.bugs.map((b) => [b.id, b])) };
}

/**
 * The burndown of a milestone at `now`: open bugs per section at the end of each day since it was
 * created, or since its first recorded change when that is earlier (`burndown-series.ts`).
 */
export async function milestoneBurndown(db: Db, milestoneId: number, now: Date): Promise<SeriesPoint[]> {
  return (await milestoneBurndowns(db, [milestoneId], now)).get(milestoneId) ?? [];
}

/**
 * The burndowns of several milestones (the home page's sparklines), by milestone id. A series is kept
 * per client and milestone, and given again while what it is computed from reads the same — one SQL
 * statement hashes, per milestone, its creation time, its bugs' ids and the keys and row versions
 * (`xmin`, which any write of a row changes) of its events and proposal records — and until the next
 * UTC midnight or the next event or proposal dated after `now`, whichever comes first: a page check
 * after a write that changed no history (most of a sync's commits) reads no history rows. Today's
 * point of a kept series has the `at` it was computed at (its counts are the same at `now`).
 */
export async function milestoneBurndowns(
  db: Db,
  milestoneIds: readonly number[],
  now: Date,
): Promise<Map<number, SeriesPoint[]>> {
  if (milestoneIds.length === 0) return new Map();
  const digests = new Map(
    (
      await db.$queryRaw<{ id: number; digest: string }[]>`
        SELECT m."id", md5(concat_ws(E'\n', m."createdAt"::text,
          (SELECT string_agg(mb."bugId"::text, ',' ORDER BY mb."bugId")
             FROM "MilestoneBug" mb WHERE mb."milestoneId" = m."id"),
          (SELECT string_agg(concat_ws(' ', e."id", e.xmin), ',' ORDER BY e."id")
             FROM "BugEvent" e WHERE e."milestoneId" = m."id"),
          (SELECT string_agg(concat_ws(' ', p."bugId", p."kind", p.xmin), ',' ORDER BY p."bugId", p."kind")
             FROM "MilestoneProposal" p WHERE p."milestoneId" = m."id"))) AS "digest"
        FROM "Milestone" m WHERE m."id" = ANY(${[...milestoneIds]}::int[])`
    ).map((r) => [r.id, r.digest]),
  );
  let kept = keptBurndowns.get(db);
  if (!kept) keptBurndowns.set(db, (kept = new Map()));
  const stale = milestoneIds.filter((id) => {
    const hit = kept.get(id);
    return digests.has(id) && !(hit && hit.digest === digests.get(id) && now.getTime() < hit.until);
  });
  if (stale.length > 0) {
    for (const [id, series] of await computeBurndowns(db, stale, now))
      kept.set(id, { digest: digests.get(id)!, ...series });
  }
  return new Map(milestoneIds.filter((id) => digests.has(id)).map((id) => [id, kept.get(id)!.series]));
}

/**
 * The burndowns of `milestoneIds` at `now` from their records, each with the instant it may change
 * without a write: the next UTC midnight, or a recorded time still ahead of `now`.
 */
async function computeBurndowns(
  db: Db,
  milestoneIds: readonly number[],
  now: Date,
): Promise<Map<number, { series: SeriesPoint[]; until: number }>> {
  const out = new Map<number, { series: SeriesPoint[]; until: number }>();
  const ids = [...milestoneIds];
  // Plain queries, the same rows as readMilestoneRecord's: Prisma takes several times longer to read the
  // thousands of events of a large milestone, and every review decision makes a page check read them.
  const [milestones, bugs, events, proposals] = await Promise.all([
    db.$queryRaw<{ id: number; createdAt: Date }[]>`
      SELECT "id", "createdAt" FROM "Milestone" WHERE "id" = ANY(${ids}::int[])`,
    db.$queryRaw<(HistoryBug & { milestoneId: number })[]>`
      SELECT mb."milestoneId", mb."bugId" AS "id", b."summary", b."component", b."status", b."resolution",
        b."fetchedAt", mb."blocker"::text AS "blocker", mb."fe"::text AS "fe", mb."active", mb."firstSeenAt"
      FROM "MilestoneBug" mb JOIN "Bug" b ON b."id" = mb."bugId"
      WHERE mb."milestoneId" = ANY(${ids}::int[]) ORDER BY mb."bugId"`,
    db.$queryRaw<BugMilestoneEvent[]>`
      SELECT "id", "bugId", "milestoneId", "field", "oldValue", "newValue", "at", "atFromHistory"
      FROM "BugEvent" WHERE "milestoneId" = ANY(${ids}::int[]) ORDER BY "id"`,
    db.$queryRaw<(ProposalFact & { milestoneId: number })[]>`
      SELECT "milestoneId", "bugId", "kind", "proposedAt", "proposedBy", "decidedAt", "decidedBy",
        "previouslyRejected"
      FROM "MilestoneProposal" WHERE "milestoneId" = ANY(${ids}::int[]) ORDER BY "bugId", "kind"`,
  ]);
  for (const m of milestones) {
    const record: MilestoneRecord = {
      bugs: bugs.filter((b) => b.milestoneId === m.id).map(({ milestoneId: _m, ...b }) => b),
      events: events.filter((e) => e.milestoneId === m.id),
      proposals: proposals.filter((p) => p.milestoneId === m.id).map(({ milestoneId: _m, ...p }) => p),
    };
    const histories = bugHistories(record);
    const series = burndownSeries(histories, { start: seriesStart(m.createdAt, histories), now });
    // Today's point counts at `now`: it holds until midnight, or until a recorded time still ahead.
    let until = Date.parse(`${utcDay(now)}T00:00:00Z`) + 86_400_000;
    for (const t of [
      ...record.events.map((e) => e.at),
      ...record.proposals.flatMap((p) => [p.proposedAt, p.decidedAt]),
    ])
      if (t && t.getTime() > now.getTime()) until = Math.min(until, t.getTime());
    out.set(m.id, { series, until });
  }
  return out;
}

/** See {@link milestoneBurndowns}. */
const keptBurndowns = new WeakMap<
  Db,
  Map<number, { digest: string; until: number; series: SeriesPoint[] }>
>();

/**
 * The weekly blocker-status mail of a milestone as Markdown (`weekly-summary.ts`): counts now against
 * the window's start, the window's new proposals, open accepted blockers with their fix status,
 * conflicts, and the proposed bugs waiting longest.
 */
export async function milestoneSummary(
  db: Db,
  milestone: Pick<MilestoneInfo, "id" | "release" | "version">,
  window: { since: Date; until: Date },
  opts: { bugzillaUrl: string; listUrl: string | null },
): Promise<string> {
  const record = await readMilestoneRecord(db, milestone.id);
  const [{ changes }, current] = await Promise.all([
    listMilestoneChanges(db, milestone, window, record),
    listMilestoneBugs(db, milestone.id),
  ]);
  const histories = bugHistories(record);
  const firstSeen = new Map(record.bugs.map((b) => [b.id, b.firstSeenAt]));
  const bugs: SummaryBug[] = current
    .filter((b) => b.fetchedAt !== null)
    .map((b) => {
      const live = releaseUpdates(b.updates, milestone.release).live;
      const waiting = (kind: "blocker" | "fe") => b.proposals[kind]?.proposedAt ?? firstSeen.get(b.bugId);
      return {
        id: b.bugId,
        summary: b.summary,
        component: b.component,
        status: b.status,
        blocker: b.blocker,
        fe: b.fe,
        url: bugzillaBugUrl(opts.bugzillaUrl, b.bugId),
        waitingSince: {
          ...(b.blocker === "proposed" ? { blocker: waiting("blocker") } : {}),
          ...(b.fe === "proposed" ? { fe: waiting("fe") } : {}),
        },
        fix: fixStatus(live.map((u) => ({ status: u.status, inStableTag: updateInStableTag(u) }))),
        updates: live.map((u) => ({ alias: u.alias, status: u.status })),
      };
    });
  return weeklySummaryMarkdown({
    milestoneName: milestoneName(milestone.release, milestone.version),
    listUrl: opts.listUrl,
    window,
    countsNow: sectionCountsAt(histories, window.until),
    countsBefore: sectionCountsAt(histories, window.since),
    bugs,
    changes,
  });
}

/**
 * The shared views of a bug: one `select` shape per view (bug list, bug page), the flat objects they
 * are turned into, and the queries that read them. The types of those objects (`MilestoneBug`,
 * `BugDetail`, `UpdateInfo`, `DiscussionInfo`…) are derived from the select shapes through Prisma's
 * generated payload types, so a bug's fields are listed once, here.
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Db } from "~/db/db.server";
import type { Prisma } from "~/generated/prisma/client";
import type { MilestoneProposals } from "~/domain/proposal-history";
import { MILESTONE_SELECT, toMilestoneInfo } from "./milestones.server";

/**
 * One proposal record (MilestoneProposal) as the domain's ProposalRecord reads it: who proposed the
 * bug and when, who decided and when, and whether it was rejected before.
 */
export const PROPOSAL_RECORD_SELECT = {
  proposedAt: true,
  proposedBy: true,
  decidedAt: true,
  decidedBy: true,
  previouslyRejected: true,
} as const satisfies Prisma.MilestoneProposalSelect;

/**
 * A bug's tracking on active milestones (its active MilestoneBug rows of active milestones), for
 * the pages that list bugs across milestones (see {@link TRACKED_BUG_SELECT}).
 */
export const ACTIVE_TRACKING_SELECT = {
  where: { active: true, milestone: { active: true } },
  select: {
    blocker: true,
    fe: true,
    milestone: { select: { version: true, release: { select: { number: true } } } },
  },
} as const satisfies Prisma.Bug$milestonesArgs;

type ActiveTrackingRow = Prisma.MilestoneBugGetPayload<{ select: typeof ACTIVE_TRACKING_SELECT.select }>;

/** The rows selected with {@link ACTIVE_TRACKING_SELECT} as `{ release, version, blocker, fe }[]`. */
function toActiveTracking(rows: readonly ActiveTrackingRow[]) {
  return rows.map(({ milestone, blocker, fe }) => ({
    release: milestone.release.number,
    version: milestone.version,
    blocker,
    fe,
  }));
}

/** A bug as the lists across milestones show it, with its active tracking; spread and add fields. */
export const TRACKED_BUG_SELECT = {
  id: true,
  summary: true,
  component: true,
  status: true,
  milestones: ACTIVE_TRACKING_SELECT,
} as const satisfies Prisma.BugSelect;

/**
 * Flattens a row selected with (a superset of) {@link TRACKED_BUG_SELECT}:
 * `{ bugId, ...other fields, milestones: { release, version, blocker, fe }[] }`.
 */
export function toTrackedBug<T extends { id: number; milestones: readonly ActiveTrackingRow[] }>(row: T) {
  const { id, milestones, ...fields } = row;
  return { bugId: id, ...fields, milestones: toActiveTracking(milestones) };
}

/** A milestone bug's proposal records (MilestoneProposal: who proposed it and when, per kind). */
const PROPOSALS_SELECT = {
  proposals: { select: { kind: true, ...PROPOSAL_RECORD_SELECT } },
} as const satisfies Prisma.MilestoneBugSelect;

type ProposalsRecord = Prisma.MilestoneBugGetPayload<{ select: typeof PROPOSALS_SELECT }>;

/** The rows selected with {@link PROPOSALS_SELECT} as one record per kind (`null` when none). */
function toProposals({ proposals }: ProposalsRecord): MilestoneProposals {
  const of = (kind: string) => {
    const row = proposals.find((p) => p.kind === kind);
    if (!row) return null;
    const { kind: _kind, ...record } = row;
    return record;
  };
  return { blocker: of("blocker"), fe: of("fe") };
}

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
          gating: true,
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
function toUpdatesAndDiscussion(r: UpdatesAndDiscussionRecord) {
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
  assignee: true,
  needinfo: true,
  dependsOn: true,
  openDependsOn: true,
  lastChangeTime: true,
  inaccessible: true,
  fetchedAt: true,
} as const;

/** A bug as listed on a milestone: its state there, its fields, updates and discussion ticket. */
const MILESTONE_BUG_SELECT = {
  blocker: true,
  fe: true,
  accepted0Day: true,
  acceptedPreviousRelease: true,
  ...PROPOSALS_SELECT,
  bug: { select: { ...BUG_LIST_SELECT, ...UPDATES_AND_DISCUSSION_SELECT } },
} as const satisfies Prisma.MilestoneBugSelect;

/** Flattens a row selected with {@link MILESTONE_BUG_SELECT}. */
function toMilestoneBug({
  bug: { id, updates, discussion, ...bug },
  proposals,
  ...state
}: Prisma.MilestoneBugGetPayload<{ select: typeof MILESTONE_BUG_SELECT }>) {
  return {
    bugId: id,
    ...bug,
    ...state,
    proposals: toProposals({ proposals }),
    ...toUpdatesAndDiscussion({ updates, discussion }),
  };
}

/**
 * One active bug of a milestone, as the bug list, the requests page, the meeting script and the API
 * read it: `{ bugId, alias, summary, component, status, resolution, whiteboard, assignee (Bugzilla
 * login, "" when not read yet), needinfo (requestees of
 * open needinfo flags), dependsOn, openDependsOn, lastChangeTime, inaccessible ("private" | "missing" |
 * null), fetchedAt (null: never read), blocker, fe, accepted0Day, acceptedPreviousRelease, proposals
 * (who proposed it and when, per kind: MilestoneProposals), updates, discussion }`.
 */
export type MilestoneBug = ReturnType<typeof toMilestoneBug>;
/** A Bodhi update of a bug with its Koji builds (every release and status; the views pick). */
export type UpdateInfo = MilestoneBug["updates"][number];
/** A Koji build of an update: `{ nvr, tags, tagsFetchedAt (null: never read), kojiError }`. */
export type BuildInfo = UpdateInfo["builds"][number];
/** A bug's discussion ticket with its current votes. */
export type DiscussionInfo = NonNullable<MilestoneBug["discussion"]>;

/**
 * The active bugs of one milestone, ordered by bug id. Inaccessible ones are included: those once
 * read (`fetchedAt` set) with their last known data, those never read with empty fields; the views
 * tell them apart by `fetchedAt`.
 *
 * One SQL statement builds each bug's JSON in PostgreSQL ({@link MILESTONE_BUGS_SQL}, the fields of
 * {@link MILESTONE_BUG_SELECT}; e2e/integration/milestone-bugs.test.ts holds it to what Prisma reads).
 * What it returns is kept per database client and milestone, and checked on every call by the versions
 * of the rows each bug is built from ({@link MILESTONE_BUG_VERSIONS_SQL}, one small query): when none was
 * written since, the call returns the very same array; otherwise only the JSON of the bugs whose rows
 * were written is read, and a bug whose JSON is unchanged is the same (frozen) object as before (when
 * none changed, the same array again). So the pages and the API built from it can keep what they built
 * from it, a check after a write that touched none of these rows costs that one query and no JSON, and
 * one after a few bugs changed reads those few. The objects are deeply frozen: shared by every caller,
 * they must not be changed.
 *
 * @returns `MilestoneBug[]` = `{ bugId, alias, summary, component, status, resolution, whiteboard,
 *   assignee, needinfo, dependsOn, openDependsOn, lastChangeTime, inaccessible, fetchedAt, blocker, fe,
 *   accepted0Day, acceptedPreviousRelease, proposals, updates: UpdateInfo[], discussion: DiscussionInfo
 *   | null }[]`
 *   (updates of every release and status, ordered by alias; builds by NVR; votes as stored)
 */
export async function listMilestoneBugs(db: Db, milestoneId: number): Promise<readonly MilestoneBug[]> {
  let perMilestone = keptMilestoneBugs.get(db);
  if (!perMilestone) keptMilestoneBugs.set(db, (perMilestone = new LRUCache({ max: KEPT_MILESTONES })));
  const kept = perMilestone.get(milestoneId);
  // Read before the JSON, so the JSON is at least as new as the rows these versions name: a write in
  // between makes the next call read that bug again, never keep stale JSON.
  const versions = await db.$queryRawUnsafe<{ bugId: number; version: string }[]>(
    MILESTONE_BUG_VERSIONS_SQL,
    milestoneId,
  );
  const changed = new Set(
    versions
      .filter((v) => kept?.versions.get(v.bugId) !== v.version || !kept.byId.has(v.bugId))
      .map((v) => v.bugId),
  );
  if (kept && changed.size === 0 && versions.length === kept.bugs.length) return kept.bugs;
  // Only the bugs whose rows were written are read again (all of them the first time).
  const rows = await db.$queryRawUnsafe<{ bugId: number; doc: string; digest: string }[]>(
    MILESTONE_BUG_DOCS_SQL,
    milestoneId,
    kept ? [...changed] : null,
  );
  const read = new Map(rows.map((r) => [r.bugId, r]));
  const docs = new Map<number, string>();
  const bugs: MilestoneBug[] = [];
  for (const { bugId } of versions) {
    const row = read.get(bugId);
    // Deactivated between the two reads: left out, as the JSON read says.
    if (!row && (!kept || changed.has(bugId))) continue;
    // A digest of each JSON is kept, not the JSON (a megabyte per 500-bug milestone).
    const digest = row ? row.digest : kept!.docs.get(bugId)!;
    docs.set(bugId, digest);
    const before = kept?.docs.get(bugId) === digest ? kept.byId.get(bugId) : undefined;
    if (before) bugs.push(before);
    else {
      const bug = parseMilestoneBug(row!.doc);
      contentKeys.set(
        bug,
        createHash("sha1").update(row!.doc.replace(READ_AT, '"$1" : "set"')).digest("base64"),
      );
      bugs.push(bug);
    }
  }
  const entry = {
    versions: new Map(versions.map((v) => [v.bugId, v.version])),
    docs,
    byId: new Map(bugs.map((b) => [b.bugId, b])),
  };
  // No bug's JSON changed (rows rewritten as they were): the same array as before.
  if (kept && bugs.length === kept.bugs.length && bugs.every((b, i) => b === kept.bugs[i])) {
    perMilestone.set(milestoneId, { ...entry, bugs: kept.bugs });
    return kept.bugs;
  }
  const frozen = Object.freeze(bugs);
  perMilestone.set(milestoneId, { ...entry, bugs: frozen });
  return frozen;
}

/** The timestamps of when a bug (`fetchedAt`) and a build's tags (`tagsFetchedAt`) were last read. */
const READ_AT = /"(fetchedAt|tagsFetchedAt)" : "[^"]*"/g;

const contentKeys = new WeakMap<MilestoneBug, string>();

/**
 * A digest of a bug from {@link listMilestoneBugs}: of all its fields, but of when it and its builds'
 * tags were last read (`fetchedAt`, `tagsFetchedAt`) only whether they were. Every sync writes those
 * times; a view of the lists that uses them only as read / never read (as the bug list's rows do) may
 * keep what it built for a bug under this key across syncs that changed nothing else.
 */
export function bugContentKey(bug: MilestoneBug): string {
  const key = contentKeys.get(bug);
  if (key === undefined) throw new Error("bugContentKey takes the bugs listMilestoneBugs returns");
  return key;
}

/** How many milestones' bugs {@link listMilestoneBugs} keeps per database client. */
const KEPT_MILESTONES = 16;

/**
 * Per client, per milestone: each bug's {@link MILESTONE_BUG_VERSIONS_SQL} version its JSON was read
 * after, the MD5 of each bug's JSON, the bugs, and the bugs by id.
 */
const keptMilestoneBugs = new WeakMap<
  Db,
  LRUCache<
    number,
    {
      versions: Map<number, string>;
      docs: Map<number, string>;
      bugs: readonly MilestoneBug[];
      byId: Map<number, MilestoneBug>;
    }
  >
>();

/** `timestamp(3)` columns as `json_build_object` gives them: "2026-11-01T10:00:00.123", UTC. */
const asDate = (value: string | null): Date | null => (value === null ? null : new Date(`${value}Z`));

/** A bug's JSON from {@link MILESTONE_BUGS_SQL} as a deeply frozen {@link MilestoneBug}. */
function parseMilestoneBug(doc: string): MilestoneBug {
  type Raw<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null };
  const raw = JSON.parse(doc) as Omit<
    Raw<MilestoneBug, "lastChangeTime" | "fetchedAt">,
    "proposals" | "updates"
  > & {
    proposals: (Raw<NonNullable<MilestoneProposals["blocker"]>, "proposedAt" | "decidedAt"> & {
      kind: string;
    })[];
    updates: (Omit<UpdateInfo, "builds"> & { builds: Raw<BuildInfo, "tagsFetchedAt">[] })[];
  };
  const bug: MilestoneBug = {
    ...raw,
    lastChangeTime: asDate(raw.lastChangeTime),
    fetchedAt: asDate(raw.fetchedAt),
    proposals: toProposals({
      proposals: raw.proposals.map((p) => ({
        ...p,
        proposedAt: asDate(p.proposedAt),
        decidedAt: asDate(p.decidedAt),
      })),
    }),
    updates: raw.updates
      .map((u) => ({ ...u, builds: u.builds.map((b) => ({ ...b, tagsFetchedAt: asDate(b.tagsFetchedAt) })) }))
      .sort((a, b) => a.alias.localeCompare(b.alias)),
  };
  return deepFreeze(bug);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The milestone's active bugs (`$1`: its id; `$2`: the bug ids wanted, an integer array, or NULL for
 * all) as one JSON document per bug, in the shape of
 * {@link MilestoneBug} but for the dates (ISO without zone), the proposals (a list with their `kind`)
 * and the updates' order (sorted in JavaScript, by the same rule as {@link toUpdatesAndDiscussion}).
 * A NULL list column reads as an empty list, as Prisma reads it. Each related table is read once for
 * the whole milestone and grouped (hash joins), not once per bug: half the time of per-bug subqueries.
 */
const MILESTONE_BUGS_SQL = `
WITH mb AS (
  SELECT * FROM "MilestoneBug"
  WHERE "milestoneId" = $1 AND "active" AND ($2::int[] IS NULL OR "bugId" = ANY($2::int[]))
), props AS (
  SELECT p."bugId", json_agg(json_build_object(
      'kind', p."kind", 'proposedAt', p."proposedAt", 'proposedBy', p."proposedBy",
      'decidedAt', p."decidedAt", 'decidedBy', p."decidedBy", 'previouslyRejected', p."previouslyRejected"
    ) ORDER BY p."kind") AS j
  FROM "MilestoneProposal" p WHERE p."milestoneId" = $1 AND p."bugId" IN (SELECT "bugId" FROM mb)
  GROUP BY p."bugId"
), links AS (
  SELECT x."bugId", x."updateAlias" FROM "UpdateBug" x WHERE x."bugId" IN (SELECT "bugId" FROM mb)
), builds AS (
  SELECT ub."updateAlias", json_agg(json_build_object(
      'nvr', k."nvr", 'tags', coalesce(k."tags", '{}'), 'tagsFetchedAt', k."tagsFetchedAt", 'kojiError', k."kojiError"
    ) ORDER BY k."nvr") AS j
  FROM "UpdateBuild" ub JOIN "Build" k ON k."nvr" = ub."nvr"
  WHERE ub."updateAlias" IN (SELECT "updateAlias" FROM links) GROUP BY ub."updateAlias"
), ups AS (
  SELECT l."bugId", json_agg(json_build_object(
      'alias', u."alias", 'releaseName', u."releaseName", 'stableTag', u."stableTag",
      'status', u."status", 'request', u."request", 'karma', u."karma", 'stableKarma', u."stableKarma",
      'gating', u."gating", 'url', u."url", 'builds', coalesce(bd.j, '[]')
    ) ORDER BY u."alias") AS j
  FROM links l JOIN "Update" u ON u."alias" = l."updateAlias" LEFT JOIN builds bd ON bd."updateAlias" = u."alias"
  GROUP BY l."bugId"
), votes AS (
  SELECT v."bugId", json_agg(json_build_object('tracker', v."tracker", 'voter', v."voter", 'value', v."value") ORDER BY v."id") AS j
  FROM "Vote" v WHERE v."bugId" IN (SELECT "bugId" FROM mb) GROUP BY v."bugId"
)
SELECT mb."bugId", json_build_object(
  'bugId', b."id", 'alias', coalesce(b."alias", '{}'), 'summary', b."summary", 'component', b."component",
  'status', b."status", 'resolution', b."resolution", 'whiteboard', b."whiteboard",
  'assignee', b."assignee", 'needinfo', coalesce(b."needinfo", '{}'), 'dependsOn', coalesce(b."dependsOn", '{}'),
  'openDependsOn', coalesce(b."openDependsOn", '{}'), 'lastChangeTime', b."lastChangeTime",
  'inaccessible', b."inaccessible", 'fetchedAt', b."fetchedAt",
  'blocker', mb."blocker", 'fe', mb."fe", 'accepted0Day', mb."accepted0Day",
  'acceptedPreviousRelease', mb."acceptedPreviousRelease",
  'proposals', coalesce(props.j, '[]'),
  'updates', coalesce(ups.j, '[]'),
  'discussion', CASE WHEN d."bugId" IS NULL THEN NULL ELSE json_build_object(
      'url', d."url", 'status', d."status", 'meeting', d."meeting", 'votes', coalesce(votes.j, '[]')) END
)::text AS doc
FROM mb JOIN "Bug" b ON b."id" = mb."bugId"
LEFT JOIN props ON props."bugId" = mb."bugId"
LEFT JOIN ups ON ups."bugId" = mb."bugId"
LEFT JOIN "DiscussionTicket" d ON d."bugId" = mb."bugId"
LEFT JOIN votes ON votes."bugId" = mb."bugId"
ORDER BY mb."bugId"`;

/** Each bug of {@link MILESTONE_BUGS_SQL} (`$1`, `$2` as there) with the MD5 of its JSON. */
const MILESTONE_BUG_DOCS_SQL = `SELECT x."bugId", x."doc", md5(x."doc") AS "digest"
FROM (${MILESTONE_BUGS_SQL}) x ORDER BY x."bugId"`;

/**
 * Each active bug of the milestone `$1`, in bug id order, with an MD5 (`version`) of the versions
 * (`xmin`: the transaction that wrote each) of every row {@link MILESTONE_BUGS_SQL} reads for it, each
 * with its key. A committed row version never changes: any insert, update or delete of one of these rows
 * since an earlier reading changes that bug's MD5 (or the list of bugs), so a bug whose MD5 is equal still
 * has the JSON read after that reading. Cheap: keys and versions, no JSON. A table added to
 * {@link MILESTONE_BUGS_SQL} must be added here (e2e/integration/milestone-bugs.test.ts changes a row of
 * each and expects to see it).
 */
const MILESTONE_BUG_VERSIONS_SQL = `
WITH mb AS (
  SELECT "bugId", xmin AS v FROM "MilestoneBug" WHERE "milestoneId" = $1 AND "active"
), links AS (
  SELECT x."bugId", x."updateAlias", x.xmin AS v FROM "UpdateBug" x WHERE x."bugId" IN (SELECT "bugId" FROM mb)
), builds AS (
  SELECT y."updateAlias", string_agg(concat_ws(' ', y."nvr", y.xmin, k.xmin), ',' ORDER BY y."nvr") AS v
  FROM "UpdateBuild" y JOIN "Build" k ON k."nvr" = y."nvr"
  WHERE y."updateAlias" IN (SELECT "updateAlias" FROM links) GROUP BY y."updateAlias"
), ups AS (
  SELECT l."bugId", string_agg(concat_ws(' ', l."updateAlias", l.v, u.xmin, coalesce(bd.v, '')), ','
      ORDER BY l."updateAlias") AS v
  FROM links l JOIN "Update" u ON u."alias" = l."updateAlias"
  LEFT JOIN builds bd ON bd."updateAlias" = l."updateAlias"
  GROUP BY l."bugId"
), props AS (
  SELECT p."bugId", string_agg(concat_ws(' ', p."kind", p.xmin), ',' ORDER BY p."kind") AS v
  FROM "MilestoneProposal" p WHERE p."milestoneId" = $1 GROUP BY p."bugId"
), votes AS (
  SELECT v."bugId", string_agg(concat_ws(' ', v."id", v.xmin), ',' ORDER BY v."id") AS v
  FROM "Vote" v WHERE v."bugId" IN (SELECT "bugId" FROM mb) GROUP BY v."bugId"
)
SELECT mb."bugId", md5(concat_ws(E'\\n', mb.v, b.xmin, coalesce(d.xmin::text, ''), coalesce(props.v, ''),
  coalesce(ups.v, ''), coalesce(votes.v, ''))) AS "version"
FROM mb JOIN "Bug" b ON b."id" = mb."bugId"
LEFT JOIN "DiscussionTicket" d ON d."bugId" = mb."bugId"
LEFT JOIN props ON props."bugId" = mb."bugId"
LEFT JOIN ups ON ups."bugId" = mb."bugId"
LEFT JOIN votes ON votes."bugId" = mb."bugId"
ORDER BY mb."bugId"`;

/**
 * The bugs of {@link listMilestoneBugs} as Prisma reads them with {@link MILESTONE_BUG_SELECT}: the
 * reference that SQL is tested against (slower; builds and votes in the order Prisma gives them).
 */
export async function listMilestoneBugsByPrisma(db: Db, milestoneId: number): Promise<MilestoneBug[]> {
  const rows = await db.milestoneBug.findMany({
    where: { milestoneId, active: true },
    select: MILESTONE_BUG_SELECT,
    orderBy: { bugId: "asc" },
  });
  return rows.map(toMilestoneBug);
}

/** At most this many history events are loaded for one bug (newest kept). */
export const HISTORY_LIMIT = 1000;

/** A bug with its state in every milestone it was tracked for and its history (the bug page, the API). */
const BUG_DETAIL_SELECT = {
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
      ...PROPOSALS_SELECT,
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
      atFromHistory: true,
      milestone: { select: { version: true, release: { select: { number: true } } } },
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: HISTORY_LIMIT,
  },
} as const satisfies Prisma.BugSelect;

/** Flattens a row selected with {@link BUG_DETAIL_SELECT}. */
function toBugDetail(bug: Prisma.BugGetPayload<{ select: typeof BUG_DETAIL_SELECT }>) {
  const { id, milestones, events, updates, discussion, ...fields } = bug;
  return {
    bugId: id,
    ...fields,
    ...toUpdatesAndDiscussion({ updates, discussion }),
    milestones: milestones.map(({ milestone, proposals, ...state }) => ({
      ...state,
      proposals: toProposals({ proposals }),
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
 * A bug as the bug page and `/api/v1/bugs/:id` read it: the fields of {@link MilestoneBug} (without the
 * per-milestone state) plus `keywords`, `prioritized`, `blocks`, `milestones` (its state in every
 * milestone it is or was tracked for, with `active`, `firstSeenAt` and `proposals`) and `history`
 * (state-change events, newest first; `atFromHistory`: `at` is Bugzilla's time of the change).
 */
export type BugDetail = ReturnType<typeof toBugDetail>;

/**
 * One bug with its state in every milestone it is or was tracked for (active or not) and its history
 * (newest first, at most {@link HISTORY_LIMIT} events), or `null` when the bug is not in the database.
 *
 * @returns {@link BugDetail} | null
 */
export async function getBugDetail(db: Db, bugId: number): Promise<BugDetail | null> {
  const bug = await db.bug.findUnique({ where: { id: bugId }, select: BUG_DETAIL_SELECT });
  return bug ? toBugDetail(bug) : null;
}

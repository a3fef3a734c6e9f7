import { hoursToMilliseconds } from "date-fns/hoursToMilliseconds";
import { minutesToMilliseconds } from "date-fns/minutesToMilliseconds";
import { deleteRows, replaceRows, upsertRows, type Columns } from "~/db/bulk.server";
import type { Db } from "~/db/db.server";
import type { DiscussionTicket } from "~/generated/prisma/client";
import { proposalText, ticketBody, ticketBugId } from "~/domain/discussion";
import { webUrl } from "~/components/format";
import { lastVotes, voteCastsFromComments } from "~/domain/votes";
import { UpstreamError } from "~/upstream/http.server";
import type { PagureClient, PagureComment, PagureIssue } from "~/upstream/pagure.server";
import { recentRuns, type StepOptions, type StepResult, type StepRun } from "./step-result.server";
import { countOf } from "~/components/words";

/** A claim (DiscussionTicket row without issue) older than this is taken over by the next sync. */
export const STALE_CLAIM_MS = minutesToMilliseconds(10);

/** What happened to one ticket. */
export interface TicketResult {
  bugId: number;
  issueId: number | null;
  /** `retitled`: the stored ticket's title now names another bug, so this bug no longer has it. */
  outcome: "votes" | "unchanged" | "private" | "missing" | "retitled" | "created" | "linked" | "failed";
  votes?: number;
  error?: string;
}

export interface PagureSyncOptions extends Omit<StepOptions, "full"> {
  /** Open tickets for proposed bugs without one (needs a token; `PAGURE_BOT_ENABLED`). */
  bot?: { bugzillaUrl: string };
  /**
   * List only tickets updated at or after this instant (see `pagureListingSince`); without it every
   * ticket of the repo is listed, and stored tickets missing from the list are looked up alone.
   */
  since?: Date;
  /**
   * The issue listing for `since`, asked before the step ran (`prefetchPagureListing`), and our clock
   * before it was asked: the step uses it instead of listing again.
   */
  early?: { listing: Promise<PagureIssue[]>; listedAt: Date };
}

/**
 * Syncs the discussion tickets of the active tracked bugs of `milestones` from the Pagure repo:
 * lists every issue (paged; or with `since` only those updated since), matches tickets to bugs by
 * title (`ticketBugId`), and for each ticket
 * whose `last_updated` changed parses the votes of its comments (`voteCastsFromComments`) and replaces
 * that ticket's Vote rows in one transaction (with meeting tag, status, url). On a complete listing,
 * a stored ticket missing from it is read alone: 403 → status "private", 404 → "missing" (votes
 * kept). With no tracked bug, Pagure is not asked at all. With `bot`,
 * opens a ticket for each open, proposed, readable bug that has none (see `openMissingTickets`).
 * @returns per-ticket results; a failed ticket does not stop the others.
 * `onKind` hears `full` for a complete listing (or nothing to list), before Pagure is asked.
 * @throws UpstreamError when the issue list cannot be read (nothing is changed then).
 */
export async function syncPagure(
  run: StepRun<PagureClient> & PagureSyncOptions,
): Promise<StepResult<TicketResult>> {
  const { db, client, milestones, ...opts } = run;
  const now = opts.now ?? (() => new Date());
  const milestoneIds = milestones.map((m) => m.id);
  // Bugs tracked before this moment are matched with this listing, even one asked earlier.
  const trackedAt = now();
  const tracked = new Set(
    (
      await db.$queryRaw<{ bugId: number }[]>`SELECT DISTINCT "bugId" FROM "MilestoneBug"
        WHERE active AND "milestoneId" = ANY(${milestoneIds})`
    ).map((t) => t.bugId),
  );
  const listedAt = opts.early?.listedAt ?? now();
  await opts.onKind?.(tracked.size === 0 || !opts.since ? "full" : "incremental");
  if (tracked.size === 0) {
    // Nothing to read tickets for (no milestones yet, or none with bugs): ask Pagure nothing. Recorded
    // as a complete listing, so the first bug tracked later gets a complete one (`pagureListingSince`).
    return {
      results: [],
      counts: { issuesListed: 0, tickets: 0, votesRead: 0, unchanged: 0, private: 0, created: 0, votes: 0 },
      errors: [],
      kind: "full",
      details: {
        listedAt: listedAt.toISOString(),
        trackedAt: trackedAt.toISOString(),
        milestones: milestoneIds,
      },
    };
  }
  opts.progress?.(`pagure: listing tickets for ${countOf(tracked.size, "tracked bug")}…`);
  const issues = await (opts.early?.listing ?? client.listIssues({ status: "all", since: opts.since }));
  const complete = !opts.since;
  const stored = new Map(
    (
      await db.$queryRaw<
        DiscussionTicket[]
      >`SELECT * FROM "DiscussionTicket" WHERE "bugId" = ANY(${[...tracked]})`
    ).map((t) => [t.bugId, t]),
  );
  const chosen = chooseTickets(issues, tracked, stored);
  if (!complete) {
    // A partial listing cannot tell that a stored ticket was replaced: keep the stored one.
    const listedIds = new Set(issues.map((i) => i.id));
    for (const [bugId, issue] of chosen) {
      const storedId = stored.get(bugId)?.issueId;
      if (storedId && storedId !== issue.id && !listedIds.has(storedId)) chosen.delete(bugId);
    }
  }
  const listedById = new Map(issues.map((i) => [i.id, i]));
  const toWrite: TicketWrite[] = [];

  // Each bug's ticket is settled on its own (the lookups go out together, at most the client's
  // concurrency at once); the votes of every changed ticket are then written in one transaction.
  const settle = async (bugId: number): Promise<TicketResult | undefined> => {
    const ticket = stored.get(bugId);
    let issue = chosen.get(bugId);
    try {
      const listed = ticket?.issueId ? listedById.get(ticket.issueId) : undefined;
      if (!issue && ticket?.issueId && listed && ticketBugId(listed.title) !== bugId) {
        // Retitled to name another bug (or none): it is no longer this bug's ticket.
        await dropTicket(db, bugId, ticket.issueId);
        return { bugId, issueId: ticket.issueId, outcome: "retitled" };
      }
      if (!issue && ticket?.issueId && !complete)
        return { bugId, issueId: ticket.issueId, outcome: "unchanged" };
      if (!issue && ticket?.issueId) {
        // Stored but not listed: private to us (PA-10), deleted, or moved out of the list.
        const lookup = await client.getIssue(ticket.issueId);
        if (lookup.state !== "ok") {
          await db.discussionTicket.update({
            where: { bugId },
            data: { status: lookup.state, fetchedAt: now() },
          });
          return { bugId, issueId: ticket.issueId, outcome: lookup.state };
        }
        if (ticketBugId(lookup.issue.title) !== bugId) {
          await dropTicket(db, bugId, ticket.issueId);
          return { bugId, issueId: ticket.issueId, outcome: "retitled" };
        }
        issue = lookup.issue;
      }
      if (!issue) return undefined;
      if (
        ticket?.issueId === issue.id &&
        ticket.fetchedAt &&
        ticket.lastUpdated?.getTime() === issue.last_updated?.getTime()
      ) {
        return { bugId, issueId: issue.id, outcome: "unchanged" };
      }
      const comments = issue.comments ?? (await commentsOf(client, issue.id));
      toWrite.push({ bugId, issue, comments });
      return { bugId, issueId: issue.id, outcome: "votes" };
    } catch (error) {
      return { bugId, issueId: issue?.id ?? null, outcome: "failed", error: (error as Error).message };
    }
  };
  const settled = await Promise.all([...tracked].map(settle));
  const votes = await writeTickets(db, client, toWrite, now());
  const results: TicketResult[] = settled
    .filter((r): r is TicketResult => r !== undefined)
    .map((r) => (r.outcome === "votes" ? { ...r, votes: votes.get(r.bugId) ?? 0 } : r));

  if (opts.bot)
    results.push(...(await openMissingTickets(db, client, milestoneIds, issues, opts.bot.bugzillaUrl, now)));

  const count = (outcome: TicketResult["outcome"]) => results.filter((r) => r.outcome === outcome).length;
  return {
    results,
    counts: {
      issuesListed: issues.length,
      tickets: results.filter((r) => r.issueId !== null && r.outcome !== "failed").length,
      votesRead: count("votes"),
      unchanged: count("unchanged"),
      private: count("private"),
      created: count("created"),
      votes: results.reduce((n, r) => n + (r.votes ?? 0), 0),
    },
    errors: results.filter((r) => r.outcome === "failed").map((r) => `bug ${r.bugId}: ${r.error}`),
    kind: complete ? "full" : "incremental",
    details: {
      listedAt: listedAt.toISOString(),
      trackedAt: trackedAt.toISOString(),
      milestones: milestoneIds,
    },
  };
}

/**
 * Lists the Pagure issues early (while Bugzilla is read and written), from where
 * `pagureListingSince` says now. Before `syncPagure` runs, `pagureListingSince` is asked again (this
 * sync's Bugzilla writes can make a complete listing due): the early listing is used when it reaches
 * as far back (see `earlyListingFor`). Nothing is written; the listing's rejection is the step's.
 */
export async function prefetchPagureListing(
  db: Db,
  client: PagureClient,
  milestoneIds: readonly number[],
  opts: { full?: boolean; now?: () => Date },
): Promise<{ since: Date | undefined; listing: Promise<PagureIssue[]>; listedAt: Date }> {
  const now = opts.now ?? (() => new Date());
  const listedAt = now();
  const since = await pagureListingSince(db, milestoneIds, { full: opts.full, now: listedAt });
  const listing = client.listIssues({ status: "all", since });
  listing.catch(() => undefined);
  return { since, listing, listedAt };
}

/**
 * The early listing to use for a listing from `since` (undefined: complete), if it reaches as far:
 * a complete one always does, an incremental one only when `since` is not earlier.
 */
export function earlyListingFor<T extends { since: Date | undefined }>(
  early: T | undefined,
  since: Date | undefined,
): T | undefined {
  if (!early) return undefined;
  if (early.since === undefined) return early;
  return since !== undefined && since.getTime() >= early.since.getTime() ? early : undefined;
}

/** How far back an incremental listing reaches before the previous listing (clock skew). */
const LISTING_OVERLAP_MS = minutesToMilliseconds(5);
/** A complete listing at least this often (tickets of newly tracked bugs, private and deleted ones). */
const FULL_LISTING_MAX_AGE_MS = hoursToMilliseconds(24);

/**
 * Where the next Pagure listing can start: the previous successful run's listing time minus 5 minutes,
 * when that run and every run back to a complete listing of the last 24 hours covered all of
 * `milestoneIds`; undefined (list everything) otherwise, when `full`, or when after that complete
 * listing a bug without a ticket started blocking one of the milestones (its ticket may be older than
 * any incremental listing would reach) or a bug started blocking one again (votes cast while it was
 * not tracked were skipped).
 */
export async function pagureListingSince(
  db: Db,
  milestoneIds: readonly number[],
  opts: { full?: boolean; now?: Date } = {},
): Promise<Date | undefined> {
  if (opts.full) return undefined;
  const now = opts.now ?? new Date();
  const runs = await recentRuns(db, "pagure", {
    now,
    maxAgeMs: FULL_LISTING_MAX_AGE_MS,
    keys: ["listedAt", "trackedAt", "milestones"],
  });
  let since: Date | undefined;
  for (const run of runs) {
    const details = run.details as { listedAt?: string; trackedAt?: string; milestones?: number[] } | null;
    if (!details?.listedAt || !milestoneIds.every((id) => details.milestones?.includes(id))) return undefined;
    since ??= new Date(Date.parse(details.listedAt) - LISTING_OVERLAP_MS);
    if (run.kind === "full") {
      // Bugs tracked since that listing: first seen without a ticket (it may be older than any
      // incremental listing reaches), or tracked again (their ticket may have changed while no
      // listing looked at it).
      const ids = [...milestoneIds];
      const [{ newlyTracked }] = await db.$queryRaw<[{ newlyTracked: boolean }]>`
        SELECT EXISTS (SELECT 1 FROM "BugEvent" e
          WHERE e."milestoneId" = ANY(${ids}) AND e.field = 'active' AND e."newValue" = 'true'
            -- Tracked after that run read its tracked bugs (its listing may have been asked before).
            AND e."recordedAt" > ${new Date(details.trackedAt ?? details.listedAt)}
            AND (e."oldValue" = 'false'
              OR NOT EXISTS (SELECT 1 FROM "DiscussionTicket" d WHERE d."bugId" = e."bugId"))
            AND EXISTS (SELECT 1 FROM "MilestoneBug" mb
              WHERE mb."bugId" = e."bugId" AND mb.active AND mb."milestoneId" = ANY(${ids}))
        ) AS "newlyTracked"`;
      return newlyTracked ? undefined : since;
    }
  }
  return undefined;
}

/**
 * Picks each tracked bug's ticket among the listed issues: the one already stored if it is still
 * listed, else an open one before a closed one, newest (highest id) first.
 */
function chooseTickets(
  issues: PagureIssue[],
  tracked: Set<number>,
  stored: Map<number, { issueId: number | null }>,
): Map<number, PagureIssue> {
  const chosen = new Map<number, PagureIssue>();
  const rank = (bugId: number, i: PagureIssue) =>
    (stored.get(bugId)?.issueId === i.id ? 4 : 0) + (i.status === "Open" ? 2 : 0);
  for (const issue of issues) {
    const bugId = ticketBugId(issue.title);
    if (bugId === null || !tracked.has(bugId)) continue;
    const current = chosen.get(bugId);
    if (
      !current ||
      rank(bugId, issue) > rank(bugId, current) ||
      (rank(bugId, issue) === rank(bugId, current) && issue.id > current.id)
    )
      chosen.set(bugId, issue);
  }
  return chosen;
}

async function commentsOf(client: PagureClient, issueId: number): Promise<PagureComment[]> {
  const lookup = await client.getIssue(issueId);
  return lookup.state === "ok" ? (lookup.issue.comments ?? []) : [];
}

/** One ticket to store with the comments its votes are read from. */
interface TicketWrite {
  bugId: number;
  issue: PagureIssue;
  comments: PagureComment[];
}

/**
 * Stores a ticket and replaces its votes and vote history in one transaction (see `writeTickets`);
 * returns the number of votes.
 */
export async function writeTicket(
  db: Db,
  client: PagureClient,
  bugId: number,
  issue: PagureIssue,
  comments: PagureComment[],
  now: Date,
): Promise<number> {
  return (await writeTickets(db, client, [{ bugId, issue, comments }], now)).get(bugId) ?? 0;
}

/** Columns of a vote (`Vote`) and of a cast vote (`VoteCast`). */
const VOTE_COLUMNS = {
  bugId: "integer",
  tracker: "text",
  voter: "text",
  value: "integer",
  commentId: "integer",
  votedAt: "timestamp(3)",
} as const satisfies Columns;

const TICKET_COLUMNS = {
  bugId: "integer",
  issueId: "integer",
  url: "text",
  status: "text",
  tags: "text[]",
  meeting: "boolean",
  lastUpdated: "timestamp(3)",
  fetchedAt: "timestamp(3)",
} as const satisfies Columns;

/**
 * Stores tickets and replaces their votes (each voter's last vote per tracker, `Vote`) and their vote
 * history (every vote cast, `VoteCast`: the changes page tells which tallies moved), all in one
 * transaction of a few set-based statements (a ticket retitled from another bug to this one first
 * leaves that bug, votes and all).
 * @returns the number of votes per bug.
 */
async function writeTickets(
  db: Db,
  client: PagureClient,
  tickets: TicketWrite[],
  now: Date,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (tickets.length === 0) return counts;
  const rows = tickets.map(({ bugId, issue }) => ({
    bugId,
    issueId: issue.id,
    url: webUrl(issue.full_url) ?? client.issueUrl(issue.id),
    status: issue.status,
    tags: issue.tags,
    meeting: issue.tags.includes("meeting"),
    lastUpdated: issue.last_updated,
    fetchedAt: now,
  }));
  const read = tickets.map(({ bugId, comments }) => {
    const cast = voteCastsFromComments(
      comments.map((c) => ({
        id: c.id,
        author: c.user.name,
        text: c.comment,
        createdAt: c.date_created ?? now,
        notification: c.notification,
      })),
    ).map((v) => ({ bugId, ...v }));
    const current = lastVotes(cast);
    counts.set(bugId, current.length);
    return { cast, current };
  });
  const votes = read.flatMap((r) => r.current);
  const casts = read.flatMap((r) => r.cast);
  const bugOf = new Map(rows.map((r) => [r.issueId, r.bugId]));
  await db.$transaction(
    async (tx) => {
      const holders = await tx.$queryRaw<{ bugId: number; issueId: number }[]>`
        SELECT "bugId", "issueId" FROM "DiscussionTicket" WHERE "issueId" = ANY(${[...bugOf.keys()]})`;
      const moved = holders.filter((h) => bugOf.get(h.issueId) !== h.bugId).map((h) => h.bugId);
      await deleteRows(tx, "DiscussionTicket", { bugId: moved });
      await upsertRows(tx, "DiscussionTicket", TICKET_COLUMNS, rows, { key: ["bugId"] });
      const ofTickets = { key: "bugId", keys: rows.map((r) => r.bugId) };
      await replaceRows(tx, "Vote", VOTE_COLUMNS, votes, ofTickets);
      await replaceRows(tx, "VoteCast", VOTE_COLUMNS, casts, ofTickets);
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return counts;
}

/** Removes a bug's stored ticket (and, by cascade, its votes) if it still is issue `issueId`. */
async function dropTicket(db: Db, bugId: number, issueId: number): Promise<void> {
  await db.discussionTicket.deleteMany({ where: { bugId, issueId } });
}

/**
 * The ticket bot: opens a ticket for each open, proposed (blocker or FE), active, readable bug of
 * `milestoneIds` that has none. Idempotent and safe across concurrent syncs and crashes: a
 * DiscussionTicket row with `issueId` null (primary key `bugId`) is the claim, taken with an insert
 * that does nothing on conflict, so only one process creates the ticket. A claim older than
 * `STALE_CLAIM_MS` (its process died, maybe after creating the ticket) is taken over atomically.
 * Before opening, the bug is looked up in a complete listing made during this run (after any stale
 * claim's creation attempt), so an existing ticket is linked instead. A refused creation
 * (HTTP 4xx: nothing was created) releases the claim; an unanswered one keeps it until it is stale.
 */
async function openMissingTickets(
  db: Db,
  client: PagureClient,
  milestoneIds: number[],
  completeListing: PagureIssue[] | undefined,
  bugzillaUrl: string,
  now: () => Date,
): Promise<TicketResult[]> {
  const proposed = await db.milestoneBug.findMany({
    where: {
      active: true,
      milestoneId: { in: milestoneIds },
      milestone: { active: true },
      OR: [{ blocker: "proposed" }, { fe: "proposed" }],
      bug: {
        fetchedAt: { not: null },
        inaccessible: null,
        status: { not: "CLOSED" },
        discussion: { is: null },
      },
    },
    include: { bug: true, milestone: { include: { release: true } } },
    orderBy: { bugId: "asc" },
  });
  const staleClaims = await db.discussionTicket.findMany({
    where: {
      issueId: null,
      claimedAt: { lt: new Date(now().getTime() - STALE_CLAIM_MS) },
      bug: { milestones: { some: { active: true, milestoneId: { in: milestoneIds } } } },
    },
    include: { bug: { include: { milestones: { include: { milestone: { include: { release: true } } } } } } },
  });
  const results: TicketResult[] = [];
  // Every ticket of the repo, listed during this run (so after any stale claim's creation attempt).
  let all = completeListing;

  // Group proposals per bug: one ticket names every milestone the bug is proposed for.
  const byBug = new Map<number, typeof proposed>();
  for (const p of proposed) byBug.set(p.bugId, [...(byBug.get(p.bugId) ?? []), p]);
  const candidates: { bugId: number; summary: string; proposals: string[]; stale: boolean }[] = [
    ...[...byBug].map(([bugId, rows]) => ({
      bugId,
      summary: rows[0]!.bug.summary,
      proposals: rows.map((r) => proposalText(r.blocker === "proposed", r.fe === "proposed", r.milestone)),
      stale: false,
    })),
    ...staleClaims.map((c) => ({
      bugId: c.bugId,
      summary: c.bug.summary,
      proposals: c.bug.milestones
        .filter((m) => m.active && (m.blocker === "proposed" || m.fe === "proposed"))
        .map((m) => proposalText(m.blocker === "proposed", m.fe === "proposed", m.milestone)),
      stale: true,
    })),
  ];

  for (const c of candidates) {
    try {
      all ??= await client.listIssues({ status: "all" });
      const existing = all.find((i) => ticketBugId(i.title) === c.bugId);
      if (c.stale) {
        const taken = await db.discussionTicket.updateMany({
          where: {
            bugId: c.bugId,
            issueId: null,
            claimedAt: { lt: new Date(now().getTime() - STALE_CLAIM_MS) },
          },
          data: { claimedAt: now() },
        });
        if (taken.count === 0) continue;
      }
      if (existing) {
        // Opened before a crash, or not in an incremental listing: link it, never open a second one.
        await writeTicket(db, client, c.bugId, existing, existing.comments ?? [], now());
        results.push({ bugId: c.bugId, issueId: existing.id, outcome: "linked" });
        continue;
      }
      if (!c.stale) {
        const claim = await db.discussionTicket.createMany({
          data: [{ bugId: c.bugId, createdByApp: true, claimedAt: now() }],
          skipDuplicates: true,
        });
        if (claim.count === 0) continue; // another sync holds it
      }
      let issue: PagureIssue;
      try {
        issue = await client.createIssue({
          title: `${c.bugId}: ${c.summary}`,
          content: ticketBody(c.bugId, c.summary, c.proposals, bugzillaUrl),
        });
      } catch (error) {
        if (
          error instanceof UpstreamError &&
          error.status !== undefined &&
          error.status >= 400 &&
          error.status < 500
        ) {
          await db.discussionTicket.deleteMany({ where: { bugId: c.bugId, issueId: null } });
        }
        throw error;
      }
      await writeTicket(db, client, c.bugId, issue, issue.comments ?? [], now());
      results.push({ bugId: c.bugId, issueId: issue.id, outcome: "created" });
    } catch (error) {
      results.push({
        bugId: c.bugId,
        issueId: null,
        outcome: "failed",
        error: `opening a ticket: ${(error as Error).message}`,
      });
    }
  }
  return results;
}

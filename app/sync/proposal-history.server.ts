/**
 * The Bugzilla-history part of the Bugzilla step: who proposed each tracked bug and when, when it was
 * decided, re-proposals, and Bugzilla's time of each state change (rules in
 * `app/domain/proposal-history.ts` and `app/domain/re-proposal.ts`).
 *
 * Bugzilla answers history one bug at a time (`GET /rest/bug/{id}/history`), so it is read only for
 * bugs whose `blocks` or whiteboard changed since it was last read, or whose status changed since the
 * last sync (who closed or reopened it, and when), and for bugs never read, a few requests at a time. A failed read is counted and recorded, never fails the milestone: the bug keeps
 * what was known (its stored history, proposal records and re-proposal state) and is read again on the
 * next sync.
 */
import pMap from "p-map";
import type { Db } from "~/db/db.server";
import { deriveBugState, type MilestoneTrackers } from "~/domain/blocker-state";
import { parseBugzillaDate } from "~/domain/bug-fields";
import {
  HISTORY_FIELDS,
  proposalFacts,
  stateChangeTime,
  type BugNow,
  type FieldChange,
} from "~/domain/proposal-history";
import { reviewWithReProposal, type ReProposalEvidence } from "~/domain/re-proposal";
import type { StateChange } from "~/domain/state-changes";
import type { Prisma } from "~/generated/prisma/client";
import type { BugzillaBug, BugzillaClient } from "~/upstream/bugzilla.server";

/** History requests in flight at once (Bugzilla has no batch call for history). */
export const HISTORY_CONCURRENCY = 4;

/** A bug whose history could not be read, and why. */
// A type, not an interface: it goes into SyncRun.details (JSON).
export type HistoryFailure = { bugId: number; error: string };

type Kind = "blocker" | "fe";
const KINDS: readonly Kind[] = ["blocker", "fe"];

/** What is known of one bug's history in this sync. */
interface Known {
  changes: FieldChange[];
  filedAt: Date | null;
  filedBy: string | null;
  /** Read in this sync (so it also covers status changes), not loaded from the database. */
  fresh: boolean;
}

/** The stored proposal record of one (milestone, bug, kind). */
type StoredProposal = Prisma.MilestoneProposalGetPayload<{
  select: {
    milestoneId: true;
    bugId: true;
    kind: true;
    proposedAt: true;
    proposedBy: true;
    decidedAt: true;
    decidedBy: true;
    previouslyRejected: true;
  };
}>;

const sameIds = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length &&
  [...a].sort((x, y) => x - y).every((v, i) => v === [...b].sort((x, y) => x - y)[i]);

/**
 * Ids among `bugIds` whose history must be read although Bugzilla's search may not return them in an
 * incremental sync: their stored `blocks` or whiteboard differ from those the history was last read
 * for, or it never was (e.g. the last read failed). Bugs Bugzilla no longer shows us are left out.
 */
export async function historyPendingIds(db: Db, bugIds: readonly number[]): Promise<number[]> {
  if (bugIds.length === 0) return [];
  const bugs = await db.bug.findMany({
    where: { id: { in: [...bugIds] }, inaccessible: null, fetchedAt: { not: null } },
    select: {
      id: true,
      blocks: true,
      whiteboard: true,
      historyFetch: { select: { fetchedAt: true, blocks: true, whiteboard: true } },
    },
  });
  return bugs
    .filter((b) => {
      const r = b.historyFetch;
      return !r?.fetchedAt || !sameIds(r.blocks, b.blocks) || r.whiteboard !== b.whiteboard;
    })
    .map((b) => b.id);
}

/**
 * Reads what is needed of the histories of `bugs` (as just fetched from Bugzilla): from Bugzilla for
 * those whose `blocks` or whiteboard changed since their history was last read (or never read), or
 * whose status differs from the stored one, at most {@link HISTORY_CONCURRENCY} at a time; from the database for the others. Never throws for
 * upstream errors: failed reads are in `failures`.
 */
export async function readProposalHistories(
  db: Db,
  client: BugzillaClient,
  bugs: readonly BugzillaBug[],
  opts: { now: () => Date; concurrency?: number },
): Promise<ProposalHistories> {
  const ids = bugs.map((b) => b.id);
  const [records, storedBugs, storedChanges, storedProposals] = await Promise.all([
    db.bugHistoryFetch.findMany({ where: { bugId: { in: ids } } }),
    db.bug.findMany({
      where: { id: { in: ids }, fetchedAt: { not: null } },
      select: { id: true, status: true },
    }),
    db.bugChange.findMany({ where: { bugId: { in: ids } }, orderBy: [{ bugId: "asc" }, { seq: "asc" }] }),
    db.milestoneProposal.findMany({
      where: { bugId: { in: ids } },
      select: {
        milestoneId: true,
        bugId: true,
        kind: true,
        proposedAt: true,
        proposedBy: true,
        decidedAt: true,
        decidedBy: true,
        previouslyRejected: true,
      },
    }),
  ]);
  const recordOf = new Map(records.map((r) => [r.bugId, r]));
  const storedStatus = new Map(storedBugs.map((b) => [b.id, b.status]));
  const toRead = bugs.filter((bug) => {
    const r = recordOf.get(bug.id);
    const status = storedStatus.get(bug.id);
    return (
      !r?.fetchedAt ||
      !sameIds(r.blocks, bug.blocks ?? []) ||
      r.whiteboard !== (bug.whiteboard ?? "") ||
      (status !== undefined && status !== (bug.status ?? ""))
    );
  });

  const reading = new Set(toRead.map((b) => b.id));
  const changesOf = new Map<number, FieldChange[]>();
  for (const { bugId, at, who, field, removed, added } of storedChanges) {
    const list = changesOf.get(bugId) ?? [];
    list.push({ at, who, field, removed, added });
    changesOf.set(bugId, list);
  }
  const known = new Map<number, Known>();
  for (const bug of bugs) {
    const r = recordOf.get(bug.id);
    if (!r?.fetchedAt || reading.has(bug.id)) continue;
    known.set(bug.id, {
      changes: changesOf.get(bug.id) ?? [],
      filedAt: r.filedAt,
      filedBy: r.filedBy,
      fresh: false,
    });
  }

  const failures: HistoryFailure[] = [];
  await pMap(
    toRead,
    async (bug) => {
      try {
        const entries = await client.getBugHistory(bug.id);
        const changes: FieldChange[] = entries.flatMap((entry) =>
          entry.changes
            .filter((c) => (HISTORY_FIELDS as readonly string[]).includes(c.field_name))
            .map((c) => ({
              at: parseBugzillaDate(entry.when),
              who: entry.who,
              field: c.field_name,
              removed: c.removed,
              added: c.added,
            })),
        );
        known.set(bug.id, {
          changes,
          filedAt: bug.creation_time ? parseBugzillaDate(bug.creation_time) : null,
          filedBy: bug.creator ?? null,
          fresh: true,
        });
      } catch (error) {
        failures.push({ bugId: bug.id, error: (error as Error).message });
      }
    },
    { concurrency: opts.concurrency ?? HISTORY_CONCURRENCY },
  );
  failures.sort((a, b) => a.bugId - b.bugId);
  return new ProposalHistories(known, storedProposals, failures, reading, opts.now);
}

/** The histories read for one sync of some bugs; see {@link readProposalHistories}. */
export class ProposalHistories {
  /**
   * Bugs whose history rows were written (one milestone's transaction writes them for all; if it rolls
   * back, their fetch record is missing and the next sync reads them again).
   */
  private readonly bugRowsWritten = new Set<number>();
  private readonly claimed = new Set<number>();

  constructor(
    private readonly known: Map<number, Known>,
    private readonly stored: StoredProposal[],
    /** Bugs whose history could not be read (they keep what was known). */
    readonly failures: HistoryFailure[],
    /** The bugs whose history was asked for (one request each). */
    private readonly read: ReadonlySet<number>,
    private readonly now: () => Date,
  ) {}

  /** History requests made (one per bug read). */
  get requests(): number {
    return this.read.size;
  }

  /**
   * The requests made and the failed reads of the given bugs that no earlier call claimed: when one
   * read serves several milestones, each bug's read is counted once, for the first of them.
   */
  claim(bugIds: Iterable<number>): { requests: number; failures: HistoryFailure[] } {
    let requests = 0;
    const failures: HistoryFailure[] = [];
    for (const id of bugIds) {
      if (this.claimed.has(id)) continue;
      this.claimed.add(id);
      if (this.read.has(id)) requests += 1;
      failures.push(...this.failures.filter((f) => f.bugId === id));
    }
    return { requests, failures: failures.sort((a, b) => a.bugId - b.bugId) };
  }

  private bugNow(bug: BugzillaBug, k: Known): BugNow {
    return {
      blocks: bug.blocks ?? [],
      whiteboard: bug.whiteboard ?? "",
      status: bug.status ?? "",
      filedAt: k.filedAt,
      filedBy: k.filedBy,
      asOf: bug.last_change_time ? parseBugzillaDate(bug.last_change_time) : null,
    };
  }

  /**
   * Whether each kind of the bug was proposed again after its rejection in this milestone: from the
   * history when it is known, else what was stored (a failed read keeps what was known), else `null`.
   */
  evidence(milestoneId: number, trackers: MilestoneTrackers, bug: BugzillaBug): ReProposalEvidence {
    const k = this.known.get(bug.id);
    const of = (kind: Kind): boolean | null => {
      if (k)
        return proposalFacts(k.changes, this.bugNow(bug, k), trackers, kind)?.reAddedAfterRejection ?? null;
      const stored = this.stored.find(
        (p) => p.milestoneId === milestoneId && p.bugId === bug.id && p.kind === kind,
      );
      return stored ? stored.previouslyRejected : null;
    };
    return { blocker: of("blocker"), fe: of("fe") };
  }

  /**
   * Bugzilla's time of a state change of the bug in a milestone, or `null` when the history does not
   * say (not read, or the change dates from an unknown filing time). Status changes are dated only by a
   * history read in this sync (a stored one may predate them).
   */
  eventTime(trackers: MilestoneTrackers, bug: BugzillaBug, change: StateChange): Date | null {
    const k = this.known.get(bug.id);
    if (!k || (change.field === "status" && !k.fresh)) return null;
    return stateChangeTime(k.changes, this.bugNow(bug, k), trackers, change.field);
  }

  /**
   * Writes, inside the milestone's transaction and after its MilestoneBug rows: the histories read in
   * this sync (each bug's BugChange rows replaced) and their fetch records, the failed reads, and the
   * milestone's proposal records of `bugs` whose history is known (only bugs whose records changed are
   * rewritten; a kind the bug no longer blocks loses its row). The histories of `left` (bugs that left
   * the milestone) are written too, their proposal records kept as they were. A few statements in all,
   * whatever the number of bugs.
   */
  async write(
    tx: Prisma.TransactionClient,
    milestoneId: number,
    trackers: MilestoneTrackers,
    bugs: readonly BugzillaBug[],
    left: readonly BugzillaBug[] = [],
  ): Promise<void> {
    const unwritten = [...bugs, ...left].filter((b) => !this.bugRowsWritten.has(b.id));
    await this.writeBugRows(tx, unwritten);
    for (const b of unwritten) this.bugRowsWritten.add(b.id);
    const rewrite: number[] = [];
    const rows: Prisma.MilestoneProposalCreateManyInput[] = [];
    for (const bug of bugs) {
      const k = this.known.get(bug.id);
      if (!k) continue;
      const derived = deriveBugState(
        { blocks: bug.blocks ?? [], whiteboard: bug.whiteboard ?? "" },
        trackers,
      );
      const wanted = KINDS.flatMap((kind) => {
        const facts = proposalFacts(k.changes, this.bugNow(bug, k), trackers, kind);
        if (!facts) return [];
        const again = reviewWithReProposal(derived[kind], facts.reAddedAfterRejection).previouslyRejected;
        return [
          {
            milestoneId,
            bugId: bug.id,
            kind,
            proposedAt: facts.proposedAt,
            proposedBy: facts.proposedBy,
            // A re-proposal waits for a new decision.
            decidedAt: again ? null : facts.decidedAt,
            decidedBy: again ? null : facts.decidedBy,
            previouslyRejected: again,
          },
        ];
      });
      const stored = this.stored.filter((p) => p.milestoneId === milestoneId && p.bugId === bug.id);
      const same =
        stored.length === wanted.length &&
        wanted.every((w) => stored.some((p) => p.kind === w.kind && sameProposal(p, w)));
      if (same) continue;
      rewrite.push(bug.id);
      rows.push(...wanted);
    }
    if (rewrite.length === 0) return;
    await tx.milestoneProposal.deleteMany({ where: { milestoneId, bugId: { in: rewrite } } });
    if (rows.length > 0) await tx.milestoneProposal.createMany({ data: rows });
  }

  /** BugChange rows and fetch records of the bugs read (or failed) in this sync. */
  private async writeBugRows(tx: Prisma.TransactionClient, bugs: readonly BugzillaBug[]): Promise<void> {
    const now = this.now();
    const fresh = bugs.filter((b) => this.known.get(b.id)?.fresh);
    if (fresh.length > 0) {
      const ids = fresh.map((b) => b.id);
      await tx.bugChange.deleteMany({ where: { bugId: { in: ids } } });
      await tx.bugChange.createMany({
        data: fresh.flatMap((bug) =>
          this.known.get(bug.id)!.changes.map((c, seq) => ({ bugId: bug.id, seq, ...c })),
        ),
      });
      await tx.bugHistoryFetch.deleteMany({ where: { bugId: { in: ids } } });
      await tx.bugHistoryFetch.createMany({
        data: fresh.map((bug) => {
          const k = this.known.get(bug.id)!;
          return {
            bugId: bug.id,
            fetchedAt: now,
            blocks: bug.blocks ?? [],
            whiteboard: bug.whiteboard ?? "",
            filedAt: k.filedAt,
            filedBy: k.filedBy,
          };
        }),
      });
    }
    // A failed read keeps the record of the last good one (its blocks and whiteboard say what is owed).
    for (const failure of this.failures) {
      if (!bugs.some((b) => b.id === failure.bugId)) continue;
      const row = { failedAt: now, error: failure.error };
      await tx.bugHistoryFetch.upsert({
        where: { bugId: failure.bugId },
        create: { bugId: failure.bugId, ...row },
        update: row,
      });
    }
  }
}

/** Whether two proposal records say the same (times compared by value). */
function sameProposal(
  a: Omit<StoredProposal, "milestoneId" | "bugId" | "kind">,
  b: Omit<StoredProposal, "milestoneId" | "bugId" | "kind">,
): boolean {
  const t = (d: Date | null) => d?.getTime() ?? null;
  return (
    t(a.proposedAt) === t(b.proposedAt) &&
    a.proposedBy === b.proposedBy &&
    t(a.decidedAt) === t(b.decidedAt) &&
    a.decidedBy === b.decidedBy &&
    a.previouslyRejected === b.previouslyRejected
  );
}

/**
 * The Bugzilla-history part of the Bugzilla step: who proposed each tracked bug and when, when it was
 * decided, re-proposals, and Bugzilla's time of each state change (rules in
 * `app/domain/proposal-history.ts` and `app/domain/re-proposal.ts`).
 *
 * History is read only for bugs whose `blocks` or whiteboard changed since it was last read, or whose
 * status changed since the last sync (who closed or reopened it, and when), and for bugs never read, up
 * to `HISTORY_BATCH_SIZE` bugs per request (`GET /rest/bug/{first}/history?ids=…`, see
 * `BugzillaClient.getBugHistories`), the requests together through the client's concurrency gate. A
 * failed read is counted and recorded, never fails the milestone: the bug keeps what was known (its
 * stored history, proposal records and re-proposal state) and is read again on the next sync.
 */
import { deleteRows, insertRows, upsertRows, type Columns } from "~/db/bulk.server";
import type { Db } from "~/db/db.server";
import { deriveBugState, type MilestoneTrackers } from "~/domain/blocker-state";
import { parseBugzillaDate } from "~/domain/bug-fields";
import {
  HISTORY_FIELDS,
  proposalFacts,
  stateChangeTime,
  type BugNow,
  type FieldChange,
  type ProposalFacts,
} from "~/domain/proposal-history";
import { reviewWithReProposal, type ReProposalEvidence } from "~/domain/re-proposal";
import type { StateChange } from "~/domain/state-changes";
import type { Prisma } from "~/generated/prisma/client";
import {
  isBugAccessError,
  type BugHistoryEntry,
  type BugzillaBug,
  type BugzillaClient,
} from "~/upstream/bugzilla.server";

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

/** What the stored fetch record of a bug's history says. */
interface HistoryRecord {
  bugId: number;
  fetchedAt: Date | null;
  blocks: number[];
  whiteboard: string;
  filedAt: Date | null;
  filedBy: string | null;
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
  const bugs = await db.$queryRaw<
    {
      id: number;
      blocks: number[];
      whiteboard: string;
      fetchedAt: Date | null;
      readBlocks: number[] | null;
      readWhiteboard: string | null;
    }[]
  >`SELECT b.id, b.blocks, b.whiteboard, h."fetchedAt", h.blocks AS "readBlocks", h.whiteboard AS "readWhiteboard"
    FROM "Bug" b LEFT JOIN "BugHistoryFetch" h ON h."bugId" = b.id
    WHERE b.id = ANY(${[...bugIds]}) AND b.inaccessible IS NULL AND b."fetchedAt" IS NOT NULL`;
  return bugs
    .filter(
      (b) => !b.fetchedAt || !sameIds(b.readBlocks ?? [], b.blocks) || b.readWhiteboard !== b.whiteboard,
    )
    .map((b) => b.id);
}

/**
 * Reads what is needed of the histories of `bugs` (as just fetched from Bugzilla): from Bugzilla for
 * those whose `blocks` or whiteboard changed since their history was last read (or never read), or
 * whose status differs from the stored one, in requests of the client's `historyBatchSize` bugs; from
 * the database for the others. A failed request fails the reads of its bugs only (a bug Bugzilla
 * refuses, missing or private, is singled out by halving its request). Never throws for upstream
 * errors: failed reads are in `failures`.
 */
export async function readProposalHistories(
  db: Db,
  client: BugzillaClient,
  bugs: readonly BugzillaBug[],
  opts: { now: () => Date },
): Promise<ProposalHistories> {
  const ids = bugs.map((b) => b.id);
  // Plain queries: these read thousands of rows on a first sync, where Prisma's `in` lists cost more.
  const [records, storedBugs, storedChanges, storedProposals] = await Promise.all([
    db.$queryRaw<HistoryRecord[]>`SELECT "bugId", "fetchedAt", COALESCE(blocks, '{}') AS blocks, whiteboard,
      "filedAt", "filedBy"
      FROM "BugHistoryFetch" WHERE "bugId" = ANY(${ids})`,
    db.$queryRaw<{ id: number; status: string }[]>`SELECT id, status FROM "Bug"
      WHERE id = ANY(${ids}) AND "fetchedAt" IS NOT NULL`,
    db.$queryRaw<(FieldChange & { bugId: number })[]>`SELECT "bugId", at, who, field, removed, added
      FROM "BugChange" WHERE "bugId" = ANY(${ids}) ORDER BY "bugId", seq`,
    db.$queryRaw<StoredProposal[]>`SELECT "milestoneId", "bugId", kind, "proposedAt", "proposedBy",
      "decidedAt", "decidedBy", "previouslyRejected"
      FROM "MilestoneProposal" WHERE "bugId" = ANY(${ids})`,
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
  const remember = (bug: BugzillaBug, entries: BugHistoryEntry[]) =>
    known.set(bug.id, {
      changes: entries.flatMap((entry) =>
        entry.changes
          .filter((c) => (HISTORY_FIELDS as readonly string[]).includes(c.field_name))
          .map((c) => ({
            at: parseBugzillaDate(entry.when),
            who: entry.who,
            field: c.field_name,
            removed: c.removed,
            added: c.added,
          })),
      ),
      filedAt: bug.creation_time ? parseBugzillaDate(bug.creation_time) : null,
      filedBy: bug.creator ?? null,
      fresh: true,
    });
  const read = async (batch: readonly BugzillaBug[]): Promise<void> => {
    try {
      const histories = await client.getBugHistories(batch.map((b) => b.id));
      for (const bug of batch) remember(bug, histories.get(bug.id)!);
    } catch (error) {
      // One missing or private bug fails Bugzilla's whole request: halve the batch until that bug is
      // alone, so the others are still read.
      if (batch.length > 1 && isBugAccessError(error)) {
        const half = Math.ceil(batch.length / 2);
        await Promise.all([read(batch.slice(0, half)), read(batch.slice(half))]);
        return;
      }
      for (const bug of batch) failures.push({ bugId: bug.id, error: (error as Error).message });
    }
  };
  const size = client.historyBatchSize;
  const batches: BugzillaBug[][] = [];
  for (let i = 0; i < toRead.length; i += size) batches.push(toRead.slice(i, i + size));
  // The batches go out together; the client's gate keeps at most `concurrency` in flight.
  await Promise.all(batches.map(read));
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
  /** The stored proposal records by milestone and bug (`${milestoneId}:${bugId}`). */
  private readonly storedOf = new Map<string, StoredProposal[]>();
  private readonly failureOf: Map<number, HistoryFailure>;

  constructor(
    private readonly known: Map<number, Known>,
    stored: StoredProposal[],
    /** Bugs whose history could not be read (they keep what was known). */
    readonly failures: HistoryFailure[],
    /** The bugs whose history was asked for in this sync. */
    private readonly askedFor: ReadonlySet<number>,
    private readonly now: () => Date,
  ) {
    for (const p of stored) {
      const key = `${p.milestoneId}:${p.bugId}`;
      this.storedOf.set(key, [...(this.storedOf.get(key) ?? []), p]);
    }
    this.failureOf = new Map(failures.map((f) => [f.bugId, f]));
  }

  /** Bugs whose history was asked for in this sync (read or failed). */
  get asked(): number {
    return this.askedFor.size;
  }

  /**
   * The histories asked for among the given bugs that no earlier call claimed (when one read serves
   * several milestones, each bug's read is counted once, for the first of them), and the failed reads
   * of all of them: a milestone whose state of a bug was derived without its history says so, whichever
   * milestone claimed the read.
   */
  claim(bugIds: Iterable<number>): { read: number; failures: HistoryFailure[] } {
    let read = 0;
    const failures: HistoryFailure[] = [];
    for (const id of bugIds) {
      const failure = this.failureOf.get(id);
      if (failure) failures.push(failure);
      if (this.claimed.has(id)) continue;
      this.claimed.add(id);
      if (this.askedFor.has(id)) read += 1;
    }
    return { read, failures: failures.sort((a, b) => a.bugId - b.bugId) };
  }

  /** Each bug's {@link BugNow}, and its proposal facts per milestone and kind, worked out once. */
  private readonly nowOf = new WeakMap<BugzillaBug, BugNow>();
  private readonly factsOf = new Map<string, ProposalFacts | null>();

  private facts(bug: BugzillaBug, k: Known, trackers: MilestoneTrackers, kind: Kind): ProposalFacts | null {
    const key = `${trackers.blockerTrackerId}/${trackers.feTrackerId}:${bug.id}:${kind}`;
    if (!this.factsOf.has(key))
      this.factsOf.set(key, proposalFacts(k.changes, this.bugNow(bug, k), trackers, kind));
    return this.factsOf.get(key)!;
  }

  private bugNow(bug: BugzillaBug, k: Known): BugNow {
    const cached = this.nowOf.get(bug);
    if (cached) return cached;
    const now: BugNow = {
      blocks: bug.blocks ?? [],
      whiteboard: bug.whiteboard ?? "",
      status: bug.status ?? "",
      filedAt: k.filedAt,
      filedBy: k.filedBy,
      asOf: bug.last_change_time ? parseBugzillaDate(bug.last_change_time) : null,
    };
    this.nowOf.set(bug, now);
    return now;
  }

  /**
   * Whether each kind of the bug was proposed again after its rejection in this milestone: from the
   * history when it is known, else what was stored (a failed read keeps what was known), else `null`.
   */
  evidence(milestoneId: number, trackers: MilestoneTrackers, bug: BugzillaBug): ReProposalEvidence {
    const k = this.known.get(bug.id);
    const of = (kind: Kind): boolean | null => {
      if (k) return this.facts(bug, k, trackers, kind)?.reAddedAfterRejection ?? null;
      const stored = this.storedOf.get(`${milestoneId}:${bug.id}`)?.find((p) => p.kind === kind);
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
    const rows: StoredProposal[] = [];
    for (const bug of bugs) {
      const k = this.known.get(bug.id);
      if (!k) continue;
      const derived = deriveBugState(
        { blocks: bug.blocks ?? [], whiteboard: bug.whiteboard ?? "" },
        trackers,
      );
      const wanted = KINDS.flatMap((kind) => {
        const facts = this.facts(bug, k, trackers, kind);
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
      const stored = this.storedOf.get(`${milestoneId}:${bug.id}`) ?? [];
      const same =
        stored.length === wanted.length &&
        wanted.every((w) => stored.some((p) => p.kind === w.kind && sameProposal(p, w)));
      if (same) continue;
      rewrite.push(bug.id);
      rows.push(...wanted);
    }
    if (rewrite.length === 0) return;
    await deleteRows(tx, "MilestoneProposal", { milestoneId, bugId: rewrite });
    await insertRows(tx, "MilestoneProposal", PROPOSAL_COLUMNS, rows);
  }

  /** BugChange rows and fetch records of the bugs read (or failed) in this sync. */
  private async writeBugRows(tx: Prisma.TransactionClient, bugs: readonly BugzillaBug[]): Promise<void> {
    const now = this.now();
    const fresh = bugs.filter((b) => this.known.get(b.id)?.fresh);
    if (fresh.length > 0) {
      await deleteRows(tx, "BugChange", { bugId: fresh.map((b) => b.id) });
      await insertRows(
        tx,
        "BugChange",
        CHANGE_COLUMNS,
        fresh.flatMap((bug) =>
          this.known.get(bug.id)!.changes.map((c, seq) => ({ bugId: bug.id, seq, ...c })),
        ),
      );
      await upsertRows(
        tx,
        "BugHistoryFetch",
        FETCH_COLUMNS,
        fresh.map((bug) => {
          const k = this.known.get(bug.id)!;
          return {
            bugId: bug.id,
            fetchedAt: now,
            blocks: bug.blocks ?? [],
            whiteboard: bug.whiteboard ?? "",
            filedAt: k.filedAt,
            filedBy: k.filedBy,
            failedAt: null,
            error: null,
          };
        }),
        { key: ["bugId"] },
      );
    }
    // A failed read keeps the record of the last good one (its blocks and whiteboard say what is owed).
    const ids = new Set(bugs.map((b) => b.id));
    await upsertRows(
      tx,
      "BugHistoryFetch",
      { bugId: "integer", failedAt: "timestamp(3)", error: "text" },
      this.failures
        .filter((f) => ids.has(f.bugId))
        .map((f) => ({ bugId: f.bugId, failedAt: now, error: f.error })),
      { key: ["bugId"] },
    );
  }
}

const PROPOSAL_COLUMNS = {
  milestoneId: "integer",
  bugId: "integer",
  kind: "text",
  proposedAt: "timestamp(3)",
  proposedBy: "text",
  decidedAt: "timestamp(3)",
  decidedBy: "text",
  previouslyRejected: "boolean",
} as const satisfies Columns;

const CHANGE_COLUMNS = {
  bugId: "integer",
  seq: "integer",
  at: "timestamp(3)",
  who: "text",
  field: "text",
  removed: "text",
  added: "text",
} as const satisfies Columns;

const FETCH_COLUMNS = {
  bugId: "integer",
  fetchedAt: "timestamp(3)",
  blocks: "integer[]",
  whiteboard: "text",
  filedAt: "timestamp(3)",
  filedBy: "text",
  failedAt: "timestamp(3)",
  error: "text",
} as const satisfies Columns;

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

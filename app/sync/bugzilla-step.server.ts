import { hoursToMilliseconds } from "date-fns/hoursToMilliseconds";
import { minutesToMilliseconds } from "date-fns/minutesToMilliseconds";
import { insertRows, upsertRows, type Columns, type Row } from "~/db/bulk.server";
import type { Db } from "~/db/db.server";
import { blocksMilestone, deriveBugState, isClosed, type MilestoneTrackers } from "~/domain/blocker-state";
import {
  isPrioritized,
  needinfoRequestees,
  normaliseStringList,
  parseBugzillaDate,
} from "~/domain/bug-fields";
import { countOf } from "~/components/words";
import { milestoneName } from "~/domain/milestone-name";
import { withReProposals, type ReProposalEvidence } from "~/domain/re-proposal";
import { stateChanges, type StateChange, type TrackedState } from "~/domain/state-changes";
import {
  BugzillaCode,
  isBugAccessError,
  type BugzillaBug,
  type BugzillaClient,
} from "~/upstream/bugzilla.server";
import type { Prisma } from "~/generated/prisma/client";
import type { SyncKind } from "./step-result.server";
import {
  historyPendingIds,
  readProposalHistories,
  type HistoryFailure,
  type ProposalHistories,
} from "./proposal-history.server";

/** Incremental syncs ask for bugs changed since the last watermark minus this overlap (clock skew). */
const WATERMARK_OVERLAP_MS = minutesToMilliseconds(5);
/** A milestone whose last full sync is older than this gets a full sync even when incremental is asked. */
const FULL_SYNC_MAX_AGE_MS = hoursToMilliseconds(24);

/** The milestone row fields this module reads. */
type MilestoneRow = Prisma.MilestoneGetPayload<{ include: { release: true } }>;

/** Result of syncing one milestone from Bugzilla. */
export interface MilestoneSyncResult {
  milestone: string;
  kind: "full" | "incremental";
  ok: boolean;
  /** Bugs read from Bugzilla for this milestone. */
  fetched: number;
  /** History events written. */
  changes: number;
  /** Bugs that stopped blocking the milestone's trackers. */
  deactivated: number;
  /** Bugs that block a tracker but cannot be read (private/missing): `{ id, reason }`. */
  inaccessible: { id: number; reason: "private" | "missing" }[];
  /** Bug histories asked of Bugzilla (read or failed; many per request), each counted for one milestone. */
  historiesRead: number;
  /** Bugs whose history could not be read (they keep what was known). */
  historyFailures: HistoryFailure[];
  error?: string;
}

/** Progress callback: one line of human-readable progress. */
export type ProgressFn = (message: string) => void;

/**
 * Told, as soon as the trackers are read (before any bug is), the bugs that block each milestone's
 * trackers now: milestone id → bug ids (milestones whose trackers could not be read are left out). The
 * other steps' requests can go out with it while the milestones are read and written.
 */
export type MembersKnown = (members: Map<number, number[]>) => void;

/**
 * Syncs `milestones` from Bugzilla: the requests of every milestone go out together, then each
 * milestone is written in its own transaction, so readers see its old state or its new one, never
 * half. The trackers of all milestones come in one request; their `depends_on` lists give each
 * milestone's complete membership. The bugs come from one paged search on `blocks` in bug-id order for
 * the milestones due a full sync (all of their bugs) and one for the others (only bugs changed since
 * the oldest of their watermarks, minus 5 minutes); the pages after the first go out together. Bugs a
 * milestone lacks (new since its watermark, or invisible to the search) are asked for by id, then one by
 * one to learn why (private, deleted: the bug is marked inaccessible and keeps its last known data),
 * and the open state of the bugs' dependencies by id. Bugs that left a milestone are read again (by id
 * when the search did not bring them), so their row is current and their history dates the change and
 * names who made it. A failed request fails every milestone that
 * needed it, before anything is written: nothing is deactivated or changed on a failed or partial
 * fetch. Each milestone's changes are computed in memory and written with a few set-based statements.
 * `signal` stops the work before the next milestone's write (that one and the rest are left out of
 * the result). `startRun` is called once, before any request, with the step's kind (`full` when one
 * milestone is due a full sync) and returns the id of the SyncRun its events are recorded under; it is
 * not called when there are no milestones. `onMembers` hears each milestone's tracker members as soon
 * as the trackers are read.
 * @returns one result per milestone written or failed; never throws for upstream errors (they are
 *   returned in `error`).
 */
export async function syncMilestonesBugs(
  db: Db,
  client: BugzillaClient,
  milestones: readonly MilestoneRow[],
  opts: {
    full: boolean;
    startRun: (kind: SyncKind) => Promise<number>;
    now?: () => Date;
    progress?: ProgressFn;
    signal?: AbortSignal;
    onMembers?: MembersKnown;
  },
): Promise<MilestoneSyncResult[]> {
  const now = opts.now ?? (() => new Date());
  if (milestones.length === 0) return [];
  const plans = milestones.map((milestone): MilestonePlan => {
    const full =
      opts.full ||
      !milestone.bugzillaWatermark ||
      !milestone.lastFullSyncAt ||
      now().getTime() - milestone.lastFullSyncAt.getTime() > FULL_SYNC_MAX_AGE_MS;
    return {
      milestone,
      full,
      trackers: { blockerTrackerId: milestone.blockerTrackerId, feTrackerId: milestone.feTrackerId },
      result: {
        milestone: milestoneName(milestone.release.number, milestone.version),
        kind: full ? "full" : "incremental",
        ok: false,
        fetched: 0,
        changes: 0,
        deactivated: 0,
        inaccessible: [],
        historiesRead: 0,
        historyFailures: [],
      },
    };
  });
  const syncRunId = await opts.startRun(plans.some((p) => p.full) ? "full" : "incremental");
  const fetches = await fetchMilestones(db, client, plans, now, opts.progress, opts.onMembers);
  const results: MilestoneSyncResult[] = [];
  for (const [i, plan] of plans.entries()) {
    if (opts.signal?.aborted) break;
    const fetched = fetches[i]!;
    try {
      if (!fetched.ok) throw fetched.error;
      await writeMilestone(db, plan, fetched.value, syncRunId, now);
      plan.result.ok = true;
    } catch (error) {
      plan.result.error = (error as Error).message;
      await db.milestone.update({
        where: { id: plan.milestone.id },
        data: { lastSyncAttemptAt: now(), lastSyncError: plan.result.error },
      });
    }
    results.push(plan.result);
  }
  return results;
}

/** One milestone of a Bugzilla sync: the row, its trackers, whether full, and its result so far. */
interface MilestonePlan {
  milestone: MilestoneRow;
  full: boolean;
  trackers: MilestoneTrackers;
  result: MilestoneSyncResult;
}

/** What one milestone's write needs from Bugzilla. */
interface MilestoneFetch {
  members: Set<number>;
  /** Bugs read for this milestone, by id. */
  bugs: Map<number, BugzillaBug>;
  /**
   * Bugs that left the milestone (stored as active, blocking neither tracker now) as Bugzilla shows
   * them now, by id; those it no longer shows us are missing.
   */
  left: Map<number, BugzillaBug>;
  inaccessible: Map<number, "private" | "missing">;
  /** Whether each known bug (fetched ones and their dependencies) is open. */
  depStatus: Map<number, boolean>;
  stored: StoredState[];
  /** Bugzilla's clock when the trackers were read: the next incremental sync starts there. */
  watermark: Date;
  /** Who proposed and when: Bugzilla's history of the bugs whose blocks or whiteboard changed. */
  history: ProposalHistories;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `work`, turning a thrown error into a failed outcome. */
async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The Bugzilla requests of every milestone (see `syncMilestonesBugs`), one outcome per plan. */
async function fetchMilestones(
  db: Db,
  client: BugzillaClient,
  plans: MilestonePlan[],
  now: () => Date,
  progress?: ProgressFn,
  onMembers?: MembersKnown,
): Promise<Outcome<MilestoneFetch>[]> {
  // 1. Membership: the trackers' depends_on lists (complete, private bugs included), all at once.
  const trackerIds = [
    ...new Set(plans.flatMap((p) => [p.trackers.blockerTrackerId, p.trackers.feTrackerId])),
  ];
  const trackerFetch = await outcome(() => client.getBugsById(trackerIds, ["id", "alias", "depends_on"]));
  if (!trackerFetch.ok) return plans.map(() => trackerFetch);
  const trackerBugs = new Map(trackerFetch.value.bugs.map((b) => [b.id, b]));
  const watermark = trackerFetch.value.serverDate ?? now();
  const trackersOf = (p: MilestonePlan) => [p.trackers.blockerTrackerId, p.trackers.feTrackerId];
  onMembers?.(
    new Map(
      plans
        .filter((p) => trackersOf(p).every((id) => trackerBugs.has(id)))
        .map((p) => [
          p.milestone.id,
          [...new Set(trackersOf(p).flatMap((id) => trackerBugs.get(id)!.depends_on ?? []))],
        ]),
    ),
  );

  // 2. The bugs themselves: one paged search for the milestones due a full sync, one for the others
  // (changed since the oldest of their watermarks); blocks is OR over repeated values.
  const search = (group: MilestonePlan[], since?: Date): Promise<Outcome<BugzillaBug[]>> => {
    if (group.length === 0) return Promise.resolve({ ok: true, value: [] });
    const criteria: Record<string, string | string[]> = { blocks: group.flatMap(trackersOf).map(String) };
    if (since) criteria.last_change_time = since.toISOString().replace(/\.\d{3}Z$/, "Z");
    return outcome(async () => (await client.searchAll(criteria)).bugs);
  };
  const usable = plans.filter((p) => trackersOf(p).every((id) => trackerBugs.has(id)));
  const incremental = usable.filter((p) => !p.full);
  const since = incremental.length
    ? new Date(
        Math.min(...incremental.map((p) => p.milestone.bugzillaWatermark!.getTime())) - WATERMARK_OVERLAP_MS,
      )
    : undefined;
  const [fullSearch, incrementalSearch] = await Promise.all([
    search(usable.filter((p) => p.full)),
    search(incremental, since),
  ]);

  // 3–5. Per milestone, all together: what the search did not bring, and the dependencies' state.
  const fetched = await Promise.all(
    plans.map((plan) =>
      outcome(async () => {
        const missingTracker = trackersOf(plan).find((id) => !trackerBugs.has(id));
        if (missingTracker) throw new Error(`tracker bug ${missingTracker} does not exist or is not visible`);
        const found = plan.full ? fullSearch : incrementalSearch;
        if (!found.ok) throw found.error;
        const members = new Set(trackersOf(plan).flatMap((id) => trackerBugs.get(id)!.depends_on ?? []));
        const stored = await storedStates(db, plan.milestone.id);
        const storedById = new Map(stored.map((s) => [s.bugId, s]));
        // The search covers other milestones' trackers too: only bugs that block this one's are its own
        // (one that left keeps its state here and is only deactivated, below).
        const bugs = new Map<number, BugzillaBug>();
        for (const bug of found.value)
          if (members.has(bug.id) || blocksMilestone(bug.blocks ?? [], plan.trackers)) bugs.set(bug.id, bug);

        // 3. Members we have not seen (new since the watermark, or invisible to the search): by id.
        // Also re-read bugs whose state here was never derived (a placeholder: active, no blocker or
        // FE state), e.g. a private bug another milestone's sync has just read: its row is no longer
        // marked inaccessible, but this milestone's state is still empty.
        const neverDerived = (s: StoredState | undefined) =>
          !!s?.active && s.blocker === null && s.fe === null;
        // Bugs whose last history read failed are read again, history included.
        const historyPending = new Set(
          await historyPendingIds(
            db,
            [...members].filter((id) => !bugs.has(id)),
          ),
        );
        const unseen = [...members].filter((id) => {
          const s = storedById.get(id);
          return (
            !bugs.has(id) &&
            (plan.full || !s?.active || !!s.bug.inaccessible || neverDerived(s) || historyPending.has(id))
          );
        });
        if (unseen.length) for (const bug of (await client.getBugsById(unseen)).bugs) bugs.set(bug.id, bug);
        // 4. Still unseen → ask one by one to learn why (102 private, 101 missing).
        const inaccessible = new Map<number, "private" | "missing">();
        await Promise.all(
          unseen
            .filter((id) => !bugs.has(id))
            .map(async (id) => {
              try {
                bugs.set(id, await client.getBug(id));
              } catch (error) {
                if (!isBugAccessError(error)) throw error;
                inaccessible.set(id, error.code === BugzillaCode.accessDenied ? "private" : "missing");
              }
            }),
        );
        // Bugs that left the milestone: read again (the search brought those that block another
        // milestone's tracker), so their row shows where they went, and their history dates the change,
        // names who made it and tells a rejection or a move from a drop.
        const searched = new Map(found.value.map((b) => [b.id, b]));
        const leaving = stored
          .filter((s) => s.active && !members.has(s.bugId) && !bugs.has(s.bugId))
          .map((s) => s.bugId);
        const left = new Map<number, BugzillaBug>();
        for (const id of leaving) if (searched.has(id)) left.set(id, searched.get(id)!);
        const unread = leaving.filter((id) => !left.has(id));
        if (unread.length) for (const bug of (await client.getBugsById(unread)).bugs) left.set(bug.id, bug);

        // 5. Open dependencies of the fetched bugs (status of every depends_on id not already known).
        const depStatus = new Map<number, boolean>();
        const read = [...bugs.values(), ...left.values()];
        for (const bug of read) depStatus.set(bug.id, isOpen(bug));
        const depIds = [...new Set(read.flatMap((b) => b.depends_on ?? []))].filter(
          (id) => !depStatus.has(id),
        );
        if (depIds.length)
          for (const dep of (await client.getBugsById(depIds, ["id", "status", "is_open"])).bugs)
            depStatus.set(dep.id, isOpen(dep));
        progress?.(
          `${plan.result.milestone}: ${countOf(members.size, "bug blocks", "bugs block")} the trackers, ` +
            `${countOf(bugs.size, "bug")} fetched`,
        );
        return { members, bugs, left, inaccessible, depStatus, stored, watermark };
      }),
    ),
  );

  // 6. Who proposed and when, once for the bugs of every milestone (a bug of two milestones has one
  // history); a failed history read keeps what was known and fails nothing.
  const all = new Map<number, BugzillaBug>();
  for (const f of fetched)
    if (f.ok)
      for (const bug of [...f.value.bugs.values(), ...f.value.left.values()])
        if (!all.has(bug.id)) all.set(bug.id, bug);
  const history = await readProposalHistories(db, client, [...all.values()], { now });
  if (history.asked > 0)
    progress?.(
      `${countOf(history.asked, "bug history", "bug histories")} read` +
        (history.failures.length ? `, ${history.failures.length} failed` : ""),
    );
  return fetched.map((f) => (f.ok ? { ok: true, value: { ...f.value, history } } : f));
}

const isOpen = (b: BugzillaBug) => b.is_open ?? !isClosed(b.status ?? "");

/**
 * Writes one milestone's fetched bugs in one transaction: the changes are computed in memory
 * (`BugStateWrites`), then written with a few set-based statements (Bug and MilestoneBug rows,
 * history events, deactivations), whatever the number of bugs.
 */
async function writeMilestone(
  db: Db,
  plan: MilestonePlan,
  fetched: MilestoneFetch,
  syncRunId: number,
  now: () => Date,
): Promise<void> {
  const { milestone, trackers, result } = plan;
  const at = now();
  const storedById = new Map(fetched.stored.map((s) => [s.bugId, s]));
  const { history } = fetched;
  // The histories are read once for every milestone: each bug's read counts for the first of them.
  const reads = history.claim([...fetched.bugs.keys(), ...fetched.left.keys()]);
  result.historiesRead = reads.read;
  result.historyFailures = reads.failures;
  const writes = new BugStateWrites(milestone.id, syncRunId, at);
  for (const bug of fetched.bugs.values()) {
    const active = writes.add(trackers, bug, bugRow(bug, fetched.depStatus, at), storedById.get(bug.id), {
      reProposals: history.evidence(milestone.id, trackers, bug),
      eventTime: (change) => history.eventTime(trackers, bug, change),
    });
    result.fetched += 1;
    if (!active && storedById.get(bug.id)?.active) result.deactivated += 1;
  }
  for (const [id, reason] of fetched.inaccessible) {
    writes.inaccessible(id, reason, storedById.get(id));
    result.inaccessible.push({ id, reason });
  }
  // Removed: stored as active, no longer in either tracker's depends_on, and not written above.
  for (const s of fetched.stored) {
    if (!s.active || fetched.members.has(s.bugId) || fetched.bugs.has(s.bugId)) continue;
    const bug = fetched.left.get(s.bugId);
    writes.deactivate(
      s.bugId,
      bug && {
        row: bugRow(bug, fetched.depStatus, at),
        at: history.eventTime(trackers, bug, { field: "active", oldValue: "true", newValue: "false" }),
      },
    );
    result.deactivated += 1;
  }
  const synced = {
    lastSyncAt: at,
    lastSyncAttemptAt: at,
    lastSyncError: null,
    bugzillaWatermark: fetched.watermark,
    ...(plan.full ? { lastFullSyncAt: at } : {}),
  };
  // Nothing read and nothing to write (an incremental sync where no bug changed): the milestone's own
  // row is the only write, and needs no transaction.
  if (writes.empty && fetched.bugs.size === 0 && fetched.left.size === 0) {
    await db.milestone.update({ where: { id: milestone.id }, data: synced });
    return;
  }
  await db.$transaction(
    async (tx) => {
      result.changes = await writes.write(tx);
      await history.write(tx, milestone.id, trackers, [...fetched.bugs.values()], [...fetched.left.values()]);
      await tx.milestone.update({ where: { id: milestone.id }, data: synced });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * Every stored bug of a milestone as {@link StoredState}, in one plain query (a join; Prisma's nested
 * select costs several times more for the thousands of rows of a milestone).
 */
async function storedStates(db: Db, milestoneId: number): Promise<StoredState[]> {
  const rows = await db.$queryRaw<
    (Omit<StoredState, "bug"> & {
      inaccessible: string | null;
      lastChangeTime: Date | null;
      openDependsOn: number[];
    })[]
  >`SELECT mb."bugId", mb.active, mb.blocker::text AS blocker, mb.fe::text AS fe, mb."accepted0Day",
      mb."acceptedPreviousRelease", mb.status, b.inaccessible, b."lastChangeTime", b."openDependsOn"
    FROM "MilestoneBug" mb JOIN "Bug" b ON b.id = mb."bugId"
    WHERE mb."milestoneId" = ${milestoneId}`;
  return rows.map(({ inaccessible, lastChangeTime, openDependsOn, ...row }) => ({
    ...row,
    bug: { inaccessible, lastChangeTime, openDependsOn },
  }));
}

/** What is read of a stored milestone bug to compare it with Bugzilla's. */
const STORED_STATE = {
  bugId: true,
  active: true,
  blocker: true,
  fe: true,
  accepted0Day: true,
  acceptedPreviousRelease: true,
  status: true,
  bug: { select: { inaccessible: true, lastChangeTime: true, openDependsOn: true } },
} satisfies Prisma.MilestoneBugSelect;
type StoredState = Prisma.MilestoneBugGetPayload<{ select: typeof STORED_STATE }>;

/**
 * The writes of one milestone's sync, gathered in memory and sent as a few set-based statements:
 * each fetched bug's row and derived state when they changed, one history event per changed field,
 * inaccessible bugs and deactivations.
 */
class BugStateWrites {
  private readonly bugRows: BugRow[] = [];
  private readonly states: Row[] = [];
  private readonly events: Row[] = [];
  private readonly unreadable: Row[] = [];
  private readonly reactivated: Row[] = [];
  private readonly deactivated: number[] = [];

  constructor(
    private readonly milestoneId: number,
    private readonly syncRunId: number | undefined,
    private readonly at: Date,
  ) {}

  /** Whether there is nothing to write. */
  get empty(): boolean {
    return (
      this.bugRows.length +
        this.states.length +
        this.events.length +
        this.unreadable.length +
        this.reactivated.length +
        this.deactivated.length ===
      0
    );
  }

  /**
   * Adds one fetched bug: its row and derived state are written if anything changed, with one
   * history event per changed field.
   * @returns whether the bug blocks one of the milestone's trackers (is active there)
   */
  add(
    trackers: MilestoneTrackers,
    bug: BugzillaBug,
    row: ReturnType<typeof bugRow>,
    stored: StoredState | undefined,
    history: { reProposals: ReProposalEvidence; eventTime: (change: StateChange) => Date | null },
  ): boolean {
    const derived = withReProposals(
      deriveBugState({ blocks: bug.blocks ?? [], whiteboard: bug.whiteboard ?? "" }, trackers),
      history.reProposals,
    );
    const active = blocksMilestone(bug.blocks ?? [], trackers);
    const previous: TrackedState | null = stored
      ? {
          active: stored.active,
          blocker: stored.blocker,
          fe: stored.fe,
          accepted0Day: stored.accepted0Day,
          acceptedPreviousRelease: stored.acceptedPreviousRelease,
          status: stored.status,
        }
      : null;
    const state = { ...derived, active, status: bug.status ?? "" };
    const changes = stateChanges(previous, state);
    const before = stored?.bug;
    const unchanged =
      before !== undefined &&
      changes.length === 0 &&
      before.inaccessible === null &&
      before.lastChangeTime?.getTime() === row.lastChangeTime?.getTime() &&
      before.openDependsOn.join() === row.openDependsOn.join();
    // Bugzilla bumps last_change_time on every edit: an unchanged bug needs no write.
    if (unchanged) return active;
    this.bugRows.push({ id: bug.id, ...row });
    for (const change of changes) this.event(bug.id, change, history.eventTime(change));
    this.states.push({ milestoneId: this.milestoneId, bugId: bug.id, ...state, updatedAt: this.at });
    return active;
  }

  /** A bug that blocks a tracker but cannot be read: flagged, its last known data kept, active here. */
  inaccessible(id: number, reason: "private" | "missing", stored: StoredState | undefined): void {
    this.unreadable.push({ id, inaccessible: reason });
    if (stored?.active) return;
    this.reactivated.push({ milestoneId: this.milestoneId, bugId: id, active: true, updatedAt: this.at });
    this.event(id, { field: "active", oldValue: stored ? "false" : null, newValue: "true" });
  }

  /**
   * A bug that no longer blocks the milestone's trackers: deactivated, its state here kept. When Bugzilla
   * still shows it, `read` refreshes its row and dates the change (Bugzilla's time when its history
   * says, else the sync's).
   */
  deactivate(id: number, read?: { row: ReturnType<typeof bugRow>; at: Date | null }): void {
    this.deactivated.push(id);
    if (read) this.bugRows.push({ id, ...read.row });
    this.event(id, { field: "active", oldValue: "true", newValue: "false" }, read?.at);
  }

  /** One history event; `at` is Bugzilla's time of the change when its history says, else the sync's. */
  private event(bugId: number, change: StateChange, at: Date | null = null): void {
    this.events.push({
      bugId,
      milestoneId: this.milestoneId,
      syncRunId: this.syncRunId,
      at: at ?? this.at,
      atFromHistory: at !== null,
      recordedAt: this.at,
      ...change,
    });
  }

  /**
   * Sends everything in the caller's transaction.
   * @returns the history events written.
   */
  async write(tx: Prisma.TransactionClient): Promise<number> {
    await writeBugRows(tx, this.bugRows);
    // A never-seen inaccessible bug gets an empty row; a known one keeps its data, only flagged.
    await upsertRows(tx, "Bug", { id: "integer", inaccessible: "text" }, this.unreadable, { key: ["id"] });
    await upsertRows(tx, "MilestoneBug", MILESTONE_BUG_COLUMNS, this.states, {
      key: ["milestoneId", "bugId"],
    });
    await upsertRows(
      tx,
      "MilestoneBug",
      { milestoneId: "integer", bugId: "integer", active: "boolean", updatedAt: "timestamp(3)" },
      this.reactivated,
      { key: ["milestoneId", "bugId"] },
    );
    if (this.deactivated.length)
      await tx.milestoneBug.updateMany({
        where: { milestoneId: this.milestoneId, bugId: { in: this.deactivated } },
        data: { active: false },
      });
    await insertRows(tx, "BugEvent", EVENT_COLUMNS, this.events);
    return this.events.length;
  }
}

const EVENT_COLUMNS = {
  bugId: "integer",
  milestoneId: "integer",
  syncRunId: "integer",
  at: "timestamp(3)",
  atFromHistory: "boolean",
  recordedAt: "timestamp(3)",
  field: "text",
  oldValue: "text",
  newValue: "text",
} as const satisfies Columns;

/** The types of the Bug columns a row read from Bugzilla ({@link bugRow}) can hold. */
const BUG_COLUMNS = {
  id: "integer",
  alias: "text[]",
  summary: "text",
  component: "text",
  status: "text",
  resolution: "text",
  whiteboard: "text",
  assignee: "text",
  keywords: "text[]",
  flags: "jsonb",
  needinfo: "text[]",
  prioritized: "boolean",
  dependsOn: "integer[]",
  openDependsOn: "integer[]",
  blocks: "integer[]",
  lastChangeTime: "timestamp(3)",
  inaccessible: "text",
  fetchedAt: "timestamp(3)",
} as const satisfies Columns;

/** A Bug row to write: `{ id, ...bugRow() }`, possibly with `prioritized` set by its caller. */
export type BugRow = { id: number } & Partial<ReturnType<typeof bugRow>> & { prioritized?: boolean };

/**
 * Upserts Bug rows read from Bugzilla, one statement per set of columns the rows carry: a row read
 * without flags (BZ-06: unknown, not none) keeps its stored flags. A row that differs from the stored
 * one only in `fetchedAt` is not written, so re-reading an unchanged bug changes nothing pages show.
 */
export async function writeBugRows(tx: Parameters<typeof upsertRows>[0], rows: readonly BugRow[]) {
  const byColumns = new Map<string, BugRow[]>();
  for (const row of rows) {
    const names = Object.keys(row).sort().join();
    const group = byColumns.get(names);
    if (group) group.push(row);
    else byColumns.set(names, [row]);
  }
  for (const [names, group] of byColumns) {
    const columns: Columns = {};
    for (const name of names.split(",")) {
      const type = BUG_COLUMNS[name as keyof typeof BUG_COLUMNS];
      if (!type) throw new Error(`writeBugRows: Bug has no column ${name} to write`);
      columns[name] = type;
    }
    await upsertRows(tx, "Bug", columns, group, { key: ["id"], ignore: ["fetchedAt"] });
  }
}

const MILESTONE_BUG_COLUMNS = {
  milestoneId: "integer",
  bugId: "integer",
  blocker: '"ReviewState"',
  fe: '"ReviewState"',
  accepted0Day: "boolean",
  acceptedPreviousRelease: "boolean",
  active: "boolean",
  status: "text",
  updatedAt: "timestamp(3)",
} as const satisfies Columns;

/**
 * Re-reads one bug from Bugzilla and writes it into every active milestone whose trackers it blocks (or
 * where it is already stored), in one transaction, recording state changes as history. Used right
 * after a proposal so the bug shows as proposed without waiting for the next sync. Watermarks and sync
 * times are not touched: the next milestone sync still reads everything it would have.
 * @returns the milestone ids the bug was written to
 * @throws UpstreamError when Bugzilla fails or the bug cannot be read
 */
export async function syncBugNow(
  db: Db,
  client: BugzillaClient,
  bugId: number,
  now: () => Date = () => new Date(),
): Promise<number[]> {
  const bug = await client.getBug(bugId);
  // The history tells who proposed; a failed read keeps what was known (the next sync reads it again).
  const history = await readProposalHistories(db, client, [bug], { now });
  const depStatus = new Map<number, boolean>();
  if (bug.depends_on?.length) {
    const deps = await client.getBugsById(bug.depends_on, ["id", "status", "is_open"]);
    for (const dep of deps.bugs) depStatus.set(dep.id, isOpen(dep));
  }
  const milestones = await db.milestone.findMany({ where: { active: true } });
  const stored = await db.milestoneBug.findMany({
    where: { bugId },
    select: { ...STORED_STATE, milestoneId: true },
  });
  const written: number[] = [];
  await db.$transaction(async (tx) => {
    for (const milestone of milestones) {
      const trackers = { blockerTrackerId: milestone.blockerTrackerId, feTrackerId: milestone.feTrackerId };
      const before = stored.find((s) => s.milestoneId === milestone.id);
      if (!before && !blocksMilestone(bug.blocks ?? [], trackers)) continue;
      const at = now();
      const writes = new BugStateWrites(milestone.id, undefined, at);
      writes.add(trackers, bug, bugRow(bug, depStatus, at), before, {
        reProposals: history.evidence(milestone.id, trackers, bug),
        eventTime: (change) => history.eventTime(trackers, bug, change),
      });
      await writes.write(tx);
      await history.write(tx, milestone.id, trackers, [bug]);
      written.push(milestone.id);
    }
  });
  return written;
}

/**
 * The Bug table row for a bug read from Bugzilla (also written by the prioritized-bugs search);
 * `openDeps` says which of its dependencies are open (those not in it count as closed).
 */
export function bugRow(bug: BugzillaBug, openDeps: Map<number, boolean>, now: Date) {
  const flags = bug.flags?.map((f) => ({
    name: f.name,
    status: f.status,
    requestee: f.requestee ?? null,
    setter: f.setter ?? null,
  }));
  const dependsOn = bug.depends_on ?? [];
  return {
    alias: normaliseStringList(bug.alias),
    summary: bug.summary ?? "",
    component: normaliseStringList(bug.component).join(", "),
    status: bug.status ?? "",
    resolution: bug.resolution ?? "",
    whiteboard: bug.whiteboard ?? "",
    assignee: bug.assigned_to ?? "",
    keywords: bug.keywords ?? [],
    // Flags absent from the response are unknown (BZ-06): keep what was stored.
    ...(flags
      ? {
          flags,
          needinfo: needinfoRequestees(flags) ?? [],
          prioritized: isPrioritized(flags, bug.status ?? ""),
        }
      : {}),
    dependsOn,
    openDependsOn: dependsOn.filter((id) => openDeps.get(id) === true),
    blocks: bug.blocks ?? [],
    lastChangeTime: bug.last_change_time ? parseBugzillaDate(bug.last_change_time) : null,
    inaccessible: null,
    fetchedAt: now,
  };
}

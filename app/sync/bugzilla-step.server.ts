import { hoursToMilliseconds, minutesToMilliseconds } from "date-fns";
import type { Db } from "~/db/db.server";
import { blocksMilestone, deriveBugState, isClosed, type MilestoneTrackers } from "~/domain/blocker-state";
import {
  isPrioritized,
  needinfoRequestees,
  normaliseStringList,
  parseBugzillaDate,
} from "~/domain/bug-fields";
import { milestoneName } from "~/domain/milestone-name";
import { countOf } from "~/components/words";
import { stateChanges, type StateChange, type TrackedState } from "~/domain/state-changes";
import {
  BugzillaCode,
  isBugAccessError,
  type BugzillaBug,
  type BugzillaClient,
} from "~/upstream/bugzilla.server";
import type { Prisma } from "~/generated/prisma/client";

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
  error?: string;
}

/** Progress callback: one line of human-readable progress. */
export type ProgressFn = (message: string) => void;

/**
 * Syncs one milestone from Bugzilla and writes the result in one transaction: readers see the old
 * state or the new, never half. The trackers' `depends_on` lists give the complete membership; the
 * bugs themselves come from a paged search on `blocks` (all of them on a full sync, only those changed
 * since the watermark on an incremental one). Any failed request aborts the milestone before writing,
 * so nothing is deactivated or changed on a failed or partial fetch. Per-bug access errors (private,
 * deleted) mark the bug inaccessible and keep its last known data.
 * @returns the counts; never throws for upstream errors (they are returned in `error`).
 */
export async function syncMilestoneBugs(
  db: Db,
  client: BugzillaClient,
  milestone: MilestoneRow,
  opts: { full: boolean; syncRunId: number; now?: () => Date; progress?: ProgressFn },
): Promise<MilestoneSyncResult> {
  const now = opts.now ?? (() => new Date());
  const name = milestoneName(milestone.release.number, milestone.version);
  const full =
    opts.full ||
    !milestone.bugzillaWatermark ||
    !milestone.lastFullSyncAt ||
    now().getTime() - milestone.lastFullSyncAt.getTime() > FULL_SYNC_MAX_AGE_MS;
  const result: MilestoneSyncResult = {
    milestone: name,
    kind: full ? "full" : "incremental",
    ok: false,
    fetched: 0,
    changes: 0,
    deactivated: 0,
    inaccessible: [],
  };
  const trackers: MilestoneTrackers = {
    blockerTrackerId: milestone.blockerTrackerId,
    feTrackerId: milestone.feTrackerId,
  };

  try {
    // 1. Membership: the trackers' depends_on lists (complete, private bugs included).
    const trackerIds = [trackers.blockerTrackerId, trackers.feTrackerId];
    const trackerFetch = await client.getBugsById(trackerIds, ["id", "alias", "depends_on"]);
    const missingTracker = trackerIds.find((id) => !trackerFetch.bugs.some((b) => b.id === id));
    if (missingTracker) throw new Error(`tracker bug ${missingTracker} does not exist or is not visible`);
    const members = new Set(trackerFetch.bugs.flatMap((b) => b.depends_on ?? []));
    const watermark = trackerFetch.serverDate ?? now();
    opts.progress?.(`${name}: ${countOf(members.size, "bug blocks", "bugs block")} the trackers`);

    // 2. The bugs themselves, paged by tracker (blocks is OR over repeated values).
    const criteria: Record<string, string | string[]> = { blocks: trackerIds.map(String) };
    if (!full) {
      const since = new Date(milestone.bugzillaWatermark!.getTime() - WATERMARK_OVERLAP_MS);
      criteria.last_change_time = since.toISOString().replace(/\.\d{3}Z$/, "Z");
    }
    const search = await client.searchAll(criteria);
    const fetched = new Map<number, BugzillaBug>(search.bugs.map((b) => [b.id, b]));
    opts.progress?.(`${name}: ${countOf(fetched.size, "bug")} read in ${countOf(search.pages, "page")}`);

    // 3. Members we have not seen (new since the watermark, or invisible to the search): by id.
    const stored = await db.milestoneBug.findMany({
      where: { milestoneId: milestone.id },
      select: STORED_STATE,
    });
    const storedById = new Map(stored.map((s) => [s.bugId, s]));
    // Also re-read bugs whose state here was never derived (a placeholder: active, no blocker or FE
    // state), e.g. a private bug another milestone's sync has just read: its row is no longer marked
    // inaccessible, but this milestone's state is still empty.
    const neverDerived = (s: StoredState | undefined) => !!s?.active && s.blocker === null && s.fe === null;
    const unseen = [...members].filter((id) => {
      const s = storedById.get(id);
      return !fetched.has(id) && (full || !s?.active || !!s.bug.inaccessible || neverDerived(s));
    });
    if (unseen.length) {
      const byId = await client.getBugsById(unseen);
      for (const bug of byId.bugs) fetched.set(bug.id, bug);
    }
    // 4. Still unseen → ask one by one to learn why (102 private, 101 missing).
    const inaccessible = new Map<number, "private" | "missing">();
    for (const id of unseen.filter((i) => !fetched.has(i))) {
      try {
        fetched.set(id, await client.getBug(id));
      } catch (error) {
        if (!isBugAccessError(error)) throw error;
        inaccessible.set(id, error.code === BugzillaCode.accessDenied ? "private" : "missing");
      }
    }

    // 5. Open dependencies of the fetched bugs (status of every depends_on id not already known).
    const depIds = [...new Set([...fetched.values()].flatMap((b) => b.depends_on ?? []))].filter(
      (id) => !fetched.has(id),
    );
    const isOpen = (b: BugzillaBug) => b.is_open ?? !isClosed(b.status ?? "");
    const depStatus = new Map<number, boolean>();
    for (const bug of fetched.values()) depStatus.set(bug.id, isOpen(bug));
    if (depIds.length) {
      const deps = await client.getBugsById(depIds, ["id", "status", "is_open"]);
      for (const dep of deps.bugs) depStatus.set(dep.id, isOpen(dep));
    }

    // 6. Write everything in one transaction.
    await db.$transaction(
      async (tx) => {
        const events: Prisma.BugEventCreateManyInput[] = [];
        const pushEvent = (bugId: number, change: StateChange) =>
          events.push({ bugId, milestoneId: milestone.id, syncRunId: opts.syncRunId, at: now(), ...change });

        const written = new Set<number>();
        for (const bug of fetched.values()) {
          if (!members.has(bug.id) && !blocksMilestone(bug.blocks ?? [], trackers) && !storedById.has(bug.id))
            continue;
          written.add(bug.id);
          const active = await writeBugState(
            tx,
            milestone.id,
            trackers,
            bug,
            bugRow(bug, depStatus, now()),
            storedById.get(bug.id),
            (change) => pushEvent(bug.id, change),
          );
          result.fetched += 1;
          if (!active && storedById.get(bug.id)?.active) result.deactivated += 1;
        }

        for (const [id, reason] of inaccessible) {
          // Keep whatever we knew; only flag the bug. A never-seen bug gets an empty row.
          await tx.bug.upsert({
            where: { id },
            create: { id, inaccessible: reason },
            update: { inaccessible: reason },
          });
          const before = storedById.get(id);
          if (!before?.active) {
            await tx.milestoneBug.upsert({
              where: { milestoneId_bugId: { milestoneId: milestone.id, bugId: id } },
              create: { milestoneId: milestone.id, bugId: id, active: true },
              update: { active: true },
            });
            pushEvent(id, { field: "active", oldValue: before ? "false" : null, newValue: "true" });
          }
          result.inaccessible.push({ id, reason });
        }

        // Removed: stored as active, no longer in either tracker's depends_on, and not written above.
        for (const s of stored) {
          if (!s.active || members.has(s.bugId) || written.has(s.bugId)) continue;
          await tx.milestoneBug.update({
            where: { milestoneId_bugId: { milestoneId: milestone.id, bugId: s.bugId } },
            data: { active: false },
          });
          pushEvent(s.bugId, { field: "active", oldValue: "true", newValue: "false" });
          result.deactivated += 1;
        }

        if (events.length) await tx.bugEvent.createMany({ data: events });
        result.changes = events.length;
        await tx.milestone.update({
          where: { id: milestone.id },
          data: {
            lastSyncAt: now(),
            lastSyncAttemptAt: now(),
            lastSyncError: null,
            bugzillaWatermark: watermark,
            ...(full ? { lastFullSyncAt: now() } : {}),
          },
        });
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    result.ok = true;
  } catch (error) {
    result.error = (error as Error).message;
    await db.milestone.update({
      where: { id: milestone.id },
      data: { lastSyncAttemptAt: now(), lastSyncError: result.error },
    });
  }
  return result;
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
 * Writes one fetched bug's row and its derived state in one milestone (inside the caller's transaction),
 * reporting each state change through `onChange`. A bug that did not change is not written.
 * @returns whether the bug blocks one of the milestone's trackers (is active there)
 */
async function writeBugState(
  tx: Prisma.TransactionClient,
  milestoneId: number,
  trackers: MilestoneTrackers,
  bug: BugzillaBug,
  row: ReturnType<typeof bugRow>,
  stored: StoredState | undefined,
  onChange: (change: StateChange) => void,
): Promise<boolean> {
  const derived = deriveBugState({ blocks: bug.blocks ?? [], whiteboard: bug.whiteboard ?? "" }, trackers);
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
  await tx.bug.upsert({ where: { id: bug.id }, create: { id: bug.id, ...row }, update: row });
  changes.forEach(onChange);
  await tx.milestoneBug.upsert({
    where: { milestoneId_bugId: { milestoneId, bugId: bug.id } },
    create: { milestoneId, bugId: bug.id, ...state },
    update: state,
  });
  return active;
}

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
  const isOpen = (b: BugzillaBug) => b.is_open ?? !isClosed(b.status ?? "");
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
    const events: Prisma.BugEventCreateManyInput[] = [];
    for (const milestone of milestones) {
      const trackers = { blockerTrackerId: milestone.blockerTrackerId, feTrackerId: milestone.feTrackerId };
      const before = stored.find((s) => s.milestoneId === milestone.id);
      if (!before && !blocksMilestone(bug.blocks ?? [], trackers)) continue;
      await writeBugState(tx, milestone.id, trackers, bug, bugRow(bug, depStatus, now()), before, (change) =>
        events.push({ bugId, milestoneId: milestone.id, at: now(), ...change }),
      );
      written.push(milestone.id);
    }
    if (events.length) await tx.bugEvent.createMany({ data: events });
  });
  return written;
}

/** The Bug table row for a bug read from Bugzilla. */
function bugRow(bug: BugzillaBug, openDeps: Map<number, boolean>, now: Date) {
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

import type { Db } from "~/db/db.server";
import {
  MILESTONE_VERSIONS,
  milestoneName,
  standardTrackerAliases,
  trackerAliasMismatch,
  type MilestoneVersion,
} from "~/domain/milestone-name";
import { normaliseStringList } from "~/domain/bug-fields";
import type { BodhiClient } from "~/upstream/bodhi.server";
import { BugzillaCode, isBugAccessError, type BugzillaClient } from "~/upstream/bugzilla.server";

/** A refused admin operation (bad input or conflicting state); the message is shown to the user as is. */
export class AdminError extends Error {
  override name = "AdminError";
}

/** `addMilestone` of a milestone that exists: nothing was changed; `milestone` is the existing one. */
export class MilestoneExistsError extends AdminError {
  override name = "MilestoneExistsError";
  constructor(
    readonly milestone: {
      blockerTrackerId: number;
      blockerTrackerAlias: string | null;
      feTrackerId: number;
      feTrackerAlias: string | null;
    },
    name: string,
  ) {
    super(`${name} already exists`);
  }
}

/** A tracker bug resolved in Bugzilla. */
export interface ResolvedTracker {
  id: number;
  /** The versioned alias (`F41BetaBlocker`) when the bug has one, else its first alias. */
  alias: string | null;
}

/**
 * Resolves a tracker given as a numeric id or an alias to its id and alias (`GET /rest/bug/{id|alias}`).
 * @throws AdminError when Bugzilla has no such bug or it is not visible; UpstreamError when Bugzilla fails.
 */
export async function resolveTracker(client: BugzillaClient, ref: string | number): Promise<ResolvedTracker> {
  const key = String(ref).trim();
  if (!/^\d+$/.test(key) && !/^[A-Za-z][\w.-]*$/.test(key)) {
    throw new AdminError(`"${key}" is neither a bug id nor a Bugzilla alias`);
  }
  try {
    const bug = await client.getBug(key, ["id", "alias"]);
    const aliases = normaliseStringList(bug.alias);
    return { id: bug.id, alias: aliases.find((a) => /^F\d+/.test(a)) ?? aliases[0] ?? null };
  } catch (error) {
    if (isBugAccessError(error))
      throw new AdminError(
        error.code === BugzillaCode.accessDenied
          ? `tracker ${key} is a private bug in Bugzilla: trackers must be public`
          : `tracker ${key} not found in Bugzilla (no bug has that ${/^\d+$/.test(key) ? "id" : "alias"})`,
      );
    throw error;
  }
}

/**
 * Refuses trackers whose standard versioned alias names another milestone (`trackerAliasMismatch`).
 * @throws AdminError naming what was entered and what it resolved to
 */
function checkTrackerAliases(
  release: number,
  version: string,
  trackers: readonly (readonly [string | number, ResolvedTracker, "blocker" | "fe"])[],
): void {
  for (const [ref, tracker, kind] of trackers) {
    const mismatch = trackerAliasMismatch(tracker.alias, release, version, kind);
    if (mismatch) throw new AdminError(`tracker ${String(ref).trim()} is ${mismatch}`);
  }
}

/**
 * Creates release `number` (active) unless it exists.
 * @returns the release and whether it was created.
 * @throws AdminError for a number outside 1–9999.
 */
export async function addRelease(db: Db, number: number) {
  if (!Number.isInteger(number) || number <= 0 || number > 9999) {
    throw new AdminError(`release must be a whole number from 1 to 9999, not "${number}"`);
  }
  const existing = await db.release.findUnique({ where: { number } });
  if (existing) return { release: existing, created: false };
  return { release: await db.release.create({ data: { number } }), created: true };
}

export interface AddMilestoneInput {
  release: number;
  version: string;
  blockerTracker: string | number;
  feTracker: string | number;
  current?: boolean;
  active?: boolean;
}

/**
 * Creates a milestone of an existing release, resolving both trackers in Bugzilla. With `current`, it
 * becomes the only current milestone.
 * @throws MilestoneExistsError (an AdminError) when it exists, before Bugzilla is asked or anything is
 *   changed; AdminError for an unknown release or version, or unknown or clashing trackers.
 */
export async function addMilestone(db: Db, client: BugzillaClient, input: AddMilestoneInput) {
  const version = input.version.toLowerCase();
  if (!(MILESTONE_VERSIONS as readonly string[]).includes(version)) {
    throw new AdminError(`version must be one of ${MILESTONE_VERSIONS.join(", ")}, not "${input.version}"`);
  }
  if (input.current && input.active === false) {
    throw new AdminError("an inactive milestone cannot be the current one");
  }
  const release = await db.release.findUnique({ where: { number: input.release } });
  if (!release) throw new AdminError(`release ${input.release} does not exist: add it first`);
  const existing = await db.milestone.findUnique({
    where: { releaseId_version: { releaseId: release.id, version } },
  });
  if (existing) throw new MilestoneExistsError(existing, milestoneName(input.release, version));
  const blocker = await resolveTracker(client, input.blockerTracker);
  const fe = await resolveTracker(client, input.feTracker);
  if (blocker.id === fe.id)
    throw new AdminError("the blocker and freeze-exception trackers must be different bugs");
  const clash = await db.milestone.findFirst({
    where: {
      OR: [{ blockerTrackerId: { in: [blocker.id, fe.id] } }, { feTrackerId: { in: [blocker.id, fe.id] } }],
    },
    include: { release: true },
  });
  if (clash) {
    const taken = [clash.blockerTrackerId, clash.feTrackerId].includes(blocker.id) ? blocker.id : fe.id;
    throw new AdminError(
      `tracker ${taken} already belongs to ${milestoneName(clash.release.number, clash.version)}`,
    );
  }
  checkTrackerAliases(input.release, version, [
    [input.blockerTracker, blocker, "blocker"],
    [input.feTracker, fe, "fe"],
  ]);
  return db.$transaction(async (tx) => {
    if (input.current) await tx.milestone.updateMany({ where: { current: true }, data: { current: false } });
    return tx.milestone.create({
      data: {
        releaseId: release.id,
        version,
        blockerTrackerId: blocker.id,
        blockerTrackerAlias: blocker.alias,
        feTrackerId: fe.id,
        feTrackerAlias: fe.alias,
        current: !!input.current,
        active: input.active ?? true,
      },
      include: { release: true },
    });
  });
}

/** Outcome of discovering one milestone. */
export interface DiscoveredMilestone {
  name: string;
  outcome: "created" | "exists" | "no-trackers";
  detail?: string;
}

/** Outcome of discovering one release from its standard tracker aliases. */
export interface DiscoveredReleaseMilestones {
  /** Whether the release row was created now (only when at least one milestone could be created). */
  releaseCreated: boolean;
  /** Whether the release exists after discovery. */
  releaseExists: boolean;
  milestones: DiscoveredMilestone[];
}

/**
 * Creates the release (if needed) and its Beta and Final milestones from the standard tracker aliases
 * (`F41BetaBlocker`, `F41BetaFreezeException`, …). Never changes an existing milestone; a milestone
 * whose aliases do not resolve is reported and skipped, and a release that did not exist is kept only
 * when at least one of its milestones was created (also when Bugzilla fails part-way).
 * @throws AdminError for a release number out of range; UpstreamError when Bugzilla fails (other than
 *   "no such alias").
 */
export async function discoverRelease(
  db: Db,
  client: BugzillaClient,
  number: number,
): Promise<DiscoveredReleaseMilestones> {
  const { created } = await addRelease(db, number);
  let milestones: DiscoveredMilestone[];
  try {
    milestones = await discoverMilestones(db, client, number);
  } catch (error) {
    // Bugzilla failed: a release created just now must not outlive the failed discovery.
    if (created) await db.release.deleteMany({ where: { number, milestones: { none: {} } } });
    throw error;
  }
  if (created && !milestones.some((m) => m.outcome === "created")) {
    await db.release.delete({ where: { number } });
    return { releaseCreated: false, releaseExists: false, milestones };
  }
  return { releaseCreated: created, releaseExists: true, milestones };
}

/** Creates the missing Beta and Final milestones of an existing release (see `discoverRelease`). */
async function discoverMilestones(
  db: Db,
  client: BugzillaClient,
  number: number,
): Promise<DiscoveredMilestone[]> {
  const results: DiscoveredMilestone[] = [];
  for (const version of ["beta", "final"] satisfies MilestoneVersion[]) {
    const name = milestoneName(number, version);
    const exists = await db.milestone.findFirst({ where: { version, release: { number } } });
    if (exists) {
      results.push({ name, outcome: "exists" });
      continue;
    }
    const aliases = standardTrackerAliases(number, version);
    try {
      await addMilestone(db, client, {
        release: number,
        version,
        blockerTracker: aliases.blocker,
        feTracker: aliases.fe,
      });
      results.push({ name, outcome: "created", detail: `${aliases.blocker}, ${aliases.fe}` });
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      results.push({ name, outcome: "no-trackers", detail: error.message });
    }
  }
  return results;
}

/** Outcome of discovering one Bodhi release. */
export interface DiscoveredRelease {
  /** Bodhi release name, e.g. `F47`. */
  name: string;
  number: number;
  /** Bodhi state: `pending` or `frozen`. */
  state: string;
  /** Whether the release row was created now. */
  releaseCreated: boolean;
  /** Per milestone; empty when no standard tracker alias of the release resolves in Bugzilla. */
  milestones: DiscoveredMilestone[];
}

/**
 * `blockerbugs discover` without arguments: for each Fedora release Bodhi lists as not yet released
 * (`GET /releases/?state=pending` and `state=frozen`; `id_prefix` FEDORA and a name `F<N>`, so not
 * the `F47F`/`F47C` flatpak and container variants), creates the release and its Beta and Final
 * milestones when their standard tracker aliases (`F<N>BetaBlocker`, `F<N>BetaFreezeException`,
 * `F<N>FinalBlocker`, `F<N>FinalFreezeException`) resolve in Bugzilla. A release whose aliases do not
 * resolve is not created; an existing milestone is never changed.
 * @throws UpstreamError when Bodhi or Bugzilla fails (other than "no such alias").
 */
export async function discoverPendingReleases(
  db: Db,
  bodhi: BodhiClient,
  bugzilla: BugzillaClient,
): Promise<DiscoveredRelease[]> {
  const releases = [
    ...(await bodhi.releases({ state: "pending" })),
    ...(await bodhi.releases({ state: "frozen" })),
  ].filter((r) => r.id_prefix === "FEDORA" && /^F\d+$/.test(r.name));
  const numbers = new Map(releases.map((r) => [Number(r.name.slice(1)), r.state ?? ""]));
  const out: DiscoveredRelease[] = [];
  for (const [number, state] of [...numbers].sort((a, b) => a[0] - b[0])) {
    if (number > 9999) continue;
    const found = await discoverRelease(db, bugzilla, number);
    out.push({
      name: `F${number}`,
      number,
      state,
      releaseCreated: found.releaseCreated,
      milestones: found.releaseExists ? found.milestones : [],
    });
  }
  return out;
}

/** Changes of a milestone made on the admin pages. */
export interface UpdateMilestoneInput {
  /** Tracker by id or alias; resolved in Bugzilla only when it differs from the stored one. */
  blockerTracker: string;
  feTracker: string;
  active: boolean;
  current: boolean;
}

/**
 * Edits a milestone: its trackers (resolved in Bugzilla), whether it is active, and whether it is the
 * current one (making it current un-marks every other milestone, in the same transaction). Changed
 * trackers make the milestone's next Bugzilla sync a full one (its stored states came from the old ones).
 * @throws AdminError for an unknown milestone, unknown or clashing trackers, or an inactive current milestone
 */
export async function updateMilestone(
  db: Db,
  client: BugzillaClient,
  id: number,
  input: UpdateMilestoneInput,
) {
  const milestone = await db.milestone.findUnique({ where: { id } });
  if (!milestone) throw new AdminError(`there is no milestone with id ${id}`);
  if (input.current && !input.active) throw new AdminError("an inactive milestone cannot be the current one");
  const same = (ref: string, trackerId: number, alias: string | null) =>
    ref.trim() === String(trackerId) || (alias !== null && ref.trim() === alias);
  const blocker = same(input.blockerTracker, milestone.blockerTrackerId, milestone.blockerTrackerAlias)
    ? { id: milestone.blockerTrackerId, alias: milestone.blockerTrackerAlias }
    : await resolveTracker(client, input.blockerTracker);
  const fe = same(input.feTracker, milestone.feTrackerId, milestone.feTrackerAlias)
    ? { id: milestone.feTrackerId, alias: milestone.feTrackerAlias }
    : await resolveTracker(client, input.feTracker);
  if (blocker.id === fe.id)
    throw new AdminError("the blocker and freeze-exception trackers must be different bugs");
  const clash = await db.milestone.findFirst({
    where: {
      id: { not: id },
      OR: [{ blockerTrackerId: { in: [blocker.id, fe.id] } }, { feTrackerId: { in: [blocker.id, fe.id] } }],
    },
    include: { release: true },
  });
  if (clash) {
    throw new AdminError(
      `a tracker already belongs to ${milestoneName(clash.release.number, clash.version)}`,
    );
  }
  const release = await db.release.findUniqueOrThrow({ where: { id: milestone.releaseId } });
  // Only trackers that change are checked: an existing milestone stays editable.
  checkTrackerAliases(release.number, milestone.version, [
    ...(blocker.id !== milestone.blockerTrackerId
      ? [[input.blockerTracker, blocker, "blocker"] as const]
      : []),
    ...(fe.id !== milestone.feTrackerId ? [[input.feTracker, fe, "fe"] as const] : []),
  ]);
  // Stored states were derived from the old trackers: the next sync of this milestone must re-read
  // every bug (a full sync), not only those Bugzilla changed since.
  const trackersChanged = blocker.id !== milestone.blockerTrackerId || fe.id !== milestone.feTrackerId;
  return db.$transaction(async (tx) => {
    if (input.current)
      await tx.milestone.updateMany({ where: { current: true, id: { not: id } }, data: { current: false } });
    return tx.milestone.update({
      where: { id },
      data: {
        ...(trackersChanged ? { bugzillaWatermark: null, lastFullSyncAt: null } : {}),
        blockerTrackerId: blocker.id,
        blockerTrackerAlias: blocker.alias,
        feTrackerId: fe.id,
        feTrackerAlias: fe.alias,
        active: input.active,
        current: input.current,
      },
      include: { release: true },
    });
  });
}

/**
 * Marks a release active or inactive (inactive releases stay listed on the admin pages). Deactivating
 * also deactivates its milestones (and drops `current`), so they are no longer synced, listed or
 * proposable; activating leaves the milestones as they are.
 * @returns the names of the milestones this deactivated
 * @throws AdminError when the release does not exist
 */
export async function setReleaseActive(db: Db, number: number, active: boolean): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const release = await tx.release.findUnique({
      where: { number },
      include: { milestones: { where: { active: true }, orderBy: { version: "asc" } } },
    });
    if (!release) throw new AdminError(`release ${number} does not exist`);
    await tx.release.update({ where: { number }, data: { active } });
    if (active) return [];
    await tx.milestone.updateMany({
      where: { releaseId: release.id },
      data: { active: false, current: false },
    });
    return release.milestones.map((m) => milestoneName(number, m.version));
  });
}

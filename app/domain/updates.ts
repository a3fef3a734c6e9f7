/**
 * Rules about Bodhi updates (product spec §5, §7): which updates are dead, which release an update was
 * filed for, when all of an update's builds are in the stable tag.
 */
import { inStableTag } from "./build-tags.js";

/** What the update rules read of a Koji build. */
export interface BuildTagFacts {
  tags: readonly string[];
  tagsFetchedAt: Date | null;
}

/**
 * Update statuses that mean the update will never reach stable as it is (Bodhi "obsolete": a newer
 * update of the same package took over its bugs; "unpushed"/"revoked": withdrawn). The bug list and
 * the requests page leave them out (the bug page lists them, muted).
 */
export const DEAD_STATUSES: readonly string[] = Object.freeze(["obsolete", "unpushed", "revoked"]);

/** Whether an update is obsolete, unpushed or revoked (see {@link DEAD_STATUSES}). */
export function isDeadUpdate(u: { status: string }): boolean {
  return DEAD_STATUSES.includes(u.status.toLowerCase());
}

/**
 * Release number of a Fedora Bodhi release name: `"F46"` → 46, also the flatpak/container/module
 * variants `"F46F"`, `"F46C"`, `"F46M"`, `"F46N"` (Bodhi's own pattern); anything else (`"EPEL-9"`,
 * `""`) → `null`.
 */
export function bodhiReleaseNumber(releaseName: string): number | null {
  const m = /^F(\d+)[CFMN]?$/i.exec(releaseName.trim());
  return m ? Number(m[1]) : null;
}

/** Whether an update was filed for the given Fedora release (see {@link bodhiReleaseNumber}). */
export function isForRelease(u: { releaseName: string }, release: number): boolean {
  return bodhiReleaseNumber(u.releaseName) === release;
}

/**
 * Whether all of an update's builds carry its release's stable tag: `false` as soon as one build
 * is known not to, `true` when every build is known to, otherwise (some unknown, or no builds at all)
 * `null`.
 */
export function updateInStableTag(update: {
  builds: readonly BuildTagFacts[];
  stableTag: string;
}): boolean | null {
  const each = update.builds.map((b) => inStableTag(b, update.stableTag));
  if (each.includes(false)) return false;
  if (each.length === 0 || each.includes(null)) return null;
  return true;
}

/** Orders updates: live ones before dead ones, then by alias. */
export function compareUpdates(
  a: { status: string; alias: string },
  b: { status: string; alias: string },
): number {
  return Number(isDeadUpdate(a)) - Number(isDeadUpdate(b)) || a.alias.localeCompare(b.alias);
}

/**
 * The updates of a bug that count for a milestone: those filed for `releases` (a release number, or
 * several — the milestone's own release first, then e.g. the previous releases of an
 * AcceptedPreviousRelease bug, see `previous-release.ts`), split into live ones (ordered by the
 * position of their release in `releases`, then {@link compareUpdates}) and how many dead ones were
 * left out.
 */
export function releaseUpdates<U extends { releaseName: string; status: string; alias: string }>(
  updates: readonly U[],
  releases: number | readonly number[],
): { live: U[]; deadCount: number } {
  const order = typeof releases === "number" ? [releases] : releases;
  const rank = (u: U) => order.indexOf(bodhiReleaseNumber(u.releaseName) ?? Number.NaN);
  const forRelease = updates.filter((u) => rank(u) >= 0);
  const live = forRelease
    .filter((u) => !isDeadUpdate(u))
    .sort((a, b) => rank(a) - rank(b) || compareUpdates(a, b));
  return { live, deadCount: forRelease.length - live.length };
}

/**
 * Which releases' updates fix a bug accepted as `AcceptedPreviousRelease` (original app §3, product spec
 * §3): such a blocker "must be fixed by updates to previous stable releases (e.g. upgrade path)" — for
 * a Fedora 46 milestone, the Fedora 45 updates, and Fedora 44's too while Bodhi still lists it as
 * current (a stable release keeps getting updates until its end of life).
 *
 * Pure: no I/O.
 */

/** A release as Bodhi lists it (`GET /releases/`): its name and state. */
export interface BodhiReleaseState {
  /** e.g. `"F45"`, `"F45F"` (flatpaks), `"EPEL-9"`. */
  name: string;
  /** `disabled` | `pending` | `frozen` | `current` | `archived`. */
  state: string;
}

/**
 * Release number of a plain Fedora release name as Bodhi spells it: `"F45"` → 45 (case-insensitive);
 * the flatpak/container/module variants (`"F45F"`, `"F45C"`, `"F45M"`), `"EPEL-9"` and anything else
 * → `null`: previous-release fixes are RPM updates of the release itself.
 */
export function fedoraReleaseNumber(name: string): number | null {
  const m = /^F(\d+)$/i.exec(name.trim());
  return m ? Number(m[1]) : null;
}

/**
 * The previous stable releases of Fedora `release`: every plain Fedora release numbered below it that
 * Bodhi lists with state `current`, newest first, without duplicates. Pending, frozen, archived or
 * disabled releases are not stable releases users run, so they are left out; so are releases at or
 * above `release`. An empty list means no previous release is known to be current.
 *
 * Example: `previousReleases(46, [F47 pending, F46 frozen, F45 current, F44 current, F43 archived])`
 * → `[45, 44]`.
 */
export function previousReleases(release: number, bodhiReleases: readonly BodhiReleaseState[]): number[] {
  const numbers = bodhiReleases
    .filter((r) => r.state.trim().toLowerCase() === "current")
    .map((r) => fedoraReleaseNumber(r.name))
    .filter((n): n is number => n !== null && n < release);
  return [...new Set(numbers)].sort((a, b) => b - a);
}

/**
 * The releases whose Bodhi updates count for a bug on a milestone of Fedora `release`: the release
 * itself, and, when the bug is accepted there as `AcceptedPreviousRelease`, also `previous` (see
 * {@link previousReleases}), in that order.
 */
export function updateReleasesFor(
  bug: { acceptedPreviousRelease: boolean },
  release: number,
  previous: readonly number[],
): number[] {
  return bug.acceptedPreviousRelease ? [release, ...previous.filter((n) => n !== release)] : [release];
}

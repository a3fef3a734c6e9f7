/** How the admin pages name trackers and what they say after a change. Pure: no I/O. */

/** A tracker as the admin pages show it: `"F46BetaBlocker (2390101)"`, or the id alone without an alias. */
export function trackerLabel(id: number, alias: string | null): string {
  return alias ? `${alias} (${id})` : String(id);
}

/**
 * The notice after a milestone's edit was saved, naming what it is now: `"Fedora 46 Beta saved:
 * trackers F46BetaBlocker (2390101) and F46BetaFreezeException (2390102); active, current."`
 */
export function milestoneSavedText(
  name: string,
  m: {
    blockerTrackerId: number;
    blockerTrackerAlias: string | null;
    feTrackerId: number;
    feTrackerAlias: string | null;
    active: boolean;
    current: boolean;
  },
): string {
  const state = m.active ? (m.current ? "active, current" : "active") : "inactive";
  return (
    `${name} saved: trackers ${trackerLabel(m.blockerTrackerId, m.blockerTrackerAlias)} and ` +
    `${trackerLabel(m.feTrackerId, m.feTrackerAlias)}; ${state}.`
  );
}

/** Milestone versions Blockerbugs knows, in release order (URLs use these lower-case names). */
export const MILESTONE_VERSIONS = ["alpha", "beta", "final"] as const;
export type MilestoneVersion = (typeof MILESTONE_VERSIONS)[number];

/** "Fedora 41 Beta" for (41, "beta"). */
export function milestoneName(release: number, version: string): string {
  return `Fedora ${release} ${version.charAt(0).toUpperCase()}${version.slice(1)}`;
}

/** The standard tracker aliases of a milestone: `F41BetaBlocker`, `F41BetaFreezeException`. */
export function standardTrackerAliases(release: number, version: string): { blocker: string; fe: string } {
  const v = `${version.charAt(0).toUpperCase()}${version.slice(1).toLowerCase()}`;
  return { blocker: `F${release}${v}Blocker`, fe: `F${release}${v}FreezeException` };
}

/**
 * Parses a milestone reference such as "41/beta" (also "41-beta", "F41 Beta").
 * @returns null when it is not one.
 */
export function parseMilestoneRef(ref: string): { release: number; version: MilestoneVersion } | null {
  const m = /^\s*F?(\d+)\s*[/\- ]\s*(alpha|beta|final)\s*$/i.exec(ref);
  if (!m) return null;
  return { release: Number(m[1]), version: m[2]!.toLowerCase() as MilestoneVersion };
}

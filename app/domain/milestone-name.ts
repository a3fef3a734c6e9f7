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
 * Checks a tracker's versioned alias against the milestone it is entered for (BZ-03: the dynamic alias
 * `BetaBlocker` moves on to the next release's tracker, so it may resolve to another release's bug).
 * Only standard aliases (`F<N><Alpha|Beta|Final><Blocker|FreezeException>`) are checked; a tracker
 * without one may be anything.
 * @example trackerAliasMismatch("F89BetaBlocker", 91, "beta", "blocker")
 *   // → "F89BetaBlocker, not the blocker tracker of Fedora 91 Beta"
 * @returns null when the alias fits (or is not a standard one), else why it does not.
 */
export function trackerAliasMismatch(
  alias: string | null,
  release: number,
  version: string,
  kind: "blocker" | "fe",
): string | null {
  if (!alias || !/^F\d+(Alpha|Beta|Final)(Blocker|FreezeException)$/i.test(alias)) return null;
  if (alias.toLowerCase() === standardTrackerAliases(release, version)[kind].toLowerCase()) return null;
  const what = kind === "blocker" ? "blocker" : "freeze-exception";
  return `${alias}, not the ${what} tracker of ${milestoneName(release, version)}`;
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

/** Rank of a version in {@link MILESTONE_VERSIONS}; unknown versions after the known ones. */
function versionRank(version: string): number {
  const i = (MILESTONE_VERSIONS as readonly string[]).indexOf(version.toLowerCase());
  return i === -1 ? MILESTONE_VERSIONS.length : i;
}

/** Orders milestones newest release first, then by version in release order (alpha, beta, final). */
export function compareMilestones(
  a: { release: number; version: string },
  b: { release: number; version: string },
): number {
  return (
    b.release - a.release ||
    versionRank(a.version) - versionRank(b.version) ||
    a.version.localeCompare(b.version)
  );
}

/**
 * Parses the `:release/:version` of milestone URLs: release a positive integer (up to 6 digits),
 * version letters only (lower-cased: `Beta` → `beta`). Anything else → `null` (the caller answers
 * 400, see {@link milestoneUrlError}).
 */
export function parseMilestoneParams(
  release: string | undefined,
  version: string | undefined,
): { release: number; version: string } | null {
  if (release === undefined || version === undefined) return null;
  if (!/^[0-9]{1,6}$/.test(release) || !/^[A-Za-z]{1,20}$/.test(version)) return null;
  const n = Number(release);
  return n > 0 ? { release: n, version: version.toLowerCase() } : null;
}

/** Status and text of an error page. */
export interface PageErrorInfo {
  status: number;
  statusText: string;
  message: string;
}

/**
 * Why a milestone page address shows no milestone: 400 when `:release`/`:version` are malformed (as
 * the API answers), otherwise 404 (no such milestone).
 */
export function milestoneUrlError(release: string | undefined, version: string | undefined): PageErrorInfo {
  const parsed = parseMilestoneParams(release, version);
  if (!parsed) {
    const shown = `${release ?? ""}/${version ?? ""}`;
    return {
      status: 400,
      statusText: "Bad Request",
      message:
        `"${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}" is not a milestone: the release is a number and the version ` +
        "a word, as in /milestone/46/beta/buglist.",
    };
  }
  return {
    status: 404,
    statusText: "Not Found",
    message: `There is no milestone ${milestoneName(parsed.release, parsed.version)}.`,
  };
}

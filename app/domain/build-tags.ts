/** Koji tags of builds (product spec §5, §7). Pure: no I/O. */

/**
 * Whether a build carries its update's stable Koji tag (`update.release.stable_tag` from Bodhi, e.g.
 * `f46` before release, `f45-updates` after): the API's `inStableTag` and the pages' in-compose marker.
 * @returns null when Koji's tags were never read for the build or the stable tag is unknown.
 */
export function inStableTag(
  build: { tags: readonly string[]; tagsFetchedAt: Date | null },
  stableTag: string | null | undefined,
): boolean | null {
  if (!build.tagsFetchedAt || !stableTag) return null;
  return build.tags.includes(stableTag);
}

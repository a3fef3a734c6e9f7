/**
 * Reads of the Fedora releases Bodhi lists as current (`BodhiRelease`, written by the Bodhi sync's
 * previous-release step), for the pages that show AcceptedPreviousRelease fixes.
 */
import type { Db } from "~/db/db.server";
import { previousReleases, type BodhiReleaseState } from "~/domain/previous-release";

/** The stored Bodhi releases: `{ name, state }[]` by name (empty before the first listing). */
export async function listBodhiReleases(db: Db): Promise<BodhiReleaseState[]> {
  return db.bodhiRelease.findMany({ select: { name: true, state: true }, orderBy: { name: "asc" } });
}

/**
 * The previous stable releases of Fedora `release` (see `previousReleases`) by the stored Bodhi
 * listing: e.g. `[45, 44]` for 46; `[]` before Bodhi was first asked.
 */
export async function previousReleasesOf(db: Db, release: number): Promise<number[]> {
  return previousReleases(release, await listBodhiReleases(db));
}

/**
 * View logic of Bodhi updates and their Koji builds: which updates concern a milestone's release,
 * whether builds carry the release's stable tag, and the serialisable update rows the pages render.
 *
 * Pure: no I/O, no server imports.
 */
import { inStableTag } from "~/domain/build-tags";
import { isDeadUpdate, releaseUpdates, updateInStableTag } from "~/domain/updates";
import { updateMarker, type UpdateMarker } from "~/domain/update-marker";
import type { UpdateInfo } from "~/db/bugs.server";

/** Karma as shown: `(2, 3)` → `"2/3"`, `(-1, null)` → `"-1"` (no stable threshold). */
export function formatKarma(karma: number, stableKarma: number | null): string {
  return stableKarma === null ? String(karma) : `${karma}/${stableKarma}`;
}

/** A build prepared for display. */
export interface BuildView {
  nvr: string;
  inStableTag: boolean | null;
  /** Koji tags (sorted), or `null` when never fetched. */
  tags: string[] | null;
  kojiError: string | null;
}

/** An update prepared for display (serialisable). */
export interface UpdateView {
  alias: string;
  url: string;
  releaseName: string;
  stableTag: string;
  status: string;
  request: string | null;
  karma: number;
  stableKarma: number | null;
  /** e.g. `"2/3"`. */
  karmaText: string;
  /** Obsolete, unpushed or revoked. */
  dead: boolean;
  inStableTag: boolean | null;
  /** Its marker's tone and word (see `updateMarker`). */
  marker: UpdateMarker;
  builds: BuildView[];
}

/** Prepares one update for display. */
export function updateView(u: UpdateInfo): UpdateView {
  const all = updateInStableTag(u);
  return {
    alias: u.alias,
    url: u.url,
    releaseName: u.releaseName,
    stableTag: u.stableTag,
    status: u.status,
    request: u.request,
    karma: u.karma,
    stableKarma: u.stableKarma,
    karmaText: formatKarma(u.karma, u.stableKarma),
    dead: isDeadUpdate(u),
    inStableTag: all,
    marker: updateMarker({ status: u.status, request: u.request, inStableTag: all, gating: u.gating }),
    builds: [...u.builds]
      .sort((a, b) => a.nvr.localeCompare(b.nvr))
      .map((b) => ({
        nvr: b.nvr,
        inStableTag: inStableTag(b, u.stableTag),
        tags: b.tagsFetchedAt === null ? null : [...b.tags].sort(),
        kojiError: b.kojiError,
      })),
  };
}

/**
 * The updates of a bug shown in a milestone's bug list: those filed for `releases` (the milestone's
 * release, and for an AcceptedPreviousRelease bug the previous stable releases after it, see
 * `updateReleasesFor`) that are still live (not obsolete, unpushed or revoked), plus how many dead
 * ones were left out.
 */
export function milestoneUpdates(
  updates: readonly UpdateInfo[],
  releases: number | readonly number[],
): { live: UpdateView[]; deadCount: number } {
  const { live, deadCount } = releaseUpdates(updates, releases);
  return { live: live.map(updateView), deadCount };
}

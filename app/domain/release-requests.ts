/**
 * What release engineering must do with an update fixing an accepted blocker or freeze exception
 * (product spec §5, the requests page; original app §3 for the kinds of acceptance):
 * - `AcceptedBlocker` / `AcceptedFreezeException`: the fix must be in the milestone's compose — its
 *   builds tagged into the release's stable tag, its update submitted and pushed to stable;
 * - `Accepted0Day`: the fix "must be fixed by an update available on release day (not on media)": no
 *   tagging into the frozen compose, but the update must be stable (pushed) on release day;
 * - `AcceptedPreviousRelease`: the fix "must be fixed by updates to previous stable releases": the
 *   updates of those releases must be submitted and pushed to their stable repositories; they are
 *   never part of the milestone's compose.
 *
 * Pure: no I/O.
 */
import type { ReviewState } from "./blocker-state.js";
import { bodhiReleaseNumber } from "./updates.js";

/** How an accepted bug's fix reaches users. */
export type FixDelivery = "compose" | "zeroDay" | "previousRelease";

/** The per-milestone acceptance of a bug (see `deriveBugState`). */
export interface AcceptanceFields {
  blocker: ReviewState | null;
  fe: ReviewState | null;
  accepted0Day: boolean;
  acceptedPreviousRelease: boolean;
}

/**
 * How the fixes of a bug reach users on one milestone, in the order compose, zero-day, previous
 * release:
 * - an accepted freeze exception → `compose` (it is let into the frozen compose);
 * - an accepted blocker with `Accepted0Day` → `zeroDay`; with `AcceptedPreviousRelease` →
 *   `previousRelease` (both when both keywords are there); with neither (plain `AcceptedBlocker`)
 *   → `compose`. `Accepted0Day` and `AcceptedPreviousRelease` name where the fix goes, so an
 *   `AcceptedBlocker` next to them does not add `compose`.
 * A bug that is not accepted (proposed, rejected, conflict) needs nothing: `[]`.
 */
export function fixDeliveries(bug: AcceptanceFields): FixDelivery[] {
  const out = new Set<FixDelivery>();
  if (bug.fe === "accepted") out.add("compose");
  if (bug.blocker === "accepted") {
    if (bug.accepted0Day) out.add("zeroDay");
    if (bug.acceptedPreviousRelease) out.add("previousRelease");
    if (!bug.accepted0Day && !bug.acceptedPreviousRelease) out.add("compose");
  }
  return (["compose", "zeroDay", "previousRelease"] as const).filter((d) => out.has(d));
}

/** Whether an update still needs a stable request: pending or testing, and not requested for stable. */
export function needsStableRequest(u: { status: string; request: string | null }): boolean {
  return (u.status === "pending" || u.status === "testing") && u.request !== "stable";
}

/** Whether an update waits for its stable push: requested for stable, not stable yet. */
export function pendingStablePush(u: { status: string; request: string | null }): boolean {
  return u.request === "stable" && u.status !== "stable";
}

/** Whether an update is not stable yet: it still needs a stable request or its stable push. */
export function notStableYet(u: { status: string; request: string | null }): boolean {
  return needsStableRequest(u) || pendingStablePush(u);
}

/**
 * Keys of the requests page's groups:
 * - `tag`: builds of a compose fix not in the release's stable tag (must be tagged in for the compose);
 * - `requestStable` / `pendingPush`: compose fixes still to be submitted for stable / pushed;
 * - `unknownTags`: compose fixes whose builds' tags were never read from Koji;
 * - `zeroDay`: 0-day fixes not stable yet (must be stable on release day);
 * - `previousRelease`: previous-release fixes not stable yet (push to the stable release(s)).
 */
export type RequestGroupKey =
  "tag" | "requestStable" | "pendingPush" | "unknownTags" | "zeroDay" | "previousRelease";

/** What the request rules read of an update (live ones only: dead updates cannot be pushed). */
export interface RequestUpdateFacts {
  /** Bodhi release name, e.g. `"F45"`. */
  releaseName: string;
  status: string;
  request: string | null;
  /** Per build whether it carries the update's stable tag (`null`: unknown). */
  builds: readonly { inStableTag: boolean | null }[];
}

/**
 * Whether `update` is a fix the bug needs on a milestone of Fedora `release` (see
 * {@link fixDeliveries}): an update of the release itself for a compose or 0-day fix, an update of one
 * of `previous` (the previous stable releases, see `previousReleases`) for a previous-release fix.
 */
export function isNeededFix(
  bug: AcceptanceFields,
  update: Pick<RequestUpdateFacts, "releaseName">,
  release: number,
  previous: readonly number[],
): boolean {
  const n = bodhiReleaseNumber(update.releaseName);
  const d = fixDeliveries(bug);
  if (n === release) return d.includes("compose") || d.includes("zeroDay");
  return n !== null && previous.includes(n) && d.includes("previousRelease");
}

/**
 * The groups of the requests page one live update of a bug goes into on a milestone of Fedora
 * `release`, in page order:
 * - an update of the release itself fixing a compose fix: `tag` when a build is known not to carry
 *   the stable tag, `requestStable` ({@link needsStableRequest}), `pendingPush`
 *   ({@link pendingStablePush}), `unknownTags` when a build's tags are unknown;
 * - an update of the release itself fixing a 0-day fix: `zeroDay` when {@link notStableYet} (never a
 *   compose group, unless the bug is also a compose fix, e.g. an accepted freeze exception);
 * - an update of a previous stable release fixing a previous-release fix: `previousRelease` when
 *   {@link notStableYet} (never a compose group: the compose is the milestone's own release).
 * Anything else (another release, a bug that needs no such fix): `[]`.
 */
export function requestGroupsOf(
  bug: AcceptanceFields,
  update: RequestUpdateFacts,
  release: number,
  previous: readonly number[],
): RequestGroupKey[] {
  const n = bodhiReleaseNumber(update.releaseName);
  const d = fixDeliveries(bug);
  const out: RequestGroupKey[] = [];
  if (n === release) {
    if (d.includes("compose")) {
      if (update.builds.some((b) => b.inStableTag === false)) out.push("tag");
      if (needsStableRequest(update)) out.push("requestStable");
      if (pendingStablePush(update)) out.push("pendingPush");
      if (update.builds.some((b) => b.inStableTag === null)) out.push("unknownTags");
    }
    if (d.includes("zeroDay") && notStableYet(update)) out.push("zeroDay");
  } else if (n !== null && previous.includes(n) && d.includes("previousRelease") && notStableYet(update)) {
    out.push("previousRelease");
  }
  return out;
}

/**
 * View logic of a milestone's release-engineering requests page (`/milestone/:r/:v/requests`,
 * product spec §5): what must still happen to the updates fixing accepted blockers and freeze
 * exceptions, grouped by action.
 *
 * Pure: no I/O, no server imports.
 */
import { isClosed } from "~/domain/blocker-state";
import { type MilestoneBug } from "~/db/bugs.server";
import { splitNeverRead, type TrackerKind } from "~/domain/sections";
import { bugzillaBugUrl, formatStatus } from "~/domain/bug-fields";
import { milestoneUpdates, type BuildView, type UpdateView } from "~/components/update-view";

/** Keys of the action groups, in page order. */
export type RequestGroupKey = "tag" | "requestStable" | "pendingPush" | "unknownTags";

/** Static description of an action group. */
export interface RequestGroupDef {
  key: RequestGroupKey;
  title: string;
  /** What has to happen, one sentence. */
  description: string;
  /** Text shown when nothing needs this action. */
  empty: string;
}

/** The action groups in page order. "unknownTags" is only shown when it has rows. */
export const REQUEST_GROUPS: readonly RequestGroupDef[] = Object.freeze([
  {
    key: "tag",
    title: "Builds not in the stable tag",
    description:
      "These builds are not tagged into the release's stable tag yet: they must be tagged in for the next compose.",
    empty: "Every build of these updates is in the stable tag",
  },
  {
    key: "requestStable",
    title: "Updates not yet submitted for stable",
    description: "Pending or testing updates without a stable request: they must be submitted for stable.",
    empty: "No update is waiting for a stable request",
  },
  {
    key: "pendingPush",
    title: "Updates pending stable push",
    description: "Updates requested for stable that have not been pushed yet.",
    empty: "No update is waiting for a stable push",
  },
  {
    key: "unknownTags",
    title: "Builds not checked in Koji",
    description:
      "We have not read these builds' tags from Koji (not synced yet, or Koji could not answer), so we cannot tell whether they are in the stable tag.",
    empty: "Every build was checked in Koji",
  },
]);

/** The bug of a request row. */
export interface RequestBugView {
  bugId: number;
  url: string;
  summary: string;
  component: string;
  /** Status with resolution, e.g. `"ON_QA"`, `"CLOSED ERRATA"`. */
  status: string;
  closed: boolean;
  /** Accepted as a blocker and/or a freeze exception. */
  kinds: TrackerKind[];
  accepted0Day: boolean;
  acceptedPreviousRelease: boolean;
}

/** One row: a bug, one of its updates, and the builds the action concerns. */
export interface RequestRow {
  bug: RequestBugView;
  update: UpdateView;
  /** The builds concerned: not in the stable tag (`tag`), unchecked (`unknownTags`), or all. */
  builds: BuildView[];
}

/** One action group with its rows. */
export interface RequestGroupView extends RequestGroupDef {
  rows: RequestRow[];
}

/** Everything the requests page shows. */
export interface RequestsView {
  /** Groups in page order ("unknownTags" only when it has rows). */
  groups: RequestGroupView[];
  /** How many accepted blockers / FEs there are (listed bugs). */
  acceptedCount: number;
  /** Accepted open bugs without any live update for the release (nothing to push yet), by id. */
  withoutUpdates: RequestBugView[];
}

/** Whether an update still needs a stable request: pending or testing, and not requested for stable. */
export function needsStableRequest(u: { status: string; request: string | null }): boolean {
  return (u.status === "pending" || u.status === "testing") && u.request !== "stable";
}

/** Whether an update waits for its stable push: requested for stable, not stable yet. */
export function pendingStablePush(u: { status: string; request: string | null }): boolean {
  return u.request === "stable" && u.status !== "stable";
}

/**
 * Builds the requests view of a milestone of release `release` from its active bugs: for every
 * accepted blocker or freeze exception (closed ones included: an update can still need pushing after
 * the bug was closed) and each of its live updates for the release (see `milestoneUpdates`: obsolete,
 * unpushed and revoked ones cannot be pushed), the row goes into every group whose action it needs:
 * - `tag`: at least one build is known not to carry the stable tag (row lists those builds);
 * - `requestStable`: {@link needsStableRequest};
 * - `pendingPush`: {@link pendingStablePush};
 * - `unknownTags`: at least one build's tags are unknown (row lists those builds).
 * Rows are ordered by bug id, then update alias. Never-read bugs are left out.
 */
export function buildRequestsView(
  bugs: readonly MilestoneBug[],
  opts: { bugzillaUrl: string; release: number },
): RequestsView {
  const accepted = splitNeverRead(bugs)
    .listed.filter((b) => b.blocker === "accepted" || b.fe === "accepted")
    .sort((a, b) => a.bugId - b.bugId);
  const rows: Record<RequestGroupKey, RequestRow[]> = {
    tag: [],
    requestStable: [],
    pendingPush: [],
    unknownTags: [],
  };
  const withoutUpdates: RequestBugView[] = [];
  for (const b of accepted) {
    const bug: RequestBugView = {
      bugId: b.bugId,
      url: bugzillaBugUrl(opts.bugzillaUrl, b.bugId),
      summary: b.summary,
      component: b.component,
      status: formatStatus(b.status, b.resolution),
      closed: isClosed(b.status),
      kinds: [
        ...(b.blocker === "accepted" ? ["blocker" as const] : []),
        ...(b.fe === "accepted" ? ["fe" as const] : []),
      ],
      accepted0Day: b.accepted0Day,
      acceptedPreviousRelease: b.acceptedPreviousRelease,
    };
    const { live } = milestoneUpdates(b.updates, opts.release);
    if (live.length === 0 && !bug.closed) withoutUpdates.push(bug);
    for (const update of live) {
      const notInTag = update.builds.filter((x) => x.inStableTag === false);
      const unknown = update.builds.filter((x) => x.inStableTag === null);
      if (notInTag.length > 0) rows.tag.push({ bug, update, builds: notInTag });
      if (needsStableRequest(update)) rows.requestStable.push({ bug, update, builds: update.builds });
      if (pendingStablePush(update)) rows.pendingPush.push({ bug, update, builds: update.builds });
      if (unknown.length > 0) rows.unknownTags.push({ bug, update, builds: unknown });
    }
  }
  return {
    groups: REQUEST_GROUPS.filter((g) => g.key !== "unknownTags" || rows.unknownTags.length > 0).map((g) => ({
      ...g,
      rows: rows[g.key],
    })),
    acceptedCount: accepted.length,
    withoutUpdates,
  };
}

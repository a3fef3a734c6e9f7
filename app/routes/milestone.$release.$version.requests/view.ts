/**
 * View logic of a milestone's release-engineering requests page (`/milestone/:r/:v/requests`,
 * product spec §5): what must still happen to the updates fixing accepted blockers and freeze
 * exceptions, grouped by action (the rules are in `domain/release-requests.ts`), and a Markdown text
 * per group to paste into the release-engineering ticket.
 *
 * Pure: no I/O, no server imports.
 */
import { isClosed } from "~/domain/blocker-state";
import { type MilestoneBug } from "~/db/bugs.server";
import { splitNeverRead, type TrackerKind } from "~/domain/sections";
import { bugzillaBugUrl, formatStatus } from "~/domain/bug-fields";
import { updateReleasesFor } from "~/domain/previous-release";
import { fixDeliveries, isNeededFix, requestGroupsOf, type RequestGroupKey } from "~/domain/release-requests";
import { milestoneUpdates, type BuildView, type UpdateView } from "~/components/update-view";

export type { RequestGroupKey } from "~/domain/release-requests";

/** Static description of an action group. */
export interface RequestGroupDef {
  key: RequestGroupKey;
  title: string;
  /** What has to happen, one sentence. */
  description: string;
  /** Text shown when nothing needs this action. */
  empty: string;
}

/**
 * The action groups in page order: first what the milestone's compose needs (updates of its own
 * release), then the 0-day and previous-release fixes. "unknownTags" is only shown when it has rows,
 * "zeroDay" / "previousRelease" only when the milestone has accepted bugs of that kind.
 */
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
  {
    key: "zeroDay",
    title: "0-day updates",
    description:
      "Fixes of Accepted0Day blockers ship as updates on release day, not in the frozen compose: do not tag them into the compose, but these updates must be stable (pushed) by release day.",
    empty: "Every 0-day update is stable",
  },
  {
    key: "previousRelease",
    title: "Push to the stable release(s)",
    description:
      "Fixes of AcceptedPreviousRelease blockers are updates to the previous stable release(s), not part of this milestone's compose: they must be submitted and pushed to stable there.",
    empty: "Every previous-release update is stable",
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

/** One action group with its rows and the text to paste into the release-engineering ticket. */
export interface RequestGroupView extends RequestGroupDef {
  rows: RequestRow[];
  /** Markdown listing the group's updates and builds (see {@link requestGroupMarkdown}); "" when no rows. */
  markdown: string;
}

/** Everything the requests page shows. */
export interface RequestsView {
  /** Groups in page order (see {@link REQUEST_GROUPS} for which are shown). */
  groups: RequestGroupView[];
  /** How many accepted blockers / FEs there are (listed bugs). */
  acceptedCount: number;
  /** Accepted open bugs without any live update of the kind they need (nothing to push yet), by id. */
  withoutUpdates: RequestBugView[];
}

/** Options of {@link buildRequestsView}. */
export interface RequestsViewOptions {
  bugzillaUrl: string;
  /** The milestone's release number, e.g. 46. */
  release: number;
  /** The previous stable releases (see `previousReleases`), newest first; default none. */
  previousReleases?: readonly number[];
  /** The milestone's name for the Markdown headings, e.g. `"Fedora 46 Beta"`; default `"Fedora <release>"`. */
  milestoneName?: string;
}

/**
 * Builds the requests view of a milestone of release `release` from its active bugs: for every
 * accepted blocker or freeze exception (closed ones included: an update can still need pushing after
 * the bug was closed) and each of its live updates (obsolete, unpushed and revoked ones cannot be
 * pushed) of the milestone's release and, for AcceptedPreviousRelease bugs, of the previous stable
 * releases, the row goes into every group `requestGroupsOf` names (compose groups for the release's
 * own updates of compose fixes, `zeroDay` for 0-day fixes, `previousRelease` for previous-release
 * fixes). Rows are ordered by bug id, then release (own first), then update alias. Never-read bugs are
 * left out.
 */
export function buildRequestsView(bugs: readonly MilestoneBug[], opts: RequestsViewOptions): RequestsView {
  const previous = opts.previousReleases ?? [];
  const accepted = splitNeverRead(bugs)
    .listed.filter((b) => b.blocker === "accepted" || b.fe === "accepted")
    .sort((a, b) => a.bugId - b.bugId);
  const rows: Record<RequestGroupKey, RequestRow[]> = {
    tag: [],
    requestStable: [],
    pendingPush: [],
    unknownTags: [],
    zeroDay: [],
    previousRelease: [],
  };
  const deliveries = new Set(accepted.flatMap((b) => fixDeliveries(b)));
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
    const { live } = milestoneUpdates(b.updates, updateReleasesFor(b, opts.release, previous));
    if (!bug.closed && !live.some((u) => isNeededFix(b, u, opts.release, previous))) withoutUpdates.push(bug);
    for (const update of live) {
      for (const key of requestGroupsOf(b, update, opts.release, previous)) {
        const builds =
          key === "tag"
            ? update.builds.filter((x) => x.inStableTag === false)
            : key === "unknownTags"
              ? update.builds.filter((x) => x.inStableTag === null)
              : update.builds;
        rows[key].push({ bug, update, builds });
      }
    }
  }
  const name = opts.milestoneName ?? `Fedora ${opts.release}`;
  const shown = (key: RequestGroupKey) =>
    key === "unknownTags"
      ? rows.unknownTags.length > 0
      : key === "zeroDay"
        ? deliveries.has("zeroDay")
        : key === "previousRelease"
          ? deliveries.has("previousRelease")
          : true;
  return {
    groups: REQUEST_GROUPS.filter((g) => shown(g.key)).map((g) => {
      const group = {
        ...g,
        description:
          g.key === "previousRelease" && previous.length > 0
            ? `${g.description} Previous stable releases now: ${previous.map((n) => `Fedora ${n}`).join(", ")}.`
            : g.description,
        rows: rows[g.key],
      };
      return { ...group, markdown: requestGroupMarkdown(name, group) };
    }),
    acceptedCount: accepted.length,
    withoutUpdates,
  };
}

/**
 * The Markdown text of one group for the release-engineering ticket: a heading naming the milestone
 * and the group, then one item per update (in row order, each update once, with the bugs it fixes
 * and, for another release than the milestone's, its Bodhi release name) and one sub-item per build
 * concerned (NVR in backticks). `""` when the group has no rows.
 *
 * Example: `### Fedora 46 Beta: builds not in the stable tag` / blank line /
 * ``- [FEDORA-2026-0a9e2ede81](https://bodhi…) (F46) for [bug 2410158](https://bugzilla…)`` /
 * ``  - `openssh-46.2-3.fc46` ``.
 */
export function requestGroupMarkdown(
  milestoneName: string,
  group: { title: string; rows: readonly RequestRow[] },
): string {
  if (group.rows.length === 0) return "";
  const byUpdate = new Map<string, { update: UpdateView; bugs: RequestBugView[]; nvrs: string[] }>();
  for (const row of group.rows) {
    const entry = byUpdate.get(row.update.alias) ?? { update: row.update, bugs: [], nvrs: [] };
    if (!entry.bugs.some((b) => b.bugId === row.bug.bugId)) entry.bugs.push(row.bug);
    for (const b of row.builds) if (!entry.nvrs.includes(b.nvr)) entry.nvrs.push(b.nvr);
    byUpdate.set(row.update.alias, entry);
  }
  const title = group.title.charAt(0).toLowerCase() + group.title.slice(1);
  const lines = [`### ${milestoneName}: ${title}`, ""];
  for (const { update, bugs, nvrs } of byUpdate.values()) {
    const link = update.url ? `[${update.alias}](${update.url})` : update.alias;
    const fixes = bugs.map((b) => `[bug ${b.bugId}](${b.url})`).join(", ");
    lines.push(`- ${link} (${update.releaseName}) for ${fixes}`);
    for (const nvr of nvrs) lines.push(`  - \`${nvr}\``);
  }
  return `${lines.join("\n")}\n`;
}

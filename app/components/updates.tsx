import type { DiscussionView } from "~/components/discussion-view";
import type { UpdateView } from "~/components/update-view";
import type { UpdateMarker, UpdateMarkerTone } from "~/domain/update-marker";
import { Badge, type BadgeTone } from "./ui/badge";

const MARKER_TONES: Record<UpdateMarkerTone, BadgeTone> = {
  neutral: "gray",
  good: "green",
  problem: "red",
};

/**
 * An update's marker (see `updateMarker`): its word in a badge, gray while on its way (pending,
 * testing), green when stable or in the stable tag, red only for a real problem.
 */
export function UpdateStatusBadge({ marker, title }: { marker: UpdateMarker; title?: string }) {
  return (
    <Badge tone={MARKER_TONES[marker.tone]} title={title}>
      {marker.label}
    </Badge>
  );
}

/** A Bodhi request ("→ stable"), or nothing when idle. */
export function UpdateRequest({ request }: { request: string | null }) {
  if (request === null) return null;
  return (
    <span
      className="whitespace-nowrap text-[11px] font-medium text-violet-800"
      title={`Requested: ${request}`}
    >
      → {request}
    </span>
  );
}

/** What an update's stable-tag state means, for a tooltip or a screen reader. */
function stableTagText(value: boolean | null, stableTag: string, single: boolean): string {
  const tag = stableTag || "the stable tag";
  if (value === true) return `${single ? "this build is" : "all builds are"} in ${tag}`;
  if (value === false) return `${single ? "this build is" : "some builds are"} not in ${tag} yet`;
  return `unknown whether ${single ? "this build is" : "the builds are"} in ${tag} (Koji tags not read)`;
}

/**
 * Whether builds are in the release's stable tag: ✓ (all, green), ✗ (some not yet: the normal state
 * before a stable push, so not red), ? (unknown: Koji tags not read), with the meaning in the tooltip
 * and for screen readers. `single`: the marker is about one build.
 */
export function StableTagMarker({
  value,
  stableTag,
  single = false,
}: {
  value: boolean | null;
  stableTag: string;
  single?: boolean;
}) {
  const text = stableTagText(value, stableTag, single);
  const [symbol, cls] =
    value === true
      ? ["✓", "text-emerald-700"]
      : value === false
        ? ["✗", "text-slate-600"]
        : ["?", "text-slate-500"];
  return (
    <span className={`font-semibold ${cls}`} title={text}>
      <span aria-hidden="true">{symbol}</span>
      <span className="sr-only">{text}</span>
    </span>
  );
}

/**
 * Compact list of a bug's updates for the bug list, one line each: the marker (see
 * {@link UpdateStatusBadge}), the alias without `FEDORA-` linking to Bodhi (the full alias, the
 * builds and whether they are in the stable tag in its tooltip), a stable request and the karma; an
 * update of another release than `release` (a previous-release fix) also names its Bodhi release.
 * Dead updates are only counted, with a link to `bugHref` (the bug page, which lists them). A plain
 * link, no router: the bug list keeps its rows' markup (see `KeptRowsBody`). Unstyled, and what
 * the karma means is the column header's tooltip: the bug table's rules in app/tailwind.css style
 * it, once for all rows.
 */
export function UpdateCells({
  updates,
  deadUpdates,
  bugHref,
  release,
}: {
  updates: UpdateView[];
  deadUpdates: number;
  bugHref: string;
  release?: number;
}) {
  if (updates.length === 0 && deadUpdates === 0) return null;
  return (
    <ul>
      {updates.map((u) => (
        <li key={u.alias}>
          <UpdateStatusBadge marker={u.marker} />
          <a
            href={u.url}
            title={`${u.builds.map((b) => b.nvr).join(", ")}; ${stableTagText(u.inStableTag, u.stableTag, false)}`}
          >
            {u.alias.replace(/^FEDORA-/, "")}
          </a>
          {release !== undefined && u.releaseName !== `F${release}` ? (
            <Badge tone="violet" title={`An update of ${u.releaseName}, a previous stable release`}>
              {u.releaseName}
            </Badge>
          ) : null}
          <UpdateRequest request={u.request} />
          <span>{u.karmaText}</span>
        </li>
      ))}
      {deadUpdates > 0 ? (
        <li className="dead">
          <a
            href={`${bugHref}#updates`}
            title="Obsolete, unpushed or revoked updates are listed on the bug page"
          >
            +{deadUpdates} obsolete
          </a>
        </li>
      ) : null}
    </ul>
  );
}

/** The `meeting` badge of a ticket to be discussed live. */
export function MeetingBadge() {
  return (
    <Badge tone="violet" title="Tagged 'meeting': to be discussed in the blocker review meeting">
      meeting
    </Badge>
  );
}

/**
 * Discussion cell of the bug list: ticket link, meeting badge, one tally per voted tracker as
 * `BetaFE (+3, 0, -1)` (the short tracker name), the voters in its `title` (a tooltip, and the
 * item's accessible description; the bug page lists them in a table). Unstyled, and what the
 * Vote link is for is the column header's tooltip: the bug table's rules in app/tailwind.css style
 * it, once for all rows.
 */
export function DiscussionCell({ discussion }: { discussion: DiscussionView | null }) {
  if (!discussion) return null;
  return (
    <>
      <div>
        {discussion.url ? (
          <a href={discussion.url}>Vote</a>
        ) : (
          <span className="text-slate-500">ticket being created</span>
        )}
        {discussion.meeting ? <MeetingBadge /> : null}
        {discussion.closed ? <Badge tone="gray">closed</Badge> : null}
      </div>
      {discussion.tallies.length > 0 ? (
        <ul>
          {discussion.tallies.map((t) => (
            <li key={t.tracker} title={t.voters}>
              {t.short} <span>{t.counts}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

import { Link } from "@remix-run/react";
import type { DiscussionView } from "~/components/discussion-view";
import type { UpdateView } from "~/components/update-view";
import { Badge, type BadgeTone } from "./ui/badge";

const STATUS_TONES: Record<string, BadgeTone> = {
  stable: "green",
  testing: "blue",
  pending: "amber",
};

/** A Bodhi update status as a badge (stable green, testing blue, pending amber, others gray). */
export function UpdateStatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status] ?? "gray"}>{status}</Badge>;
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

/**
 * Whether builds are in the release's stable tag: ✓ (all), ✗ (some not), ? (unknown: Koji tags not
 * read), with the meaning in the tooltip and for screen readers. `single`: the marker is about one build.
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
  const tag = stableTag || "the stable tag";
  const [symbol, text, cls] =
    value === true
      ? ["✓", `${single ? "this build is" : "all builds are"} in ${tag}`, "text-emerald-700"]
      : value === false
        ? ["✗", `${single ? "this build is" : "some builds are"} not in ${tag}`, "text-red-700"]
        : [
            "?",
            `unknown whether ${single ? "this build is" : "the builds are"} in ${tag} (Koji tags not read)`,
            "text-slate-500",
          ];
  return (
    <span className={`font-semibold ${cls}`} title={text}>
      <span aria-hidden="true">{symbol}</span>
      <span className="sr-only">{text}</span>
    </span>
  );
}

/**
 * Compact list of a bug's updates for the bug list: alias, status, request, karma, in-stable marker;
 * an update of another release than `release` (a previous-release fix) also names its Bodhi release.
 */
export function UpdateCells({
  updates,
  deadUpdates,
  bugId,
  release,
}: {
  updates: UpdateView[];
  deadUpdates: number;
  bugId: number;
  release?: number;
}) {
  if (updates.length === 0 && deadUpdates === 0) return <span className="text-slate-300">—</span>;
  return (
    <ul className="space-y-0.5">
      {updates.map((u) => (
        <li key={u.alias} className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5">
          <StableTagMarker value={u.inStableTag} stableTag={u.stableTag} />
          <a
            href={u.url}
            className="font-mono text-[11px] text-sky-800 hover:underline"
            title={`${u.alias} in Bodhi (${u.builds.map((b) => b.nvr).join(", ")})`}
          >
            {u.alias.replace(/^FEDORA-/, "")}
          </a>
          {release !== undefined && u.releaseName !== `F${release}` ? (
            <Badge tone="violet" title={`An update of ${u.releaseName}, a previous stable release`}>
              {u.releaseName}
            </Badge>
          ) : null}
          <UpdateStatusBadge status={u.status} />
          <UpdateRequest request={u.request} />
          <span className="text-[11px] tabular-nums text-slate-600" title="karma / stable karma">
            <span className="sr-only">karma </span>
            {u.karmaText}
          </span>
        </li>
      ))}
      {deadUpdates > 0 ? (
        <li>
          <Link
            to={`/bug/${bugId}#updates`}
            className="text-[11px] text-slate-500 hover:underline"
            title="Obsolete, unpushed or revoked updates are listed on the bug page"
          >
            +{deadUpdates} obsolete
          </Link>
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

/** Discussion cell of the bug list: ticket link, meeting badge, one tally per voted tracker. */
export function DiscussionCell({ discussion }: { discussion: DiscussionView | null }) {
  if (!discussion) return <span className="text-slate-300">—</span>;
  return (
    <div className="space-y-0.5">
      <div className="flex flex-wrap items-center gap-1.5">
        {discussion.url ? (
          <a
            href={discussion.url}
            className="text-xs font-medium text-sky-800 hover:underline"
            title="Discussion ticket: vote here"
          >
            Vote
          </a>
        ) : (
          <span className="text-xs text-slate-500">ticket being created</span>
        )}
        {discussion.meeting ? <MeetingBadge /> : null}
        {discussion.closed ? <Badge tone="gray">closed</Badge> : null}
      </div>
      {discussion.tallies.length > 0 ? (
        <ul className="text-[11px] leading-4">
          {discussion.tallies.map((t) => (
            <li key={t.tracker} title={t.voters} className="whitespace-nowrap">
              <span className="text-slate-700">{t.tracker}</span>{" "}
              <span className="font-mono tabular-nums text-slate-900">{t.counts}</span>
              <span className="sr-only"> voters: {t.voters}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

import type { ReviewState } from "~/domain/blocker-state";
import type { TrackerKind } from "~/domain/sections";
import { stateLabel } from "~/routes/bug.$id/view";
import { Badge, type BadgeTone } from "~/components/ui/badge";

const STATE_TONES: Record<ReviewState, BadgeTone> = {
  proposed: "amber",
  accepted: "green",
  rejected: "gray",
  conflict: "red",
};

/** A review state as a coloured badge; `null` renders a muted dash (not proposed). */
export function StateBadge({ state }: { state: ReviewState | null }) {
  if (state === null) return <span className="text-slate-400">—</span>;
  return <Badge tone={STATE_TONES[state]}>{stateLabel(state)}</Badge>;
}

/** The "0-day" / "previous release" badges of an accepted blocker. */
export function AcceptanceBadges({
  accepted0Day,
  acceptedPreviousRelease,
}: {
  accepted0Day: boolean;
  acceptedPreviousRelease: boolean;
}) {
  return (
    <>
      {accepted0Day ? (
        <Badge tone="violet" title="Accepted0Day: must be fixed by an update available on release day">
          0-day
        </Badge>
      ) : null}
      {acceptedPreviousRelease ? (
        <Badge tone="blue" title="AcceptedPreviousRelease: must be fixed by updates to previous releases">
          previous release
        </Badge>
      ) : null}
    </>
  );
}

/**
 * The "private" / "missing" badge of a bug Bugzilla no longer shows us (made private, or deleted): the
 * row or page shows its last known data. `explain` adds that meaning for screen readers (leave it off
 * where the text next to the badge already says it).
 */
export function InaccessibleBadge({ reason, explain = false }: { reason: string; explain?: boolean }) {
  return (
    <Badge tone="amber" title={`Bugzilla no longer shows this bug to us (${reason}); last known data`}>
      {reason}
      {explain ? (
        <span className="sr-only"> — Bugzilla no longer shows this bug to us; last known data</span>
      ) : null}
    </Badge>
  );
}

/** What a bug is proposed as: "Blocker" (red) or "FE" (blue). */
export function KindBadge({ kind }: { kind: TrackerKind }) {
  return <Badge tone={kind === "blocker" ? "red" : "blue"}>{kind === "blocker" ? "Blocker" : "FE"}</Badge>;
}

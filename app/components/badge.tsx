import type { ReactNode } from "react";
import type { ReviewState } from "~/domain/blocker-state";
import { stateLabel } from "~/routes/bug.$id/view";

/** Colour schemes of {@link Badge}. */
export type BadgeTone = "gray" | "blue" | "green" | "amber" | "red" | "violet";

const TONES: Record<BadgeTone, string> = {
  gray: "bg-slate-100 text-slate-700 ring-slate-300",
  blue: "bg-sky-50 text-sky-800 ring-sky-300",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  amber: "bg-amber-50 text-amber-900 ring-amber-300",
  red: "bg-red-50 text-red-800 ring-red-300",
  violet: "bg-violet-50 text-violet-800 ring-violet-300",
};

/** A small rounded label. */
export function Badge({
  tone = "gray",
  title,
  className = "whitespace-nowrap",
  children,
}: {
  tone?: BadgeTone;
  title?: string;
  /** Extra classes (default `whitespace-nowrap`). */
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      title={title}
      className={`inline-flex items-center rounded px-1.5 py-px text-[11px] font-medium leading-4 ring-1 ring-inset ${TONES[tone]} ${className}`}
    >
      {children}
    </span>
  );
}

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

import { Badge } from "~/components/ui/badge";
import type { PersonView, ProposalView } from "~/components/proposal-view";
import { RelativeTime } from "~/components/time";

/** The "previously rejected" badge of a bug proposed again after its rejection. */
export function PreviouslyRejectedBadge() {
  return (
    <Badge
      tone="violet"
      title="Rejected before and proposed again since: Bugzilla's history shows it added to the tracker after the Rejected keyword was set"
    >
      previously rejected
    </Badge>
  );
}

/** A person by short name, the full Bugzilla login in the tooltip; bold unless `className` says otherwise. */
function Person({ person, className = "font-medium" }: { person: PersonView; className?: string }) {
  return (
    <span title={person.login} className={className || undefined}>
      {person.name}
    </span>
  );
}

/**
 * The bug list's age cell: "12 days ago" and "by adamw" below it; nothing when Bugzilla's history
 * has not told us yet. Unstyled: the bug table's rules in app/tailwind.css style it (once, not in
 * every row).
 */
export function ProposalAge({ proposal }: { proposal: ProposalView | null }) {
  if (!proposal?.proposed) return null;
  return (
    <>
      <RelativeTime time={proposal.proposed} />
      {proposal.proposedBy ? (
        <span>
          {" "}
          by <Person person={proposal.proposedBy} className="" />
        </span>
      ) : null}
    </>
  );
}

/**
 * One kind's proposal on the bug page: "proposed 12 days ago by adamw · accepted 3 days ago by
 * kparal" (`decision` names the decision: accepted, rejected, conflict).
 */
export function ProposalNote({ proposal, decision }: { proposal: ProposalView; decision: string | null }) {
  return (
    <span className="block text-xs text-slate-600">
      {proposal.proposed ? (
        <>
          proposed <RelativeTime time={proposal.proposed} />
          {proposal.proposedBy ? (
            <>
              {" "}
              by <Person person={proposal.proposedBy} />
            </>
          ) : null}
        </>
      ) : (
        "proposed at a time Bugzilla does not tell"
      )}
      {proposal.decided && decision ? (
        <>
          {" · "}
          {decision} <RelativeTime time={proposal.decided} />
          {proposal.decidedBy ? (
            <>
              {" "}
              by <Person person={proposal.decidedBy} />
            </>
          ) : null}
        </>
      ) : null}
    </span>
  );
}

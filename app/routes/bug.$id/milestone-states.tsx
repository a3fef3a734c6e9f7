import { Link } from "@remix-run/react";
import { AcceptanceBadges, StateBadge } from "~/components/badge";
import { PreviouslyRejectedBadge, ProposalNote } from "~/components/proposal";
import { Badge } from "~/components/ui/badge";
import { RowHeader, Table, Td, Tr } from "~/components/ui/table";
import { BugSection } from "./bug-section";
import type { BugPageView } from "./view";

/** The word for a decided state in "accepted 3 days ago"; null while proposed or not proposed. */
function decisionWord(state: string | null): string | null {
  return state === "accepted" || state === "rejected" ? state : state === "conflict" ? "conflicting" : null;
}

/**
 * The bug's state per milestone: blocker and FE review state with who proposed it and when (from
 * Bugzilla's history), whether still tracked.
 */
export function MilestoneStates({ bug }: { bug: BugPageView }) {
  return (
    <BugSection
      id="milestones"
      first
      title="Milestones"
      empty={bug.milestones.length === 0 && "Not tracked for any milestone."}
    >
      <Table
        caption={`State of bug ${bug.bugId} per milestone`}
        cards
        columns={["Milestone", "Blocker", "Freeze exception", "Tracked"]}
        rows={bug.milestones}
        row={(m) => (
          <Tr key={m.path} className={m.active ? undefined : "text-slate-500"}>
            <RowHeader>
              <Link to={m.path} className="font-medium text-sky-800 hover:underline">
                {m.name}
              </Link>
              {m.current ? (
                <span className="ml-2">
                  <Badge tone="green">current</Badge>
                </span>
              ) : null}
            </RowHeader>
            <Td label="Blocker" card="full">
              <span className="inline-flex flex-wrap gap-1">
                <StateBadge state={m.blocker} />
                <AcceptanceBadges
                  accepted0Day={m.accepted0Day}
                  acceptedPreviousRelease={m.acceptedPreviousRelease}
                />
                {m.blockerProposal?.previouslyRejected ? <PreviouslyRejectedBadge /> : null}
              </span>
              {m.blockerProposal ? (
                <ProposalNote proposal={m.blockerProposal} decision={decisionWord(m.blocker)} />
              ) : null}
            </Td>
            <Td label="Freeze exception" card="full">
              <span className="inline-flex flex-wrap gap-1">
                <StateBadge state={m.fe} />
                {m.feProposal?.previouslyRejected ? <PreviouslyRejectedBadge /> : null}
              </span>
              {m.feProposal ? <ProposalNote proposal={m.feProposal} decision={decisionWord(m.fe)} /> : null}
            </Td>
            <Td label="Tracked">
              <span
                title={
                  m.firstSeen
                    ? `Blockerbugs' sync first saw it here ${m.firstSeen.relative} (${m.firstSeen.utc})`
                    : undefined
                }
              >
                {m.active ? "yes" : "removed"}
              </span>
              {m.active ? null : (
                <span className="sr-only"> (no longer blocks a tracker of this milestone)</span>
              )}
            </Td>
          </Tr>
        )}
      />
    </BugSection>
  );
}

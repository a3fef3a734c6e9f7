import { Link } from "@remix-run/react";
import { AcceptanceBadges, StateBadge } from "~/components/badge";
import { RelativeTime } from "~/components/time";
import { Badge } from "~/components/ui/badge";
import { RowHeader, Table, Td, Tr } from "~/components/ui/table";
import { BugSection } from "./bug-section";
import type { BugPageView } from "./view";

/** The bug's state per milestone: blocker and FE review state, whether still tracked, first seen. */
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
        columns={["Milestone", "Blocker", "Freeze exception", "Tracked", "First seen"]}
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
            <Td>
              <span className="inline-flex flex-wrap gap-1">
                <StateBadge state={m.blocker} />
                <AcceptanceBadges
                  accepted0Day={m.accepted0Day}
                  acceptedPreviousRelease={m.acceptedPreviousRelease}
                />
              </span>
            </Td>
            <Td>
              <StateBadge state={m.fe} />
            </Td>
            <Td>
              {m.active ? "yes" : <span title="No longer blocks a tracker of this milestone">removed</span>}
            </Td>
            <Td className="text-xs">
              <RelativeTime time={m.firstSeen} />
            </Td>
          </Tr>
        )}
      />
    </BugSection>
  );
}

import { MeetingBadge } from "~/components/updates";
import { Badge } from "~/components/ui/badge";
import { RowHeader, Table, Td, Tr } from "~/components/ui/table";
import { None } from "~/components/ui/text";
import { BugSection } from "./bug-section";
import type { BugPageView } from "./view";

/** Voters as a comma-separated list, or a dash when none. */
function Voters({ names }: { names: string[] }) {
  return names.length > 0 ? <>{names.join(", ")}</> : <None />;
}

/** The bug's discussion ticket: its link, meeting/closed badges and the votes per tracker and voter. */
export function DiscussionVotes({ bug }: { bug: BugPageView }) {
  const { discussion } = bug;
  return (
    <BugSection
      id="discussion"
      title={
        <>
          Discussion
          {discussion?.meeting ? <MeetingBadge /> : null}
          {discussion?.closed ? <Badge tone="gray">ticket closed</Badge> : null}
        </>
      }
      empty={!discussion && "No discussion ticket."}
    >
      {discussion ? (
        <div className="rounded-md border border-slate-200 bg-white shadow-sm">
          <p className="px-3 py-2 text-sm">
            {discussion.url ? (
              <a href={discussion.url} className="font-medium text-sky-800 hover:underline">
                Discussion ticket: vote here →
              </a>
            ) : (
              <span className="text-slate-500">The discussion ticket is being created.</span>
            )}
          </p>
          {discussion.tallies.length === 0 ? (
            <p className="border-t border-slate-200 px-3 py-2 text-sm text-slate-500">No votes yet.</p>
          ) : (
            <Table
              caption="Votes per tracker"
              framed={false}
              cards
              frameClassName="border-t border-slate-200"
              columns={["Tracker", "Tally", "+1", "0", "−1"]}
              rows={discussion.tallies}
              row={(t) => (
                <Tr key={t.tracker} className="align-baseline">
                  <RowHeader className="font-medium">{t.tracker}</RowHeader>
                  <Td className="font-mono tabular-nums">{t.counts}</Td>
                  <Td label="+1" className="text-emerald-800">
                    <Voters names={t.plus} />
                  </Td>
                  <Td label="0" className="text-slate-700">
                    <Voters names={t.zero} />
                  </Td>
                  <Td label="−1" className="text-red-800">
                    <Voters names={t.minus} />
                  </Td>
                </Tr>
              )}
            />
          )}
        </div>
      ) : null}
    </BugSection>
  );
}

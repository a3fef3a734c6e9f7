import { Link } from "@remix-run/react";
import { RowHeader, Table, Td, Tr } from "~/components/ui/table";
import { None } from "~/components/ui/text";
import { BugSection } from "./bug-section";
import type { BugPageView } from "./view";

/** The bug's recorded state changes, newest first: when, which milestone, which field, old → new. */
export function HistoryTable({ bug }: { bug: BugPageView }) {
  return (
    <BugSection
      id="history"
      title="History"
      empty={bug.history.length === 0 && "No state changes recorded yet."}
    >
      <Table
        caption={`State changes of bug ${bug.bugId}, newest first`}
        cards
        columns={["Time (UTC)", "Milestone", "Field", "Change"]}
        rows={bug.history}
        row={(e) => (
          <Tr key={e.id}>
            <RowHeader className="whitespace-nowrap text-xs">
              {e.at ? (
                <time dateTime={e.at.iso} title={e.at.relative}>
                  {e.at.utc.replace(" UTC", "")}
                </time>
              ) : (
                <None />
              )}
              {e.fromBugzilla ? null : (
                <span
                  className="ml-1 text-slate-400"
                  title="When Blockerbugs' sync noticed the change: Bugzilla's history did not date it"
                >
                  (sync)
                </span>
              )}
            </RowHeader>
            <Td>
              <Link to={e.path} className="text-sky-800 hover:underline">
                {e.milestone}
              </Link>
            </Td>
            <Td className="font-medium">{e.field}</Td>
            <Td>
              <span className="text-slate-500">{e.old}</span>
              <span aria-hidden="true" className="px-1.5 text-slate-400">
                →
              </span>
              <span className="sr-only"> changed to </span>
              <span className="font-medium">{e.new}</span>
            </Td>
          </Tr>
        )}
      />
    </BugSection>
  );
}

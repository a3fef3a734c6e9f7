import { Link } from "@remix-run/react";
import type {
  BugRowView,
  SectionView,
  SortKey,
  SortLink,
} from "~/routes/milestone.$release.$version.buglist/view";
import { formatOpenClosed } from "~/components/format";
import { Badge } from "~/components/ui/badge";
import { cn } from "~/components/ui/cn";
import { RowHeader, Table, Td, Th, THead, Tr } from "~/components/ui/table";
import { EmptyNote } from "~/components/ui/text";
import { AcceptanceBadges, InaccessibleBadge, KindBadge } from "~/components/badge";
import { RelativeTime } from "~/components/time";
import { PreviouslyRejectedBadge, ProposalAge } from "~/components/proposal";
import { DiscussionCell, UpdateCells } from "~/components/updates";

/** One column of the bug table. */
interface Column {
  key:
    | "bug"
    | "component"
    | "status"
    | "summary"
    | "deps"
    | "needinfo"
    | "updates"
    | "discussion"
    | "proposed"
    | "lastChange";
  label: string;
  sort?: SortKey;
  className: string;
}

const COLUMNS: readonly Column[] = [
  { key: "bug", label: "Bug", sort: "id", className: "w-28" },
  { key: "component", label: "Component", sort: "component", className: "w-32" },
  { key: "status", label: "Status", sort: "status", className: "w-32" },
  { key: "summary", label: "Summary", sort: "summary", className: "" },
  { key: "deps", label: "Open deps", className: "w-24" },
  { key: "needinfo", label: "Needinfo", className: "w-36" },
  { key: "updates", label: "Updates", className: "w-60" },
  { key: "discussion", label: "Discussion", className: "w-48" },
  { key: "proposed", label: "Proposed", sort: "proposed", className: "w-24" },
  { key: "lastChange", label: "Last change", sort: "lastChange", className: "w-28" },
];

/** Column header, with a sort link (keeping the filters) when the column is sortable. */
function HeaderCell({
  column,
  link,
  basePath,
}: {
  column: Column;
  link: SortLink | undefined;
  basePath: string;
}) {
  if (!column.sort || !link) return <Th className={column.className}>{column.label}</Th>;
  const arrow = link.ariaSort === "ascending" ? "▲" : link.ariaSort === "descending" ? "▼" : "";
  return (
    <Th className={column.className} aria-sort={link.ariaSort}>
      <Link
        to={`${basePath}${link.href}`}
        preventScrollReset
        className="group/sort inline-flex items-center gap-1 hover:text-slate-900 hover:underline"
        title={`Sort by ${column.label.toLowerCase()}`}
      >
        {column.label}
        <span
          aria-hidden="true"
          className={arrow ? "text-slate-700" : "text-slate-300 group-hover/sort:text-slate-500"}
        >
          {arrow || "↕"}
        </span>
      </Link>
    </Th>
  );
}

/** One bug row. */
function BugRow({ row, showKinds }: { row: BugRowView; showKinds: boolean }) {
  const muted = row.closed && "text-slate-500";
  return (
    <Tr hover className={cn("align-baseline", row.closed && "bg-slate-50")}>
      <RowHeader>
        <a
          href={row.url}
          className={`font-mono font-medium hover:underline ${row.closed ? "text-slate-500" : "text-sky-800"}`}
          title={`Bug ${row.bugId} in Bugzilla`}
        >
          {row.bugId}
        </a>
        {row.alias.length > 0 ? (
          <div className="truncate text-[11px] text-slate-500" title={row.alias.join(", ")}>
            {row.alias.join(", ")}
          </div>
        ) : null}
      </RowHeader>
      <Td className={cn("break-words", muted)}>{row.component}</Td>
      <Td>
        {row.closed ? (
          <Badge tone="gray" className="whitespace-normal font-mono">
            {row.status}
          </Badge>
        ) : (
          <span className="font-mono text-xs">{row.status}</span>
        )}
      </Td>
      <Td className={cn(muted)}>
        <span className="mr-1 inline-flex flex-wrap gap-1 align-middle empty:hidden">
          {row.inaccessible ? <InaccessibleBadge reason={row.inaccessible} explain /> : null}
          {showKinds ? row.kinds.map((k) => <KindBadge key={k} kind={k} />) : null}
          <AcceptanceBadges
            accepted0Day={row.accepted0Day}
            acceptedPreviousRelease={row.acceptedPreviousRelease}
          />
          {row.proposal?.previouslyRejected ? <PreviouslyRejectedBadge /> : null}
        </span>
        <Link
          to={`/bug/${row.bugId}`}
          className={`hover:underline ${row.closed ? "text-slate-500" : "text-slate-900"}`}
          title="Bug details and history"
        >
          {row.summary || <span className="italic text-slate-500">(no summary)</span>}
        </Link>
      </Td>
      <Td>
        {row.openDependsOn.length === 0 ? (
          <span className="text-slate-300">—</span>
        ) : (
          <ul className="flex flex-wrap gap-x-1.5">
            {row.openDependsOn.map((d) => (
              <li key={d.id}>
                <a
                  href={d.url}
                  aria-label={`Open dependency ${d.id}`}
                  className="font-mono text-xs text-sky-800 hover:underline"
                >
                  {d.id}
                </a>
              </li>
            ))}
          </ul>
        )}
      </Td>
      <Td className="text-xs">
        {row.needinfo.length === 0 ? (
          <span className="text-slate-300">—</span>
        ) : (
          <ul>
            {row.needinfo.map((who) => (
              <li key={who} className="break-all text-amber-900">
                {who}
              </li>
            ))}
          </ul>
        )}
      </Td>
      <Td>
        <UpdateCells
          updates={row.updates}
          deadUpdates={row.deadUpdates}
          bugId={row.bugId}
          release={row.release}
        />
      </Td>
      <Td>
        <DiscussionCell discussion={row.discussion} />
      </Td>
      <Td className={cn("text-xs", row.closed ? "text-slate-500" : "text-slate-700")}>
        <ProposalAge proposal={row.proposal} />
      </Td>
      <Td className={cn("text-xs", row.closed ? "text-slate-500" : "text-slate-700")}>
        <RelativeTime time={row.lastChange} />
      </Td>
    </Tr>
  );
}

/** Props of {@link BugSection} and {@link BugTable}. */
interface BugSectionProps {
  section: SectionView;
  sortLinks: Record<SortKey, SortLink>;
  /** Whether a filter is set (changes the empty text). */
  filtered: boolean;
  /** Path the sort links' query strings are appended to (the bug list's path). */
  basePath: string;
}

/**
 * A bug-list section: `<h2>` heading with open/closed counts (anchor `#section-<key>`) and its
 * {@link BugTable}.
 */
export function BugSection(props: BugSectionProps) {
  const { section } = props;
  const id = `section-${section.key}`;
  return (
    <section aria-labelledby={id} className="mt-8 first:mt-0">
      <h2 id={id} className="flex items-baseline gap-2 text-lg font-semibold text-slate-900">
        {section.title}
        <span className="text-sm font-normal text-slate-500">
          {formatOpenClosed(section.counts.open, section.counts.closed)}
        </span>
      </h2>
      <BugTable {...props} />
    </section>
  );
}

/**
 * The accessible table of a section (caption, column and row headers, sort links in the headers), or
 * the section's empty text.
 */
export function BugTable({ section, sortLinks, filtered, basePath }: BugSectionProps) {
  const showKinds = section.key === "conflicts" || section.key === "rejected";
  return (
    <>
      {section.rows.length === 0 ? (
        <EmptyNote className="mt-2">
          {section.empty}
          {filtered ? " match the filter" : ""}
        </EmptyNote>
      ) : (
        <Table
          caption={`${section.title}: ${section.counts.open} open, ${section.counts.closed} closed`}
          density="compact"
          className="min-w-[88rem] table-fixed"
          frameClassName="mt-2"
        >
          <THead>
            {COLUMNS.map((c) => (
              <HeaderCell
                key={c.key}
                column={c}
                link={c.sort ? sortLinks[c.sort] : undefined}
                basePath={basePath}
              />
            ))}
          </THead>
          <tbody>
            {section.rows.map((row) => (
              <BugRow key={row.bugId} row={row} showKinds={showKinds} />
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

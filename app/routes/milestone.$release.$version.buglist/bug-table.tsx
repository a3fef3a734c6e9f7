import { Fragment } from "react";
import { Link, useHref } from "@remix-run/react";
import type {
  BugRowView,
  SectionView,
  SortKey,
  SortLink,
} from "~/routes/milestone.$release.$version.buglist/view";
import { formatOpenClosed } from "~/components/format";
import { Badge } from "~/components/ui/badge";
import { RowHeader, Table, Td, Th, THead, Tr } from "~/components/ui/table";
import { EmptyNote } from "~/components/ui/text";
import { AcceptanceBadges, InaccessibleBadge, KindBadge } from "~/components/badge";
import { RelativeTime } from "~/components/time";
import { PreviouslyRejectedBadge, ProposalAge } from "~/components/proposal";
import { DiscussionCell, UpdateCells } from "~/components/updates";
import { KeptRowsBody } from "~/components/html-fragments";

/** One column of the bug table. */
interface Column {
  key:
    | "bug"
    | "component"
    | "status"
    | "summary"
    | "assignee"
    | "updates"
    | "discussion"
    | "proposed"
    | "lastChange";
  label: string;
  sort?: SortKey;
  className: string;
  /** The header's tooltip: what the column's cells show, said once instead of in every row. */
  hint?: string;
}

// Fixed widths for all but the summary, which takes the rest (at least 28 rem on a 1440 px screen).
// The `.bug-table` rules of app/tailwind.css style the rows' cells by their place in this order.
const COLUMNS: readonly Column[] = [
  { key: "bug", label: "Bug", sort: "id", className: "w-24" },
  { key: "component", label: "Component", sort: "component", className: "w-28" },
  { key: "status", label: "Status", sort: "status", className: "w-24" },
  { key: "summary", label: "Summary", sort: "summary", className: "" },
  { key: "assignee", label: "Assignee", className: "w-28" },
  {
    key: "updates",
    label: "Updates",
    className: "w-52",
    hint: "Each update: its status, its Bodhi id (its builds in its tooltip), a requested push, karma / stable karma",
  },
  {
    key: "discussion",
    label: "Discussion",
    className: "w-36",
    hint: "Discussion ticket: vote here; the votes per tracker (+1, 0, -1), the voters in their tooltip",
  },
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
  if (!column.sort || !link)
    return (
      <Th className={column.className} title={column.hint}>
        {column.label}
      </Th>
    );
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

/**
 * The badges after a bug's summary: what clashes in a conflict, what the row is about (Conflicts,
 * Rejected), how it was accepted, a re-proposal, a bug we can no longer read, who is asked for
 * information and the dependencies still open.
 */
function SummaryBadges({ row, showKinds }: { row: BugRowView; showKinds: boolean }) {
  return (
    <>
      {row.clashes.map((c) => (
        <Fragment key={c.kind}>
          {" "}
          <Badge
            tone="red"
            title="These whiteboard keywords contradict each other: the reviewers must decide"
          >
            {c.keywords.join(" + ")}
          </Badge>
        </Fragment>
      ))}
      {showKinds
        ? row.kinds.map((k) => (
            <Fragment key={k}>
              {" "}
              <KindBadge kind={k} />
            </Fragment>
          ))
        : null}
      {row.accepted0Day || row.acceptedPreviousRelease ? " " : null}
      <AcceptanceBadges
        accepted0Day={row.accepted0Day}
        acceptedPreviousRelease={row.acceptedPreviousRelease}
      />
      {row.proposal?.previouslyRejected ? (
        <>
          {" "}
          <PreviouslyRejectedBadge />
        </>
      ) : null}
      {row.inaccessible ? (
        <>
          {" "}
          <InaccessibleBadge reason={row.inaccessible} explain />
        </>
      ) : null}
      {row.needinfo.length > 0 ? (
        <>
          {" "}
          <Badge
            tone="amber"
            title={`Needinfo requested from ${row.needinfo.map((p) => p.login).join(", ")}`}
          >
            needinfo {row.needinfo.map((p) => p.name).join(", ")}
          </Badge>
        </>
      ) : null}
      {row.openDependsOn.length > 0 ? (
        <>
          {" "}
          <span className="badge-gray gap-1">
            open deps
            {row.openDependsOn.map((d) => (
              <a key={d.id} href={d.url} className="link font-mono">
                {d.id}
              </a>
            ))}
          </span>
        </>
      ) : null}
    </>
  );
}

/**
 * One bug row. Below 640 px it is a card: id, component and status on the first line, the summary in
 * full with its badges on the next, then the rest, labelled where the value does not say what it is.
 * It depends on its props only (its markup is kept per row, see `KeptRowsBody`): `bugPath` is the
 * bug page's path (under the base path) the links append the id to.
 */
function BugRow({ row, showKinds, bugPath }: { row: BugRowView; showKinds: boolean; bugPath: string }) {
  const bugHref = `${bugPath}/${row.bugId}`;
  // No classes on the cells: the `bug-table` rules of app/tailwind.css style them and what is in them
  // by column (in COLUMNS' order), card labels included, so hundreds of rows do not repeat them.
  return (
    <Tr className={row.closed ? "closed" : undefined}>
      <RowHeader>
        <a href={row.url}>{row.bugId}</a>
        {row.alias.length > 0 ? <div title={row.alias.join(", ")}>{row.alias.join(", ")}</div> : null}
      </RowHeader>
      <Td>{row.component}</Td>
      <Td>{row.status}</Td>
      <Td>
        <a href={bugHref}>{row.summary || <span className="italic">(no summary)</span>}</a>
        <SummaryBadges row={row} showKinds={showKinds} />
      </Td>
      {row.assignee ? <Td title={row.assignee.login}>{row.assignee.name}</Td> : <Td />}
      <Td>
        <UpdateCells
          updates={row.updates}
          deadUpdates={row.deadUpdates}
          bugHref={bugHref}
          release={row.release}
        />
      </Td>
      <Td>
        <DiscussionCell discussion={row.discussion} />
      </Td>
      <Td>
        <ProposalAge proposal={row.proposal} />
      </Td>
      <Td>
        <RelativeTime time={row.lastChange} />
      </Td>
    </Tr>
  );
}

/** Each row's JSON, for its markup's key: rows of a view kept across requests are serialised once. */
const rowJson = new WeakMap<BugRowView, string>();

function jsonOf(row: BugRowView): string {
  let json = rowJson.get(row);
  if (json === undefined) rowJson.set(row, (json = JSON.stringify(row)));
  return json;
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
  const bugPath = useHref("/bug");
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
          cards
          hover
          sticky
          className="bug-table table-fixed sm:min-w-[72rem]"
          frameClassName="mt-2 min-[74rem]:overflow-visible"
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
          <KeptRowsBody
            items={section.rows}
            keyOf={(row) => `${jsonOf(row)} ${showKinds} ${bugPath}`}
            row={(row) => <BugRow key={row.bugId} row={row} showKinds={showKinds} bugPath={bugPath} />}
          />
        </Table>
      )}
    </>
  );
}

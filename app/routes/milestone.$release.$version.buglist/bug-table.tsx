import { Link } from "@remix-run/react";
import type {
  BugRowView,
  SectionView,
  SortKey,
  SortLink,
} from "~/routes/milestone.$release.$version.buglist/view";
import type { TrackerKind } from "~/domain/sections";
import { formatOpenClosed } from "~/components/format";
import { Badge } from "~/components/ui/badge";
import { AcceptanceBadges, InaccessibleBadge } from "~/components/badge";
import { RelativeTime } from "~/components/time";
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
  { key: "updates", label: "Updates", className: "w-64" },
  { key: "discussion", label: "Discussion", className: "w-52" },
  { key: "lastChange", label: "Last change", sort: "lastChange", className: "w-28" },
];

const KIND_LABELS: Record<TrackerKind, string> = { blocker: "Blocker", fe: "FE" };

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
  const base = `px-2 py-1.5 text-left font-semibold ${column.className}`;
  if (!column.sort || !link) {
    return (
      <th scope="col" className={base}>
        {column.label}
      </th>
    );
  }
  const arrow = link.ariaSort === "ascending" ? "▲" : link.ariaSort === "descending" ? "▼" : "";
  return (
    <th scope="col" className={base} aria-sort={link.ariaSort}>
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
    </th>
  );
}

/** One bug row. */
function BugRow({ row, showKinds }: { row: BugRowView; showKinds: boolean }) {
  const muted = row.closed ? "text-slate-500" : "";
  return (
    <tr
      className={`border-t border-slate-200 align-baseline hover:bg-sky-50/60 ${row.closed ? "bg-slate-50" : ""}`}
    >
      <th scope="row" className="px-2 py-1.5 text-left font-normal">
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
      </th>
      <td className={`px-2 py-1.5 break-words ${muted}`}>{row.component}</td>
      <td className="px-2 py-1.5">
        {row.closed ? (
          <Badge tone="gray" className="whitespace-normal font-mono">
            {row.status}
          </Badge>
        ) : (
          <span className="font-mono text-xs">{row.status}</span>
        )}
      </td>
      <td className={`px-2 py-1.5 ${muted}`}>
        <span className="mr-1 inline-flex flex-wrap gap-1 align-middle empty:hidden">
          {row.inaccessible ? <InaccessibleBadge reason={row.inaccessible} explain /> : null}
          {showKinds
            ? row.kinds.map((k) => (
                <Badge key={k} tone={k === "blocker" ? "red" : "blue"}>
                  {KIND_LABELS[k]}
                </Badge>
              ))
            : null}
          <AcceptanceBadges
            accepted0Day={row.accepted0Day}
            acceptedPreviousRelease={row.acceptedPreviousRelease}
          />
        </span>
        <Link
          to={`/bug/${row.bugId}`}
          className={`hover:underline ${row.closed ? "text-slate-500" : "text-slate-900"}`}
          title="Bug details and history"
        >
          {row.summary || <span className="italic text-slate-500">(no summary)</span>}
        </Link>
      </td>
      <td className="px-2 py-1.5">
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
      </td>
      <td className="px-2 py-1.5 text-xs">
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
      </td>
      <td className="px-2 py-1.5">
        <UpdateCells updates={row.updates} deadUpdates={row.deadUpdates} bugId={row.bugId} />
      </td>
      <td className="px-2 py-1.5">
        <DiscussionCell discussion={row.discussion} />
      </td>
      <td className={`px-2 py-1.5 text-xs ${row.closed ? "text-slate-500" : "text-slate-700"}`}>
        <RelativeTime time={row.lastChange} />
      </td>
    </tr>
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
        <p className="mt-2 rounded border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-500">
          {section.empty}
          {filtered ? " match the filter" : ""}
        </p>
      ) : (
        <div className="relative mt-2 overflow-x-auto rounded-md border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[84rem] table-fixed border-collapse text-sm">
            <caption className="sr-only">
              {section.title}: {section.counts.open} open, {section.counts.closed} closed
            </caption>
            <thead className="bg-slate-100 text-xs text-slate-600">
              <tr>
                {COLUMNS.map((c) => (
                  <HeaderCell
                    key={c.key}
                    column={c}
                    link={c.sort ? sortLinks[c.sort] : undefined}
                    basePath={basePath}
                  />
                ))}
              </tr>
            </thead>
            <tbody>
              {section.rows.map((row) => (
                <BugRow key={row.bugId} row={row} showKinds={showKinds} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

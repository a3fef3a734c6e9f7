import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

/**
 * How much room cells get: `compact` for wide tables with many columns (bug lists), `roomy` for short
 * summary tables (the home page).
 */
export type TableDensity = "normal" | "compact" | "roomy";

// Cell padding, row lines and hover are set once on the <table> (child selectors), not repeated in
// every cell: a 500-bug list sends thousands of cells.
const BODY_CELLS: Record<TableDensity, string> = {
  normal: "[&>tbody>tr>*]:px-3 [&>tbody>tr>*]:py-1.5",
  compact: "[&>tbody>tr>*]:px-2 [&>tbody>tr>*]:py-1.5",
  roomy: "[&>tbody>tr>*]:px-3 [&>tbody>tr>*]:py-2.5",
};

/** Column headers keep one height whatever the density. */
const HEAD_CELLS: Record<TableDensity, string> = {
  normal: "[&>thead_th]:px-3 [&>thead_th]:py-1.5",
  compact: "[&>thead_th]:px-2 [&>thead_th]:py-1.5",
  roomy: "[&>thead_th]:px-3 [&>thead_th]:py-1.5",
};

const ROWS = "[&>tbody>tr]:border-t [&>tbody>tr]:border-slate-200";

/** Row headers: left-aligned, normal weight; `:where` keeps this weaker than a RowHeader's own classes. */
const ROW_HEADERS = "[:where(&>tbody>tr>th)]:text-left [:where(&>tbody>tr>th)]:font-normal";
const HOVER = "[&>tbody>tr:hover]:bg-sky-50/60 [&>tbody>tr:focus-within]:bg-sky-50";

/**
 * Below the `sm` breakpoint (640 px) a `cards` table shows each row as a card: the header row is
 * read by screen readers only, and each row's cells flow one after the other and wrap; a cell with
 * `card="full"` takes a line of its own (a bug's summary), a cell with a `label` shows it before its
 * content, and an empty cell takes no room. Nothing scrolls sideways; no JavaScript is involved.
 */
const CARDS = cn(
  "max-sm:block max-sm:[&>caption]:block max-sm:[&>thead]:sr-only max-sm:[&>tbody]:block",
  "max-sm:[&>tbody>tr]:flex max-sm:[&>tbody>tr]:flex-wrap max-sm:[&>tbody>tr]:items-baseline",
  "max-sm:[&>tbody>tr]:gap-x-3 max-sm:[&>tbody>tr]:gap-y-1 max-sm:[&>tbody>tr]:px-3 max-sm:[&>tbody>tr]:py-2.5",
  "max-sm:[&>tbody>tr>*]:block max-sm:[&>tbody>tr>*]:min-w-0 max-sm:[&>tbody>tr>*]:p-0",
  "max-sm:[&>tbody>tr>*]:wrap-anywhere max-sm:[&>tbody>tr>*:empty]:hidden",
  "max-sm:[&>tbody>tr>[data-label]]:before:mr-1 max-sm:[&>tbody>tr>[data-label]]:before:text-slate-500",
  "max-sm:[&>tbody>tr>[data-label]]:before:content-[attr(data-label)]",
);

/** Sticky column headers: the header row stays in view while the page scrolls through a long table. */
const STICKY = "[&>thead_th]:sticky [&>thead_th]:top-0 [&>thead_th]:z-10 [&>thead_th]:bg-slate-100";

/**
 * A data table in its frame. The frame scrolls sideways when the table is wider than the screen (the
 * page itself never does) and is the table's direct parent. `caption` names the table (every table of
 * the site has a name); it is read by screen readers only unless `showCaption`, which makes it the
 * table's visible heading. `className` goes to the `<table>` (e.g. `sm:min-w-[56rem] table-fixed` for
 * wide tables), `frameClassName` to the frame; `framed={false}` drops the border (a table inside a card).
 * `cards`: below 640 px each row is a card (see {@link Td}'s `card` and `label`), so no phone scrolls
 * the table sideways. `sticky`: the column headers stick to the top of the window — only where the
 * frame does not scroll sideways, so give the frame `overflow-visible` from the width on where the
 * table fits (e.g. `frameClassName="min-[80rem]:overflow-visible"`).
 * `columns` gives the header row (a label, or a label with classes such as a width); `rows` with `row`
 * renders the body, one `row(item)` (a {@link Tr}) per item. Other `children` go inside the table as
 * they are (a custom {@link THead}, say).
 */
export function Table<T>({
  caption,
  showCaption = false,
  density = "normal",
  framed = true,
  cards = false,
  hover = false,
  sticky = false,
  frameClassName,
  className,
  columns,
  rows,
  row,
  children,
  ...props
}: Omit<ComponentProps<"table">, "children"> & {
  columns?: readonly Column[];
  rows?: readonly T[];
  row?: (item: T) => ReactNode;
  children?: ReactNode;
  caption?: ReactNode;
  showCaption?: boolean;
  density?: TableDensity;
  framed?: boolean;
  /** Rows as cards below 640 px. */
  cards?: boolean;
  /** Highlight the row under the pointer or holding the keyboard focus (long lists). */
  hover?: boolean;
  /** Sticky column headers. */
  sticky?: boolean;
  frameClassName?: string;
}) {
  return (
    <div
      className={cn(
        "relative overflow-x-auto",
        framed && "rounded-md border border-slate-200 bg-white shadow-sm",
        frameClassName,
      )}
    >
      <table
        className={cn(
          "w-full border-collapse text-sm",
          BODY_CELLS[density],
          HEAD_CELLS[density],
          ROWS,
          ROW_HEADERS,
          hover && HOVER,
          sticky && STICKY,
          cards && CARDS,
          className,
        )}
        {...props}
      >
        {caption !== undefined ? (
          <caption
            className={
              showCaption
                ? "border-b border-slate-200 bg-slate-50 px-3 py-2 text-left text-base font-semibold"
                : "sr-only"
            }
          >
            {caption}
          </caption>
        ) : null}
        {columns ? (
          <THead>
            {columns.map((c) =>
              typeof c === "string" ? (
                <Th key={c}>{c}</Th>
              ) : (
                <Th key={c.key ?? String(c.label)} className={c.className}>
                  {c.label}
                </Th>
              ),
            )}
          </THead>
        ) : null}
        {children}
        {rows && row ? <tbody>{rows.map(row)}</tbody> : null}
      </table>
    </div>
  );
}

/** A column of {@link Table}'s `columns`: its label, or the label with classes (`key` when the label is not text). */
export type Column = string | { label: ReactNode; className?: string; key?: string };

/** The header row of a {@link Table}: put {@link Th} cells in it. */
export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="bg-slate-100 text-xs text-slate-600">
      <tr>{children}</tr>
    </thead>
  );
}

/** A column header (`scope="col"`, left-aligned; `className` adds a width or `text-right`). */
export function Th({ className, ...props }: ComponentProps<"th">) {
  return <th scope="col" className={cn("text-left font-semibold", className)} {...props} />;
}

/** A body row (the table draws the line above it, and highlights it when the table has `hover`). */
export function Tr(props: ComponentProps<"tr">) {
  return <tr {...props} />;
}

/**
 * How a cell shows in a {@link Table}'s card layout: `label` is written before its content (a short
 * word such as "assigned to", for a value that does not say what it is), `card="full"` gives it a
 * line of its own.
 */
interface CardCellProps {
  label?: string;
  card?: "full";
}

/** The props of a cell in the card layout: the label as `data-label`, a full line as a class. */
function cardProps({ label, card }: CardCellProps, className: string | undefined) {
  return {
    "data-label": label,
    className: cn(card === "full" && "max-sm:basis-full", className) || undefined,
  };
}

/** The cell that names its row (`<th scope="row">`, normal weight unless `className` says otherwise). */
export function RowHeader({ className, label, card, ...props }: ComponentProps<"th"> & CardCellProps) {
  return <th scope="row" {...props} {...cardProps({ label, card }, className)} />;
}

/** A data cell (see {@link CardCellProps} for its card layout). */
export function Td({ className, label, card, ...props }: ComponentProps<"td"> & CardCellProps) {
  return <td {...props} {...cardProps({ label, card }, className)} />;
}

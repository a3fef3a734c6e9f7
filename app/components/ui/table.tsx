import { createContext, useContext, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";

/**
 * How much room cells get: `compact` for wide tables with many columns (bug lists), `roomy` for short
 * summary tables (the home page).
 */
export type TableDensity = "normal" | "compact" | "roomy";

const DensityContext = createContext<TableDensity>("normal");
const CELL: Record<TableDensity, string> = {
  normal: "px-3 py-1.5",
  compact: "px-2 py-1.5",
  roomy: "px-3 py-2.5",
};

/** Column headers keep one height whatever the density. */
const HEADER_CELL: Record<TableDensity, string> = { ...CELL, roomy: CELL.normal };

function useCellClass(): string {
  return CELL[useContext(DensityContext)];
}

/**
 * A data table in its frame. The frame scrolls sideways when the table is wider than the screen (the
 * page itself never does) and is the table's direct parent. `caption` names the table (every table of
 * the site has a name); it is read by screen readers only unless `showCaption`, which makes it the
 * table's visible heading. `className` goes to the `<table>` (e.g. `min-w-[56rem] table-fixed` for
 * wide tables), `frameClassName` to the frame; `framed={false}` drops the border (a table inside a card).
 * `columns` gives the header row (a label, or a label with classes such as a width); `rows` with `row`
 * renders the body, one `row(item)` (a {@link Tr}) per item. Other `children` go inside the table as
 * they are (a custom {@link THead}, say).
 */
export function Table<T>({
  caption,
  showCaption = false,
  density = "normal",
  framed = true,
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
      <table className={cn("w-full border-collapse text-sm", className)} {...props}>
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
        <DensityContext.Provider value={density}>
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
        </DensityContext.Provider>
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
  const cell = HEADER_CELL[useContext(DensityContext)];
  return <th scope="col" className={cn(cell, "text-left font-semibold", className)} {...props} />;
}

/** A body row with a line above it; `hover` highlights it under the pointer (long lists). */
export function Tr({ hover = false, className, ...props }: ComponentProps<"tr"> & { hover?: boolean }) {
  return (
    <tr className={cn("border-t border-slate-200", hover && "hover:bg-sky-50/60", className)} {...props} />
  );
}

/** The cell that names its row (`<th scope="row">`, normal weight unless `className` says otherwise). */
export function RowHeader({ className, ...props }: ComponentProps<"th">) {
  return <th scope="row" className={cn(useCellClass(), "text-left font-normal", className)} {...props} />;
}

/** A data cell. */
export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn(useCellClass(), className)} {...props} />;
}

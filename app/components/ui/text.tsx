import type { ReactNode } from "react";
import { cn } from "./cn";

/** The page's `<h1>`. */
export function PageTitle({ className, children }: { className?: string; children: ReactNode }) {
  return <h1 className={cn("text-2xl font-semibold tracking-tight", className)}>{children}</h1>;
}

/**
 * The text shown where a list or table has nothing to show ("No votes yet."), in a dashed box; `page`
 * for a whole page that has nothing to show (larger, on white).
 */
export function EmptyNote({
  page = false,
  className,
  children,
}: {
  page?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <p
      className={cn(
        "rounded border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-500",
        page && "rounded-md bg-white px-4 py-3 text-base text-slate-600",
        className,
      )}
    >
      {children}
    </p>
  );
}

/** A muted dash standing for an empty value. */
export function None({ className }: { className?: string }) {
  return <span className={cn("text-slate-400", className)}>—</span>;
}

/** A short section at the end of a page (bugs we could not read, bugs without an update): heading and text. */
export function NoteSection({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-8 text-sm text-slate-600">
      <h2 id={id} className="font-semibold text-slate-800">
        {title}
      </h2>
      {children}
    </section>
  );
}

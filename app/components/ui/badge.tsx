import type { ReactNode } from "react";
import { cn } from "./cn";

/** Colour schemes of {@link Badge}. */
export type BadgeTone = "gray" | "blue" | "green" | "amber" | "red" | "violet";

const TONES: Record<BadgeTone, string> = {
  gray: "bg-slate-100 text-slate-700 ring-slate-300",
  blue: "bg-sky-50 text-sky-800 ring-sky-300",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  amber: "bg-amber-50 text-amber-900 ring-amber-300",
  red: "bg-red-50 text-red-800 ring-red-300",
  violet: "bg-violet-50 text-violet-800 ring-violet-300",
};

/** A small rounded label; `className` adds classes (it does not wrap unless told to). */
export function Badge({
  tone = "gray",
  title,
  className,
  children,
}: {
  tone?: BadgeTone;
  title?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      title={title}
      className={cn(
        "inline-flex items-center whitespace-nowrap rounded px-1.5 py-px text-[11px] font-medium leading-4 ring-1 ring-inset",
        TONES[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

import type { ReactNode } from "react";
import { cn } from "./cn";

/** Colour schemes of {@link Badge}. */
export type BadgeTone = "gray" | "blue" | "green" | "amber" | "red" | "violet";

// Spelled out so Tailwind's scanner sees each class.
const TONES: Record<BadgeTone, string> = {
  gray: "badge-gray",
  blue: "badge-blue",
  green: "badge-green",
  amber: "badge-amber",
  red: "badge-red",
  violet: "badge-violet",
};

/**
 * A small rounded label (the `badge-<tone>` class of app/tailwind.css); `className` adds
 * classes (it does not wrap unless told to).
 */
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
    <span title={title} className={cn(TONES[tone], className)}>
      {children}
    </span>
  );
}

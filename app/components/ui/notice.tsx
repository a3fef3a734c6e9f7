import type { ReactNode } from "react";
import { cn } from "./cn";

const TONES = {
  error: "border-red-300 bg-red-50 text-red-900",
  info: "border-sky-300 bg-sky-50 text-sky-900",
  success: "border-green-300 bg-green-50 text-green-900",
  warning: "border-amber-300 bg-amber-50 text-amber-950",
} as const;

/**
 * A notice box: `error` (red, announced at once: `role="alert"`), `info` (blue), `success` (green) or
 * `warning` (amber), the last three as `role="status"`. `className` adds classes (a margin).
 */
export function Notice({
  tone,
  className,
  children,
}: {
  tone: keyof typeof TONES;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn("rounded border px-4 py-3 text-sm", TONES[tone], className)}
    >
      {children}
    </div>
  );
}

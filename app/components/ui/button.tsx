import type { ComponentProps } from "react";
import { cn } from "./cn";

const VARIANTS = {
  primary:
    "inline-flex items-center rounded bg-[#294172] px-4 py-2 text-sm font-semibold text-white shadow hover:bg-[#3c6eb4] focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2",
  compact:
    "rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-sky-800 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-1",
  link: "text-sky-800 underline hover:text-sky-950",
} as const;

/**
 * A button: `primary` (the main action of a form, the default), `compact` (a tool's button: a filter bar's
 * Filter, Copy) or `link` (a small action that looks like a link, such as a row's toggle). `type`
 * defaults to `submit`.
 */
export function Button({
  variant = "primary",
  type = "submit",
  className,
  ...props
}: ComponentProps<"button"> & { variant?: keyof typeof VARIANTS }) {
  return <button type={type} className={cn(VARIANTS[variant], className)} {...props} />;
}

import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names (strings, conditionals, arrays as `clsx` takes them) and lets later Tailwind
 * classes override earlier ones of the same property: `cn("px-3 text-left", "text-right")` →
 * `"px-3 text-right"`. This is how the primitives take a `className` that adjusts their defaults.
 */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}

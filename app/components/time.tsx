import type { TimeView } from "~/components/format";

/**
 * The ISO instant as `dateTime` carries it: without milliseconds, and seconds, that are zero (HTML's
 * global date and time string allows both out; upstream times are to the second, often to the minute):
 * a few bytes less in each of the hundreds of times of a bug list.
 */
const machineTime = (iso: string) => iso.replace(/(?::00)?\.000Z$/, "Z");

/**
 * A time shown relative to page load ("3 hours ago"), with the absolute UTC time in the tooltip and
 * the ISO instant in `dateTime`; it does not break across lines (app/tailwind.css: no `<time>` does).
 * Renders `fallback` (default "—") when the time is unknown.
 */
export function RelativeTime({ time, fallback = "—" }: { time: TimeView | null; fallback?: string }) {
  if (!time) return <span className="text-slate-400">{fallback}</span>;
  return (
    <time dateTime={machineTime(time.iso)} title={time.utc}>
      {time.relative}
    </time>
  );
}

/**
 * A time shown as "3 hours ago (2026-11-20 12:00 UTC)" inside one `<time>` element; a line may break
 * between the two parts, never inside one.
 */
export function RelativeAndUtcTime({
  time,
  fallback = "never",
}: {
  time: TimeView | null;
  fallback?: string;
}) {
  if (!time) return <span>{fallback}</span>;
  return (
    <time dateTime={machineTime(time.iso)} className="whitespace-normal">
      <span className="whitespace-nowrap">{time.relative}</span>{" "}
      <span className="whitespace-nowrap text-slate-500">({time.utc})</span>
    </time>
  );
}

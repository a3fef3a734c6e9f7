import { Link } from "@remix-run/react";
import { BurndownChart, BurndownLegend, BurndownTable } from "~/components/burndown-chart";
import { burndownDescription, type BurndownPoint } from "~/components/burndown-view";

/**
 * The bug list's Trend section: the burndown chart, its legend, what it shows in words and its numbers
 * per day (the chart's text alternatives), and a link to the chart as an image of its own.
 */
export function Trend({
  name,
  series,
  svgHref,
}: {
  name: string;
  series: readonly BurndownPoint[];
  svgHref: string;
}) {
  return (
    <section aria-labelledby="trend" className="mt-8 break-inside-avoid">
      <h2 id="trend" className="text-lg font-semibold text-slate-900">
        Trend
      </h2>
      <figure className="mt-2 rounded-md border border-slate-200 bg-white p-3 shadow-sm">
        {/* One chart for wide screens, one laid out for a phone (only one is displayed). */}
        <BurndownChart
          series={series}
          title={`Open blockers and freeze exceptions of ${name}, per day`}
          id="burndown"
          className="hidden h-auto w-full max-w-4xl sm:block"
        />
        <BurndownChart
          series={series}
          title={`Open blockers and freeze exceptions of ${name}, per day`}
          id="burndown-compact"
          compact
          className="h-auto w-full sm:hidden"
        />
        <figcaption className="mt-2 space-y-1.5 text-sm text-slate-600">
          <BurndownLegend />
          <p data-testid="burndown-text">{burndownDescription(series)}</p>
          <details className="print:hidden">
            <summary className="cursor-pointer text-sky-800 hover:underline">The numbers per day</summary>
            <div className="mt-2 max-h-80 overflow-y-auto">
              <BurndownTable series={series} caption={`Open bugs per day of ${name}`} />
            </div>
          </details>
          <p className="text-xs">
            <Link to={svgHref} reloadDocument className="text-sky-800 hover:underline">
              burndown.svg
            </Link>{" "}
            — the chart as an image of its own.
          </p>
        </figcaption>
      </figure>
    </section>
  );
}

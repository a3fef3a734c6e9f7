/**
 * The burndown of a milestone prepared for drawing and for reading: scales and line paths from
 * `d3-scale` / `d3-shape` (no hand-placed coordinates), axis ticks, and the text alternatives (the
 * chart's description and a sparkline's label). Shared by the bug list, the home page and `burndown.svg`.
 *
 * Pure: no I/O.
 */
import { scaleLinear, scaleUtc } from "d3-scale";
import { line } from "d3-shape";
import { SERIES_KEYS, SERIES_LABELS, type SeriesKey, type SeriesPoint } from "~/domain/burndown-series";

/**
 * A point as pages receive it: the day and its counts, without the moment they were taken (today's is
 * the request's time: loader data that differs at every request would defeat the page cache, which keeps
 * a page while its data is the same).
 */
export type BurndownPoint = Omit<SeriesPoint, "at">;

/** The series as loader data: each point without its `at` (see {@link BurndownPoint}). */
export function burndownPoints(series: readonly (BurndownPoint & { at?: Date })[]): BurndownPoint[] {
  return series.map(({ at: _at, ...point }) => point);
}

/** How each series is drawn: colour, and a dash pattern so it reads in black and white too. */
export const SERIES_STYLE: Record<SeriesKey, { color: string; dash: string | undefined }> = {
  proposedBlockers: { color: "#c2410c", dash: "6 4" },
  acceptedBlockers: { color: "#b91c1c", dash: undefined },
  proposedFEs: { color: "#0369a1", dash: "2 3" },
  acceptedFEs: { color: "#1d4ed8", dash: "10 3 2 3" },
};

/** A drawn chart: size, plot box, series paths with their end labels, and axis ticks. */
export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** Each series' line and its end: the last point, and where its label goes (apart from the others'). */
  lines: {
    key: SeriesKey;
    label: string;
    path: string;
    end: { x: number; y: number; value: number; labelY: number };
  }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
}

/** Vertical room of one end label, in SVG units. */
const LABEL_GAP = 13;
const dayOf = (p: BurndownPoint) => new Date(`${p.day}T00:00:00Z`);
const SHORT_DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/**
 * Lays a burndown out in a `width` × `height` box: x is the day (UTC), y the count (from 0, at least 0–4
 * so a quiet milestone is not a wall of gridlines), one line per series, whole-number y ticks, date x
 * ticks. `margin` leaves room for the axes (and for the series' end labels on the right).
 */
export function chartGeometry(
  series: readonly BurndownPoint[],
  opts: {
    width: number;
    height: number;
    margin: { top: number; right: number; bottom: number; left: number };
  },
): ChartGeometry {
  const { width, height, margin } = opts;
  const plot = {
    left: margin.left,
    top: margin.top,
    right: width - margin.right,
    bottom: height - margin.bottom,
  };
  const first = series[0] ? dayOf(series[0]) : new Date(0);
  const last = series.at(-1) ? dayOf(series.at(-1)!) : first;
  // A single day still needs a span to draw on.
  const end = last.getTime() === first.getTime() ? new Date(first.getTime() + 86_400_000) : last;
  const x = scaleUtc().domain([first, end]).range([plot.left, plot.right]);
  const max = Math.max(4, ...series.flatMap((p) => SERIES_KEYS.map((k) => p[k])));
  const y = scaleLinear().domain([0, max]).range([plot.bottom, plot.top]).nice();
  const lines = SERIES_KEYS.map((key) => {
    const path = line<BurndownPoint>()
      .x((p) => x(dayOf(p)))
      .y((p) => y(p[key]))(series);
    const lastPoint = series.at(-1);
    return {
      key,
      label: SERIES_LABELS[key],
      path: path ?? "",
      end: {
        x: lastPoint ? x(dayOf(lastPoint)) : plot.left,
        y: y(lastPoint?.[key] ?? 0),
        value: lastPoint?.[key] ?? 0,
        labelY: y(lastPoint?.[key] ?? 0),
      },
    };
  });
  // End labels of series ending at about the same count would overlap: push them apart downwards.
  const byY = [...lines].sort((a, b) => a.end.y - b.end.y);
  for (let i = 1; i < byY.length; i++)
    byY[i]!.end.labelY = Math.max(byY[i]!.end.labelY, byY[i - 1]!.end.labelY + LABEL_GAP);
  return {
    width,
    height,
    plot,
    lines,
    xTicks: x.ticks(Math.max(2, Math.floor((plot.right - plot.left) / 90))).map((d) => ({
      x: x(d),
      label: SHORT_DATE.format(d),
    })),
    yTicks: y
      .ticks(5)
      .filter((v) => Number.isInteger(v))
      .map((v) => ({ y: y(v), label: String(v) })),
  };
}

const NOUNS: Record<SeriesKey, [string, string]> = {
  proposedBlockers: ["proposed blocker", "proposed blockers"],
  acceptedBlockers: ["accepted blocker", "accepted blockers"],
  proposedFEs: ["proposed FE", "proposed FEs"],
  acceptedFEs: ["accepted FE", "accepted FEs"],
};

/** A count of one series in words: `5` → "proposed blockers", `1` → "proposed blocker". */
export function seriesNoun(key: SeriesKey, count: number): string {
  return NOUNS[key][count === 1 ? 0 : 1];
}

/** The counts of one point in words: "5 proposed blockers, 1 accepted blocker, …". */
function countsText(p: BurndownPoint): string {
  return SERIES_KEYS.map((k) => `${p[k]} ${seriesNoun(k, p[k])}`).join(", ");
}

/**
 * The chart in words (its `<desc>` and the figure's caption): the span, the counts now, and a week ago
 * (or at the start, for a shorter series).
 */
export function burndownDescription(series: readonly BurndownPoint[]): string {
  const now = series.at(-1);
  if (!now) return "No bugs recorded yet.";
  const first = series[0]!;
  const before = series.length > 7 ? series[series.length - 8]! : first;
  const then = before === now ? "" : ` On ${before.day}: ${countsText(before)}.`;
  return `Open bugs per day from ${first.day} to ${now.day}. Now: ${countsText(now)}.${then}`;
}

/** A sparkline's label: the open blockers now and a week ago (or at the start). */
export function sparklineLabel(series: readonly BurndownPoint[]): string {
  const now = series.at(-1);
  if (!now) return "No history yet";
  const before = series.length > 7 ? series[series.length - 8]! : series[0]!;
  const since =
    before === now
      ? ""
      : ` (on ${before.day}: ${before.proposedBlockers} proposed, ${before.acceptedBlockers} accepted)`;
  return `Open blockers: ${now.proposedBlockers} proposed, ${now.acceptedBlockers} accepted${since}`;
}

import { SERIES_KEYS, SERIES_LABELS } from "~/domain/burndown-series";
import { RowHeader, Table, Td, Tr } from "./ui/table";
import {
  burndownDescription,
  chartGeometry,
  SERIES_STYLE,
  seriesNoun,
  sparklineLabel,
  type BurndownPoint,
} from "./burndown-view";

const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

/**
 * A milestone's burndown as SVG: open proposed / accepted blockers and FEs per day, each series with its
 * own colour and dash pattern (readable printed in black and white), its count at the end of its line,
 * whole-number gridlines and date ticks. `<title>` and `<desc>` say what it shows in words. Presentation
 * attributes only (no `style`), so it renders the same inline, standalone (`burndown.svg`) and in print.
 * `compact` lays it out for a phone's width: a narrower box whose text stays readable scaled to 350 px,
 * the end labels only the counts (the legend names the series).
 */
export function BurndownChart({
  series,
  title,
  id,
  standalone = false,
  compact = false,
  className,
}: {
  series: readonly BurndownPoint[];
  title: string;
  /** Prefix of the `<title>` / `<desc>` ids (unique in the page). */
  id: string;
  /** A document of its own: the SVG namespace and a fixed size. */
  standalone?: boolean;
  compact?: boolean;
  className?: string;
}) {
  const g = chartGeometry(
    series,
    compact
      ? { width: 380, height: 240, margin: { top: 12, right: 30, bottom: 30, left: 30 } }
      : { width: 760, height: 280, margin: { top: 14, right: 170, bottom: 30, left: 40 } },
  );
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${g.width} ${g.height}`}
      width={standalone ? g.width : undefined}
      height={standalone ? g.height : undefined}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      className={className}
      fontFamily={FONT}
    >
      <title id={titleId}>{title}</title>
      <desc id={descId}>{burndownDescription(series)}</desc>
      <rect x="0" y="0" width={g.width} height={g.height} fill="#ffffff" />
      <g fontSize="11" fill="#475569">
        {g.yTicks.map((t) => (
          <g key={`y${t.label}`}>
            <line x1={g.plot.left} x2={g.plot.right} y1={t.y} y2={t.y} stroke="#e2e8f0" strokeWidth="1" />
            <text x={g.plot.left - 6} y={t.y} dy="0.32em" textAnchor="end">
              {t.label}
            </text>
          </g>
        ))}
        <line x1={g.plot.left} x2={g.plot.right} y1={g.plot.bottom} y2={g.plot.bottom} stroke="#64748b" />
        {g.xTicks.map((t) => (
          <g key={`x${t.label}`}>
            <line x1={t.x} x2={t.x} y1={g.plot.bottom} y2={g.plot.bottom + 4} stroke="#64748b" />
            <text x={t.x} y={g.plot.bottom + 16} textAnchor="middle">
              {t.label}
            </text>
          </g>
        ))}
      </g>
      {g.lines.map((l) => (
        <path
          key={l.key}
          d={l.path}
          fill="none"
          stroke={SERIES_STYLE[l.key].color}
          strokeWidth="2.25"
          strokeDasharray={SERIES_STYLE[l.key].dash}
          strokeLinejoin="round"
        />
      ))}
      <g fontSize="12">
        {g.lines.map((l) => (
          <text key={l.key} x={l.end.x + 8} y={l.end.labelY} dy="0.32em" fill={SERIES_STYLE[l.key].color}>
            <tspan fontWeight="600">{l.end.value}</tspan>
            {compact ? null : ` ${seriesNoun(l.key, l.end.value)}`}
          </text>
        ))}
      </g>
    </svg>
  );
}

/** The legend of {@link BurndownChart}: a line sample per series. */
export function BurndownLegend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
      {SERIES_KEYS.map((k) => (
        <li key={k} className="flex items-center gap-1.5">
          <svg aria-hidden="true" width="28" height="8" viewBox="0 0 28 8">
            <line
              x1="0"
              x2="28"
              y1="4"
              y2="4"
              stroke={SERIES_STYLE[k].color}
              strokeWidth="2.25"
              strokeDasharray={SERIES_STYLE[k].dash}
            />
          </svg>
          {SERIES_LABELS[k]}
        </li>
      ))}
    </ul>
  );
}

/** The table of a burndown (its text alternative): the counts of each day, newest first. */
export function BurndownTable({ series, caption }: { series: readonly BurndownPoint[]; caption: string }) {
  return (
    <Table
      caption={caption}
      density="compact"
      className="text-xs tabular-nums"
      columns={[
        "Day",
        ...SERIES_KEYS.map((k) => ({ label: SERIES_LABELS[k], key: k, className: "text-right" })),
      ]}
      rows={[...series].reverse()}
      row={(p) => (
        <Tr key={p.day}>
          <RowHeader className="font-mono">{p.day}</RowHeader>
          {SERIES_KEYS.map((k) => (
            <Td key={k} className="text-right">
              {p[k]}
            </Td>
          ))}
        </Tr>
      )}
    />
  );
}

/** A small line of the open proposed and accepted blockers (home page), labelled in words. */
export function BurndownSparkline({ series }: { series: readonly BurndownPoint[] }) {
  const g = chartGeometry(series, {
    width: 120,
    height: 30,
    margin: { top: 3, right: 3, bottom: 3, left: 3 },
  });
  const label = sparklineLabel(series);
  return (
    <svg
      viewBox={`0 0 ${g.width} ${g.height}`}
      width={g.width}
      height={g.height}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <line x1="0" x2={g.width} y1={g.plot.bottom} y2={g.plot.bottom} stroke="#e2e8f0" />
      {g.lines
        .filter((l) => l.key === "proposedBlockers" || l.key === "acceptedBlockers")
        .map((l) => (
          <path
            key={l.key}
            d={l.path}
            fill="none"
            stroke={SERIES_STYLE[l.key].color}
            strokeWidth="1.75"
            strokeDasharray={SERIES_STYLE[l.key].dash === undefined ? undefined : "4 2"}
          />
        ))}
    </svg>
  );
}

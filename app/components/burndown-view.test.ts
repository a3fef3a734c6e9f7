import { describe, expect, it } from "vitest";
import {
  burndownDescription,
  burndownPoints,
  chartGeometry,
  seriesNoun,
  sparklineLabel,
  type BurndownPoint,
} from "./burndown-view";

const point = (day: string, n: [number, number, number, number]): BurndownPoint => ({
  day,
  proposedBlockers: n[0],
  acceptedBlockers: n[1],
  proposedFEs: n[2],
  acceptedFEs: n[3],
  conflicts: 0,
});
const days = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    point(new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10), [i, 10 - i, 2, 1]),
  );
const box = { width: 400, height: 200, margin: { top: 10, right: 50, bottom: 20, left: 30 } };

describe("chartGeometry", () => {
  it("spans the plot box: the first day at the left, the last at the right, 0 at the bottom", () => {
    const g = chartGeometry(days(10), box);
    expect(g.plot).toEqual({ left: 30, top: 10, right: 350, bottom: 180 });
    expect(g.lines.map((l) => l.key)).toEqual([
      "proposedBlockers",
      "acceptedBlockers",
      "proposedFEs",
      "acceptedFEs",
    ]);
    const proposed = g.lines[0]!;
    expect(proposed.path.startsWith("M30,180")).toBe(true);
    expect(proposed.end).toMatchObject({ x: 350, value: 9 });
    expect(g.lines[1]!.end.value).toBe(1);
  });

  it("has whole-number y ticks from 0 and date x ticks", () => {
    const g = chartGeometry(days(10), box);
    expect(g.yTicks.map((t) => t.label)).toEqual(["0", "2", "4", "6", "8", "10"]);
    expect(g.yTicks[0]!.y).toBe(180);
    expect(g.xTicks.length).toBeGreaterThanOrEqual(2);
    expect(g.xTicks[0]!.label).toBe("1 Nov");
  });

  it("keeps end labels apart when series end at the same count", () => {
    const g = chartGeometry([point("2026-11-01", [3, 3, 3, 3])], box);
    const ys = g.lines.map((l) => l.end.labelY).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(13);
  });

  it("draws a quiet milestone on a 0–4 scale and an empty series without failing", () => {
    expect(chartGeometry([point("2026-11-01", [0, 0, 0, 0])], box).yTicks.at(-1)!.label).toBe("4");
    expect(chartGeometry([], box).lines.every((l) => l.path === "")).toBe(true);
  });
});

describe("text alternatives", () => {
  it("describe the span, now and a week ago", () => {
    expect(burndownDescription(days(10))).toBe(
      "Open bugs per day from 2026-11-01 to 2026-11-10. Now: 9 proposed blockers, 1 accepted blocker, 2 proposed FEs, 1 accepted FE. " +
        "On 2026-11-03: 2 proposed blockers, 8 accepted blockers, 2 proposed FEs, 1 accepted FE.",
    );
    expect(burndownDescription([])).toBe("No bugs recorded yet.");
    expect(sparklineLabel(days(3))).toBe(
      "Open blockers: 2 proposed, 8 accepted (on 2026-11-01: 0 proposed, 10 accepted)",
    );
    expect(sparklineLabel([])).toBe("No history yet");
  });
});

describe("seriesNoun", () => {
  it("names a series' count as the description does: FEs, and one of a kind in the singular", () => {
    expect(seriesNoun("proposedFEs", 3)).toBe("proposed FEs");
    expect(seriesNoun("acceptedFEs", 0)).toBe("accepted FEs");
    expect(seriesNoun("acceptedBlockers", 1)).toBe("accepted blocker");
  });
});

describe("burndownPoints", () => {
  it("leaves out when the counts were taken: the same counts are the same loader data at any time", () => {
    const p = point("2026-11-01", [1, 2, 3, 4]);
    expect(burndownPoints([{ ...p, at: new Date() }])).toEqual([p]);
    expect(burndownPoints([{ ...p, at: new Date(0) }])).toEqual(burndownPoints([{ ...p, at: new Date() }]));
  });
});

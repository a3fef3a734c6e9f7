import { describe, expect, it } from "vitest";
import { burndownSeries, sectionCountsAt, seriesStart, utcDay, type BugHistory } from "./burndown-series";
import type { RecordedEvent } from "./state-at";

const t = (day: number, hour = 12) => new Date(Date.UTC(2026, 10, day, hour));
let id = 1;
const ev = (field: string, oldValue: string | null, newValue: string | null, at: Date): RecordedEvent => ({
  id: id++,
  field,
  oldValue,
  newValue,
  at,
});

// 1: proposed blocker on the 2nd, accepted on the 4th, closed on the 6th.
// 2: proposed as blocker and FE on the 3rd; FE accepted on the 5th.
// 3: proposed FE on the 4th, conflict on the 5th.
// 4: proposed blocker on the 3rd, dropped from the milestone on the 5th.
/** A bug that entered the milestone proposed as `kind` on `day` (recorded as such), then `later` events. */
const proposedBug = (
  bugId: number,
  kind: "blocker" | "fe",
  day: number,
  later: RecordedEvent[],
  proposals: BugHistory["proposals"] = [{ kind, proposedAt: t(day) }],
): BugHistory => ({
  bugId,
  events: [ev("active", null, "true", t(day)), ev(kind, null, "proposed", t(day)), ...later],
  proposals,
});

const bugs: BugHistory[] = [
  proposedBug(1, "blocker", 2, [
    ev("blocker", "proposed", "accepted", t(4)),
    ev("status", "NEW", "CLOSED", t(6)),
  ]),
  // First seen on the 5th: history-dated first-sighting events.
  proposedBug(
    2,
    "blocker",
    3,
    [ev("fe", null, "accepted", t(5))],
    [
      { kind: "blocker", proposedAt: t(3) },
      { kind: "fe", proposedAt: t(3) },
    ],
  ),
  proposedBug(3, "fe", 4, [ev("fe", "proposed", "conflict", t(5))]),
  proposedBug(
    4,
    "blocker",
    3,
    [ev("active", "true", "false", t(5)), ev("blocker", "proposed", null, t(5))],
    [],
  ),
];

describe("sectionCountsAt", () => {
  it("counts open, active bugs per section as the bug list groups them", () => {
    expect(sectionCountsAt(bugs, t(3, 23))).toEqual({
      proposedBlockers: 3,
      acceptedBlockers: 0,
      proposedFEs: 1,
      acceptedFEs: 0,
      conflicts: 0,
    });
    expect(sectionCountsAt(bugs, t(5, 23))).toEqual({
      proposedBlockers: 1,
      acceptedBlockers: 1,
      proposedFEs: 0,
      acceptedFEs: 1,
      conflicts: 1,
    });
    // Bug 1 is closed: no longer counted.
    expect(sectionCountsAt(bugs, t(6, 23)).acceptedBlockers).toBe(0);
  });
});

describe("burndownSeries", () => {
  it("has one point per UTC day from the start's day to today, today's taken now", () => {
    const now = t(7, 9);
    const series = burndownSeries(bugs, { start: t(1, 15), now });
    expect(series.map((p) => p.day)).toEqual([
      "2026-11-01",
      "2026-11-02",
      "2026-11-03",
      "2026-11-04",
      "2026-11-05",
      "2026-11-06",
      "2026-11-07",
    ]);
    expect(series[0]!.at.toISOString()).toBe("2026-11-01T23:59:59.999Z");
    expect(series.at(-1)!.at).toEqual(now);
    expect(series.map((p) => p.proposedBlockers)).toEqual([0, 1, 3, 2, 1, 1, 1]);
    expect(series.map((p) => p.acceptedBlockers)).toEqual([0, 0, 0, 1, 1, 0, 0]);
    expect(series.map((p) => p.proposedFEs)).toEqual([0, 0, 1, 2, 0, 0, 0]);
    expect(series.map((p) => p.acceptedFEs)).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });

  it("gives each day what sectionCountsAt gives at its end, on a long random history", () => {
    // A small deterministic generator (mulberry32): many bugs, changes on random days and hours.
    let seed = 42;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const at = () => new Date(Date.UTC(2026, 9, 1) + Math.floor(random() * 60 * 86_400_000));
    const many: BugHistory[] = Array.from({ length: 120 }, (_, i) => {
      const events = Array.from({ length: 1 + Math.floor(random() * 6) }, () => {
        const field = pick(["active", "blocker", "fe", "status"]);
        const values: Record<string, (string | null)[]> = {
          active: ["true", "false"],
          blocker: [null, "proposed", "accepted", "rejected", "conflict"],
          fe: [null, "proposed", "accepted", "rejected"],
          status: ["NEW", "ASSIGNED", "ON_QA", "CLOSED"],
        };
        return ev(field, pick(values[field]!), pick(values[field]!), at());
      });
      const proposals = random() < 0.5 ? [{ kind: pick(["blocker", "fe"] as const), proposedAt: at() }] : [];
      return { bugId: i, events, proposals };
    });
    const now = new Date(Date.UTC(2026, 10, 29, 15));
    const series = burndownSeries(many, { start: new Date(Date.UTC(2026, 9, 1)), now });
    expect(series).toHaveLength(60);
    expect(series.some((p) => p.acceptedBlockers > 0 && p.proposedFEs > 0)).toBe(true);
    for (const point of series)
      expect(point, point.day).toEqual({ ...point, ...sectionCountsAt(many, point.at) });
  });

  it("a start after now gives today alone", () => {
    expect(burndownSeries(bugs, { start: t(9), now: t(7) }).map((p) => p.day)).toEqual(["2026-11-07"]);
  });
});

describe("seriesStart", () => {
  it("is the milestone's creation, or an earlier event or proposal", () => {
    expect(seriesStart(t(10), bugs)).toEqual(t(2));
    expect(seriesStart(t(1), bugs)).toEqual(t(1));
    expect(
      seriesStart(t(10), [{ bugId: 9, events: [], proposals: [{ kind: "fe", proposedAt: t(1, 3) }] }]),
    ).toEqual(t(1, 3));
  });
});

describe("utcDay", () => {
  it("is the UTC date", () => {
    expect(utcDay(new Date("2026-11-30T23:59:59.999Z"))).toBe("2026-11-30");
    expect(utcDay(new Date("2026-12-01T00:00:00Z"))).toBe("2026-12-01");
  });
});

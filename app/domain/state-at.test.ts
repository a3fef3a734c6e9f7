import { describe, expect, it } from "vitest";
import { chronological, stateAt, type RecordedEvent } from "./state-at";

const t = (day: number, hour = 12) => new Date(Date.UTC(2026, 9, day, hour));
let nextId = 1;
const ev = (
  field: string,
  oldValue: string | null,
  newValue: string | null,
  at: Date,
  id = nextId++,
): RecordedEvent => ({
  id,
  field,
  oldValue,
  newValue,
  at,
});

describe("stateAt", () => {
  // Seen first on the 25th: proposed on the 3rd (history), accepted on the 21st, MODIFIED on the 22nd.
  const firstSighting = [
    ev("active", null, "true", t(3)),
    ev("blocker", null, "accepted", t(21)),
    ev("status", null, "MODIFIED", t(22)),
  ];
  const proposals = [{ kind: "blocker" as const, proposedAt: t(3) }];

  it.each([
    ["is nothing before the bug was proposed", 2, { active: false, blocker: null, fe: null, status: "" }],
    [
      "is proposed between the proposal and a first recorded decision",
      10,
      { active: true, blocker: "proposed", fe: null, status: "" },
    ],
    [
      "has every event applied after the last one",
      30,
      { active: true, blocker: "accepted", fe: null, status: "MODIFIED" },
    ],
  ])("%s (day %i)", (_name, day, want) => {
    expect(stateAt(firstSighting, proposals, t(day))).toEqual(want);
  });

  it("without a known proposal time the first decision is all that is known", () => {
    expect(stateAt(firstSighting, [{ kind: "blocker", proposedAt: null }], t(10)).blocker).toBeNull();
  });

  it("follows each event from its time on, the event's own moment included", () => {
    expect(stateAt(firstSighting, proposals, t(21))).toMatchObject({ blocker: "accepted", status: "" });
    expect(stateAt(firstSighting, proposals, t(22))).toMatchObject({
      blocker: "accepted",
      status: "MODIFIED",
    });
  });

  it("replays later changes in time order, whatever order they were recorded in", () => {
    const events = [
      ...firstSighting,
      // Recorded by a later sync (higher ids) but with Bugzilla's earlier times first.
      ev("status", "MODIFIED", "CLOSED", t(28), 50),
      ev("blocker", "accepted", null, t(27), 51),
      ev("active", "true", "false", t(27), 52),
      ev("status", "CLOSED", "ASSIGNED", t(29), 40),
    ];
    expect(stateAt(events, proposals, t(26))).toMatchObject({ active: true, blocker: "accepted" });
    expect(stateAt(events, proposals, t(28))).toEqual({
      active: false,
      blocker: null,
      fe: null,
      status: "CLOSED",
    });
    expect(stateAt(events, proposals, t(29)).status).toBe("ASSIGNED");
  });

  it("a proposal's first event of proposed needs no help", () => {
    const events = [
      ev("active", null, "true", t(5)),
      ev("fe", null, "proposed", t(5)),
      ev("fe", "proposed", "rejected", t(8)),
    ];
    expect(stateAt(events, [{ kind: "fe", proposedAt: t(5) }], t(6)).fe).toBe("proposed");
    expect(stateAt(events, [{ kind: "fe", proposedAt: t(5) }], t(9)).fe).toBe("rejected");
  });
});

describe("chronological", () => {
  it("orders by time, then by id", () => {
    const a = ev("status", null, "NEW", t(2), 9);
    const b = ev("status", null, "NEW", t(1), 10);
    const c = ev("status", null, "NEW", t(2), 3);
    expect(chronological([a, b, c])).toEqual([b, c, a]);
  });
});

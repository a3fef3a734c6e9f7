import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  NEEDINFO_ANYONE,
  formatBugzillaDate,
  isPrioritized,
  needinfoRequestees,
  normaliseStringList,
  parseBugzillaDate,
  type BugFlag,
} from "./bug-fields.js";

describe("normaliseStringList (BZ-01, BZ-02)", () => {
  it('"anaconda" → ["anaconda"]', () => {
    expect(normaliseStringList("anaconda")).toEqual(["anaconda"]);
  });
  it('["anaconda"] → ["anaconda"] (same as the string form)', () => {
    expect(normaliseStringList(["anaconda"])).toEqual(normaliseStringList("anaconda"));
  });
  it("keeps every element and order of an array", () => {
    expect(normaliseStringList(["a", "b"])).toEqual(["a", "b"]);
  });
  it("[] → []", () => {
    expect(normaliseStringList([])).toEqual([]);
  });
  it('"" → []', () => {
    expect(normaliseStringList("")).toEqual([]);
  });
  it("null and undefined → []", () => {
    expect(normaliseStringList(null)).toEqual([]);
    expect(normaliseStringList(undefined)).toEqual([]);
  });
  it('drops empty-string elements ([""] → [])', () => {
    expect(normaliseStringList(["", "x", ""])).toEqual(["x"]);
  });
  it("returns a new array, not the input", () => {
    const input = ["a"];
    const out = normaliseStringList(input);
    expect(out).not.toBe(input);
  });
});

const ni = (requestee?: string | null, status = "?"): BugFlag => ({
  name: "needinfo",
  status,
  setter: "tester1@example.com",
  ...(requestee === undefined ? {} : { requestee }),
});

describe("needinfoRequestees", () => {
  it("null / undefined flags (not fetched, BZ-06) → null, i.e. unknown", () => {
    expect(needinfoRequestees(null)).toBeNull();
    expect(needinfoRequestees(undefined)).toBeNull();
  });
  it("no flags → [] (known: no needinfo)", () => {
    expect(needinfoRequestees([])).toEqual([]);
  });
  it("one open needinfo → its requestee", () => {
    expect(needinfoRequestees([ni("maint-a@example.com")])).toEqual(["maint-a@example.com"]);
  });
  it("keeps every requestee, in order", () => {
    expect(needinfoRequestees([ni("b@example.com"), ni("a@example.com")])).toEqual([
      "b@example.com",
      "a@example.com",
    ]);
  });
  it("dedupes requestees, keeping first-occurrence order", () => {
    expect(needinfoRequestees([ni("b"), ni("a"), ni("b")])).toEqual(["b", "a"]);
  });
  it('needinfo without requestee → "anyone"', () => {
    expect(NEEDINFO_ANYONE).toBe("anyone");
    expect(needinfoRequestees([ni()])).toEqual(["anyone"]);
    expect(needinfoRequestees([ni(null)])).toEqual(["anyone"]);
    expect(needinfoRequestees([ni("")])).toEqual(["anyone"]);
    expect(needinfoRequestees([ni(null), ni("x"), ni()])).toEqual(["anyone", "x"]);
  });
  it("ignores needinfo flags not in status ?", () => {
    expect(needinfoRequestees([ni("a", "+"), ni("b", "-"), ni("c")])).toEqual(["c"]);
  });
  it("ignores other flags", () => {
    expect(
      needinfoRequestees([
        { name: "fedora_prioritized_bug", status: "+" },
        { name: "requires_doc_text", status: "?", requestee: "x" },
      ]),
    ).toEqual([]);
  });
  it("keeps logins without an e-mail domain (BZ-28)", () => {
    expect(needinfoRequestees([ni("maint1")])).toEqual(["maint1"]);
  });
});

describe("isPrioritized", () => {
  const prio: BugFlag = { name: "fedora_prioritized_bug", status: "+" };
  it("open bug with fedora_prioritized_bug+ → true", () => {
    expect(isPrioritized([prio], "NEW")).toBe(true);
    expect(isPrioritized([ni("a"), prio], "VERIFIED")).toBe(true);
  });
  it("closed bug with the flag → false", () => {
    expect(isPrioritized([prio], "CLOSED")).toBe(false);
    expect(isPrioritized([prio], "closed")).toBe(false);
  });
  it("flag not + → false", () => {
    expect(isPrioritized([{ name: "fedora_prioritized_bug", status: "?" }], "NEW")).toBe(false);
    expect(isPrioritized([{ name: "fedora_prioritized_bug", status: "-" }], "NEW")).toBe(false);
  });
  it("no flag → false", () => {
    expect(isPrioritized([], "NEW")).toBe(false);
    expect(isPrioritized([{ name: "other", status: "+" }], "NEW")).toBe(false);
  });
  it("unknown flags (null/undefined) → false", () => {
    expect(isPrioritized(null, "NEW")).toBe(false);
    expect(isPrioritized(undefined, "NEW")).toBe(false);
  });
});

describe("parseBugzillaDate (BZ-22)", () => {
  const instant = "2024-09-12T08:15:42.000Z";
  it("REST form with Z", () => {
    expect(parseBugzillaDate("2024-09-12T08:15:42Z").toISOString()).toBe(instant);
  });
  it("extended form without zone is UTC, not local time", () => {
    expect(parseBugzillaDate("2024-09-12T08:15:42").toISOString()).toBe(instant);
  });
  it("XML-RPC basic form is UTC", () => {
    expect(parseBugzillaDate("20240912T08:15:42").toISOString()).toBe(instant);
  });
  it("basic form with Z", () => {
    expect(parseBugzillaDate("20240912T08:15:42Z").toISOString()).toBe(instant);
  });
  it("all three forms give the same instant", () => {
    const ts = ["2024-09-12T08:15:42Z", "2024-09-12T08:15:42", "20240912T08:15:42"].map((v) =>
      parseBugzillaDate(v).getTime(),
    );
    expect(new Set(ts).size).toBe(1);
  });
  it("accepts a leap day", () => {
    expect(parseBugzillaDate("2024-02-29T23:59:59Z").toISOString()).toBe("2024-02-29T23:59:59.000Z");
  });
  it.each([
    "",
    "garbage",
    "2024-09-12",
    "2024-09-12 08:15:42",
    "2024-09-12T08:15",
    "2024-09-12T08:15:42.123Z",
    "2024-09-12T08:15:42+02:00",
    "2024-0912T08:15:42",
    "202409-12T08:15:42",
    " 2024-09-12T08:15:42Z",
    "2024-09-12T08:15:42Zjunk",
  ])("throws for malformed %j", (v) => {
    expect(() => parseBugzillaDate(v)).toThrow(Error);
    expect(() => parseBugzillaDate(v)).toThrow(/Invalid Bugzilla date/);
  });
  it.each([
    "2024-13-01T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "2024-02-31T00:00:00Z",
    "2024-09-12T24:00:00Z",
    "2024-09-12T08:60:00Z",
    "2024-09-12T08:15:60Z",
    "2024-00-10T00:00:00Z",
  ])("throws for out-of-range %j", (v) => {
    expect(() => parseBugzillaDate(v)).toThrow(/Invalid Bugzilla date .*out of range/);
  });
});

describe("formatBugzillaDate", () => {
  it("formats as YYYY-MM-DDTHH:MM:SSZ in UTC", () => {
    expect(formatBugzillaDate(new Date(Date.UTC(2024, 8, 12, 8, 15, 42)))).toBe("2024-09-12T08:15:42Z");
  });
  it("pads single digits", () => {
    expect(formatBugzillaDate(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe("2024-01-02T03:04:05Z");
  });
  it("drops milliseconds", () => {
    expect(formatBugzillaDate(new Date("2024-09-12T08:15:42.999Z"))).toBe("2024-09-12T08:15:42Z");
  });
  it("round-trips with parseBugzillaDate", () => {
    for (const v of ["2024-09-12T08:15:42Z", "2026-11-20T12:00:00Z", "1999-12-31T23:59:59Z"]) {
      expect(formatBugzillaDate(parseBugzillaDate(v))).toBe(v);
    }
    expect(formatBugzillaDate(parseBugzillaDate("20240912T08:15:42"))).toBe("2024-09-12T08:15:42Z");
  });
  it("throws for an invalid Date", () => {
    expect(() => formatBugzillaDate(new Date(Number.NaN))).toThrow(Error);
  });
});

// Demo data: hand-derived expectations for flags / dates of specific bugs.
interface DemoBug {
  id: number;
  status: string;
  component: string[] | string;
  alias: string[] | string;
  flags?: BugFlag[];
  last_change_time: string;
}
function loadBugs(): DemoBug[] {
  const e2e = new URL("../../e2e/fixtures/demo-upstream.json", import.meta.url);
  const path = fs.existsSync(e2e) ? e2e : "/work/shared/data/demo-upstream.json";
  return (JSON.parse(fs.readFileSync(path, "utf8")) as { bugzilla: { bugs: DemoBug[] } }).bugzilla.bugs;
}

describe("demo-upstream.json bug fields", () => {
  const bugs = loadBugs();
  const bug = (id: number): DemoBug => {
    const b = bugs.find((x) => x.id === id);
    if (b === undefined) throw new Error(`bug ${id} not in demo data`);
    return b;
  };

  it.each<[number, string[]]>([
    [2410158, []], // flags: []
    [2410362, ["maint-b@example.com"]], // two needinfos for the same requestee
    [2410530, ["maint-b@example.com", "maint-a@example.com"]],
    [2410839, ["maint-a@example.com", "tester3@example.com"]], // plus a fedora_prioritized_bug flag
    [2411842, ["maint-a@example.com", "releng2@example.com"]],
  ])("needinfo of bug %i", (id, expected) => {
    expect(needinfoRequestees(bug(id).flags)).toEqual(expected);
  });

  it.each<[number, boolean]>([
    [2411712, true], // NEW, fedora_prioritized_bug+
    [2410611, true], // ASSIGNED, fedora_prioritized_bug+
    [2410839, false], // CLOSED with fedora_prioritized_bug+
    [2410362, false], // only needinfo flags
  ])("prioritized bug %i → %s", (id, expected) => {
    const b = bug(id);
    expect(isPrioritized(b.flags, b.status)).toBe(expected);
  });

  it("component arrays normalise unchanged", () => {
    expect(normaliseStringList(bug(2410158).component)).toEqual(["openssh"]);
    expect(normaliseStringList(bug(2410158).alias)).toEqual([]);
  });

  it("last_change_time parses and round-trips", () => {
    expect(parseBugzillaDate(bug(2410101).last_change_time).toISOString()).toBe("2026-11-11T20:41:00.000Z");
    for (const b of bugs)
      expect(formatBugzillaDate(parseBugzillaDate(b.last_change_time))).toBe(b.last_change_time);
  });
});

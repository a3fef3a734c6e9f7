import { describe, expect, it } from "vitest";
import {
  breakableParts,
  bugzillaHost,
  buglistPath,
  milestonePath,
  formatOpenClosed,
  formatRelative,
  formatUtc,
  pageTitle,
  relativeTextChangesAt,
  sourceCheckoutCommand,
  timeView,
  webUrl,
} from "./format.js";
import { milestoneName } from "~/domain/milestone-name";
import { bugzillaBugUrl, formatStatus } from "~/domain/bug-fields";

const NOW = new Date("2026-11-20T12:00:00Z");
const before = (ms: number) => new Date(NOW.getTime() - ms);
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe("names and paths", () => {
  it("milestoneName capitalises the version", () => {
    expect(milestoneName(46, "beta")).toBe("Fedora 46 Beta");
    expect(milestoneName(41, "final")).toBe("Fedora 41 Final");
    expect(milestoneName(27, "alpha")).toBe("Fedora 27 Alpha");
  });

  it("milestonePath", () => {
    expect(milestonePath(46, "beta", "requests")).toBe("/milestone/46/beta/requests");
    expect(milestonePath(46, "final", "irc")).toBe("/milestone/46/final/irc");
  });

  it("buglistPath", () => {
    expect(buglistPath(46, "beta")).toBe("/milestone/46/beta/buglist");
  });

  it("bugzillaBugUrl drops trailing slashes", () => {
    expect(bugzillaBugUrl("https://bugzilla.redhat.com", 123)).toBe(
      "https://bugzilla.redhat.com/show_bug.cgi?id=123",
    );
    expect(bugzillaBugUrl("http://bz.test/", 5)).toBe("http://bz.test/show_bug.cgi?id=5");
  });

  it("pageTitle", () => {
    expect(pageTitle("About")).toBe("About — Fedora Blocker Bugs");
  });
});

describe("formatUtc", () => {
  it("formats to the minute in UTC", () => {
    expect(formatUtc(new Date("2026-11-20T12:05:59.999Z"))).toBe("2026-11-20 12:05 UTC");
    expect(formatUtc("2026-01-02T03:04:00+02:00")).toBe("2026-01-02 01:04 UTC");
  });

  it("returns empty text for invalid input", () => {
    expect(formatUtc("nope")).toBe("");
  });
});

describe("formatRelative", () => {
  it.each([
    [0, "just now"],
    [59 * S, "just now"],
    [60 * S, "1 minute ago"],
    [119 * S, "1 minute ago"],
    [5 * M, "5 minutes ago"],
    [59 * M, "59 minutes ago"],
    [60 * M, "1 hour ago"],
    [119 * M, "1 hour ago"],
    [3 * H, "3 hours ago"],
    [23 * H, "23 hours ago"],
    [D, "1 day ago"],
    [29 * D, "29 days ago"],
    [30 * D, "1 month ago"],
    [200 * D, "6 months ago"],
    [365 * D, "1 year ago"],
    [800 * D, "2 years ago"],
  ])("%d ms before now → %s", (ms, text) => {
    expect(formatRelative(before(ms), NOW)).toBe(text);
  });

  it("describes future times (clock skew)", () => {
    expect(formatRelative(before(-5 * M), NOW)).toBe("in 5 minutes");
    expect(formatRelative(before(-30 * S), NOW)).toBe("just now");
  });

  it("accepts ISO strings and rejects invalid ones", () => {
    expect(formatRelative("2026-11-20T09:00:00Z", "2026-11-20T12:00:00Z")).toBe("3 hours ago");
    expect(formatRelative("garbage", NOW)).toBe("");
  });
});

describe("timeView", () => {
  it("builds iso, utc and relative text", () => {
    expect(timeView(before(3 * H), NOW)).toEqual({
      iso: "2026-11-20T09:00:00.000Z",
      utc: "2026-11-20 09:00 UTC",
      relative: "3 hours ago",
    });
  });

  it("is null for missing or invalid times", () => {
    expect(timeView(null, NOW)).toBeNull();
    expect(timeView(undefined, NOW)).toBeNull();
    expect(timeView("x", NOW)).toBeNull();
  });
});

describe("formatStatus / formatOpenClosed", () => {
  it("joins status and resolution", () => {
    expect(formatStatus("CLOSED", "ERRATA")).toBe("CLOSED ERRATA");
    expect(formatStatus("NEW", "")).toBe("NEW");
    expect(formatStatus("NEW", "  ")).toBe("NEW");
  });

  it("shows closed bugs apart", () => {
    expect(formatOpenClosed(5, 2)).toBe("5 (+2 closed)");
    expect(formatOpenClosed(5, 0)).toBe("5");
    expect(formatOpenClosed(0, 3)).toBe("0 (+3 closed)");
    expect(formatOpenClosed(0, 0)).toBe("0");
  });
});

describe("bugzillaHost", () => {
  it("names the configured Bugzilla by its host (and port)", () => {
    expect(bugzillaHost("https://bugzilla.redhat.com")).toBe("bugzilla.redhat.com");
    expect(bugzillaHost("https://bugzilla.redhat.com/")).toBe("bugzilla.redhat.com");
    expect(bugzillaHost("http://127.0.0.1:8123/bugzilla")).toBe("127.0.0.1:8123");
  });

  it("falls back to the text when it is not a URL", () => {
    expect(bugzillaHost(" bugzilla ")).toBe("bugzilla");
  });
});

describe("sourceCheckoutCommand", () => {
  it("runs the blockerbugs command through npm in a source checkout", () => {
    expect(sourceCheckoutCommand("blockerbugs add_release 41")).toBe("npm run cli -- add_release 41");
    expect(sourceCheckoutCommand("blockerbugs sync")).toBe("npm run cli -- sync");
    expect(sourceCheckoutCommand("blockerbugs add_milestone … --current")).toBe(
      "npm run cli -- add_milestone … --current",
    );
  });

  it("converts every line and leaves other text alone", () => {
    expect(sourceCheckoutCommand("blockerbugs add_release 41\nblockerbugs sync")).toBe(
      "npm run cli -- add_release 41\nnpm run cli -- sync",
    );
    expect(sourceCheckoutCommand("blockerbugsx sync")).toBe("blockerbugsx sync");
    expect(sourceCheckoutCommand("echo blockerbugs")).toBe("echo blockerbugs");
  });
});

describe("breakableParts", () => {
  it("splits after URL separators, not inside //", () => {
    expect(breakableParts("GET /a/b?x=1&y=2,3")).toEqual(["GET /", "a/", "b?", "x=", "1&", "y=", "2,", "3"]);
    expect(breakableParts("https://h/p")).toEqual(["https://", "h/", "p"]);
  });

  it("gives the text back when joined, for a long sync error", () => {
    const error =
      "bugzilla: GET /rest/bug?f1=blocked&o1=anywords&v1=2390101,2390102&include_fields=id,alias,summary," +
      "component,status,resolution,whiteboard,keywords,flags,depends_on,blocks,last_change_time" +
      "&limit=500&offset=0: no answer within 30000 ms";
    const parts = breakableParts(error);
    expect(parts.join("")).toBe(error);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(40);
  });

  it("keeps text without separators whole", () => {
    expect(breakableParts("")).toEqual([""]);
    expect(breakableParts("plain words")).toEqual(["plain words"]);
  });
});

describe("webUrl", () => {
  it("keeps absolute http(s) links", () => {
    expect(webUrl("https://bodhi.fedoraproject.org/updates/FEDORA-2026-1")).toBe(
      "https://bodhi.fedoraproject.org/updates/FEDORA-2026-1",
    );
    expect(webUrl("http://127.0.0.1:4301/pagure/x/issue/1")).toBe("http://127.0.0.1:4301/pagure/x/issue/1");
  });

  it("drops links that would run script or are not URLs", () => {
    for (const bad of [
      "javascript:alert(1)//",
      " JavaScript:alert(1)",
      "data:text/html,<b>x</b>",
      "/relative",
      "",
      null,
      undefined,
    ])
      expect(webUrl(bad)).toBeNull();
  });
});

describe("relativeTextChangesAt", () => {
  it.each([
    [0, 60 * S],
    [30 * S, 60 * S],
    [60 * S, 2 * M],
    [5 * M + 10 * S, 6 * M],
    [59 * M, 60 * M],
    [3 * H + 59 * M, 4 * H],
    [23 * H, 24 * H],
    [2 * D + H, 3 * D],
    [29 * D, 30 * D],
    [45 * D, 60 * D],
    [361 * D, 365 * D],
    [800 * D, 1095 * D],
  ])("%d ms old → the text changes %d ms after the time", (age, change) => {
    expect(relativeTextChangesAt(before(age), NOW)).toBe(before(age).getTime() + change);
  });

  it("keeps the text until then, on random times past and future", () => {
    // Seeded: the same ages every run.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 0.5;
    for (let i = 0; i < 2000; i++) {
      const age = Math.round(random() * (i % 3 === 0 ? 2 * H : i % 3 === 1 ? 40 * D : 900 * D));
      const then = before(age);
      const change = relativeTextChangesAt(then, NOW)!;
      expect(change, `age ${age}`).toBeGreaterThan(NOW.getTime());
      const text = formatRelative(then, NOW);
      expect(formatRelative(then, new Date(change - 1)), `age ${age}`).toBe(text);
      // Changes there, unless it stops at a unit's edge where both units read alike ("1 year").
      if (formatRelative(then, new Date(change)) === text) expect(text, `age ${age}`).toMatch(/year/);
    }
  });

  it("is null for invalid times", () => {
    expect(relativeTextChangesAt("garbage", NOW)).toBeNull();
  });
});

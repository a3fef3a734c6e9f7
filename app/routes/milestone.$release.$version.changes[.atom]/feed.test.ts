import { describe, expect, it } from "vitest";
import { xml2js, type Element } from "xml-js";
import type { MilestoneChange } from "~/domain/milestone-changes";
import { changesAtom, escapeHtml, feedEntryId } from "./feed";

const change = (
  id: string,
  bugId: number,
  at: string,
  text: string,
  who: string | null,
): MilestoneChange => ({
  id,
  at: new Date(at),
  bugId,
  kind: "proposed",
  review: "blocker",
  who,
  text,
  update: null,
});
const changes = [
  change("event-12", 2410101, "2026-12-05T14:05:00Z", "Accepted as a blocker", "qa-lead@example.com"),
  change("proposal-2410130-blocker-1", 2410130, "2026-12-04T09:00:00Z", "Proposed as a blocker", null),
];
const bugs = new Map([
  [2410101, { summary: "Installer crashes on <b>LUKS</b> & RAID", component: "anaconda" }],
  [2410130, { summary: "GNOME Shell freezes", component: "gnome-shell" }],
]);
const opts = {
  milestoneName: "Fedora 46 Beta",
  release: 46,
  version: "beta",
  siteUrl: "https://example.org/blockerbugs",
  pageUrl: "https://example.org/blockerbugs/milestone/46/beta/changes",
  selfUrl: "https://example.org/blockerbugs/milestone/46/beta/changes.atom",
  windowText: "in the last 30 days",
  now: new Date("2026-12-06T21:30:00Z"),
};

/** The feed element of an Atom document, parsed. */
function parse(xml: string): Element {
  const doc = xml2js(xml, { compact: false }) as Element;
  return doc.elements!.find((e) => e.name === "feed")!;
}
const child = (e: Element, name: string) => e.elements?.find((c) => c.name === name);
const children = (e: Element, name: string) => e.elements?.filter((c) => c.name === name) ?? [];
const text = (e: Element | undefined) => e?.elements?.map((c) => c.text ?? c.cdata ?? "").join("") ?? "";

describe("changesAtom", () => {
  const feed = parse(changesAtom(changes, bugs, opts));

  it("is an Atom 1.0 feed with an id, a title, updated, an author and its links", () => {
    expect(feed.attributes?.xmlns).toBe("http://www.w3.org/2005/Atom");
    expect(text(child(feed, "id"))).toBe(feedEntryId(46, "beta"));
    expect(text(child(feed, "id"))).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(text(child(feed, "title"))).toBe("Changes of Fedora 46 Beta — Fedora Blocker Bugs");
    expect(text(child(feed, "updated"))).toBe("2026-12-05T14:05:00.000Z");
    expect(text(child(child(feed, "author")!, "name"))).toBe("Fedora Blocker Bugs");
    expect(children(feed, "link").map((l) => [l.attributes?.rel, l.attributes?.href])).toEqual([
      ["alternate", opts.pageUrl],
      ["self", opts.selfUrl],
    ]);
  });

  it("has one entry per change: stable id, the change's time as updated, the bug page as link", () => {
    const entries = children(feed, "entry");
    expect(entries).toHaveLength(2);
    const [first] = entries;
    expect(text(child(first!, "id"))).toBe(feedEntryId(46, "beta", "event-12"));
    expect(text(child(first!, "updated"))).toBe("2026-12-05T14:05:00.000Z");
    expect(child(first!, "link")?.attributes?.href).toBe("https://example.org/blockerbugs/bug/2410101");
    expect(text(child(first!, "title"))).toBe("2410101: Accepted as a blocker");
    expect(text(child(first!, "summary"))).toBe(
      "Accepted as a blocker — qa-lead. Bug 2410101: Installer crashes on &lt;b&gt;LUKS&lt;/b&gt; &amp; RAID (anaconda).",
    );
    expect(text(child(child(first!, "author")!, "name"))).toBe("qa-lead");
    expect(child(entries[1]!, "author")).toBeUndefined();
  });

  it("entry ids do not depend on the window or the order: the same change keeps its id", () => {
    const again = parse(changesAtom([changes[1]!], bugs, { ...opts, windowText: "since the meeting" }));
    expect(text(child(children(again, "entry")[0]!, "id"))).toBe(
      feedEntryId(46, "beta", "proposal-2410130-blocker-1"),
    );
    expect(feedEntryId(46, "beta", "event-12")).not.toBe(feedEntryId(46, "final", "event-12"));
  });

  it("an empty feed is updated now", () => {
    expect(text(child(parse(changesAtom([], bugs, opts)), "updated"))).toBe("2026-12-06T21:30:00.000Z");
  });
});

describe("escapeHtml", () => {
  it("escapes markup characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

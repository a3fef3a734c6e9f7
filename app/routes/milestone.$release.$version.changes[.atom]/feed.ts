/**
 * The Atom feed of a milestone's changes (`feed`): one entry per change, its id stable across requests
 * and windows (a UUID named after the milestone and the change's own id), `updated` the change's time.
 */
import { Feed } from "feed";
import { v5 as uuidv5 } from "uuid";
import { shortNames } from "~/components/format";
import type { MilestoneChange } from "~/domain/milestone-changes";

/** Namespace of the feed's entry and feed ids (a fixed UUID of Blockerbugs; never change it). */
const ID_NAMESPACE = "6d1b3f0e-3a57-4d0c-9a0b-6c2f4e8e1b46";

/** What an entry shows of its bug. */
export interface FeedBug {
  summary: string;
  component: string;
}

/** `&`, `<`, `>` and quotes as entities: entry titles and summaries are `type="html"`. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/** The stable `urn:uuid:` id of a milestone's change (or, with no change id, of the feed itself). */
export function feedEntryId(release: number, version: string, changeId?: string): string {
  return `urn:uuid:${uuidv5(`blockerbugs/milestone/${release}/${version}/changes${changeId ? `/${changeId}` : ""}`, ID_NAMESPACE)}`;
}

/**
 * The feed as Atom 1.0 XML. `siteUrl` is the absolute URL of the site root (with `BASE_PATH`, no
 * trailing slash): entries link to the bug pages, the feed to the changes page and to itself.
 * The feed's `updated` is its newest entry's time, or `now` when it has none.
 */
export function changesAtom(
  changes: readonly MilestoneChange[],
  bugs: ReadonlyMap<number, FeedBug>,
  opts: {
    milestoneName: string;
    release: number;
    version: string;
    siteUrl: string;
    pageUrl: string;
    selfUrl: string;
    windowText: string;
    now: Date;
  },
): string {
  const feed = new Feed({
    id: feedEntryId(opts.release, opts.version),
    title: `Changes of ${opts.milestoneName} — Fedora Blocker Bugs`,
    description: `Blocker and freeze-exception changes of ${opts.milestoneName} ${opts.windowText}`,
    link: opts.pageUrl,
    feedLinks: { atom: opts.selfUrl },
    updated: changes[0]?.at ?? opts.now,
    author: { name: "Fedora Blocker Bugs", link: opts.siteUrl },
    generator: "Blockerbugs",
    language: "en",
  });
  for (const c of changes) {
    const bug = bugs.get(c.bugId);
    const by = shortNames(c.who);
    const who = by ? ` — ${by}` : "";
    const about = bug ? `${bug.summary}${bug.component ? ` (${bug.component})` : ""}` : "";
    feed.addItem({
      id: feedEntryId(opts.release, opts.version, c.id),
      title: escapeHtml(`${c.bugId}: ${c.text}`),
      link: `${opts.siteUrl}/bug/${c.bugId}`,
      date: c.at,
      description: escapeHtml(`${c.text}${who}. Bug ${c.bugId}${about ? `: ${about}` : ""}.`),
      ...(by ? { author: [{ name: by }] } : {}),
    });
  }
  return feed.atom1();
}

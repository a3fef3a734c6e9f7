/**
 * Numbers in words, one style for the command line, the demo and the pages: `1 milestone`, `2 bugs read`,
 * never `milestone(s)` or a counter's identifier (`staleLinks`). The sync counters' words and their order
 * live here, so the CLI's summary, the demo's start-up lines and `/sync` say the same thing.
 *
 * Pure: no I/O.
 */

/**
 * A count with its noun in the right number: `(1, "milestone")` → `"1 milestone"`, `(0, "milestone")`
 * → `"0 milestones"`, `(2, "bug read", "bugs read")` → `"2 bugs read"`. `plural` defaults to
 * `singular` + "s".
 */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Alternatives in a sentence: `["alpha", "beta", "final"]` → `"alpha, beta or final"`; one → itself. */
export function orList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/**
 * The words of each sync counter (keys of `SyncRun.counts`, written by the steps in app/sync), singular
 * and plural, in the order they are shown: Bugzilla's, Bodhi's, Koji's, Pagure's, then `requests`.
 */
export const SYNC_COUNTERS: Readonly<Record<string, readonly [singular: string, plural: string]>> = {
  milestones: ["milestone", "milestones"],
  bugsFetched: ["bug read", "bugs read"],
  changes: ["change", "changes"],
  deactivated: ["bug no longer tracked", "bugs no longer tracked"],
  inaccessible: ["inaccessible bug", "inaccessible bugs"],
  historiesRead: ["bug history read", "bug histories read"],
  historyFailures: ["bug history failed", "bug histories failed"],
  prioritizedBugs: ["prioritized bug", "prioritized bugs"],
  untrackedPrioritizedBugs: ["prioritized bug not tracked", "prioritized bugs not tracked"],
  releases: ["release", "releases"],
  unknownReleases: ["release unknown to Bodhi", "releases unknown to Bodhi"],
  updates: ["update", "updates"],
  staleLinks: ["stale link", "stale links"],
  previousReleases: ["previous release", "previous releases"],
  previousReleaseUpdates: ["update of a previous release", "updates of previous releases"],
  builds: ["build", "builds"],
  tagged: ["with tags read", "with tags read"],
  buildErrors: ["build error", "build errors"],
  skipped: ["build not read again", "builds not read again"],
  issuesListed: ["ticket listed", "tickets listed"],
  tickets: ["discussion ticket", "discussion tickets"],
  votesRead: ["ticket with votes read", "tickets with votes read"],
  unchanged: ["unchanged ticket", "unchanged tickets"],
  private: ["private ticket", "private tickets"],
  created: ["ticket opened", "tickets opened"],
  votes: ["vote", "votes"],
  requests: ["request", "requests"],
};

const ORDER = Object.keys(SYNC_COUNTERS);

/**
 * One sync counter in words: `("bugsFetched", 1)` → `"1 bug read"`, `("staleLinks", 2)` → `"2 stale
 * links"`. A key without words in {@link SYNC_COUNTERS} is split at its capitals (`"fooBars"` →
 * `"3 foo bars"`; for 1, its first plural-looking word loses its `s`).
 */
export function formatCount(key: string, n: number): string {
  const known = SYNC_COUNTERS[key];
  if (known) return countOf(n, known[0], known[1]);
  const words = key
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(" ");
  if (n === 1) {
    const i = words.findIndex((w) => w.length > 3 && w.endsWith("s") && !w.endsWith("ss"));
    if (i !== -1) words[i] = words[i]!.slice(0, -1);
  }
  return `${n} ${words.join(" ")}`;
}

/**
 * A run's counters in words, comma-separated, in {@link SYNC_COUNTERS}' order (keys it does not know
 * after those, alphabetically, and `requests` always last), whatever order the stored JSON has:
 * `{ requests: 3, staleLinks: 0, releases: 1 }` → `"1 release, 0 stale links, 3 requests"`.
 * `omit` leaves keys out. No counters → `""`.
 */
export function formatCounts(counts: Readonly<Record<string, number>>, omit: readonly string[] = []): string {
  const rank = (key: string) =>
    key === "requests" ? Infinity : ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length;
  return Object.keys(counts)
    .filter((key) => !omit.includes(key))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((key) => formatCount(key, counts[key]!))
    .join(", ");
}

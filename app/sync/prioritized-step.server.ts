import type { Db } from "~/db/db.server";
import { countOf } from "~/components/words";
import { isClosed } from "~/domain/blocker-state";
import {
  PRIORITIZED_SEARCH,
  type BugzillaBug,
  type BugzillaClient,
  type SearchResult,
} from "~/upstream/bugzilla.server";
import { bugRow, writeBugRows, type ProgressFn } from "./bugzilla-step.server";

/** What the prioritized-bugs search of one sync did. */
export interface PrioritizedSyncResult {
  ok: boolean;
  /** Open bugs flagged `fedora_prioritized_bug+` in Bugzilla's answer. */
  found: number;
  /** Of those, bugs not tracked for an active milestone, written from this search. */
  untracked: number;
  /** Bugs that lost the prioritized mark (no longer in the complete answer). */
  cleared: number;
  /** Search pages (and dependency lookups) asked. */
  pages: number;
  error?: string;
}

/**
 * Prioritized bugs (product spec §3: open bugs with flag `fedora_prioritized_bug+`, whatever they
 * block): one paged advanced search (`PRIORITIZED_SEARCH`, bug-id order, like the tracker search),
 * then, in one transaction, every bug of the answer is marked `prioritized`; a bug tracked for an
 * active milestone keeps the rest of its row from that milestone's sync, any other bug's row is
 * written from the answer (with its open dependencies, asked in batches). Bugs marked prioritized that
 * the complete answer leaves out lose the mark, except bugs Bugzilla no longer shows us (marked
 * inaccessible: a search silently leaves private bugs out, so their last known data stays). A failed
 * or partial search changes nothing. `search` is that search when the caller started it already (it
 * needs nothing of a sync's other answers, so it can go out with them).
 * @returns counts; never throws for upstream errors (they are returned in `error`).
 */
export async function syncPrioritizedBugs(
  db: Db,
  client: BugzillaClient,
  opts: { now?: () => Date; progress?: ProgressFn; search?: Promise<SearchResult> } = {},
): Promise<PrioritizedSyncResult> {
  const now = opts.now ?? (() => new Date());
  const result: PrioritizedSyncResult = { ok: false, found: 0, untracked: 0, cleared: 0, pages: 0 };
  try {
    const search = await (opts.search ?? client.searchAll(PRIORITIZED_SEARCH));
    result.pages += search.pages;
    const found = new Map<number, BugzillaBug>(search.bugs.map((b) => [b.id, b]));
    result.found = found.size;
    opts.progress?.(
      `bugzilla: ${countOf(found.size, "prioritized bug")} in ${countOf(search.pages, "page")}`,
    );

    const tracked = new Set(
      (
        await db.milestoneBug.findMany({
          where: { bugId: { in: [...found.keys()] }, active: true, milestone: { active: true } },
          select: { bugId: true },
          distinct: ["bugId"],
        })
      ).map((m) => m.bugId),
    );
    const untracked = [...found.values()].filter((b) => !tracked.has(b.id));
    const isOpen = (b: BugzillaBug) => b.is_open ?? !isClosed(b.status ?? "");
    const depStatus = new Map<number, boolean>();
    for (const bug of untracked) depStatus.set(bug.id, isOpen(bug));
    const depIds = [...new Set(untracked.flatMap((b) => b.depends_on ?? []))].filter(
      (id) => !depStatus.has(id),
    );
    if (depIds.length) {
      const deps = await client.getBugsById(depIds, ["id", "status", "is_open"]);
      result.pages += deps.pages;
      for (const dep of deps.bugs) depStatus.set(dep.id, isOpen(dep));
    }

    await db.$transaction(
      async (tx) => {
        // Only rows that change are written: a sync that finds the same bugs leaves pages' data as it was.
        if (tracked.size)
          await tx.bug.updateMany({
            where: { id: { in: [...tracked] }, prioritized: false },
            data: { prioritized: true },
          });
        // The answer is the bug as it is: open and flagged, whatever its flags field says.
        const at = now();
        await writeBugRows(
          tx,
          untracked.map((bug) => ({ id: bug.id, ...bugRow(bug, depStatus, at), prioritized: true })),
        );
        const cleared = await tx.bug.updateMany({
          where: { prioritized: true, inaccessible: null, id: { notIn: [...found.keys()] } },
          data: { prioritized: false },
        });
        result.cleared = cleared.count;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    result.untracked = untracked.length;
    result.ok = true;
  } catch (error) {
    result.error = (error as Error).message;
  }
  return result;
}

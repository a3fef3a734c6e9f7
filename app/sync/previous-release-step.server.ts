import { upsertRows } from "~/db/bulk.server";
import type { Db } from "~/db/db.server";
import { countOf } from "~/components/words";
import { fedoraReleaseNumber, previousReleases } from "~/domain/previous-release";
import type { BodhiClient, BodhiRelease } from "~/upstream/bodhi.server";
import { settle, writeListing, type UpdatesListingResult } from "./bodhi-step.server";
import type { StepResult, StepRun } from "./step-result.server";

/** What the previous-release part of the Bodhi step did for one previous release. */
export type PreviousReleaseResult = UpdatesListingResult;

/**
 * Part of the Bodhi step: the updates fixing AcceptedPreviousRelease blockers, which are updates to the
 * previous stable releases (see `domain/previous-release.ts`), not to the milestone's own release.
 * When active bugs of `milestones` are flagged AcceptedPreviousRelease:
 * 1. Bodhi's current releases (`GET /releases/?state=current`, paged) replace the stored
 *    `BodhiRelease` rows (plain Fedora releases only; a release no longer listed is removed) — the
 *    pages read them to know which releases count;
 * 2. for each previous stable release of those bugs' milestone releases, one batched, paged
 *    `GET /updates/?bugs=…&releases=F<N>` listing of the updates of those bugs (like the Bodhi step),
 *    written by `writeUpdates` in one transaction per release (links of those bugs to updates of that
 *    release that Bodhi no longer lists are removed only after a complete listing).
 * Without such bugs nothing is asked. A failing release changes nothing of its own and does not stop
 * the others; a release Bodhi does not know is not a failure.
 * @returns per-release results (`release` e.g. "F45") and counts `previousReleases`,
 *   `previousReleaseUpdates`, `staleLinks`.
 * @throws UpstreamError when the release listing fails (nothing was changed); Error when every release
 *   failed.
 */
export async function syncPreviousReleaseUpdates(
  run: StepRun<BodhiClient>,
): Promise<StepResult<never> | null> {
  const { db, client, milestones, ...opts } = run;
  const now = opts.now ?? (() => new Date());
  const releaseOf = new Map(milestones.map((m) => [m.id, m.release.number]));
  const flagged = await db.milestoneBug.findMany({
    where: { active: true, acceptedPreviousRelease: true, milestoneId: { in: [...releaseOf.keys()] } },
    select: { bugId: true, milestoneId: true },
  });
  if (flagged.length === 0) return null;

  opts.progress?.(`bodhi: current releases for ${countOf(flagged.length, "AcceptedPreviousRelease bug")}…`);
  const current = (await client.releases({ state: "current" })).filter(
    (r) => fedoraReleaseNumber(r.name) !== null,
  );
  await storeCurrentReleases(db, current, now());

  // Previous release → the flagged bugs whose milestone release it is a previous release of.
  const bugsOf = new Map<number, Set<number>>();
  for (const row of flagged) {
    const release = releaseOf.get(row.milestoneId)!;
    for (const p of previousReleases(
      release,
      // One row per name (a statement may not write a row twice), the listing's last.
      [...new Map(current.map((r) => [r.name, r])).values()].map((r) => ({
        name: r.name,
        state: r.state ?? "current",
      })),
    )) {
      bugsOf.set(p, (bugsOf.get(p) ?? new Set()).add(row.bugId));
    }
  }
  const results: PreviousReleaseResult[] = [];
  for (const [number, ids] of [...bugsOf].sort((a, b) => b[0] - a[0])) {
    const name = `F${number}`;
    const bugIds = [...ids].sort((a, b) => a - b);
    const result: PreviousReleaseResult = {
      release: name,
      ok: false,
      bugs: bugIds.length,
      updates: 0,
      changed: 0,
      staleLinks: 0,
    };
    results.push(result);
    opts.progress?.(`bodhi: ${name}: updates of ${countOf(bugIds.length, "AcceptedPreviousRelease bug")}…`);
    const got = await settle(client.updatesForBugs(name, bugIds));
    // A complete listing of these bugs' updates of that release: a full pass for them.
    await writeListing(db, result, { name, milestoneIds: [], bugIds }, got, true, now());
  }
  const failed = results.filter((r) => !r.ok);
  const errors = failed.map((r) => `${r.release} (previous release): ${r.error}`);
  if (failed.length > 0 && failed.length === results.length) throw new Error(errors.join("; "));
  return {
    results: [],
    details: { previousReleases: results },
    counts: {
      previousReleases: results.length,
      previousReleaseUpdates: results.reduce((n, r) => n + r.updates, 0),
      // Added to the Bodhi step's own stale links (see runStepParts).
      staleLinks: results.reduce((n, r) => n + r.staleLinks, 0),
    },
    errors,
  };
}

/**
 * Replaces the stored current releases by a complete listing, in one transaction. A release listed as
 * stored is not written again (its `fetchedAt` stays that of the listing that last changed it), so a
 * sync that finds nothing new leaves the pages' data as it was.
 */
async function storeCurrentReleases(db: Db, current: readonly BodhiRelease[], now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.bodhiRelease.deleteMany({ where: { name: { notIn: current.map((r) => r.name) } } });
    await upsertRows(
      tx,
      "BodhiRelease",
      { name: "text", number: "integer", state: "text", stableTag: "text", fetchedAt: "timestamp(3)" },
      // One row per name (a statement may not write a row twice), the listing's last.
      [...new Map(current.map((r) => [r.name, r])).values()].map((r) => ({
        name: r.name,
        number: fedoraReleaseNumber(r.name)!,
        state: r.state ?? "current",
        stableTag: r.stable_tag ?? "",
        fetchedAt: now,
      })),
      { key: ["name"], ignore: ["fetchedAt"] },
    );
  });
}

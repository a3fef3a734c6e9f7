import type { Db } from "~/db/db.server";
import type { KojiClient } from "~/upstream/koji.server";
import type { ProgressFn } from "./bugzilla-step.server";
import type { StepMilestone, StepResult } from "./step-result.server";
import { countOf } from "~/components/words";

/** A build Koji could not answer for (its old tags are kept). */
export interface KojiBuildError {
  nvr: string;
  error: string;
}

/**
 * Reads the current Koji tags of every build of the updates linked to active tracked bugs of
 * `milestones` (`listTags` through `multiCall` batches) and stores them in `Build.tags` /
 * `tagsFetchedAt` (unchanged builds only get a new `tagsFetchedAt`). A per-build fault records
 * `kojiError` and keeps the old tags (listed in `results`, not a failure of the step); when Koji fails
 * as a whole (transport, offline hub) nothing is written and the error is thrown.
 * @returns per-build errors and counts.
 * @throws UpstreamError when Koji fails as a whole.
 */
export async function syncKoji(
  db: Db,
  client: KojiClient,
  milestones: readonly StepMilestone[],
  opts: { now?: () => Date; progress?: ProgressFn } = {},
): Promise<StepResult<KojiBuildError>> {
  const now = opts.now ?? (() => new Date());
  const builds = await db.build.findMany({
    where: {
      updates: {
        some: {
          update: {
            bugs: {
              some: {
                bug: {
                  milestones: { some: { active: true, milestoneId: { in: milestones.map((m) => m.id) } } },
                },
              },
            },
          },
        },
      },
    },
    select: { nvr: true, tags: true, kojiError: true, tagsFetchedAt: true },
    orderBy: { nvr: "asc" },
  });
  opts.progress?.(`koji: tags of ${countOf(builds.length, "build")}…`);
  const tags = await client.tagsOfBuilds(builds.map((b) => b.nvr));
  const errors: KojiBuildError[] = [];
  const at = now();
  const stored = new Map(builds.map((b) => [b.nvr, b]));
  const unchanged: string[] = [];
  await db.$transaction(
    async (tx) => {
      for (const [nvr, result] of tags) {
        const before = stored.get(nvr);
        if (!result.ok) {
          errors.push({ nvr, error: result.error });
          if (before?.kojiError !== result.error)
            await tx.build.update({ where: { nvr }, data: { kojiError: result.error } });
        } else if (before?.tagsFetchedAt && !before.kojiError && sameTags(before.tags, result.tags)) {
          unchanged.push(nvr);
        } else {
          await tx.build.update({
            where: { nvr },
            data: { tags: result.tags, tagsFetchedAt: at, kojiError: null },
          });
        }
      }
      if (unchanged.length)
        await tx.build.updateMany({ where: { nvr: { in: unchanged } }, data: { tagsFetchedAt: at } });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return {
    results: errors,
    counts: { builds: builds.length, tagged: builds.length - errors.length, buildErrors: errors.length },
    // A build Koji does not know is a fact about that build, not a failed sync.
    errors: [],
  };
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
}

import { addMilestone, addRelease } from "../../app/admin/milestones.server";
import { parseConfig, type Config } from "../../app/config.server";
import type { Db } from "../../app/db/db.server";
import { BugzillaClient, type BugzillaClientOptions } from "../../app/upstream/bugzilla.server";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "../sandbox/server";
import { VERSIONS, type GenRelease, type UpstreamWorld } from "./random-upstream-dataset";
import { sandboxUpstreams } from "./sandbox-client";
import { createTestDatabase, type TestDatabase } from "./test-db";

/**
 * Adds each release of a random upstream world with its Beta and Final milestones, their trackers
 * given by the standard aliases (`F90BetaBlocker`, `F90BetaFreezeException`, …) that `bugzilla`
 * resolves from the world's sandbox.
 */
export async function addWorldMilestones(
  db: Db,
  bugzilla: BugzillaClient,
  releases: readonly GenRelease[],
): Promise<void> {
  for (const r of releases) {
    await addRelease(db, r.number);
    for (const v of VERSIONS) {
      const name = `F${r.number}${v === "beta" ? "Beta" : "Final"}`;
      await addMilestone(db, bugzilla, {
        release: r.number,
        version: v,
        blockerTracker: `${name}Blocker`,
        feTracker: `${name}FreezeException`,
      });
    }
  }
}

/**
 * A random upstream world served by a sandbox (in this process, with `opts.sandbox` added to its
 * options) over a new test database holding the world's milestones (see {@link addWorldMilestones}),
 * added through `bugzilla` (a client of the sandbox with `opts.bugzilla` added to its options).
 * `config` points every upstream at the sandbox and Pagure at the blocker-review repository. `close`
 * stops the sandbox and drops the database.
 */
export async function startWorldWithMilestones(
  world: UpstreamWorld,
  opts: {
    sandbox?: Omit<SandboxOptions, "dataset">;
    bugzilla?: Partial<Omit<BugzillaClientOptions, "baseUrl">>;
  } = {},
): Promise<{
  t: TestDatabase;
  sandbox: RunningSandbox;
  config: Config;
  bugzilla: BugzillaClient;
  close: () => Promise<void>;
}> {
  const t = await createTestDatabase();
  const sandbox = await startSandbox({ dataset: world.data as never, port: 0, ...opts.sandbox });
  const close = async () => {
    await sandbox.close();
    await t.drop();
  };
  try {
    const config = parseConfig({
      DATABASE_URL: t.url,
      ...sandboxUpstreams(sandbox.url),
      PAGURE_REPO: "fedora-qa/blocker-review",
    });
    const bugzilla = new BugzillaClient({
      baseUrl: config.BUGZILLA_URL,
      policy: { timeoutMs: 5000, attempts: 2 },
      ...opts.bugzilla,
    });
    await addWorldMilestones(t.db, bugzilla, world.releases);
    return { t, sandbox, config, bugzilla, close };
  } catch (error) {
    await close();
    throw error;
  }
}

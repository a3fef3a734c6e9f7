import { addMilestone, addRelease } from "../../app/admin/milestones.server";
import type { Db } from "../../app/db/db.server";
import type { BugzillaClient } from "../../app/upstream/bugzilla.server";

/**
 * Small hand-made upstream datasets for integration tests, in the sandbox's file format
 * (Bugzilla REST bug objects, see ../shared/design/sandbox.md). Expected states are written by hand in
 * the tests, not computed.
 */

/** Tracker ids of release 90 in the small dataset. */
export const T = {
  betaBlocker: 9000001,
  betaFe: 9000002,
  finalBlocker: 9000003,
  finalFe: 9000004,
} as const;

type Bug = Record<string, unknown> & { id: number; blocks: number[] };

/** A Bugzilla REST bug as bugzilla.redhat.com returns it (arrays for component/version). */
export function bzBug(id: number, fields: Partial<Bug> = {}): Bug {
  return {
    id,
    alias: [],
    summary: `Bug ${id} summary`,
    status: "NEW",
    resolution: "",
    is_open: true,
    product: "Fedora",
    component: ["anaconda"],
    version: ["90"],
    whiteboard: "",
    keywords: [],
    flags: [],
    depends_on: [],
    blocks: [],
    creation_time: "2026-10-01T10:00:00Z",
    last_change_time: "2026-10-02T10:00:00Z",
    priority: "unspecified",
    severity: "medium",
    assigned_to: "maint@example.com",
    ...fields,
  };
}

/** The bugs a tracker's depends_on is derived from: each one's id and the trackers it blocks. */
type Blocking = readonly { id: number; blocks: readonly number[] }[];

function tracker(id: number, alias: string, bugs: Blocking): Bug {
  return bzBug(id, {
    alias: [alias],
    summary: `${alias} tracker`,
    component: ["distribution"],
    keywords: ["Tracking"],
    depends_on: bugs.filter((b) => b.blocks.includes(id)).map((b) => b.id),
  });
}

/**
 * The blocker and freeze exception tracker bugs of Fedora `release` `version`, aliased like Fedora's
 * (`F90BetaBlocker`, `F90BetaFreezeException`), their depends_on derived from `bugs`' blocks.
 */
export function milestoneTrackers(
  release: number,
  version: "beta" | "final",
  ids: { blocker: number; fe: number },
  bugs: Blocking,
): Bug[] {
  const name = `F${release}${version === "beta" ? "Beta" : "Final"}`;
  return [tracker(ids.blocker, `${name}Blocker`, bugs), tracker(ids.fe, `${name}FreezeException`, bugs)];
}

/**
 * Release 90 with Beta and Final trackers and the given bugs (trackers' depends_on derived from the
 * bugs' blocks). `privateIds` are bugs Bugzilla hides from the caller.
 */
export function dataset(bugs: Bug[], privateIds: number[] = []) {
  return {
    about: { seed: 0, releases: [90], now: "2026-11-01T00:00:00Z" },
    bugzilla: {
      bugs: [
        ...milestoneTrackers(90, "beta", { blocker: T.betaBlocker, fe: T.betaFe }, bugs),
        ...milestoneTrackers(90, "final", { blocker: T.finalBlocker, fe: T.finalFe }, bugs),
        ...bugs,
      ],
      comments: {},
      private: privateIds,
    },
    bodhi: { releases: [bodhiRelease(90)], updates: [] },
    koji: { builds: {} },
    pagure: { repo: "fedora-qa/blocker-review", issues: [] },
  };
}

/** A Bodhi release object (`GET /releases/` shape) for Fedora `n`, in the pre-Beta freeze. */
export function bodhiRelease(n: number) {
  return {
    name: `F${n}`,
    long_name: `Fedora ${n}`,
    version: String(n),
    id_prefix: "FEDORA",
    branch: `f${n}`,
    dist_tag: `f${n}`,
    stable_tag: `f${n}`,
    testing_tag: `f${n}-updates-testing`,
    candidate_tag: `f${n}-updates-candidate`,
    pending_stable_tag: `f${n}-updates-pending`,
    pending_testing_tag: `f${n}-updates-testing-pending`,
    override_tag: `f${n}-override`,
    state: "frozen",
    composed_by_bodhi: true,
    released_on: null,
    eol: null,
    setting_status: "pre_beta",
    testing_repository: "updates-testing",
    package_manager: "dnf",
    mail_template: "fedora_errata_template",
    create_automatic_updates: false,
  };
}

/** `n` proposed Beta blockers with ids from `first` (for paging and request-count tests). */
export function manyBetaBlockers(n: number, first = 9100000): Bug[] {
  return Array.from({ length: n }, (_, i) => bzBug(first + i, { blocks: [T.betaBlocker] }));
}

/**
 * Creates release 90 and its Beta and Final milestones from the tracker aliases of `dataset()`
 * (resolved through the sandbox by `client`).
 */
export async function addRelease90(db: Db, client: BugzillaClient): Promise<void> {
  await addRelease(db, 90);
  for (const version of ["beta", "final"] as const) {
    const v = version === "beta" ? "Beta" : "Final";
    await addMilestone(db, client, {
      release: 90,
      version,
      blockerTracker: `F90${v}Blocker`,
      feTracker: `F90${v}FreezeException`,
    });
  }
}

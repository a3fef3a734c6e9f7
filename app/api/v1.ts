/**
 * JSON shapes of the public API v1 (product spec §7). This is a stable contract: external tools and
 * tests rely on the field names and types, so change them only with a new API version.
 *
 * Pure: no I/O, no server imports. The routes in `app/routes/api.v1.*` load data with the models and
 * pass it through these functions.
 */
import type { ReviewState } from "~/domain/blocker-state";
import { type MilestoneBug } from "~/db/bugs.server";
import { splitNeverRead } from "~/domain/sections";
import { type BugDetail } from "~/db/bugs.server";
import { sortHistory } from "~/domain/state-changes";
import { type DiscussionInfo } from "~/db/bugs.server";
import { tallyByTracker } from "~/domain/votes";
import { milestoneName } from "~/domain/milestone-name";
import { type MilestoneInfo } from "~/db/milestones.server";
import { compareMilestones } from "~/domain/milestone-name";
import { inStableTag } from "~/domain/build-tags";
import { type UpdateInfo } from "~/db/bugs.server";
import { bodhiReleaseNumber } from "~/domain/updates";
import { updateReleasesFor } from "~/domain/previous-release";
import type { MilestoneProposals } from "~/domain/proposal-history";

/** `GET /api/v1/milestones` item, and `milestone` of the bugs endpoint. */
export interface MilestoneJson {
  release: number;
  version: string;
  /** e.g. `"Fedora 41 Beta"`. */
  name: string;
  blockerTracker: number;
  feTracker: number;
  active: boolean;
  current: boolean;
  /** ISO 8601 end of the last successful sync, or `null`. */
  lastSync: string | null;
}

/** A Bodhi update of a bug, with its builds. */
export interface UpdateJson {
  alias: string;
  /** Bodhi release name, e.g. `"F46"` (`"F45"` for a previous-release fix). */
  release: string;
  /** Bodhi status: `pending` | `testing` | `stable` | `unpushed` | `obsolete` | `revoked` | `unknown`. */
  status: string;
  /** Bodhi request (`stable`, `testing`, …) or `null`. */
  request: string | null;
  karma: number;
  stableKarma: number | null;
  /**
   * Bodhi `test_gating_status` (`waiting`, `ignored`, `queued`, `running`, `passed`, `failed`,
   * `greenwave_failed`), or `null` when Bodhi gave none.
   */
  gating: string | null;
  /**
   * Builds by NVR (sorted); `inStableTag` says whether Koji lists the release's stable tag on the
   * build, `null` when unknown (tags never fetched from Koji, or the stable tag unknown).
   */
  builds: { nvr: string; inStableTag: boolean | null }[];
}

/** A bug's discussion ticket. */
export interface DiscussionJson {
  /** Pagure issue URL. */
  url: string;
  /** The ticket carries the `meeting` tag (to be discussed live). */
  meeting: boolean;
  /** Current votes per voted tracker (e.g. `"BetaBlocker"`), voter names sorted. */
  votes: Record<string, { plus: string[]; zero: string[]; minus: string[] }>;
}

/**
 * One kind's proposal of a bug in a milestone, from Bugzilla's history: when the bug (last) started to
 * block the tracker and who did it, when the current decision keyword was set and by whom. Times are
 * ISO 8601, people Bugzilla logins; `null` where the history does not say (not read yet, or set when
 * the bug was filed at a time we do not know) or while undecided.
 */
export interface ProposalJson {
  proposedAt: string | null;
  proposedBy: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  /** Rejected before and proposed again since (the Rejected keyword kept): listed as proposed. */
  previouslyRejected: boolean;
}

/** A bug's proposals in a milestone, per kind; `null` for a kind it is not proposed as. */
export interface ProposalsJson {
  blocker: ProposalJson | null;
  fe: ProposalJson | null;
}

/** The Bugzilla fields of a bug that both bug shapes carry (a milestone's bug list item and a bug). */
export interface BugFieldsJson {
  bugId: number;
  summary: string;
  component: string;
  status: string;
  resolution: string;
  /** Bugzilla login (e-mail address) of the assignee; `null` when not read yet. */
  assignee: string | null;
  /** Requestees of open needinfo flags. */
  needinfo: string[];
  /** Every depends-on id (open or closed). */
  dependsOn: number[];
  /** ISO 8601 Bugzilla last change time (`null` only if never seen, which listed bugs never are). */
  lastChange: string | null;
  /**
   * `"private"` | `"missing"` when Bugzilla no longer gives us the bug: the fields are its last known
   * data. `null` for normal, readable bugs.
   */
  inaccessible: string | null;
}

/** A bug's review state in one milestone. */
export interface MilestoneStateJson {
  blocker: ReviewState | null;
  fe: ReviewState | null;
  accepted0Day: boolean;
  acceptedPreviousRelease: boolean;
  /** Who proposed it and when, and when it was decided, as a blocker and as a freeze exception. */
  proposals: ProposalsJson;
}

/** `GET /api/v1/milestones/:release/:version/bugs` item. */
export interface MilestoneBugJson extends BugFieldsJson, MilestoneStateJson {
  /**
   * Updates filed for the milestone's release (every status, obsolete ones included), by alias; for an
   * AcceptedPreviousRelease bug also those of the previous stable releases (Fedora releases below the
   * milestone's that Bodhi lists as current).
   */
  updates: UpdateJson[];
  /** The bug's discussion ticket; `null` when it has none (or it is still being created). */
  discussion: DiscussionJson | null;
}

/** `GET /api/v1/milestones/:release/:version/bugs` body. */
export interface MilestoneBugsJson {
  milestone: MilestoneJson;
  bugs: MilestoneBugJson[];
}

/** A milestone reference inside a bug's states and history. */
export interface MilestoneRefJson {
  release: number;
  version: string;
}

/** `GET /api/v1/bugs/:id` body. */
export interface BugJson extends BugFieldsJson {
  alias: string[];
  whiteboard: string;
  keywords: string[];
  prioritized: boolean;
  blocks: number[];
  /** Every update listing the bug (all releases and statuses), by alias. */
  updates: UpdateJson[];
  discussion: DiscussionJson | null;
  /** The bug's state in every milestone it is or was tracked for (newest release first). */
  milestones: (MilestoneStateJson & {
    milestone: MilestoneRefJson;
    /** False once the bug no longer blocks either tracker of the milestone. */
    active: boolean;
  })[];
  /** State changes, newest first. */
  history: {
    milestone: MilestoneRefJson;
    field: string;
    old: string | null;
    new: string | null;
    /** Bugzilla's time of the change when `atFromBugzilla`, else when the sync noticed it. */
    at: string;
    atFromBugzilla: boolean;
  }[];
}

/** Error body of every API error response. */
export interface ErrorJson {
  error: string;
}

/** Shapes one milestone. */
export function milestoneJson(m: MilestoneInfo): MilestoneJson {
  return {
    release: m.release,
    version: m.version,
    name: milestoneName(m.release, m.version),
    blockerTracker: m.blockerTrackerId,
    feTracker: m.feTrackerId,
    active: m.active,
    current: m.current,
    lastSync: m.lastSyncAt?.toISOString() ?? null,
  };
}

/** Shapes the milestone list: newest release first, then alpha, beta, final. */
export function milestonesJson(milestones: readonly MilestoneInfo[]): MilestoneJson[] {
  return [...milestones].sort(compareMilestones).map(milestoneJson);
}

/** Shapes one update (builds sorted by NVR). */
export function updateJson(u: UpdateInfo): UpdateJson {
  return {
    alias: u.alias,
    release: u.releaseName,
    status: u.status,
    request: u.request,
    karma: u.karma,
    stableKarma: u.stableKarma,
    gating: u.gating,
    builds: [...u.builds]
      .sort((a, b) => a.nvr.localeCompare(b.nvr))
      .map((b) => ({ nvr: b.nvr, inStableTag: inStableTag(b, u.stableTag) })),
  };
}

/** Shapes a discussion ticket; `null` when there is none or it has no URL yet (being created). */
export function discussionJson(d: DiscussionInfo | null): DiscussionJson | null {
  if (!d || !d.url) return null;
  return { url: d.url, meeting: d.meeting, votes: tallyByTracker(d.votes) };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Shapes a bug's proposals in a milestone: one object per kind whose state is not `null` (the bug
 * blocks that tracker), its fields `null` when the history is not known.
 */
export function proposalsJson(
  state: { blocker: ReviewState | null; fe: ReviewState | null },
  proposals: MilestoneProposals,
): ProposalsJson {
  const of = (kind: "blocker" | "fe"): ProposalJson | null => {
    if (state[kind] === null) return null;
    const p = proposals[kind];
    return {
      proposedAt: iso(p?.proposedAt ?? null),
      proposedBy: p?.proposedBy ?? null,
      decidedAt: iso(p?.decidedAt ?? null),
      decidedBy: p?.decidedBy ?? null,
      previouslyRejected: p?.previouslyRejected ?? false,
    };
  };
  return { blocker: of("blocker"), fe: of("fe") };
}

/** Shapes updates ordered by alias. */
function updatesJson(updates: readonly UpdateInfo[]): UpdateJson[] {
  return [...updates].sort((a, b) => a.alias.localeCompare(b.alias)).map(updateJson);
}

/**
 * Shapes one bug of a milestone of release `release`: only that release's updates are listed, and for
 * an AcceptedPreviousRelease bug those of `previousReleases` (the previous stable releases).
 */
export function milestoneBugJson(
  b: MilestoneBug,
  release: number,
  previousReleases: readonly number[] = [],
): MilestoneBugJson {
  const releases = updateReleasesFor(b, release, previousReleases);
  return {
    bugId: b.bugId,
    summary: b.summary,
    component: b.component,
    status: b.status,
    resolution: b.resolution,
    assignee: b.assignee || null,
    blocker: b.blocker,
    fe: b.fe,
    accepted0Day: b.accepted0Day,
    acceptedPreviousRelease: b.acceptedPreviousRelease,
    needinfo: [...b.needinfo],
    dependsOn: [...b.dependsOn],
    lastChange: b.lastChangeTime?.toISOString() ?? null,
    inaccessible: b.inaccessible,
    updates: updatesJson(b.updates.filter((u) => releases.includes(bodhiReleaseNumber(u.releaseName) ?? -1))),
    discussion: discussionJson(b.discussion),
    proposals: proposalsJson(b, b.proposals),
  };
}

/**
 * Shapes a milestone's bug list: the milestone and its active bugs (callers pass active ones only),
 * ordered by bug id. Bugs that turned private or missing after we read them are included with their
 * last known data and `inaccessible` set; bugs we never could read (`fetchedAt` null) are left out.
 * `previousReleases`: the milestone release's previous stable releases (see `milestoneBugJson`).
 */
export function milestoneBugsJson(
  m: MilestoneInfo,
  bugs: readonly MilestoneBug[],
  previousReleases: readonly number[] = [],
): MilestoneBugsJson {
  return {
    milestone: milestoneJson(m),
    bugs: splitNeverRead(bugs)
      .listed.sort((a, b) => a.bugId - b.bugId)
      .map((b) => milestoneBugJson(b, m.release, previousReleases)),
  };
}

/** Shapes one bug with its per-milestone states (newest release first) and history (newest first). */
export function bugJson(bug: BugDetail): BugJson {
  return {
    bugId: bug.bugId,
    alias: [...bug.alias],
    summary: bug.summary,
    component: bug.component,
    status: bug.status,
    resolution: bug.resolution,
    whiteboard: bug.whiteboard,
    assignee: bug.assignee || null,
    keywords: [...bug.keywords],
    needinfo: [...bug.needinfo],
    prioritized: bug.prioritized,
    dependsOn: [...bug.dependsOn],
    blocks: [...bug.blocks],
    lastChange: bug.lastChangeTime?.toISOString() ?? null,
    inaccessible: bug.inaccessible,
    updates: updatesJson(bug.updates),
    discussion: discussionJson(bug.discussion),
    milestones: [...bug.milestones]
      .sort((a, b) => compareMilestones(a.milestone, b.milestone))
      .map((s) => ({
        milestone: { release: s.milestone.release, version: s.milestone.version },
        blocker: s.blocker,
        fe: s.fe,
        accepted0Day: s.accepted0Day,
        acceptedPreviousRelease: s.acceptedPreviousRelease,
        active: s.active,
        proposals: proposalsJson(s, s.proposals),
      })),
    history: sortHistory(bug.history).map((e) => ({
      milestone: { release: e.release, version: e.version },
      field: e.field,
      old: e.oldValue,
      new: e.newValue,
      at: e.at.toISOString(),
      atFromBugzilla: e.atFromHistory,
    })),
  };
}

/** Error body: `{ "error": message }`. */
export function errorJson(message: string): ErrorJson {
  return { error: message };
}

/**
 * Seeded random upstream worlds for all four sources (Bugzilla, Bodhi, Koji, Pagure), in the sandbox's
 * dataset shapes (e2e/sandbox/dataset.ts): one or two releases (90, and sometimes 91) with Beta and
 * Final trackers; bugs proposed / accepted / rejected as blockers and freeze exceptions (open and
 * closed, a few private); Bodhi updates of those bugs in every status and request, with 1–3 builds;
 * Koji builds whose tags sometimes include the release's stable tag (some builds unknown to Koji);
 * Pagure tickets (`<bugid>: <summary>`) whose comments mix valid vote lines, invalid lines,
 * notification comments and users changing their votes. The same seed always gives the same world.
 *
 * Each bug has a Bugzilla history (`bugzilla.history`): its trackers added by proposers (some bugs
 * filed already blocking one), the review keywords set days later by a QA person, its status moving
 * on; some rejected bugs were removed from the tracker when rejected and added again later (a
 * re-proposal); the mutation round writes its changes as history entries of its own.
 *
 * On top of that (drawn from a third generator, so the worlds above stay as they were): Bodhi's
 * previous releases (89 and 88 current, 87 archived; 90 sometimes current too) with updates of the
 * AcceptedPreviousRelease bugs on them, `fedora_prioritized_bug` flags (`+`, `?`, `-`) on some
 * tracked bugs, and bugs that block no tracker, some of them prioritized (open or closed, a few
 * private).
 *
 * Besides the dataset, the world records the generator's own INTENT (each bug's review decisions and
 * tracker memberships, when and by whom each membership and decision began, each ticket's valid votes
 * in the order they were written), so a test can compute what the pages must show without reading
 * the data back through the code under test.
 *
 * The whiteboards here only hold canonical keywords (in varied case, with noise words): parsing of
 * odd whiteboards is covered by random-dataset.ts / random-sync.test.ts.
 */
import { bodhiRelease, bzBug, milestoneTrackers } from "./datasets";
import { Rng as BaseRng, caseVariant } from "./random-dataset";

/** random-dataset.ts's PRNG wrapper with a spread seed, subsets and hex strings. */
export class Rng extends BaseRng {
  constructor(seed: number) {
    // Mulberry32's first outputs for small consecutive seeds are alike: spread the seed first.
    super(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1));
  }
  /** A random subset (each item with probability p), in input order. */
  subset<X>(items: readonly X[], p: number): X[] {
    return items.filter(() => this.chance(p));
  }
  hex(n: number): string {
    return Array.from({ length: n }, () => "0123456789abcdef"[this.int(16)]).join("");
  }
}

export type Version = "beta" | "final";
export const VERSIONS: readonly Version[] = ["beta", "final"];

/** A release of the world with its tracker ids and the stable tag Bodhi reports for it. */
export interface GenRelease {
  number: number;
  stableTag: string;
  trackers: Record<Version, { blocker: number; fe: number }>;
}

/** What the whiteboard says about the blocker review (`0day` / `prevrel`: Accepted0Day / AcceptedPreviousRelease only). */
export type BlockerDecision = "proposed" | "accepted" | "rejected" | "conflict" | "0day" | "prevrel";
export type FeDecision = "proposed" | "accepted" | "rejected" | "conflict";

export interface GenBug {
  id: number;
  summary: string;
  component: string;
  status: string;
  resolution: string;
  private: boolean;
  /** Tracker ids the bug blocks. */
  blocks: number[];
  blocker: BlockerDecision;
  fe: FeDecision;
  /** What its Bugzilla history says (kept true by the generator and the mutation round). */
  history: GenHistory;
  /** Status of the bug's `fedora_prioritized_bug` flag; null/absent when it has none. */
  prioritized?: "+" | "?" | "-" | null;
}

/**
 * When and by whom a value of a bug began: one entry of its Bugzilla history, or its filing (`seq` 0;
 * entries count from 1 in the order Bugzilla lists them).
 */
export interface GenMoment {
  seq: number;
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  at: string;
  who: string;
}

/** The generator's record of a bug's history, as moments when the current values began. */
export interface GenHistory {
  filed: GenMoment;
  /** Per tracker the bug blocks now: when it (last) started blocking it. */
  trackerSince: Record<number, GenMoment>;
  /** Per kind: when the whiteboard's decision (accepted / rejected / conflict / none) took its current value. */
  decisionSince: { blocker: GenMoment; fe: GenMoment };
  /** Per kind: when the Rejected keyword was set, while the whiteboard holds it. */
  rejectedSince: { blocker: GenMoment | null; fe: GenMoment | null };
  /** The bug's `bugzilla.history` entries. */
  entries: HistoryEntry[];
  /** The history-relevant fields as of the last entry. */
  state: HistoryState;
}

/** The fields of a bug its history records. */
interface HistoryState {
  blocks: number[];
  whiteboard: string;
  blocker: BlockerDecision;
  fe: FeDecision;
  status: string;
  resolution: string;
}

/** A Bugzilla history entry (`GET /rest/bug/{id}/history`). */
export interface HistoryEntry {
  when: string;
  who: string;
  changes: { field_name: string; removed: string; added: string }[];
}

export interface GenBuild {
  nvr: string;
  /** Koji tags, or null when Koji does not know the build. */
  tags: string[] | null;
}

export interface GenUpdate {
  alias: string;
  /** Bodhi release number (90, 91, or 89: a release no milestone tracks). */
  release: number;
  stableTag: string;
  status: string;
  request: string | null;
  karma: number;
  stableKarma: number | null;
  bugIds: number[];
  nvrs: string[];
  /** Drawn by the third generator (previous-release fixes): the first generator's rounds skip it. */
  extra?: boolean;
}

/** A valid vote the generator wrote: canonical tracker name and value. */
export interface GenVote {
  voter: string;
  tracker: string;
  value: 1 | 0 | -1;
}

export interface GenTicket {
  issueId: number;
  /** null for tickets whose title names no bug. */
  bugId: number | null;
  url: string;
  meeting: boolean;
  /**
   * The valid votes of each comment, in the order the comments were written (`[]` for comments
   * without votes); later votes replace earlier ones.
   */
  commentVotes: GenVote[][];
}

export interface UpstreamWorld {
  seed: number;
  releases: GenRelease[];
  bugs: GenBug[];
  updates: GenUpdate[];
  builds: Map<string, GenBuild>;
  tickets: GenTicket[];
  /** Bugs that block no tracker (`blocks` empty; no history), some flagged prioritized. */
  untrackedBugs: GenBug[];
  /** Bodhi's state of each release it knows (`current`, `frozen`, `archived`), by number. */
  bodhiStates: Map<number, string>;
  /** The sandbox dataset (input shape). */
  data: Record<string, unknown> & { about: Record<string, unknown> };
  /** Generator state for mutation rounds. */
  internal: {
    rng: Rng;
    counter: { commentId: number; clock: number };
    newBuild: (release: number) => string;
    comments: Map<number, Record<string, unknown>[]>;
    /** The history's own PRNG (so history never changes the rest of a seed's world). */
    historyRng: Rng;
    /** The third generator and its builds (never drawn from by the first one's rounds). */
    extraRng: Rng;
    extraBuild: (release: number) => string;
    extraNvrs: Set<string>;
  };
}

/** Canonical vote trackers in display order. */
export const CANONICAL_VOTE_TRACKERS = [
  "AlphaBlocker",
  "AlphaFreezeException",
  "BetaBlocker",
  "BetaFreezeException",
  "FinalBlocker",
  "FinalFreezeException",
  "0Day",
  "PreviousRelease",
] as const;

/** Spellings voters use → canonical tracker (product spec §4). */
const TRACKER_SPELLINGS: readonly [string, string][] = [
  ["BetaBlocker", "BetaBlocker"],
  ["BetaBlocker", "BetaBlocker"],
  ["FinalBlocker", "FinalBlocker"],
  ["FinalBlocker", "FinalBlocker"],
  ["BetaFreezeException", "BetaFreezeException"],
  ["BetaFE", "BetaFreezeException"],
  ["FinalFreezeException", "FinalFreezeException"],
  ["FinalFE", "FinalFreezeException"],
  ["0Day", "0Day"],
  ["PreviousRelease", "PreviousRelease"],
  ["AlphaBlocker", "AlphaBlocker"],
  ["AlphaFE", "AlphaFreezeException"],
];
const VOTE_WORDS: readonly [string, 1 | 0 | -1][] = [
  ["+1", 1],
  ["+1", 1],
  ["0", 0],
  ["-1", -1],
];
/** Voters: lower-case ASCII names (so every reasonable name sort agrees). */
const VOTERS = [
  "adamwill",
  "kparal",
  "frantisekz",
  "lbrabec",
  "jskladan",
  "sumantrom",
  "geraldo",
  "coremodule",
];
const COMPONENTS = ["anaconda", "kernel", "gnome-shell", "dnf", "systemd", "selinux-policy", "firefox"];
const PACKAGES = ["anaconda", "kernel", "gnome-shell", "dnf", "systemd", "python-blivet", "lorax", "mesa"];
const OPEN_STATUSES = ["NEW", "ASSIGNED", "POST", "MODIFIED", "ON_QA", "VERIFIED"];
const RESOLUTIONS = ["ERRATA", "NOTABUG", "DUPLICATE", "CURRENTRELEASE", "WONTFIX"];
/** [status, request] pairs as Bodhi has them (some rare ones included). */
const UPDATE_STATES: readonly [string, string | null][] = [
  ["pending", null],
  ["pending", "testing"],
  ["pending", "stable"],
  ["testing", null],
  ["testing", null],
  ["testing", "stable"],
  ["testing", "stable"],
  ["testing", "unpush"],
  ["testing", "revoke"],
  ["testing", "obsolete"],
  ["stable", null],
  ["stable", null],
  ["obsolete", null],
  ["obsolete", null],
  ["unpushed", null],
  ["unpushed", null],
];

function release(number: number, trackerBase: number, stableTag: string): GenRelease {
  return {
    number,
    stableTag,
    trackers: {
      beta: { blocker: trackerBase + 1, fe: trackerBase + 2 },
      final: { blocker: trackerBase + 3, fe: trackerBase + 4 },
    },
  };
}

const BLOCKER_WORDS: Record<BlockerDecision, string[]> = {
  proposed: [],
  accepted: ["AcceptedBlocker"],
  rejected: ["RejectedBlocker"],
  conflict: ["AcceptedBlocker", "RejectedBlocker"],
  "0day": ["Accepted0Day"],
  prevrel: ["AcceptedPreviousRelease"],
};
const FE_WORDS: Record<FeDecision, string[]> = {
  proposed: [],
  accepted: ["AcceptedFreezeException"],
  rejected: ["RejectedFreezeException"],
  conflict: ["AcceptedFreezeException", "RejectedFreezeException"],
};

function whiteboard(rng: Rng, bug: Pick<GenBug, "blocker" | "fe">): string {
  const words = [...BLOCKER_WORDS[bug.blocker], ...FE_WORDS[bug.fe]].map((w) => caseVariant(rng, w));
  for (const noise of ["CommonBugs", "Triaged", "NeedsRetest"]) if (rng.chance(0.15)) words.push(noise);
  const shuffled = words.sort(() => (rng.chance(0.5) ? 1 : -1));
  return shuffled.join(rng.pick([" ", ", ", " | ", ";"]));
}

// --- Bugzilla history ------------------------------------------------------------------------------

/** People of the histories (invented). */
const PROPOSERS = ["adamwill", "kparal", "frantisekz", "lbrabec", "sumantrom", "packager1", "packager2"].map(
  (n) => `${n}@example.com`,
);
const DECIDERS = ["adamwill@example.com", "kparal@example.com", "coremodule@example.com"];
const REPORTERS = ["reporter1@example.com", "reporter2@example.com", "packager1@example.com"];

/** A kind's decision category: 0-day and previous-release acceptances are acceptances. */
const category = (d: BlockerDecision | FeDecision) => (d === "0day" || d === "prevrel" ? "accepted" : d);
/** Whether a kind's decision puts its Rejected keyword in the whiteboard. */
const rejects = (d: BlockerDecision | FeDecision) => d === "rejected" || d === "conflict";

/** `YYYY-MM-DDTHH:MM:SSZ` of epoch seconds. */
const bzTime = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A bug's history at its filing, with `state` as filed. */
function filedHistory(state: HistoryState, at: string, who: string): GenHistory {
  const filed = { seq: 0, at, who };
  return {
    filed,
    trackerSince: Object.fromEntries(state.blocks.map((t) => [t, filed])),
    decisionSince: { blocker: filed, fe: filed },
    rejectedSince: { blocker: rejects(state.blocker) ? filed : null, fe: rejects(state.fe) ? filed : null },
    entries: [],
    state,
  };
}

/**
 * Appends one history entry (Bugzilla's shape) for the fields of `next` that differ from the history's
 * state, and moves the record's moments along: a tracker added begins its membership, a decision
 * category that changes begins a decision, a Rejected keyword that appears begins a rejection. An edit
 * that changes nothing records nothing.
 */
function recordEdit(h: GenHistory, at: string, who: string, next: HistoryState): void {
  const was = h.state;
  const changes: HistoryEntry["changes"] = [];
  const removed = was.blocks.filter((t) => !next.blocks.includes(t));
  const added = next.blocks.filter((t) => !was.blocks.includes(t));
  if (removed.length + added.length > 0)
    changes.push({ field_name: "blocks", removed: removed.join(", "), added: added.join(", ") });
  if (was.whiteboard !== next.whiteboard)
    changes.push({ field_name: "status_whiteboard", removed: was.whiteboard, added: next.whiteboard });
  if (was.status !== next.status)
    changes.push({ field_name: "bug_status", removed: was.status, added: next.status });
  if (was.resolution !== next.resolution)
    changes.push({ field_name: "resolution", removed: was.resolution, added: next.resolution });
  if (changes.length === 0) return;
  const moment = { seq: h.entries.length + 1, at, who };
  h.entries.push({ when: at, who, changes });
  for (const t of removed) delete h.trackerSince[t];
  for (const t of added) h.trackerSince[t] = moment;
  for (const kind of ["blocker", "fe"] as const) {
    if (category(was[kind]) !== category(next[kind])) h.decisionSince[kind] = moment;
    if (!rejects(next[kind])) h.rejectedSince[kind] = null;
    else if (!rejects(was[kind])) h.rejectedSince[kind] = moment;
  }
  h.state = { ...next, blocks: [...next.blocks] };
}

/**
 * The history of a bug as the generator made it (see the module comment), its last entry before
 * `end` (epoch seconds); `blockerTrackers` are the blocker trackers of the world. The bug ends with its
 * generated fields (`blocks`, decisions, `whiteboard`, status).
 */
function bugHistory(
  rng: Rng,
  bug: Omit<GenBug, "history">,
  wb: string,
  blockerTrackers: readonly number[],
  start: number,
): GenHistory {
  let clock = start;
  const tick = () => bzTime((clock += 3600 + rng.int(4 * 86400)));
  const reporter = rng.pick(REPORTERS);
  const filedWith = bug.blocks.length > 0 && rng.chance(0.2) ? [bug.blocks[0]!] : [];
  const h = filedHistory(
    { blocks: filedWith, whiteboard: "", blocker: "proposed", fe: "proposed", status: "NEW", resolution: "" },
    bzTime(start),
    reporter,
  );
  for (const t of bug.blocks.filter((t) => !filedWith.includes(t)))
    recordEdit(h, tick(), rng.pick(PROPOSERS), { ...h.state, blocks: [...h.state.blocks, t] });
  // Rejected, removed from the tracker with the same edit, proposed again later.
  const again =
    bug.blocker === "rejected" && rng.chance(0.4)
      ? bug.blocks.find((t) => blockerTrackers.includes(t))
      : bug.fe === "rejected" && rng.chance(0.4)
        ? bug.blocks.find((t) => !blockerTrackers.includes(t))
        : undefined;
  const decided = { ...h.state, whiteboard: wb, blocker: bug.blocker, fe: bug.fe };
  if (again !== undefined) {
    recordEdit(h, tick(), rng.pick(DECIDERS), {
      ...decided,
      blocks: decided.blocks.filter((t) => t !== again),
    });
    recordEdit(h, tick(), rng.pick(PROPOSERS), { ...h.state, blocks: [...h.state.blocks, again] });
  } else {
    recordEdit(h, tick(), rng.pick(DECIDERS), decided);
  }
  recordEdit(h, tick(), reporter, { ...h.state, status: bug.status, resolution: bug.resolution });
  return h;
}

/** One comment line: valid votes (returned) or a line that must count nothing (votes empty). */
function voteLine(rng: Rng, voter: string): { text: string; votes: GenVote[] } {
  const pairs = () => {
    const words: string[] = [];
    const votes: GenVote[] = [];
    for (let i = 0, n = 1 + rng.int(3); i < n; i++) {
      const [spelling, tracker] = rng.pick(TRACKER_SPELLINGS);
      const [word, value] = rng.pick(VOTE_WORDS);
      const t = caseVariant(rng, spelling);
      words.push(...(rng.chance(0.5) ? [t, word] : [word, t]));
      votes.push({ voter, tracker, value });
    }
    return { words, votes };
  };
  const join = (words: string[]) => words.join(rng.pick([" ", " ", "  ", "\t", " \t "]));
  const roll = rng.int(10);
  if (roll < 5) {
    const { words, votes } = pairs();
    const pad = () => (rng.chance(0.2) ? rng.pick([" ", "  ", "\t"]) : "");
    return { text: pad() + join(words) + pad(), votes };
  }
  if (roll < 7) {
    // Valid-looking pairs plus anything else: the whole line counts nothing.
    const { words } = pairs();
    const extra = rng.pick(["for sure", "(as discussed)", "+1", "BetaBlocker", "please", "."]);
    return { text: rng.chance(0.5) ? `${join(words)} ${extra}` : `${extra} ${join(words)}`, votes: [] };
  }
  if (roll < 9) {
    const bad = rng.pick([
      "BetaBlocker: +1",
      "BetaBlocker +2",
      "BetaBlocker+1",
      "BetaBlockers +1",
      "Beta Blocker +1",
      "> BetaBlocker +1",
      "- FinalBlocker -1",
      "FinalFE +1.",
      "BetaBlocker \u22121",
      "BetaBlocker 1",
      "+0 FinalBlocker",
      "BetaFreeze +1",
      "FinalBlocker +1 BetaBlocker",
      "+1",
    ]);
    return { text: bad, votes: [] };
  }
  return {
    text: rng.pick(["", "I think this violates the Beta criterion.", "Punt, needs more info.", "   "]),
    votes: [],
  };
}

interface GenComment {
  json: Record<string, unknown>;
  votes: GenVote[];
}

function pagureUser(name: string) {
  return { name, fullname: name, url_path: `user/${name}`, full_url: `https://pagure.io/user/${name}` };
}

export interface UpstreamWorldOptions {
  /** Bugs besides the trackers (default 50). */
  bugs?: number;
}

/** Builds a world from `seed` (see the module comment). */
export function randomUpstreamWorld(seed: number, opts: UpstreamWorldOptions = {}): UpstreamWorld {
  const rng = new Rng(seed);
  const historyRng = new Rng(seed + 7919);
  const releases = [release(90, 9_000_000, rng.pick(["f90", "f90-updates"]))];
  if (rng.chance(0.6)) releases.push(release(91, 9_000_010, "f91"));
  const allTrackers = releases.flatMap((r) =>
    VERSIONS.flatMap((v) => [r.trackers[v].blocker, r.trackers[v].fe]),
  );

  // --- Bugzilla ---------------------------------------------------------------------------------
  const drafts: Omit<GenBug, "history">[] = [];
  let id = 9_300_000;
  for (let i = 0, n = opts.bugs ?? 50; i < n; i++) {
    id += 1 + rng.int(4);
    const home = rng.pick(releases);
    const homeTrackers = VERSIONS.flatMap((v) => [home.trackers[v].blocker, home.trackers[v].fe]);
    let blocks = rng.chance(0.08) ? [] : rng.subset(homeTrackers, 0.35);
    if (blocks.length === 0 && rng.chance(0.9)) blocks = [rng.pick(homeTrackers)];
    if (releases.length > 1 && rng.chance(0.12)) blocks.push(rng.pick(allTrackers));
    blocks = [...new Set(blocks)];
    const closed = rng.chance(0.25);
    const component = rng.pick(COMPONENTS);
    drafts.push({
      id,
      summary: rng.chance(0.15)
        ? `<b>Crash</b>  in “installer”\t& friends — bug ${id}`
        : `Random bug ${id} in ${component}`,
      component,
      status: closed ? "CLOSED" : rng.pick(OPEN_STATUSES),
      resolution: closed ? rng.pick(RESOLUTIONS) : "",
      private: rng.chance(0.04),
      blocks,
      blocker: rng.pick([
        "proposed",
        "proposed",
        "accepted",
        "accepted",
        "rejected",
        "conflict",
        "0day",
        "prevrel",
      ]),
      fe: rng.pick(["proposed", "proposed", "accepted", "accepted", "rejected", "conflict"]),
    });
  }
  const blockerTrackers = releases.flatMap((r) => VERSIONS.map((v) => r.trackers[v].blocker));
  const bugs: GenBug[] = [];
  const bzBugs = drafts.map((draft) => {
    const component = rng.chance(0.5) ? draft.component : [draft.component];
    const wb = whiteboard(rng, draft);
    const start = Date.UTC(2025, 9, 1) / 1000 + historyRng.int(30 * 86400);
    const b: GenBug = { ...draft, history: bugHistory(historyRng, draft, wb, blockerTrackers, start) };
    bugs.push(b);
    return bzBug(b.id, {
      summary: b.private ? `SECRET ${b.id}` : b.summary,
      component,
      status: b.status,
      resolution: b.resolution,
      is_open: b.status !== "CLOSED",
      version: [String(releases[0]!.number)],
      whiteboard: wb,
      blocks: b.blocks,
      creator: b.history.filed.who,
      creation_time: b.history.filed.at,
      // Bugzilla's last change time is the bug's last history entry (or its filing).
      last_change_time: b.history.entries.at(-1)?.when ?? b.history.filed.at,
    });
  });
  const trackerBugs = releases.flatMap((r) =>
    VERSIONS.flatMap((v) => milestoneTrackers(r.number, v, r.trackers[v], bugs)),
  );

  // --- Bodhi and Koji ---------------------------------------------------------------------------
  const stableTagOf = (n: number) => releases.find((r) => r.number === n)?.stableTag ?? `f${n}`;
  const bodhiReleases = [...releases.map((r) => r.number), 89].map((n) => ({
    ...bodhiRelease(n),
    stable_tag: stableTagOf(n),
    state: n === 89 ? "current" : "frozen",
  }));
  const builds = new Map<string, GenBuild>();
  const updates: GenUpdate[] = [];
  const usedAliases = new Set<string>();
  const buildsOfRelease = (n: number) => [...builds.keys()].filter((nvr) => nvr.endsWith(`.fc${n}`));
  const newBuild = (n: number): string => {
    let nvr: string;
    do nvr = `${rng.pick(PACKAGES)}-${n}.${rng.int(20)}.${rng.int(10)}-${1 + rng.int(5)}.fc${n}`;
    while (builds.has(nvr));
    const tagPool = [
      `f${n}`,
      `f${n}-updates`,
      `f${n}-updates-candidate`,
      `f${n}-updates-testing`,
      `f${n}-updates-testing-pending`,
      `f${n}-updates-pending`,
      `f${n}-signing-pending`,
    ];
    let tags: string[] | null = null;
    if (!rng.chance(0.12)) {
      tags = rng.subset(tagPool, 0.3);
      if (rng.chance(0.45) && !tags.includes(stableTagOf(n))) tags.push(stableTagOf(n));
    }
    builds.set(nvr, { nvr, tags });
    return nvr;
  };
  for (const bug of bugs) {
    const bugReleases = releases.filter((r) =>
      VERSIONS.some(
        (v) => bug.blocks.includes(r.trackers[v].blocker) || bug.blocks.includes(r.trackers[v].fe),
      ),
    );
    for (let u = 0, n = rng.pick([0, 0, 1, 1, 1, 2, 2, 3]); u < n; u++) {
      const relNumber =
        bugReleases.length > 0 && rng.chance(0.8)
          ? rng.pick(bugReleases).number
          : rng.pick([...releases.map((r) => r.number), 89]);
      let alias: string;
      do alias = `FEDORA-2026-${rng.hex(10)}`;
      while (usedAliases.has(alias));
      usedAliases.add(alias);
      const nvrs: string[] = [];
      for (let k = 0, m = 1 + rng.int(3); k < m; k++) {
        const existing = buildsOfRelease(relNumber).filter((x) => !nvrs.includes(x));
        nvrs.push(existing.length > 0 && rng.chance(0.15) ? rng.pick(existing) : newBuild(relNumber));
      }
      const bugIds = [bug.id];
      if (rng.chance(0.15)) {
        const other = rng.pick(bugs);
        if (other.id !== bug.id) bugIds.push(other.id);
      }
      const [status, request] = rng.pick(UPDATE_STATES);
      updates.push({
        alias,
        release: relNumber,
        stableTag: stableTagOf(relNumber),
        status,
        request,
        karma: rng.int(7) - 2,
        stableKarma: rng.chance(0.1) ? null : rng.pick([1, 2, 3]),
        bugIds,
        nvrs,
      });
    }
  }
  const bodhiUpdates = updates.map((u, i) =>
    bodhiUpdateJson(
      u,
      bodhiReleases,
      `2026-11-${String(1 + (i % 28)).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:00:00`,
    ),
  );

  // --- Previous releases, prioritized flags, untracked bugs (third generator) -------------------
  const extraRng = new Rng(seed * 7919 + 13);
  const bodhiStates = new Map<number, string>(bodhiReleases.map((r) => [Number(r.version), r.state]));
  for (const [n, state] of [
    [88, "current"],
    [87, "archived"],
  ] as const) {
    bodhiReleases.push({ ...bodhiRelease(n), stable_tag: `f${n}-updates`, state });
    bodhiStates.set(n, state);
  }
  if (releases.length > 1 && extraRng.chance(0.5)) {
    // Fedora 90 already released while 91 is being tested: its updates fix 91's previous-release bugs.
    bodhiReleases.find((r) => r.name === "F90")!.state = "current";
    bodhiStates.set(90, "current");
  }
  const stableTagOfRelease = (n: number) => bodhiReleases.find((r) => r.name === `F${n}`)!.stable_tag;
  const extraNvrs = new Set<string>();
  const extraBuild = (n: number): string => {
    let nvr: string;
    do nvr = `prev-${extraRng.pick(PACKAGES)}-${n}.${extraRng.int(50)}-${1 + extraRng.int(5)}.fc${n}`;
    while (builds.has(nvr));
    let tags: string[] | null = null;
    if (!extraRng.chance(0.1)) {
      tags = extraRng.subset(
        [`f${n}-updates-candidate`, `f${n}-updates-testing`, `f${n}-updates-pending`],
        0.4,
      );
      if (extraRng.chance(0.5)) tags.push(stableTagOfRelease(n));
    }
    builds.set(nvr, { nvr, tags });
    extraNvrs.add(nvr);
    return nvr;
  };
  const extraUpdate = (bugId: number, relNumber: number) => {
    let alias: string;
    do alias = `FEDORA-2026-${extraRng.hex(10)}`;
    while (usedAliases.has(alias));
    usedAliases.add(alias);
    const [status, request] = extraRng.pick(UPDATE_STATES);
    const update: GenUpdate = {
      alias,
      release: relNumber,
      stableTag: stableTagOfRelease(relNumber),
      status,
      request,
      karma: extraRng.int(5),
      stableKarma: extraRng.pick([1, 2, 3]),
      bugIds: [bugId],
      nvrs: Array.from({ length: 1 + extraRng.int(2) }, () => extraBuild(relNumber)),
      extra: true,
    };
    updates.push(update);
    const day = String(1 + extraRng.int(28)).padStart(2, "0");
    bodhiUpdates.push(bodhiUpdateJson(update, bodhiReleases, `2026-10-${day} 12:00:00`));
  };
  for (const bug of bugs) {
    if (bug.blocker === "prevrel" || extraRng.chance(0.05)) {
      for (let k = 0, n = extraRng.pick([0, 1, 1, 2, 3]); k < n; k++)
        extraUpdate(bug.id, extraRng.pick([89, 89, 88, 87, ...(releases.length > 1 ? [90] : [])]));
    }
    if (extraRng.chance(0.15)) bug.prioritized = extraRng.pick(["+", "+", "?", "-"] as const);
  }
  const untrackedBugs: GenBug[] = [];
  for (let i = 0, n = 8 + extraRng.int(8); i < n; i++) {
    const closed = i >= 2 && extraRng.chance(0.25);
    const component = extraRng.pick(COMPONENTS);
    const status = closed ? "CLOSED" : extraRng.pick(OPEN_STATUSES);
    const resolution = closed ? extraRng.pick(RESOLUTIONS) : "";
    const filed = { seq: 0, at: "2025-11-01T10:00:00Z", who: "reporter1@example.com" };
    untrackedBugs.push({
      id: 9_400_000 + i * 3 + extraRng.int(3),
      summary: `Untracked bug ${i} in ${component}`,
      component,
      status,
      resolution,
      // The first two: open, readable and prioritized, so every world has some.
      private: i >= 2 && extraRng.chance(0.1),
      blocks: [],
      blocker: "proposed",
      fe: "proposed",
      prioritized: i < 2 ? "+" : extraRng.pick(["+", "+", "?", "-", null] as const),
      history: {
        filed,
        trackerSince: {},
        decisionSince: { blocker: filed, fe: filed },
        rejectedSince: { blocker: null, fe: null },
        entries: [],
        state: { blocks: [], whiteboard: "", blocker: "proposed", fe: "proposed", status, resolution },
      },
    });
  }
  for (const bug of bugs) bzBugs.find((b) => b.id === bug.id)!.flags = bugFlags(bug);
  for (const bug of untrackedBugs) bzBugs.push({ ...untrackedBzBug(bug), flags: bugFlags(bug) });

  const kojiBuilds = Object.fromEntries(
    [...builds.values()].filter((b) => b.tags !== null).map((b) => [b.nvr, { state: 1, tags: b.tags! }]),
  );

  // --- Pagure -------------------------------------------------------------------------------------
  const tickets: GenTicket[] = [];
  const issues: Record<string, unknown>[] = [];
  let issueId = 100;
  const counter = { commentId: 50_000, clock: 1_794_000_000 };
  const addIssue = (title: string, bugId: number | null) => {
    issueId += 1 + rng.int(3);
    const url = `https://pagure.io/fedora-qa/blocker-review/issue/${issueId}`;
    const tags = rng.subset(["meeting", "accepted", "punt"], 0.3);
    const created = counter.clock;
    const comments = randomComments(rng, counter, rng.int(9));
    issues.push({
      id: issueId,
      title,
      content: bugId ? `Bug: https://bugzilla.redhat.com/show_bug.cgi?id=${bugId}\n\nVote here.` : "Notes.",
      status: rng.chance(0.25) ? "Closed" : "Open",
      close_status: null,
      tags,
      private: false,
      date_created: String(created),
      last_updated: String(counter.clock),
      user: pagureUser("blockerbot"),
      comments: comments.map((c) => c.json),
      full_url: url,
      assignee: null,
      milestone: null,
      priority: null,
      blocks: [],
      depends: [],
      custom_fields: [],
      related_prs: [],
      closed_at: null,
      closed_by: null,
    });
    tickets.push({
      issueId,
      bugId,
      url,
      meeting: tags.includes("meeting"),
      commentVotes: comments.map((c) => c.votes),
    });
    counter.clock += 1 + rng.int(1000);
  };
  for (const bug of bugs) {
    if (rng.chance(bug.blocks.length > 0 ? 0.7 : 0.2)) addIssue(`${bug.id}: ${bug.summary}`, bug.id);
    if (rng.chance(0.05)) addIssue(`Blocker review meeting ${rng.int(100)}`, null);
  }

  const data = {
    about: { generator: "random-upstream-dataset.ts", seed, releases: releases.map((r) => r.number) },
    bugzilla: {
      bugs: [...trackerBugs, ...bzBugs],
      comments: {},
      private: [...bugs, ...untrackedBugs].filter((b) => b.private).map((b) => b.id),
      history: Object.fromEntries(
        bugs.filter((b) => b.history.entries.length > 0).map((b) => [String(b.id), b.history.entries]),
      ),
    },
    bodhi: { releases: bodhiReleases, updates: bodhiUpdates },
    koji: { builds: kojiBuilds },
    pagure: { repo: "fedora-qa/blocker-review", issues },
  };
  const commentsByIssue = new Map(
    issues.map((i) => [i.id as number, i.comments as Record<string, unknown>[]] as const),
  );
  return {
    seed,
    releases,
    bugs,
    updates,
    builds,
    tickets,
    untrackedBugs,
    bodhiStates,
    data,
    internal: {
      rng,
      counter,
      newBuild,
      comments: commentsByIssue,
      historyRng,
      extraRng,
      extraBuild,
      extraNvrs,
    },
  };
}

/** `n` comments after `counter.clock` (notification ones, vote lines valid and not), ids from `counter`. */
function randomComments(rng: Rng, counter: { commentId: number; clock: number }, n: number): GenComment[] {
  const comments: GenComment[] = [];
  for (let c = 0; c < n; c++) {
    counter.clock += rng.chance(0.2) ? 0 : 1 + rng.int(5000); // some comments share a second: id order
    comments.push(randomComment(rng, counter.commentId++, counter.clock, rng.pick(VOTERS)));
  }
  return comments;
}

/** One comment by `voter`: a notification (never votes) or 1–3 lines, vote lines valid or not. */
function randomComment(rng: Rng, id: number, at: number, voter: string): GenComment {
  if (rng.chance(0.15)) {
    const text = rng.chance(0.5)
      ? `**Metadata Update from @${voter}**:\n- Issue tagged with: meeting`
      : "BetaBlocker +1\nFinalFE -1";
    return { json: comment(id, text, at, true, voter), votes: [] };
  }
  const lines = Array.from({ length: 1 + rng.int(3) }, () => voteLine(rng, voter));
  const text = lines.map((l) => l.text).join(rng.chance(0.2) ? "\r\n" : "\n");
  return { json: comment(id, text, at, false, voter), votes: lines.flatMap((l) => l.votes) };
}

function comment(id: number, text: string, at: number, notification: boolean, user: string) {
  return {
    id,
    comment: text,
    date_created: String(at),
    edited_on: null,
    editor: null,
    notification,
    parent: null,
    reactions: {},
    user: pagureUser(user),
  };
}

/** A generated update as Bodhi serves it, submitted at `submitted` (Bodhi's `YYYY-MM-DD HH:MM:SS`). */
function bodhiUpdateJson(u: GenUpdate, releases: Record<string, unknown>[], submitted: string) {
  return {
    alias: u.alias,
    updateid: u.alias,
    title: u.nvrs.join(" "),
    status: u.status,
    request: u.request,
    karma: u.karma,
    stable_karma: u.stableKarma,
    unstable_karma: -3,
    type: "bugfix",
    date_submitted: submitted,
    date_modified: null,
    date_pushed: null,
    builds: u.nvrs.map((nvr) => ({ nvr, epoch: 0, type: "rpm", signed: true })),
    bugs: bugsJson(u.bugIds),
    release: releases.find((r) => r.name === `F${u.release}`)!,
    url: `https://bodhi.fedoraproject.org/updates/${u.alias}`,
    user: { name: "packager", id: 1 },
    notes: "Random update.",
    content_type: "rpm",
  };
}

/** The `flags` of a generated bug: its `fedora_prioritized_bug` flag, if any. */
function bugFlags(bug: GenBug) {
  return bug.prioritized
    ? [
        {
          id: bug.id,
          name: "fedora_prioritized_bug",
          type_id: 1142,
          status: bug.prioritized,
          setter: "pm@example.com",
        },
      ]
    : [];
}

/** The Bugzilla bug of a generated bug that blocks no tracker. */
function untrackedBzBug(bug: GenBug) {
  return bzBug(bug.id, {
    summary: bug.private ? `SECRET ${bug.id}` : bug.summary,
    component: [bug.component],
    status: bug.status,
    resolution: bug.resolution,
    is_open: bug.status !== "CLOSED",
    whiteboard: "",
    blocks: [],
    creator: bug.history.filed.who,
    creation_time: bug.history.filed.at,
  });
}

function bugsJson(bugIds: number[]) {
  return bugIds.map((bug_id) => ({
    bug_id,
    title: `bug ${bug_id}`,
    security: false,
    parent: false,
    feedback: [],
  }));
}

/** Bodhi's datetime format for "now" (UTC, no `T`, no zone). */
const bodhiNow = () => new Date().toISOString().replace("T", " ").slice(0, 19);

/** Update statuses whose status, request and karma still change without an edit (undated in Bodhi). */
const IN_FLIGHT = ["pending", "testing"];

/** A `POST /_sandbox/dataset` patch (see `DatasetPatchSchema`). */
export interface UpstreamPatch {
  /** `history`: the entries the round appends (so the sandbox records no entries of its own). */
  bugzilla: { bugs: Record<string, unknown>[]; history: Record<string, HistoryEntry[]> };
  bodhi: { updates: Record<string, unknown>[]; remove: string[]; releases?: Record<string, unknown>[] };
  koji: {
    builds: Record<string, { state: number; tags: string[] }>;
    tag: { build: string; add: string[]; remove: string[] }[];
  };
  pagure: { issues: Record<string, unknown>[] };
}

/**
 * One round of upstream changes as the services make them, applied to `world` (its knowledge stays
 * true) and returned as a sandbox patch: review decisions, statuses and tracker memberships of some
 * bugs (each as one history entry by a reviewer); pushes, requests and karma of some updates in flight (pending or testing: Bodhi dates none of
 * these), edits of some not yet stable updates (their bug list or builds; Bodhi sets `date_modified`),
 * a few new updates (`date_submitted` now); the stable tag added to some Koji builds and some unknown
 * builds appearing; new comments (new and changed votes), edited comments and a toggled `meeting` tag
 * on some tickets (their `last_updated` becomes the sandbox's "now"). An incremental sync must see all
 * of it; `mutateUndated` makes the changes only a full pass can see.
 */
export function mutateUpstreamWorld(world: UpstreamWorld): UpstreamPatch {
  const { rng, counter, newBuild, comments, historyRng } = world.internal;
  const patch: UpstreamPatch = {
    bugzilla: { bugs: [], history: {} },
    bodhi: { updates: [], remove: [] },
    koji: { builds: {}, tag: [] },
    pagure: { issues: [] },
  };
  for (const bug of world.bugs) {
    if (bug.private || !rng.chance(0.2)) continue;
    bug.blocker = rng.pick(["proposed", "accepted", "rejected", "conflict", "0day", "prevrel"]);
    bug.fe = rng.pick(["proposed", "accepted", "rejected", "conflict"]);
    const closed = rng.chance(0.25);
    bug.status = closed ? "CLOSED" : rng.pick(OPEN_STATUSES);
    bug.resolution = closed ? rng.pick(RESOLUTIONS) : "";
    const fields: Record<string, unknown> = {
      id: bug.id,
      whiteboard: whiteboard(rng, bug),
      status: bug.status,
      resolution: bug.resolution,
      is_open: !closed,
    };
    if (rng.chance(0.3)) {
      // Joins, leaves or moves between trackers (the sandbox mirrors the trackers' depends_on).
      const all = world.releases.flatMap((r) =>
        VERSIONS.flatMap((v) => [r.trackers[v].blocker, r.trackers[v].fe]),
      );
      bug.blocks = rng.subset(all, 0.25);
      fields.blocks = bug.blocks;
    }
    patch.bugzilla.bugs.push(fields);
    // One edit by a reviewer, now (the sandbox stamps the bug's last change time as it applies the patch).
    const h = bug.history;
    const before = h.entries.length;
    recordEdit(h, bzTime(Math.floor(Date.now() / 1000)), historyRng.pick(DECIDERS), {
      blocks: bug.blocks,
      whiteboard: fields.whiteboard as string,
      blocker: bug.blocker,
      fe: bug.fe,
      status: bug.status,
      resolution: bug.resolution,
    });
    patch.bugzilla.history[String(bug.id)] = h.entries.slice(before);
  }
  const releasesJson = (world.data.bodhi as { releases: Record<string, unknown>[] }).releases;
  for (const u of world.updates) {
    if (u.extra) continue;
    const fields: Record<string, unknown> = { alias: u.alias };
    if (IN_FLIGHT.includes(u.status) && rng.chance(0.3)) {
      [u.status, u.request] = rng.pick(UPDATE_STATES);
      u.karma = rng.int(7) - 2;
      Object.assign(fields, { status: u.status, request: u.request, karma: u.karma });
      if (u.status === "testing") fields.date_testing = bodhiNow();
      if (u.status === "stable") fields.date_stable = bodhiNow();
    } else if (u.status !== "stable" && rng.chance(0.15)) {
      // An edit: Bodhi dates it (date_modified); an unpushed update edited goes back to pending.
      if (u.bugIds.length > 1 && rng.chance(0.5)) {
        u.bugIds = u.bugIds.slice(0, 1);
        fields.bugs = bugsJson(u.bugIds);
      } else {
        u.nvrs = [...u.nvrs, newBuild(u.release)];
        fields.builds = u.nvrs.map((nvr) => ({ nvr, epoch: 0, type: "rpm", signed: true }));
        const added = world.builds.get(u.nvrs.at(-1)!)!;
        if (added.tags) patch.koji.builds[added.nvr] = { state: 1, tags: added.tags };
      }
      if (u.status === "unpushed") [u.status, u.request] = ["pending", "testing"];
      Object.assign(fields, { status: u.status, request: u.request, date_modified: bodhiNow() });
    } else continue;
    patch.bodhi.updates.push(fields);
  }
  // New updates for some tracked bugs (submitted now).
  const tracked = world.bugs.filter((b) => !b.private && b.blocks.length > 0);
  for (let k = 0, n = Math.ceil(tracked.length * 0.03); k < n && tracked.length > 0; k++) {
    const bug = rng.pick(tracked);
    const release = rng.pick(world.releases).number;
    let alias: string;
    do alias = `FEDORA-2026-${rng.hex(10)}`;
    while (world.updates.some((u) => u.alias === alias));
    const [status, request] = rng.pick([
      ["pending", "testing"],
      ["pending", null],
    ] as [string, string | null][]);
    const update: GenUpdate = {
      alias,
      release,
      stableTag: world.releases.find((r) => r.number === release)!.stableTag,
      status,
      request,
      karma: 0,
      stableKarma: 3,
      bugIds: [bug.id],
      nvrs: [newBuild(release)],
    };
    world.updates.push(update);
    const build = world.builds.get(update.nvrs[0]!)!;
    if (build.tags) patch.koji.builds[build.nvr] = { state: 1, tags: build.tags };
    patch.bodhi.updates.push(bodhiUpdateJson(update, releasesJson, bodhiNow()));
  }
  for (const build of world.builds.values()) {
    if (world.internal.extraNvrs.has(build.nvr)) continue;
    if (build.nvr in patch.koji.builds || !rng.chance(0.25)) continue;
    const stable = stableTagOfBuild(world, build.nvr);
    if (build.tags === null) {
      build.tags = rng.chance(0.5) ? [stable] : [`${stable}-candidate`];
      patch.koji.builds[build.nvr] = { state: 1, tags: build.tags };
    } else if (!build.tags.includes(stable)) {
      build.tags = [...build.tags, stable];
      patch.koji.tag.push({ build: build.nvr, add: [stable], remove: [] });
    }
  }
  for (const ticket of world.tickets) {
    // Untouched tickets stay as they were; those of bugs tracked for the first time in this round are
    // older than the last Pagure listing, and must still be found (pagureListingSince).
    if (!rng.chance(0.35)) continue;
    const added = randomComments(rng, counter, 1 + rng.int(4));
    const all = [...comments.get(ticket.issueId)!];
    // An edited comment counts as it reads now.
    const editable = all.flatMap((c, i) => (c.notification ? [] : [i]));
    if (editable.length > 0 && rng.chance(0.4)) {
      const i = rng.pick(editable);
      const old = all[i] as { id: number; date_created: string; user: { name: string } };
      const edited = randomComment(rng, old.id, Number(old.date_created), old.user.name);
      if (!edited.json.notification) {
        all[i] = { ...edited.json, edited_on: String(counter.clock), editor: old.user };
        ticket.commentVotes[i] = edited.votes;
      }
    }
    ticket.commentVotes.push(...added.map((c) => c.votes));
    all.push(...added.map((c) => c.json));
    comments.set(ticket.issueId, all);
    const fields: Record<string, unknown> = { id: ticket.issueId, comments: all };
    if (rng.chance(0.3)) {
      ticket.meeting = !ticket.meeting;
      fields.tags = ticket.meeting ? ["meeting"] : [];
    }
    patch.pagure.issues.push(fields);
  }
  mutatePreviousReleasesAndFlags(world, patch);
  return patch;
}

/**
 * The third generator's round (part of `mutateUpstreamWorld`): prioritized flags set, changed or
 * removed on some bugs, tracked or not; some untracked bugs closed or reopened; status and request of
 * some updates of untracked releases (89, 88, 87) changed (undated: the previous-release updates are
 * listed completely on every sync), a few removed, new ones for some bugs; Fedora 88 leaves Bodhi's
 * current releases in some worlds.
 */
function mutatePreviousReleasesAndFlags(world: UpstreamWorld, patch: UpstreamPatch): void {
  const { extraRng: rng, extraBuild } = world.internal;
  const bugFields = (id: number) => {
    let fields = patch.bugzilla.bugs.find((b) => b.id === id);
    if (!fields) patch.bugzilla.bugs.push((fields = { id }));
    return fields;
  };
  for (const bug of [...world.bugs, ...world.untrackedBugs]) {
    if (bug.private) continue;
    if (rng.chance(0.15)) {
      bug.prioritized = rng.pick(["+", "+", "?", "-", null] as const);
      bugFields(bug.id).flags = bugFlags(bug);
    }
    if (bug.blocks.length === 0 && world.untrackedBugs.includes(bug) && rng.chance(0.2)) {
      const closed = bug.status !== "CLOSED";
      bug.status = closed ? "CLOSED" : rng.pick(OPEN_STATUSES);
      bug.resolution = closed ? rng.pick(RESOLUTIONS) : "";
      Object.assign(bugFields(bug.id), { status: bug.status, resolution: bug.resolution, is_open: !closed });
    }
  }
  const releases = (world.data.bodhi as { releases: Record<string, unknown>[] }).releases;
  for (const u of [...world.updates]) {
    // Updates of a tracked release (90, 91) are read incrementally by the Bodhi step: no undated
    // changes to them in this dated round (mutateUndated makes those).
    if (!u.extra || world.releases.some((r) => r.number === u.release)) continue;
    if (rng.chance(0.05)) {
      world.updates.splice(world.updates.indexOf(u), 1);
      patch.bodhi.remove.push(u.alias);
    } else if (rng.chance(0.3)) {
      [u.status, u.request] = rng.pick(UPDATE_STATES);
      patch.bodhi.updates.push({ alias: u.alias, status: u.status, request: u.request });
    }
  }
  for (const bug of world.bugs) {
    if (!rng.chance(0.05)) continue;
    const n = rng.pick([89, 88]);
    let alias: string;
    do alias = `FEDORA-2026-${rng.hex(10)}`;
    while (world.updates.some((x) => x.alias === alias));
    const [status, request] = rng.pick(UPDATE_STATES);
    const u: GenUpdate = {
      alias,
      release: n,
      stableTag: releases.find((r) => r.name === `F${n}`)!.stable_tag as string,
      status,
      request,
      karma: rng.int(5),
      stableKarma: 3,
      bugIds: [bug.id],
      nvrs: [extraBuild(n)],
      extra: true,
    };
    world.updates.push(u);
    patch.bodhi.updates.push(bodhiUpdateJson(u, releases, bodhiNow()));
    const build = world.builds.get(u.nvrs[0]!)!;
    if (build.tags) patch.koji.builds[build.nvr] = { state: 1, tags: build.tags };
  }
  if (rng.chance(0.4)) {
    world.bodhiStates.set(88, "archived");
    patch.bodhi.releases = [{ name: "F88", state: "archived" }];
  }
}

/** The stable tag of the release a build belongs to (by its `.fc<N>` dist tag). */
function stableTagOfBuild(world: UpstreamWorld, nvr: string): string {
  return (
    world.releases.find((r) => nvr.endsWith(`.fc${r.number}`))?.stableTag ??
    nvr.replace(/^.*\.fc(\d+)$/, "f$1")
  );
}

/**
 * Changes no incremental pass can see, only the daily full one: updates removed from Bodhi, status,
 * request and karma changed without any Bodhi date (also of final updates), and the stable tag taken
 * off Koji builds that had it. Applied to `world` and returned as a sandbox patch.
 */
export function mutateUndated(world: UpstreamWorld): UpstreamPatch {
  const { rng } = world.internal;
  const patch: UpstreamPatch = {
    bugzilla: { bugs: [], history: {} },
    bodhi: { updates: [], remove: [] },
    koji: { builds: {}, tag: [] },
    pagure: { issues: [] },
  };
  for (const u of [...world.updates]) {
    if (u.extra) continue;
    if (rng.chance(0.05)) {
      world.updates.splice(world.updates.indexOf(u), 1);
      patch.bodhi.remove.push(u.alias);
    } else if (rng.chance(0.3)) {
      [u.status, u.request] = rng.pick(UPDATE_STATES);
      u.karma = rng.int(7) - 2;
      patch.bodhi.updates.push({ alias: u.alias, status: u.status, request: u.request, karma: u.karma });
    }
  }
  for (const build of world.builds.values()) {
    if (world.internal.extraNvrs.has(build.nvr)) continue;
    const stable = stableTagOfBuild(world, build.nvr);
    if (!build.tags?.includes(stable) || !rng.chance(0.25)) continue;
    build.tags = build.tags.filter((t) => t !== stable);
    patch.koji.tag.push({ build: build.nvr, add: [], remove: [stable] });
  }
  return patch;
}

/**
 * Seeded random upstream datasets for property-style sync tests: release 90's four trackers (as in
 * `dataset()`), N bugs with random tracker memberships, whiteboards, statuses, flags, components,
 * aliases and private bugs, plus random mutation rounds. The same seed always gives the same data.
 *
 * Expected states are NOT computed here: tests derive them with their own oracle from the data the
 * sandbox actually serves.
 */
import { bzBug, dataset, T } from "./datasets";
import { seededRandom } from "../sandbox/faults";

/** A generated Bugzilla REST bug (the shape `bzBug` returns). */
export type GeneratedBug = ReturnType<typeof bzBug>;

/** A patch for `patchBugs`: fields shallow-merged into the bug with this id. */
export type BugPatch = { id: number } & Record<string, unknown>;

/** Convenience wrapper around a seeded PRNG. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  /** Float in [0, 1). */
  float(): number {
    return this.next();
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<X>(items: readonly X[]): X {
    return items[this.int(items.length)]!;
  }
  /** A new array with the items in random order. */
  shuffle<X>(items: readonly X[]): X[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

/** Release 90's trackers, in a fixed order. */
export const TRACKERS = [T.betaBlocker, T.betaFe, T.finalBlocker, T.finalFe] as const;
const TRACKER_SET = new Set<number>(TRACKERS);

/** The review keywords of product spec §3, spelled canonically. */
export const KEYWORDS = [
  "AcceptedBlocker",
  "RejectedBlocker",
  "AcceptedFreezeException",
  "RejectedFreezeException",
  "Accepted0Day",
  "AcceptedPreviousRelease",
] as const;

/** Tokens that look like keywords but are not (once split on the §3 separators). */
const LOOK_ALIKES = [
  "AcceptedBlockerX",
  "PreAcceptedBlocker",
  "NotRejectedBlocker",
  "UnAcceptedFreezeException",
  "Accepted-Blocker",
  "Accepted_Blocker",
  "AcceptedBlocker.",
  "AcceptedBlocker:",
  "AcceptedBlocker?",
  "AcceptedBlocker=1",
  "AcceptedBlockers",
  "RejectedBlocker2",
  "AcceptedBlocker/RejectedBlocker",
  '"AcceptedBlocker"',
  "'RejectedFreezeException'",
  "AcceptedFE",
  "RejectedFE",
  "AcceptedFreezeExceptions",
  "FreezeException",
  "Accepted0Days",
  "Accepted0day-ish",
  "0Day",
  "AcceptedPrevRelease",
  "AcceptedPreviousReleases",
  "Accepted",
  "Blocker",
  "Acc\u0435ptedBlocker", // Cyrillic "е"
  "Rejected\u0412locker", // Cyrillic "В"
  "AcceptedBlocker\u200b", // zero-width space is not whitespace
];

const NOISE = [
  "CommonBugs",
  "https://fedoraproject.org/wiki/Common_bugs#anaconda",
  "see",
  "comment",
  "12",
  "Triaged",
  "NeedsRetest",
  "F90",
  "beta",
  "final",
  "blocker",
  "FE",
  "0day",
  "Überprüft",
  "✓",
  "-",
  "&amp;",
];

/** Strings between whiteboard items. Every one contains at least one §3 separator. */
const SEPARATORS = [" ", "  ", ",", ", ", ";", " ; ", "|", " | ", "\t", ",,", "|;", "] [", ")(", "}{", "\n"];

const OPEN_STATUSES = ["NEW", "ASSIGNED", "POST", "MODIFIED", "ON_QA", "VERIFIED"];
const RESOLUTIONS = [
  "ERRATA",
  "NOTABUG",
  "DUPLICATE",
  "CURRENTRELEASE",
  "NEXTRELEASE",
  "WONTFIX",
  "CANTFIX",
  "RAWHIDE",
  "EOL",
  "UPSTREAM",
  "WORKSFORME",
  "INSUFFICIENT_DATA",
  "DEFERRED",
];
const COMPONENTS = ["anaconda", "kernel", "gnome-shell", "dnf", "systemd", "selinux-policy", "firefox"];
const PEOPLE = [
  "dev@example.com",
  "qa@example.com",
  "pm@example.com",
  "kernel-maint@example.com",
  "desktop@example.com",
];

/** A word in a random case form: as written, lower, upper, or mixed. */
export function caseVariant(rng: Rng, word: string): string {
  switch (rng.int(5)) {
    case 0:
      return word.toLowerCase();
    case 1:
      return word.toUpperCase();
    case 2:
      return [...word].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join("");
    default:
      return word;
  }
}

/** A random whiteboard of keywords, look-alikes and noise joined by §3 separators. */
export function randomWhiteboard(rng: Rng): string {
  const roll = rng.float();
  if (roll < 0.12) return "";
  if (roll < 0.15) return rng.pick([" ", "\t", " , ", "[]", "|"]);
  const items: string[] = [];
  const count = 1 + rng.int(5);
  for (let i = 0; i < count; i++) {
    const kind = rng.float();
    let item =
      kind < 0.5
        ? caseVariant(rng, rng.pick(KEYWORDS))
        : kind < 0.75
          ? caseVariant(rng, rng.pick(LOOK_ALIKES))
          : rng.pick(NOISE);
    if (rng.chance(0.2)) {
      const [open, close] = rng.pick([
        ["[", "]"],
        ["(", ")"],
        ["{", "}"],
      ]);
      item = `${open}${item}${close}`;
    }
    items.push(item);
  }
  let text = items[0]!;
  for (const item of items.slice(1)) text += rng.pick(SEPARATORS) + item;
  if (rng.chance(0.15)) text = rng.pick([" ", "[", "|", ", "]) + text;
  if (rng.chance(0.15)) text += rng.pick([" ", "]", ";", " |"]);
  return text;
}

/** A random subset of the four trackers; about 15 % of bugs block none. */
function randomTrackerBlocks(rng: Rng): number[] {
  if (rng.chance(0.15)) return [];
  const picked = TRACKERS.filter(() => rng.chance(0.4));
  return picked.length ? picked : [rng.pick(TRACKERS)];
}

/** Status, resolution and is_open, about a quarter of them CLOSED. */
export function randomStatus(rng: Rng): { status: string; resolution: string; is_open: boolean } {
  if (rng.chance(0.25)) return { status: "CLOSED", resolution: rng.pick(RESOLUTIONS), is_open: false };
  return { status: rng.pick(OPEN_STATUSES), resolution: "", is_open: true };
}

/** Random flags: needinfo requests (distinct requestees), granted/denied needinfos, other flags. */
function randomFlags(rng: Rng, bugId: number) {
  const flags: Record<string, unknown>[] = [];
  let flagId = bugId * 10;
  const flag = (name: string, status: string, requestee?: string) =>
    flags.push({
      id: flagId++,
      name,
      status,
      ...(requestee ? { requestee } : {}),
      setter: "qa-lead@example.com",
      type_id: name === "needinfo" ? 1 : 2,
      creation_date: "2026-10-01T10:00:00Z",
      modification_date: "2026-10-01T10:00:00Z",
      is_active: 1,
    });
  for (const who of rng.shuffle(PEOPLE).slice(0, rng.chance(0.6) ? 0 : 1 + rng.int(3))) {
    flag("needinfo", "?", who);
  }
  if (rng.chance(0.15)) flag("needinfo", rng.pick(["+", "-"]), rng.pick(PEOPLE));
  if (rng.chance(0.1)) flag("fedora_prioritized_bug", rng.pick(["+", "?", "-"]));
  if (rng.chance(0.1)) flag("fedora-review", "?", rng.pick(PEOPLE));
  return flags;
}

/** A random `alias` value: absent, null, "" / [] or one alias as a string or an array. */
function randomAlias(rng: Rng, bugId: number): { alias?: string | string[] | null } {
  switch (rng.int(6)) {
    case 0:
      return {};
    case 1:
      return { alias: null };
    case 2:
      return { alias: rng.chance(0.5) ? "" : [] };
    case 3:
      return { alias: `rnd-${bugId}` };
    default:
      return { alias: [`rnd-${bugId}`] };
  }
}

function randomComponent(rng: Rng): string | string[] {
  const one = rng.pick(COMPONENTS);
  const roll = rng.float();
  if (roll < 0.4) return one;
  if (roll < 0.9) return [one];
  return [one, rng.pick(COMPONENTS.filter((c) => c !== one))];
}

function randomTime(rng: Rng): string {
  const start = Date.UTC(2026, 7, 1);
  const ms = start + rng.int(60 * 24 * 60) * 60_000;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface RandomDatasetOptions {
  /** Number of bugs besides the trackers (default 150). */
  bugs?: number;
  /** Share of bugs that are private (default 0.06). */
  privateShare?: number;
  /** Id of the first bug (default 9200000); ids then grow with random gaps. */
  firstId?: number;
}

/** A generated world: the sandbox dataset plus the generator's own view of it. */
export interface RandomWorld {
  seed: number;
  data: ReturnType<typeof dataset>;
  /** The generated bugs (not the trackers), as put into the dataset. */
  bugs: GeneratedBug[];
  privateIds: number[];
  /** The PRNG, to continue with mutation rounds. */
  rng: Rng;
}

/**
 * Release 90 (Beta and Final trackers, as `dataset()`) with `opts.bugs` random bugs. Some bugs also
 * block an earlier generated bug (with the mirrored `depends_on`), so there are open and closed
 * dependencies; the dependency graph has no loops.
 */
export function randomWorld(seed: number, opts: RandomDatasetOptions = {}): RandomWorld {
  const rng = new Rng(seed);
  const n = opts.bugs ?? 150;
  const bugs: GeneratedBug[] = [];
  let id = opts.firstId ?? 9_200_000;
  for (let i = 0; i < n; i++) {
    id += 1 + rng.int(3);
    const blocks = randomTrackerBlocks(rng);
    if (bugs.length > 0 && rng.chance(0.1)) blocks.push(rng.pick(bugs).id);
    const summary = rng.chance(0.1)
      ? `<b>Crash</b> in “installer” & friends — bug ${id}`
      : `Random bug ${id} (${rng.pick(COMPONENTS)})`;
    const bug = bzBug(id, {
      summary,
      ...randomStatus(rng),
      component: randomComponent(rng),
      whiteboard: randomWhiteboard(rng),
      flags: randomFlags(rng, id),
      blocks,
      last_change_time: randomTime(rng),
    });
    const alias = randomAlias(rng, id);
    if ("alias" in alias) bug.alias = alias.alias;
    else delete bug.alias;
    bugs.push(bug);
  }
  // Mirror the non-tracker blocks into depends_on.
  const byId = new Map(bugs.map((b) => [b.id, b]));
  for (const bug of bugs) {
    for (const target of bug.blocks) {
      const other = byId.get(target);
      if (other) other.depends_on = [...((other.depends_on as number[]) ?? []), bug.id];
    }
  }
  const privateIds = bugs.filter(() => rng.chance(opts.privateShare ?? 0.06)).map((b) => b.id);
  for (const bug of bugs) {
    if (privateIds.includes(bug.id)) {
      // Data nobody may see: a sync that shows any of it invented or leaked it.
      bug.summary = `SECRET ${bug.id}`;
      bug.whiteboard = "AcceptedBlocker AcceptedFreezeException";
    }
  }
  return { seed, data: dataset(bugs, privateIds), bugs, privateIds, rng };
}

/** What a mutation did to one bug (for messages). */
export type MutationKind = "whiteboard" | "leave" | "betaToFinal" | "reblock" | "join" | "status";

export interface MutationRound {
  patches: BugPatch[];
  kinds: Map<number, MutationKind[]>;
}

const isBetaTracker = (id: number) => id === T.betaBlocker || id === T.betaFe;

/**
 * Changes about `share` of the bugs (whiteboard, tracker membership, status) and returns the patches
 * for `patchBugs`; `world.bugs` is updated to match. At least one bug leaves both trackers and at
 * least one Beta bug moves to Final (when such bugs exist). Private bugs only change membership.
 */
export function mutateWorld(world: RandomWorld, share = 0.2): MutationRound {
  const { rng, bugs } = world;
  const chosen = rng.shuffle(bugs).slice(0, Math.max(2, Math.round(bugs.length * share)));
  const kinds = new Map<number, MutationKind[]>();
  const patches = new Map<number, BugPatch>();
  const trackersOf = (bug: GeneratedBug) => bug.blocks.filter((b) => TRACKER_SET.has(b));
  const others = (bug: GeneratedBug) => bug.blocks.filter((b) => !TRACKER_SET.has(b));
  const apply = (bug: GeneratedBug, kind: MutationKind, fields: Record<string, unknown>) => {
    Object.assign(bug, fields);
    patches.set(bug.id, { ...(patches.get(bug.id) ?? { id: bug.id }), ...fields });
    kinds.set(bug.id, [...(kinds.get(bug.id) ?? []), kind]);
  };
  const leave = (bug: GeneratedBug) => apply(bug, "leave", { blocks: others(bug) });
  const betaToFinal = (bug: GeneratedBug) =>
    apply(bug, "betaToFinal", {
      blocks: [
        ...new Set(
          bug.blocks.map((b) => (b === T.betaBlocker ? T.finalBlocker : b === T.betaFe ? T.finalFe : b)),
        ),
      ],
    });

  // The guaranteed ones first.
  const leaver = chosen.find((b) => trackersOf(b).length > 0);
  if (leaver) leave(leaver);
  const mover = chosen.find((b) => b !== leaver && b.blocks.some(isBetaTracker));
  if (mover) betaToFinal(mover);

  for (const bug of chosen) {
    if (bug === leaver || bug === mover) continue;
    const isPrivate = world.privateIds.includes(bug.id);
    const changes = 1 + rng.int(2);
    for (let c = 0; c < changes; c++) {
      const roll = rng.float();
      if (isPrivate || roll < 0.35) {
        if (isPrivate || rng.chance(0.6)) {
          const r = rng.float();
          if (trackersOf(bug).length === 0)
            apply(bug, "join", { blocks: [...others(bug), rng.pick(TRACKERS)] });
          else if (r < 0.3) leave(bug);
          else if (r < 0.6 && bug.blocks.some(isBetaTracker)) betaToFinal(bug);
          else apply(bug, "reblock", { blocks: [...others(bug), ...randomTrackerBlocks(rng)] });
        } else {
          apply(bug, "reblock", { blocks: [...others(bug), ...randomTrackerBlocks(rng)] });
        }
        if (isPrivate) break;
      } else if (roll < 0.75) {
        apply(bug, "whiteboard", { whiteboard: randomWhiteboard(rng) });
      } else {
        apply(bug, "status", randomStatus(rng));
      }
    }
  }
  return { patches: [...patches.values()], kinds };
}

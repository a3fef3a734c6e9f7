/**
 * The IRC/meetbot script of a milestone's blocker review meeting (product spec §5, original app §9.2):
 * section counts as `#info` lines, then one block per open proposed bug with its links, proposal type,
 * component, status and ticket votes, and one per open conflict (it needs a decision).
 *
 * Pure: no I/O, no server imports.
 */
import { isClosed } from "./blocker-state.js";
import { bugzillaBugUrl, formatStatus } from "./bug-fields.js";
import { milestoneName } from "./milestone-name.js";
import type { MilestoneProposals } from "./proposal-history.js";
import {
  countOpenClosed,
  groupSections,
  splitNeverRead,
  type BugStateFields,
  type TrackerKind,
} from "./sections.js";
import { formatTallyCounts, formatVoters, tallyByTracker, type VoteInfo } from "./votes.js";

/** What the meeting script reads of a bug's discussion ticket. */
export interface ScriptDiscussion {
  url: string | null;
  votes: readonly VoteInfo[];
}

/** What the meeting script reads of a milestone's bug. */
export interface ScriptBug extends BugStateFields {
  bugId: number;
  summary: string;
  component: string;
  status: string;
  resolution: string;
  fetchedAt: Date | null;
  discussion: ScriptDiscussion | null;
  /** Its proposals' history (only `previouslyRejected` is read: re-proposals are marked). */
  proposals: MilestoneProposals;
}

/** Display name of a milestone version: `"beta"` → `"Beta"`. */
export function versionLabel(version: string): string {
  return version.charAt(0).toUpperCase() + version.slice(1).toLowerCase();
}

/** Collapses whitespace (newlines included) so upstream text stays on one IRC line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** `#info` lines of one bug's ticket votes: `#info Ticket vote: BetaBlocker (+3,0,-1) (+alice, …)`. */
export function voteLines(discussion: ScriptDiscussion | null): string[] {
  if (!discussion) return [];
  return Object.entries(tallyByTracker(discussion.votes)).map(
    ([tracker, t]) => `#info Ticket vote: ${tracker} ${formatTallyCounts(t, true)} (${formatVoters(t)})`,
  );
}

const KIND_NAMES: Record<TrackerKind, string> = { blocker: "Blocker", fe: "Freeze Exception" };

/** The `#topic` and `#link` lines that open one bug's block. */
function bugHead(bug: ScriptBug, bugzillaUrl: string): string[] {
  const lines = [
    `#topic (${bug.bugId}) ${oneLine(bug.summary)}`,
    `#link ${bugzillaBugUrl(bugzillaUrl, bug.bugId)}`,
  ];
  if (bug.discussion?.url) lines.push(`#link ${bug.discussion.url}`);
  return lines;
}

/** `COMPONENT, STATUS` of a bug's `#info` line. */
function componentAndStatus(bug: ScriptBug): string {
  return `${oneLine(bug.component)}, ${formatStatus(bug.status, bug.resolution)}`;
}

/**
 * The lines of one proposed bug:
 * `#topic (ID) SUMMARY`, `#link` to the bug, `#link` to the ticket (when there is one),
 * `#info Proposed Blocker|Proposed Freeze Exception, COMPONENT, STATUS` (a re-proposal says
 * `Proposed Blocker (previously rejected)`), then {@link voteLines}.
 */
export function bugLines(bug: ScriptBug, kind: TrackerKind, bugzillaUrl: string): string[] {
  const again = bug.proposals[kind]?.previouslyRejected ? " (previously rejected)" : "";
  return [
    ...bugHead(bug, bugzillaUrl),
    `#info Proposed ${KIND_NAMES[kind]}${again}, ${componentAndStatus(bug)}`,
    ...voteLines(bug.discussion),
  ];
}

/**
 * The lines of one conflict (its whiteboard holds both the Accepted and the Rejected keyword of a
 * kind): like {@link bugLines}, with `#info Conflict: Blocker accepted and rejected, needs a decision,
 * COMPONENT, STATUS` (`Blocker and Freeze Exception` when both kinds conflict).
 */
export function conflictLines(bug: ScriptBug, kinds: readonly TrackerKind[], bugzillaUrl: string): string[] {
  const what = kinds.map((k) => KIND_NAMES[k]).join(" and ");
  return [
    ...bugHead(bug, bugzillaUrl),
    `#info Conflict: ${what} accepted and rejected, needs a decision, ${componentAndStatus(bug)}`,
    ...voteLines(bug.discussion),
  ];
}

/** `"3 Proposed Blockers"`, `"3 Proposed Blockers (+1 closed)"`. */
function countLine(bugs: readonly { status: string }[], what: string): string {
  const { open, closed } = countOpenClosed(bugs);
  return `#info ${open} ${what}${closed > 0 ? ` (+${closed} closed)` : ""}`;
}

/**
 * The whole script of a milestone, `\n`-separated and ending with a newline:
 *
 * ```
 * #info for Fedora 46 Beta, we have:
 * #info 3 Proposed Blockers (+1 closed)
 * #info 2 Accepted Blockers
 * #info 1 Proposed Freeze Exceptions
 * #info 4 Accepted Freeze Exceptions
 * #info 1 Conflicts
 * #info Closed bugs are counted apart and get no topic.
 *
 * #topic Proposed Beta blockers
 *
 * #topic (2410101) Summary
 * #link https://bugzilla.redhat.com/show_bug.cgi?id=2410101
 * #link https://pagure.io/fedora-qa/blocker-review/issue/2401
 * #info Proposed Blocker, anaconda, NEW
 * #info Ticket vote: BetaBlocker (+3,0,-1) (+alice, +bob, +carol, -dave)
 *
 * #topic Proposed Beta freeze exceptions
 * …
 * #topic Beta conflicts: these need a decision
 *
 * #topic (2410111) Summary
 * #link https://bugzilla.redhat.com/show_bug.cgi?id=2410111
 * #info Conflict: Blocker accepted and rejected, needs a decision, anaconda, NEW
 * ```
 *
 * Counts are of open bugs, closed ones in brackets; the Conflicts line is there when there are
 * conflicts, the closing note when a closed bug was left without a topic. Only open bugs get a topic:
 * a closed proposal is no longer discussed. Bugs proposed as both blocker and FE appear in both
 * proposed sections (each is decided separately); a bug conflicting for both kinds has one conflict
 * topic. A section without open bugs is left out. Bugs are in id order; never-read bugs (no data) are
 * left out.
 */
export function ircScript(
  milestone: { release: number; version: string },
  bugs: readonly ScriptBug[],
  bugzillaUrl: string,
): string {
  const listed = splitNeverRead(bugs).listed.sort((a, b) => a.bugId - b.bugId);
  const grouped = groupSections(listed);
  const of = (key: keyof typeof grouped) => grouped[key].map((p) => p.bug);
  const name = versionLabel(milestone.version);
  const lines = [
    `#info for ${milestoneName(milestone.release, milestone.version)}, we have:`,
    countLine(of("proposedBlockers"), "Proposed Blockers"),
    countLine(of("acceptedBlockers"), "Accepted Blockers"),
    countLine(of("proposedFEs"), "Proposed Freeze Exceptions"),
    countLine(of("acceptedFEs"), "Accepted Freeze Exceptions"),
  ];
  if (grouped.conflicts.length > 0) lines.push(countLine(of("conflicts"), "Conflicts"));
  const topical = [...of("proposedBlockers"), ...of("proposedFEs"), ...of("conflicts")];
  if (topical.some((b) => isClosed(b.status)))
    lines.push("#info Closed bugs are counted apart and get no topic.");

  const open = <T extends { bug: { status: string } }>(placed: readonly T[]) =>
    placed.filter((p) => !isClosed(p.bug.status));
  const sections = [
    { key: "proposedBlockers", kind: "blocker", title: `Proposed ${name} blockers` },
    { key: "proposedFEs", kind: "fe", title: `Proposed ${name} freeze exceptions` },
  ] as const;
  for (const s of sections) {
    const placed = open(grouped[s.key]);
    if (placed.length === 0) continue;
    lines.push("", `#topic ${s.title}`);
    for (const { bug } of placed) lines.push("", ...bugLines(bug, s.kind, bugzillaUrl));
  }
  const conflicts = open(grouped.conflicts);
  if (conflicts.length > 0) {
    lines.push("", `#topic ${name} conflicts: these need a decision`);
    for (const { bug, kinds } of conflicts) lines.push("", ...conflictLines(bug, kinds, bugzillaUrl));
  }
  return `${lines.join("\n")}\n`;
}

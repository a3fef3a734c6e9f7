/**
 * The IRC/meetbot script of a milestone's blocker review meeting (product spec §5, original app §9.2):
 * section counts as `#info` lines, then one block per proposed bug with its links, proposal type,
 * component, status and ticket votes.
 *
 * Pure: no I/O, no server imports.
 */
import { bugzillaBugUrl, formatStatus } from "./bug-fields.js";
import { countOpenClosed, groupSections, splitNeverRead, type BugStateFields } from "./sections.js";
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

/**
 * The lines of one proposed bug:
 * `#topic (ID) SUMMARY`, `#link` to the bug, `#link` to the ticket (when there is one),
 * `#info Proposed Blocker|Proposed Freeze Exception, COMPONENT, STATUS`, then {@link voteLines}.
 */
export function bugLines(bug: ScriptBug, kind: "blocker" | "fe", bugzillaUrl: string): string[] {
  const lines = [
    `#topic (${bug.bugId}) ${oneLine(bug.summary)}`,
    `#link ${bugzillaBugUrl(bugzillaUrl, bug.bugId)}`,
  ];
  if (bug.discussion?.url) lines.push(`#link ${bug.discussion.url}`);
  const type = kind === "blocker" ? "Proposed Blocker" : "Proposed Freeze Exception";
  lines.push(`#info ${type}, ${oneLine(bug.component)}, ${formatStatus(bug.status, bug.resolution)}`);
  return [...lines, ...voteLines(bug.discussion)];
}

/**
 * The whole script of a milestone, `\n`-separated and ending with a newline:
 *
 * ```
 * #info for Beta, we have:
 * #info 3 Proposed Blockers
 * #info 2 Accepted Blockers
 * #info 1 Proposed Freeze Exceptions
 * #info 4 Accepted Freeze Exceptions
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
 * ```
 *
 * Counts include closed bugs (as do the bug blocks). Bugs proposed as both blocker and FE appear in
 * both sections (each is decided separately). A section without bugs is left out. Bugs are in id
 * order; never-read bugs (no data) are left out.
 */
export function ircScript(version: string, bugs: readonly ScriptBug[], bugzillaUrl: string): string {
  const listed = splitNeverRead(bugs).listed.sort((a, b) => a.bugId - b.bugId);
  const grouped = groupSections(listed);
  const count = (key: keyof typeof grouped): number => {
    const c = countOpenClosed(grouped[key].map((p) => p.bug));
    return c.open + c.closed;
  };
  const name = versionLabel(version);
  const lines = [
    `#info for ${name}, we have:`,
    `#info ${count("proposedBlockers")} Proposed Blockers`,
    `#info ${count("acceptedBlockers")} Accepted Blockers`,
    `#info ${count("proposedFEs")} Proposed Freeze Exceptions`,
    `#info ${count("acceptedFEs")} Accepted Freeze Exceptions`,
  ];
  const sections = [
    { key: "proposedBlockers", kind: "blocker", title: `Proposed ${name} blockers` },
    { key: "proposedFEs", kind: "fe", title: `Proposed ${name} freeze exceptions` },
  ] as const;
  for (const s of sections) {
    if (grouped[s.key].length === 0) continue;
    lines.push("", `#topic ${s.title}`);
    for (const { bug } of grouped[s.key]) lines.push("", ...bugLines(bug, s.kind, bugzillaUrl));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The weekly blocker-status mail of a milestone as Markdown (that reads as plain text too): open bug
 * counts per section and how they moved since the window's start, the new proposals, the accepted
 * blockers still open with how far their fix has come, the conflicts, and the bugs waiting longest
 * for a decision.
 *
 * Pure: no I/O, no clock (the current time is passed in).
 */
import { isClosed, type ReviewState } from "./blocker-state.js";
import type { SectionCounts } from "./burndown-series.js";
import { FIX_STATUS_LABELS, type FixStatus } from "./fix-status.js";
import type { MilestoneChange, ReviewKind } from "./milestone-changes.js";

/** A bug of the milestone as the summary reads it. */
export interface SummaryBug {
  id: number;
  summary: string;
  component: string;
  status: string;
  blocker: ReviewState | null;
  fe: ReviewState | null;
  /** Bugzilla link. */
  url: string;
  /** Since when each pending kind waits for a decision: its proposal time, else when we first saw it. */
  waitingSince: Partial<Record<ReviewKind, Date>>;
  /** Most advanced fix status of its updates (`fix-status.ts`). */
  fix: FixStatus;
  /** Its live updates: alias and Bodhi status. */
  updates: { alias: string; status: string }[];
}

/** What the summary is made from. */
export interface WeeklySummaryInput {
  /** "Fedora 46 Beta". */
  milestoneName: string;
  /** Link to the milestone's bug list, when known. */
  listUrl: string | null;
  window: { since: Date; until: Date };
  countsNow: SectionCounts;
  countsBefore: SectionCounts;
  /** The milestone's active bugs now. */
  bugs: readonly SummaryBug[];
  /** The milestone's changes in the window (`milestone-changes.ts`), for the new proposals. */
  changes: readonly MilestoneChange[];
  /** How many bugs "waiting longest" lists (default 10). */
  waitingLimit?: number;
}

/** The summary's window when none is given: the last week (`change-window.ts` form). */
export const SUMMARY_DEFAULT_SINCE = "7d";

const COUNT_LINES: readonly [keyof SectionCounts, string][] = [
  ["proposedBlockers", "Proposed blockers"],
  ["acceptedBlockers", "Accepted blockers"],
  ["proposedFEs", "Proposed freeze exceptions"],
  ["acceptedFEs", "Accepted freeze exceptions"],
  ["conflicts", "Conflicts"],
];
const KIND_WORDS: Record<ReviewKind, string> = { blocker: "blocker", fe: "freeze exception" };
const DAY_MS = 86_400_000;

/** `2026-11-30 16:00 UTC`. */
function utc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Markdown's special characters in bug text escaped, so a summary never turns into markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`).replace(/\s+/g, " ");
}

/** `+2`, `−1`, `no change`. */
function delta(now: number, before: number): string {
  const d = now - before;
  return d === 0 ? "no change" : d > 0 ? `+${d}` : `−${-d}`;
}

/** The person part of a login: `tester5@example.com` → `tester5`. */
function person(login: string | null): string | null {
  return login ? login.replace(/@.*$/, "") : null;
}

/** One bug line: `- RHBZ#2410101 (anaconda) Installer crashes… — <what>` and its link on the next line. */
function bugLine(bug: { id: number; summary: string; component: string; url: string }, what: string): string {
  const component = bug.component ? ` (${escapeMarkdown(bug.component)})` : "";
  return `- RHBZ#${bug.id}${component} ${escapeMarkdown(bug.summary)} — ${what}\n  <${bug.url}>`;
}

/**
 * The summary as Markdown: a heading with the milestone and the date, the window, then the sections
 * (each says so when it is empty). Counts are open bugs; the change is against the counts at the
 * window's start.
 */
export function weeklySummaryMarkdown(input: WeeklySummaryInput): string {
  const { window } = input;
  const out: string[] = [];
  out.push(`# ${input.milestoneName}: blocker status, ${window.until.toISOString().slice(0, 10)}`, "");
  out.push(`Changes since ${utc(window.since)}.${input.listUrl ? ` Bug list: <${input.listUrl}>` : ""}`, "");

  out.push("## Open bugs", "");
  for (const [key, label] of COUNT_LINES)
    out.push(`- ${label}: ${input.countsNow[key]} (${delta(input.countsNow[key], input.countsBefore[key])})`);
  out.push("");

  const byId = new Map(input.bugs.map((b) => [b.id, b]));
  const proposals = input.changes
    .filter(
      (c) => (c.kind === "proposed" || c.kind === "reproposed") && c.review !== null && byId.has(c.bugId),
    )
    .slice()
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.bugId - b.bugId);
  out.push(`## New proposals (${proposals.length})`, "");
  if (proposals.length === 0) out.push("None.");
  for (const c of proposals) {
    const by = person(c.who);
    const again = c.kind === "reproposed" ? " again (rejected before)" : "";
    out.push(
      bugLine(
        byId.get(c.bugId)!,
        `${KIND_WORDS[c.review!]}, proposed${again}${by ? ` by ${by}` : ""} on ${c.at.toISOString().slice(0, 10)}`,
      ),
    );
  }
  out.push("");

  const open = input.bugs.filter((b) => !isClosed(b.status));
  const accepted = open.filter((b) => b.blocker === "accepted").sort((a, b) => a.id - b.id);
  out.push(`## Accepted blockers still open (${accepted.length})`, "");
  if (accepted.length === 0) out.push("None.");
  for (const b of accepted) {
    const updates = b.updates.length
      ? `: ${b.updates.map((u) => `${u.alias} (${u.status})`).join(", ")}`
      : "";
    out.push(bugLine(b, `${FIX_STATUS_LABELS[b.fix]}${updates} — ${b.status}`));
  }
  out.push("");

  const conflicts = open
    .filter((b) => b.blocker === "conflict" || b.fe === "conflict")
    .sort((a, b) => a.id - b.id);
  out.push(`## Conflicts (${conflicts.length})`, "");
  if (conflicts.length === 0) out.push("None.");
  for (const b of conflicts) {
    const kinds = (["blocker", "fe"] as const).filter((k) => b[k] === "conflict").map((k) => KIND_WORDS[k]);
    out.push(bugLine(b, `both accepted and rejected as ${kinds.join(" and ")}`));
  }
  out.push("");

  const waiting = open
    .flatMap((b) =>
      (["blocker", "fe"] as const)
        .filter((k) => b[k] === "proposed" && b.waitingSince[k])
        .map((k) => ({ bug: b, kind: k, since: b.waitingSince[k]! })),
    )
    .sort((a, b) => a.since.getTime() - b.since.getTime() || a.bug.id - b.bug.id)
    .slice(0, input.waitingLimit ?? 10);
  out.push("## Waiting longest for a decision", "");
  if (waiting.length === 0) out.push("No proposed bug is waiting.");
  for (const w of waiting) {
    const days = Math.floor((window.until.getTime() - w.since.getTime()) / DAY_MS);
    out.push(
      bugLine(
        w.bug,
        `proposed as ${KIND_WORDS[w.kind]} ${days === 0 ? "today" : days === 1 ? "1 day ago" : `${days} days ago`} (${w.since.toISOString().slice(0, 10)})`,
      ),
    );
  }
  out.push("");
  return out.join("\n");
}

/**
 * Discussion tickets in the Pagure blocker-review repo (product spec §1, §4). Pure: no I/O.
 */
import { milestoneName } from "./milestone-name";

/**
 * Ticket ↔ bug convention of the blocker-review repo: the title starts with the bug id and a colon,
 * `2410101: Installer crashes when …` (the demo data, the design fixtures and the tickets this app
 * opens all use it; the real bot's format could not be checked, pagure.md §7).
 * @returns the bug id, or null when the title does not follow the convention.
 */
export function ticketBugId(title: string): number | null {
  const m = /^\s*(\d{1,9})\s*:/.exec(title);
  return m ? Number(m[1]) : null;
}

/** "Blocker for Fedora 46 Beta", "Freeze Exception for …", "Blocker and Freeze Exception for …". */
export function proposalText(
  blocker: boolean,
  fe: boolean,
  milestone: { version: string; release: { number: number } },
): string {
  const what = blocker && fe ? "Blocker and Freeze Exception" : blocker ? "Blocker" : "Freeze Exception";
  return `${what} for ${milestoneName(milestone.release.number, milestone.version)}`;
}

/**
 * The Markdown body of a ticket the bot opens: the Bugzilla link, the summary, what the bug is
 * proposed as (`proposalText` per milestone) and how to vote.
 */
export function ticketBody(bugId: number, summary: string, proposals: string[], bugzillaUrl: string): string {
  return [
    `Bug: ${bugzillaUrl.replace(/\/+$/, "")}/show_bug.cgi?id=${bugId}`,
    `Summary: ${summary}`,
    `Proposed as: ${proposals.join("; ") || "(no longer proposed)"}`,
    "",
    "Vote with one command per line: a tracker (BetaBlocker, BetaFE, FinalBlocker, FinalFE, 0Day,",
    "PreviousRelease) and +1, 0 or -1, in either order, e.g. `BetaBlocker +1` or `-1 FinalFE`.",
    "Several pairs may share a line; a line with any other word is not counted; your last vote per",
    "tracker counts.",
  ].join("\n");
}

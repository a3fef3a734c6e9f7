/**
 * The header's jump box: a bug id (as people paste it: `2410101`, `#2410101`, `bug 2410101`,
 * `rhbz#2410101`, a Bugzilla link) goes to that bug; anything else searches the summaries and components
 * of the active milestones' bugs.
 *
 * Pure: no I/O.
 */
import { parseIdParam } from "./bug-id.js";

/** What a jump box entry asks for. */
export type JumpQuery = { kind: "empty" } | { kind: "bug"; id: number } | { kind: "text"; words: string[] };

/** Longest query text read (longer input is cut). */
export const MAX_QUERY_LENGTH = 200;

const BUG_FORMS = [
  /^(?:(?:rh)?bz|bug|rhbz|#)?\s*#?\s*(\d{1,10})$/i,
  /^https?:\/\/[^/\s]+\/(?:show_bug\.cgi\?(?:[^#\s]*&)?id=(\d{1,10})(?:[&#]\S*)?|(\d{1,10}))\/?$/i,
];

/**
 * Reads a jump box entry.
 * @returns `bug` for a bug id in one of the forms people paste, `text` with the lower-cased words of
 *   anything else (at most {@link MAX_QUERY_LENGTH} characters read), `empty` for blank input.
 */
export function parseJumpQuery(raw: string | null | undefined): JumpQuery {
  const q = (raw ?? "").slice(0, MAX_QUERY_LENGTH).trim();
  if (q === "") return { kind: "empty" };
  for (const form of BUG_FORMS) {
    const m = form.exec(q);
    const id = m ? parseIdParam(m[1] ?? m[2]) : null;
    if (id !== null) return { kind: "bug", id };
  }
  return { kind: "text", words: q.toLowerCase().split(/\s+/).filter(Boolean) };
}

/** Whether every word occurs in the bug's summary or component (case-insensitive substrings). */
export function matchesWords(bug: { summary: string; component: string }, words: readonly string[]): boolean {
  const text = `${bug.summary}\n${bug.component}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

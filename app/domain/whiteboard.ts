/**
 * Bugzilla status-whiteboard tokenisation (product spec §3).
 *
 * The whiteboard is one free-text string. Reviewers record decisions in it as keywords such as
 * `AcceptedBlocker` or `RejectedFreezeException`, mixed with unrelated notes (`CommonBugs`,
 * `see comment 12`, …). Keywords are matched as whole tokens, case-insensitively and exactly.
 *
 * Pure: no I/O.
 */

/**
 * Separators between whiteboard tokens: any whitespace, commas, semicolons, square / round / curly
 * brackets and pipes. Runs of separators count as one.
 */
const TOKEN_SEPARATORS = /[\s,;[\](){}|]+/u;

/**
 * Splits a whiteboard into its set of tokens.
 *
 * - Separators: whitespace, `,`, `;`, `[`, `]`, `(`, `)`, `{`, `}`, `|`.
 * - Every token is lower-cased; empty tokens are dropped; duplicates collapse (it is a `Set`).
 *
 * @example whiteboardTokens("[AcceptedBlocker], CommonBugs | see comment 12")
 *   // → Set { "acceptedblocker", "commonbugs", "see", "comment", "12" }
 * @param whiteboard the raw `whiteboard` string of a Bugzilla bug (may be empty).
 * @returns lower-cased, non-empty tokens.
 */
export function whiteboardTokens(whiteboard: string): Set<string> {
  const tokens = new Set<string>();
  for (const part of whiteboard.split(TOKEN_SEPARATORS)) {
    if (part !== "") tokens.add(part.toLowerCase());
  }
  return tokens;
}

/**
 * Whether a whiteboard keyword is present among the tokens.
 *
 * Exact, case-insensitive match of a whole token: `AcceptedBlocker` matches `acceptedblocker` but not
 * `AcceptedBlockerX` or `NotAcceptedBlocker`.
 *
 * @param tokens a set produced by {@link whiteboardTokens} (i.e. already lower-cased).
 * @param keyword the keyword to look for, in any case (e.g. `"AcceptedBlocker"`).
 */
export function hasToken(tokens: Set<string>, keyword: string): boolean {
  return tokens.has(keyword.toLowerCase());
}

/** View model of the search page (`/search?q=`): the bugs of active milestones matching the words. */
import { buglistPath } from "~/components/format";
import { compareMilestones, milestoneName } from "~/domain/milestone-name";
import { isClosed, type ReviewState } from "~/domain/blocker-state";
import { matchesWords } from "~/domain/jump-query";
import type { SearchableBug } from "./queries.server";

/** At most this many results are listed. */
export const MAX_RESULTS = 200;

/** One result row. */
export interface SearchRow {
  bugId: number;
  summary: string;
  component: string;
  status: string;
  closed: boolean;
  milestones: { name: string; path: string; blocker: ReviewState | null; fe: ReviewState | null }[];
}

/** The results: matching bugs by id (at most {@link MAX_RESULTS}) and how many matched in all. */
export function buildSearchView(bugs: readonly SearchableBug[], words: readonly string[]) {
  const matching = bugs.filter((b) => matchesWords(b, words));
  const rows: SearchRow[] = matching.slice(0, MAX_RESULTS).map((b) => ({
    bugId: b.bugId,
    summary: b.summary,
    component: b.component,
    status: b.status,
    closed: isClosed(b.status),
    milestones: [...b.milestones].sort(compareMilestones).map((m) => ({
      name: milestoneName(m.release, m.version),
      path: buglistPath(m.release, m.version),
      blocker: m.blocker,
      fe: m.fe,
    })),
  }));
  return { rows, total: matching.length };
}

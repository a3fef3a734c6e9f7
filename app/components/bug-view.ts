/** What every page shows of a bug at the head of its row or page. */
import { isClosed } from "~/domain/blocker-state";
import { bugzillaBugUrl, formatStatus } from "~/domain/bug-fields";

/**
 * A bug's identity for display: `{ bugId, url (its Bugzilla page), alias, summary, component, status
 * (with resolution, e.g. "CLOSED ERRATA"), closed }`.
 */
export function bugHeadView(
  bug: {
    bugId: number;
    alias: string[];
    summary: string;
    component: string;
    status: string;
    resolution: string;
  },
  bugzillaUrl: string,
) {
  return {
    bugId: bug.bugId,
    url: bugzillaBugUrl(bugzillaUrl, bug.bugId),
    alias: bug.alias,
    summary: bug.summary,
    component: bug.component,
    status: formatStatus(bug.status, bug.resolution),
    closed: isClosed(bug.status),
  };
}

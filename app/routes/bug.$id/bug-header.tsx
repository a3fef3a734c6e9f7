import { Link } from "@remix-run/react";
import { SourceFailureNotice } from "~/components/sync-status";
import { Badge } from "~/components/ui/badge";
import { Notice } from "~/components/ui/notice";
import { cn } from "~/components/ui/cn";
import type { SourceFailureView } from "~/sync/status-view";
import { PageTitle } from "~/components/ui/text";
import type { BugPageView } from "./view";

/** Why Bugzilla did not give us the bug, in words. */
function inaccessibleReason(reason: string): string {
  if (reason === "private") return "it is private";
  if (reason === "missing") return "it does not exist";
  return reason;
}

/**
 * The bug page's header: bug id, aliases and JSON link, the summary as the page title, status,
 * component and links, and the notices (bug not visible upstream, failed syncs).
 */
export function BugHeader({
  bug,
  sourceFailures,
}: {
  bug: BugPageView;
  sourceFailures: SourceFailureView[];
}) {
  return (
    <header className="mb-5">
      <p className="text-sm text-slate-500">
        <a href={bug.url} className="font-mono font-medium text-sky-800 hover:underline">
          Bug {bug.bugId}
        </a>
        {bug.alias.length > 0 ? <span> · {bug.alias.join(", ")}</span> : null}
        {" · "}
        <Link to={`/api/v1/bugs/${bug.bugId}`} reloadDocument className="hover:underline">
          JSON
        </Link>
      </p>
      <PageTitle className={cn("mt-1", bug.closed && "text-slate-500")}>
        {bug.summary || (
          <span className="italic text-slate-500">
            {bug.inaccessible ? `Bug ${bug.bugId}: details not available` : `Bug ${bug.bugId}: no summary`}
          </span>
        )}
      </PageTitle>
      <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
        {bug.status ? <Badge tone={bug.closed ? "gray" : "blue"}>{bug.status}</Badge> : null}
        {bug.component ? <span className="text-slate-600">{bug.component}</span> : null}
        {bug.prioritized ? <Badge tone="violet">prioritized</Badge> : null}
        <a href={bug.url} className="text-sky-800 hover:underline">
          Open in Bugzilla →
        </a>
      </div>
      {bug.inaccessible ? (
        <Notice tone="warning" className="mt-3 rounded-md py-2">
          Bugzilla did not give us this bug on the last sync ({inaccessibleReason(bug.inaccessible)}); the
          details below may be missing or out of date.
        </Notice>
      ) : null}
      <SourceFailureNotice failures={sourceFailures} />
    </header>
  );
}

/**
 * `GET /milestone/:release/:version/summary.md`: the weekly blocker-status mail of the milestone as
 * Markdown (`text/markdown`), by default for the last 7 days; `?since=` as on the changes page.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buglistPath } from "~/components/format";
import { milestoneSummary } from "~/db/milestone-history.server";
import { requireMilestone } from "~/db/milestones.server";
import { changeWindow } from "~/domain/change-window";
import { SUMMARY_DEFAULT_SINCE } from "~/domain/weekly-summary";
import { withBase } from "~/server/base-path";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const milestone = await requireMilestone(context.db, params);
  const since = url.searchParams.get("since") || SUMMARY_DEFAULT_SINCE;
  const window = changeWindow(since, new Date(), context.config.MEETING_SCHEDULE);
  if ("error" in window)
    return new Response(`${window.error}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const text = await milestoneSummary(context.db, milestone, window, {
    bugzillaUrl: context.config.BUGZILLA_URL,
    listUrl: `${url.origin}${withBase(context.config.BASE_PATH, buglistPath(milestone.release, milestone.version))}`,
  });
  return new Response(text, {
    headers: { "Content-Type": "text/markdown; charset=utf-8", "Cache-Control": "no-cache" },
  });
}

/**
 * `GET /milestone/:release/:version/changes.atom`: the milestone's changes as an Atom feed, by default
 * those of the last 30 days (a feed reader keeps what it has seen); `?since=` as on the changes page.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { milestonePath } from "~/components/format";
import { listMilestoneChanges } from "~/db/milestone-history.server";
import { requireMilestone } from "~/db/milestones.server";
import { changeWindow } from "~/domain/change-window";
import { milestoneName } from "~/domain/milestone-name";
import { withBase } from "~/server/base-path";
import { changesAtom } from "./feed";

/** The feed's window when `?since=` is not given. */
const DEFAULT_SINCE = "30d";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const milestone = await requireMilestone(context.db, params);
  const now = new Date();
  const since = url.searchParams.get("since") || DEFAULT_SINCE;
  const window = changeWindow(since, now, context.config.MEETING_SCHEDULE);
  if ("error" in window)
    return new Response(`${window.error}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const { changes, bugs } = await listMilestoneChanges(context.db, milestone, window);
  const siteUrl = `${url.origin}${context.config.BASE_PATH}`;
  const page = milestonePath(milestone.release, milestone.version, "changes");
  const xml = changesAtom(changes, bugs, {
    milestoneName: milestoneName(milestone.release, milestone.version),
    release: milestone.release,
    version: milestone.version,
    siteUrl,
    pageUrl: `${url.origin}${withBase(context.config.BASE_PATH, page)}`,
    selfUrl: `${url.origin}${url.pathname}${url.search}`,
    windowText:
      window.preset === "days" ? `in the last ${window.days} days` : `since ${window.since.toISOString()}`,
    now,
  });
  return new Response(xml, {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "no-cache" },
  });
}

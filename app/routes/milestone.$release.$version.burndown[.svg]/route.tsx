/**
 * `GET /milestone/:release/:version/burndown.svg`: the milestone's burndown as a standalone SVG image
 * (server-rendered, no script; `<title>` and `<desc>` say what it shows).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { BurndownChart } from "~/components/burndown-chart";
import { milestoneBurndown } from "~/db/milestone-history.server";
import { requireMilestone } from "~/db/milestones.server";
import { milestoneName } from "~/domain/milestone-name";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const milestone = await requireMilestone(context.db, params);
  const series = await milestoneBurndown(context.db, milestone.id, new Date());
  const svg = renderToStaticMarkup(
    <BurndownChart
      series={series}
      title={`Open blockers and freeze exceptions of ${milestoneName(milestone.release, milestone.version)}, per day`}
      id="burndown"
      standalone
    />,
  );
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, {
    headers: { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "no-cache" },
  });
}

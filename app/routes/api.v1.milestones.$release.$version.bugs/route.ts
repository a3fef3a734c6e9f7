/**
 * `GET /api/v1/milestones/:release/:version/bugs`: a milestone and its active bugs (spec §7), including
 * those that turned private or missing after we read them (last known data, `inaccessible` set).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { milestoneBugsJson } from "~/api/v1";
import { apiError, apiJson, apiLoader, apiMethodNotAllowed } from "~/api/response";
import { logApiError } from "~/logger.server";
import { milestoneName } from "~/domain/milestone-name";
import { parseMilestoneParams } from "~/domain/milestone-name";
import { listMilestoneBugs } from "~/db/bugs.server";
import { getMilestone } from "~/db/milestones.server";
import { previousReleasesOf } from "~/db/bodhi-releases.server";
import { keptView } from "~/server/kept-views.server";

export const loader = apiLoader(async ({ params, context }: LoaderFunctionArgs) => {
  const parsed = parseMilestoneParams(params.release, params.version);
  if (!parsed) {
    return apiError(400, "release must be a number and version a word, e.g. /api/v1/milestones/41/beta/bugs");
  }
  const milestone = await getMilestone(context.db, parsed.release, parsed.version);
  if (!milestone) return apiError(404, `No milestone ${milestoneName(parsed.release, parsed.version)}`);
  const [bugs, previous] = await Promise.all([
    listMilestoneBugs(context.db, milestone.id),
    previousReleasesOf(context.db, milestone.release),
  ]);
  // Kept while no bug changed (the same array): most checks of this answer follow unrelated writes.
  const json = keptView(bugs, JSON.stringify([milestone, previous]), new Date(), () =>
    milestoneBugsJson(milestone, bugs, previous),
  );
  return apiJson(json);
}, logApiError);

/** The API is read-only: POST, PUT, PATCH and DELETE get `405 { "error": … }` with `Allow: GET`. */
export const action = apiMethodNotAllowed;

/** `GET /api/v1/bugs/:id`: one bug across milestones, with its history (spec §7). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { bugJson } from "~/api/v1";
import { apiError, apiJson, apiLoader, apiMethodNotAllowed } from "~/api/response";
import { logApiError } from "~/logger.server";
import { notABugIdMessage, parseBugId } from "~/domain/bug-id";
import { getBugDetail } from "~/db/bugs.server";

export const loader = apiLoader(async ({ params, context }: LoaderFunctionArgs) => {
  const id = parseBugId(params.id);
  if (id === null) return apiError(400, notABugIdMessage(params.id));
  const bug = await getBugDetail(context.db, id);
  if (!bug) return apiError(404, `Bug ${id} is not tracked`);
  return apiJson(bugJson(bug));
}, logApiError);

/** The API is read-only: POST, PUT, PATCH and DELETE get `405 { "error": … }` with `Allow: GET`. */
export const action = apiMethodNotAllowed;

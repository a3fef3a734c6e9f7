/** `GET /api/v1/milestones`: every milestone (product spec §7). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { milestonesJson } from "~/api/v1";
import { apiJson, apiLoader, apiMethodNotAllowed } from "~/api/response";
import { logApiError } from "~/logger.server";
import { listMilestones } from "~/db/milestones.server";

export const loader = apiLoader(
  async ({ context }: LoaderFunctionArgs) => apiJson(milestonesJson(await listMilestones(context.db))),
  logApiError,
);

/** The API is read-only: POST, PUT, PATCH and DELETE get `405 { "error": … }` with `Allow: GET`. */
export const action = apiMethodNotAllowed;

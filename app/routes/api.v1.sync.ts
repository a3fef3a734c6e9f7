/** `GET /api/v1/sync`: last run per source, this node's role and its next scheduled syncs. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, apiLoader, apiMethodNotAllowed } from "~/lib/api-view";
import { logApiError } from "~/logger.server";
import { syncStatusJson } from "~/lib/sync-view";
import { lastSyncRuns } from "~/models/sync.server";
import { SYNC_SOURCES } from "~/sync/sync.server";

export const loader = apiLoader(
  async ({ context }: LoaderFunctionArgs) =>
    apiJson(
      syncStatusJson(
        SYNC_SOURCES,
        await lastSyncRuns(context.db, SYNC_SOURCES),
        context.config.BLOCKERBUGS_ROLE,
        context.scheduler?.status(),
      ),
    ),
  logApiError,
);

/** The API is read-only: other methods get `405 { "error": … }` with `Allow: GET`. */
export const action = apiMethodNotAllowed;

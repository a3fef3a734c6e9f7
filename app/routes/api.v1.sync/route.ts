/** `GET /api/v1/sync`: last run per source, this node's role and its next scheduled syncs. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, apiLoader, apiMethodNotAllowed } from "~/api/response";
import { logApiError } from "~/logger.server";
import { syncStatusJson } from "~/sync/status-view";
import { lastSyncRuns } from "~/sync/status.server";
import { SYNC_SOURCES } from "~/sync/run-sync.server";

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

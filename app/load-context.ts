import type { Config } from "~/config.server";
import type { Db } from "~/db/db.server";
import type { SyncScheduler } from "~/sync/scheduler.server";

/** What the HTTP server hands every loader and action (`context`), see app/server/main.ts. */
export interface BlockerbugsContext {
  [key: string]: unknown;
  db: Db;
  config: Config;
  /** The database's connection URL (the sync lock takes its own connection). */
  databaseUrl: string;
  /** This process's sync scheduler (absent when it schedules nothing, e.g. the demo). */
  scheduler?: SyncScheduler;
  /** This response's Content-Security-Policy nonce for inline scripts (app/server/security-headers.ts). */
  cspNonce?: string;
  /** Set by the page cache on the renders it keeps (app/server/page-cache.ts); see {@link PageRender}. */
  pageRender?: PageRender;
}

/**
 * A render for the page cache: the document renderer (entry.server.tsx) records `dataHash`, the hash of
 * the page's loader data it rendered from, and `timesChangeAt`, when a relative time the page shows
 * next changes (see `pageDataHash`, reckoned from `startedAt`, taken before the loaders ran); when
 * `dataHash` equals `known` (the hash of the page already kept) it answers without rendering (an empty
 * body): the kept page is still the page.
 */
export interface PageRender {
  known?: string;
  /** When the render started (ms since the epoch), before any loader read the clock. */
  startedAt: number;
  dataHash?: string;
  timesChangeAt?: number | null;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging needs the empty body
  interface AppLoadContext extends BlockerbugsContext {}
}

import { z } from "zod";
import {
  errorBodyParser,
  laterPages,
  requestJson,
  UpstreamError,
  type HttpPolicy,
  type JsonResponse,
  UpstreamGate,
} from "./http.server";

/** Update statuses Bodhi knows today (bodhi.md §4); anything else is stored as "unknown" (BO-10). */
export const BODHI_STATUSES = ["pending", "testing", "stable", "unpushed", "obsolete"] as const;
/** Update requests Bodhi knows today; anything else is "unknown" (BO-10). */
export const BODHI_REQUESTS = ["testing", "obsolete", "unpush", "revoke", "stable"] as const;

/**
 * Parses a Bodhi datetime `"YYYY-MM-DD HH:MM:SS"` (UTC, no `T`, no zone: BO-01) or a plain date.
 * @returns the instant, or null for null/empty/unparseable values.
 */
export function parseBodhiDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?(Z|[+-]00:?00)?$/.exec(
    value.trim(),
  );
  if (!m) return null;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  const date = new Date(
    Date.UTC(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      ms,
    ),
  );
  return Number.isNaN(date.getTime()) ? null : date;
}

const bodhiDate = z
  .string()
  .nullish()
  .transform((v) => parseBodhiDate(v));

const known =
  <T extends readonly string[]>(values: T) =>
  (v: string): T[number] | "unknown" =>
    (values as readonly string[]).includes(v) ? v : "unknown";

/** The release object embedded in updates and listed by `GET /releases/` (bodhi.md §6). */
export const BodhiReleaseSchema = z.looseObject({
  name: z.string(),
  long_name: z.string().nullish(),
  version: z.string().nullish(),
  id_prefix: z.string().nullish(),
  state: z.string().nullish(),
  stable_tag: z.string().nullish(),
});
export type BodhiRelease = z.infer<typeof BodhiReleaseSchema>;

/**
 * A Bodhi update (bodhi.md §4), reduced to what Blockerbugs stores: other keys (the long `comments`,
 * `test_cases`, …) are dropped as each page is parsed, so a sync never holds them; old and
 * new optional fields tolerated (BO-12, BO-14); unknown status/request values become "unknown" (BO-10).
 */
export const BodhiUpdateSchema = z.object({
  alias: z.string().min(1),
  title: z.string().nullish(),
  status: z.string().transform(known(BODHI_STATUSES)),
  request: z
    .string()
    .nullish()
    .transform((v) => (v ? known(BODHI_REQUESTS)(v) : null)),
  karma: z.number().int().nullish(),
  stable_karma: z.number().int().nullish(),
  test_gating_status: z.string().nullish(),
  url: z.string().nullish(),
  user: z.object({ name: z.string() }).nullish(),
  /** Older servers (BO-14). */
  submitter: z.string().nullish(),
  date_submitted: bodhiDate,
  date_pushed: bodhiDate,
  date_testing: bodhiDate,
  date_stable: bodhiDate,
  release: BodhiReleaseSchema,
  builds: z.array(z.object({ nvr: z.string().min(1) })).default([]),
  bugs: z.array(z.object({ bug_id: z.number().int(), title: z.string().nullish() })).default([]),
});
export type BodhiUpdate = z.infer<typeof BodhiUpdateSchema>;

const UpdatesPageSchema = z.looseObject({
  updates: z.array(BodhiUpdateSchema),
  page: z.number().int(),
  pages: z.number().int(),
  total: z.number().int().optional(),
});

const ReleasesPageSchema = z.looseObject({
  releases: z.array(BodhiReleaseSchema),
  page: z.number().int(),
  pages: z.number().int(),
});

const ErrorBodySchema = z.looseObject({
  status: z.literal("error"),
  errors: z.array(z.looseObject({ name: z.string().nullish(), description: z.string() })).min(1),
});

export interface BodhiClientOptions {
  /** Bodhi root, e.g. `https://bodhi.fedoraproject.org`. */
  baseUrl: string;
  policy: HttpPolicy;
  /** Rows per page, at most 100 (bigger pages time out upstream: BO-02, BO-03). */
  pageSize?: number;
  /** Bug ids per `GET /updates/` query (keeps URLs short). */
  bugBatchSize?: number;
}

/** Client for Bodhi's read API (bodhi.md). Counts every HTTP attempt in `requestCount`. */
export class BodhiClient {
  requestCount = 0;
  /** Shared by every request of this client: at most `policy.concurrency` in flight, one pause on 429. */
  private readonly gate: UpstreamGate;
  private readonly root: string;
  private readonly pageSize: number;

  constructor(private readonly options: BodhiClientOptions) {
    this.gate = new UpstreamGate(options.policy.concurrency);
    this.root = options.baseUrl.replace(/\/+$/, "");
    this.pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100));
  }

  /**
   * Every update of release `release` (Bodhi name, e.g. `F46`; or several, comma-separated) that lists
   * any of `bugIds` (`GET /updates/?bugs=…&releases=…`), obsolete ones included. Ids go in batches and
   * each batch is paged, so the request count grows with bugs/batch and updates/page, not with bugs;
   * the batches, and the pages after each batch's first, go out together (at most
   * `policy.concurrency` in flight). An update listed by several batches is returned once. When the
   * total changes while paging, the batch starts over (up to 3 times).
   * @throws UpstreamError on any failed page (a partial result is never returned), e.g. 400
   *   "Invalid releases specified" for a release Bodhi does not know (BO-05).
   */
  async updatesForBugs(release: string, bugIds: readonly number[]): Promise<BodhiUpdate[]> {
    const batch = this.options.bugBatchSize ?? 100;
    const ids = [...new Set(bugIds)].sort((a, b) => a - b);
    const batches: Record<string, string>[] = [];
    for (let i = 0; i < ids.length; i += batch)
      batches.push({ bugs: ids.slice(i, i + batch).join(","), releases: release });
    return this.merged(batches);
  }

  /**
   * The updates with these aliases (`GET /updates/?alias=…`, batches of `bugBatchSize` aliases, all
   * together); aliases Bodhi does not know are simply absent.
   * @throws UpstreamError on any failed page.
   */
  async updatesByAlias(aliases: readonly string[]): Promise<BodhiUpdate[]> {
    const batch = this.options.bugBatchSize ?? 100;
    const unique = [...new Set(aliases)].sort();
    const batches: Record<string, string>[] = [];
    for (let i = 0; i < unique.length; i += batch)
      batches.push({ alias: unique.slice(i, i + batch).join(",") });
    return this.merged(batches);
  }

  /**
   * Updates of `releases` (Bodhi names) submitted or edited at or after `since`: the union of
   * `submitted_since` and `modified_since` (Bodhi sets `date_modified` only when an update is edited:
   * its builds, bugs or notes; pushes, karma and requests change no date it filters on).
   * @throws UpstreamError on any failed page.
   */
  async updatesChangedSince(releases: readonly string[], since: Date): Promise<BodhiUpdate[]> {
    const at = since.toISOString().replace(/\.\d{3}Z$/, "Z");
    const releasesParam = releases.join(",");
    return this.merged([
      { releases: releasesParam, submitted_since: at },
      { releases: releasesParam, modified_since: at },
    ]);
  }

  /** The updates of several paged queries, run together, each update once (by alias). */
  private async merged(queries: Record<string, string>[]): Promise<BodhiUpdate[]> {
    const byAlias = new Map<string, BodhiUpdate>();
    for (const updates of await Promise.all(queries.map((q) => this.pagedUpdates(q))))
      for (const update of updates) byAlias.set(update.alias, update);
    return [...byAlias.values()];
  }

  private async pagedUpdates(params: Record<string, string>): Promise<BodhiUpdate[]> {
    const page = (n: number) =>
      this.get(
        this.url("/updates/", { ...params, page: String(n), rows_per_page: String(this.pageSize) }),
        UpdatesPageSchema,
      );
    for (let pass = 1; pass <= 3; pass++) {
      const { body: first } = await page(1);
      const rest = first.updates.length === 0 ? [] : laterPages(first.pages).map((n) => page(n));
      const bodies = [first, ...(await Promise.all(rest)).map((r) => r.body)];
      if (bodies.every((b) => b.total === first.total)) return bodies.flatMap((b) => b.updates);
    }
    throw new Error("Bodhi: the update list kept changing while paging; try again later");
  }

  /**
   * Releases from `GET /releases/`, paged, optionally filtered by `state` (`pending`, `frozen`,
   * `current`, …).
   * @throws UpstreamError on any failed page.
   */
  async releases(filter: { state?: string } = {}): Promise<BodhiRelease[]> {
    const releases: BodhiRelease[] = [];
    for (let page = 1; ; page++) {
      const { body } = await this.get(
        this.url("/releases/", { ...filter, page: String(page), rows_per_page: String(this.pageSize) }),
        ReleasesPageSchema,
      );
      releases.push(...body.releases);
      if (page >= body.pages || body.releases.length === 0) return releases;
    }
  }

  private url(path: string, params: Record<string, string>): URL {
    const url = new URL(`${this.root}${path}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  }

  private get<T>(url: URL, schema: z.ZodType<T>): Promise<JsonResponse<T>> {
    return requestJson(
      {
        service: "Bodhi",
        url,
        // The same URL also serves HTML and RSS (BO-13); requestJson sends Accept: application/json.
        schema,
        parseError: parseBodhiError,
        onAttempt: () => (this.requestCount += 1),
        gate: this.gate,
      },
      this.options.policy,
    );
  }
}

/**
 * Bodhi's Cornice error body `{status: "error", errors: [{location, name, description}]}` → one message
 * joining every error as `name: description` (BO-17); code = the first error's `name`.
 */
export const parseBodhiError = errorBodyParser(ErrorBodySchema, ({ errors }) => ({
  code: errors[0]?.name ?? undefined,
  message: errors.map((e) => (e.name ? `${e.name}: ${e.description}` : e.description)).join("; "),
}));

/**
 * Whether Bodhi refused a query because it does not know the release (HTTP 400, error `releases`:
 * "Invalid releases specified: F54", BO-05), e.g. a release whose trackers exist before Bodhi has it.
 */
export function isUnknownReleaseError(error: unknown): boolean {
  return error instanceof UpstreamError && error.status === 400 && error.code === "releases";
}

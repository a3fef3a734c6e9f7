import { z } from "zod";
import { requestJson, UpstreamError, type HttpPolicy, type JsonResponse, UpstreamGate } from "./http.server";

/**
 * A bug as Bugzilla REST returns it (`GET /rest/bug`, `GET /rest/bug/{id}`), reduced to the fields
 * Blockerbugs reads. bugzilla.redhat.com sends `component` as an array and `alias` as an array;
 * older servers send strings (BZ-01, BZ-02). `flags` is an extra field, absent unless requested (BZ-06).
 */
export const BugzillaBugSchema = z.looseObject({
  id: z.number().int(),
  alias: z.union([z.string(), z.array(z.string())]).nullish(),
  summary: z.string().optional(),
  status: z.string().optional(),
  resolution: z.string().nullish(),
  component: z.union([z.string(), z.array(z.string())]).nullish(),
  whiteboard: z.string().nullish(),
  keywords: z.array(z.string()).nullish(),
  flags: z
    .array(
      z.looseObject({
        name: z.string(),
        status: z.string(),
        requestee: z.string().nullish(),
        setter: z.string().nullish(),
      }),
    )
    .optional(),
  depends_on: z.array(z.number().int()).nullish(),
  blocks: z.array(z.number().int()).nullish(),
  last_change_time: z.string().optional(),
  is_open: z.boolean().optional(),
});
export type BugzillaBug = z.infer<typeof BugzillaBugSchema>;

const SearchResponseSchema = z.looseObject({
  bugs: z.array(BugzillaBugSchema),
  limit: z.coerce.number().int().optional(),
  total_matches: z.number().int().optional(),
});

const ErrorBodySchema = z.looseObject({ error: z.literal(true), code: z.number(), message: z.string() });

/** Fields fetched for tracked bugs (always including `id` and `alias`: BZ-04, BZ-05). */
export const BUG_FIELDS = [
  "id",
  "alias",
  "summary",
  "status",
  "resolution",
  "component",
  "whiteboard",
  "keywords",
  "flags",
  "depends_on",
  "blocks",
  "last_change_time",
  "is_open",
] as const;

/** Bugzilla error codes Blockerbugs branches on (bugzilla.md §7). */
export const BugzillaCode = {
  invalidAlias: 100,
  notFound: 101,
  accessDenied: 102,
  invalidApiKey: 306,
  /** object_does_not_exist: e.g. a cc address that has no Bugzilla account (HTTP 404). */
  unknownObject: 51,
} as const;

/** The body of a bug update the app sends (bugzilla.md §3.4); Bugzilla takes aliases in `blocks` too (BZ-30). */
export interface BugUpdate {
  blocks?: { add?: (number | string)[] };
  cc?: { add?: string[] };
  comment?: { body: string; is_private: boolean };
}

const UpdateResponseSchema = z.looseObject({
  bugs: z.array(
    z.looseObject({
      id: z.number().int(),
      // `added`/`removed` are comma+space separated strings (BZ-32).
      changes: z.record(z.string(), z.looseObject({ added: z.string(), removed: z.string() })).default({}),
    }),
  ),
});
export type BugUpdateResult = z.infer<typeof UpdateResponseSchema>["bugs"][number];

export interface BugzillaClientOptions {
  /**
   * Site root, e.g. `https://bugzilla.redhat.com` (the client appends `/rest`), or the REST base itself
   * when it ends in `/rest` or `/rest.cgi` (some sites only answer on `/rest.cgi/`: BZ-35).
   */
  baseUrl: string;
  /** Sent only as `Authorization: Bearer` (BZ-18); never in URLs, logs or errors. */
  apiKey?: string;
  policy: HttpPolicy;
  /** Page size asked for; the server may cap it (20 anonymous, 1000 with a key on RHBZ). */
  pageSize?: number;
  /** Ids per request when fetching bugs by id (keeps URLs short). */
  idBatchSize?: number;
}

/** Result of a complete paged search. */
export interface SearchResult {
  bugs: BugzillaBug[];
  /** HTTP requests this search made (pages), excluding retries. */
  pages: number;
  /** Bugzilla's clock when the first page was answered. */
  serverDate?: Date;
}

/**
 * Client for the Bugzilla REST API (bugzilla.md). Counts every HTTP attempt in `requestCount`.
 */
export class BugzillaClient {
  requestCount = 0;
  /** Shared by every request of this client: at most `policy.concurrency` in flight, one pause on 429. */
  private readonly gate: UpstreamGate;
  private readonly root: string;

  constructor(private readonly options: BugzillaClientOptions) {
    this.gate = new UpstreamGate(options.policy.concurrency);
    const base = options.baseUrl.replace(/\/+$/, "");
    this.root = /\/rest(\.cgi)?$/.test(base) ? base : `${base}/rest`;
  }

  /**
   * Fetches every bug matching `criteria` (e.g. `{ blocks: ["2390101", "2390102"] }`) page by page in
   * bug-id order, advancing the offset by the number of bugs received (BZ-07) and stopping at
   * `total_matches` (BZ-09) or on an empty/short page. When `total_matches` changes between pages the
   * search starts over (up to 3 times). Private bugs are silently absent (Bugzilla).
   * @throws UpstreamError on any failed page, Error when results keep changing: a partial result is
   *   never returned.
   */
  async searchAll(
    criteria: Record<string, string | string[]>,
    fields: readonly string[] = BUG_FIELDS,
  ): Promise<SearchResult> {
    if (Object.keys(criteria).length === 0) throw new Error("Bugzilla search needs at least one criterion");
    let pages = 0;
    // Offset paging shifts when the result set shrinks between pages (a bug leaves a tracker) and a
    // bug would be skipped. A changed total_matches reveals it; the search then starts over.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const pass = await this.searchPages(criteria, fields);
      pages += pass.pages;
      if (!pass.shifted) return { bugs: pass.bugs, pages, serverDate: pass.serverDate };
    }
    throw new Error("Bugzilla: the search results kept changing while paging; try again later");
  }

  /** One paged pass of `searchAll`; `shifted` when `total_matches` changed between pages. */
  private async searchPages(
    criteria: Record<string, string | string[]>,
    fields: readonly string[],
  ): Promise<SearchResult & { shifted: boolean }> {
    const requested = this.options.pageSize ?? 1000;
    const seen = new Map<number, BugzillaBug>();
    let offset = 0;
    let pages = 0;
    let firstTotal: number | undefined;
    let serverDate: Date | undefined;
    for (;;) {
      const url = this.url("/bug", {
        ...criteria,
        include_fields: fields.join(","),
        order: "bug_id",
        limit: String(requested),
        offset: String(offset),
      });
      const page = await this.get(url, SearchResponseSchema);
      pages += 1;
      serverDate ??= page.serverDate;
      const { bugs, total_matches: total, limit } = page.body;
      if (offset === 0) firstTotal = total;
      else if (total !== firstTotal) return { bugs: [], pages, serverDate, shifted: true };
      for (const bug of bugs) seen.set(bug.id, bug);
      offset += bugs.length;
      if (bugs.length === 0) break;
      if (total !== undefined ? offset >= total : bugs.length < (limit || requested)) break;
    }
    return { bugs: [...seen.values()], pages, serverDate, shifted: false };
  }

  /**
   * Fetches bugs by id in batches (`GET /rest/bug?id=1,2,...`). Bugs that do not exist or are private
   * are silently missing from the result (Bugzilla search semantics).
   * @throws UpstreamError on any failed batch.
   */
  async getBugsById(ids: readonly number[], fields: readonly string[] = BUG_FIELDS): Promise<SearchResult> {
    const batch = this.options.idBatchSize ?? 200;
    const bugs: BugzillaBug[] = [];
    let pages = 0;
    let serverDate: Date | undefined;
    for (let i = 0; i < ids.length; i += batch) {
      const result = await this.searchAll({ id: ids.slice(i, i + batch).join(",") }, fields);
      bugs.push(...result.bugs);
      pages += result.pages;
      serverDate ??= result.serverDate;
    }
    return { bugs, pages, serverDate };
  }

  /**
   * One bug by id or alias (`GET /rest/bug/{id_or_alias}`).
   * @throws UpstreamError with `code` 101 (no such id), 100 (no such alias), 102 (private: HTTP 401).
   */
  async getBug(idOrAlias: number | string, fields: readonly string[] = BUG_FIELDS): Promise<BugzillaBug> {
    const url = this.url(`/bug/${encodeURIComponent(String(idOrAlias))}`, {
      include_fields: fields.join(","),
    });
    const { body } = await this.get(url, z.looseObject({ bugs: z.array(BugzillaBugSchema).min(1) }));
    return body.bugs[0]!;
  }

  /**
   * Updates one bug (`PUT /rest/bug/{id}`, Bug.update, bugzilla.md §3.4). Sent exactly once, never
   * retried: a retry after a lost response would add the comment twice.
   * @returns the bug's `changes` (`{ blocks: { added: "2390101", removed: "" } }`)
   * @throws UpstreamError with `code` 51 (unknown cc account), 101/102 (no such or private bug),
   *   410/306 (no or bad API key), or without code for network errors
   */
  async updateBug(id: number, update: BugUpdate): Promise<BugUpdateResult> {
    const { body } = await requestJson(
      {
        service: "Bugzilla",
        url: this.url(`/bug/${id}`, {}),
        method: "PUT",
        body: { ids: [id], ...update },
        headers: this.authHeaders(),
        schema: UpdateResponseSchema,
        parseError: parseBugzillaError,
        onAttempt: () => (this.requestCount += 1),
        gate: this.gate,
      },
      { ...this.options.policy, attempts: 1 },
    );
    const result = body.bugs.find((b) => b.id === id);
    if (!result)
      throw new UpstreamError(
        `Bugzilla: PUT /bug/${id}: the response has no result for the bug`,
        "Bugzilla",
        { retryable: false },
      );
    return result;
  }

  private authHeaders(): Record<string, string> {
    return this.options.apiKey ? { Authorization: `Bearer ${this.options.apiKey}` } : {};
  }

  private url(path: string, params: Record<string, string | string[]>): URL {
    const url = new URL(`${this.root}${path}`);
    for (const [key, value] of Object.entries(params)) {
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v);
    }
    return url;
  }

  private get<T>(url: URL, schema: z.ZodType<T>): Promise<JsonResponse<T>> {
    return requestJson(
      {
        service: "Bugzilla",
        url,
        headers: this.authHeaders(),
        schema,
        parseError: parseBugzillaError,
        onAttempt: () => (this.requestCount += 1),
        gate: this.gate,
      },
      this.options.policy,
    );
  }
}

/** Bugzilla's error body `{error: true, code, message}` → code and message (bugzilla.md §7). */
export function parseBugzillaError(
  _status: number,
  body: unknown,
): { code: number; message: string } | undefined {
  const parsed = ErrorBodySchema.safeParse(body);
  return parsed.success ? { code: parsed.data.code, message: parsed.data.message } : undefined;
}

/** True when the error means "this bug cannot be seen" rather than a failed request. */
export function isBugAccessError(error: unknown): error is UpstreamError {
  return (
    error instanceof UpstreamError &&
    (error.code === BugzillaCode.accessDenied ||
      error.code === BugzillaCode.notFound ||
      error.code === BugzillaCode.invalidAlias)
  );
}

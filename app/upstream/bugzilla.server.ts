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
  /** The assignee's login, an e-mail address (RHBZ sends it to anonymous readers as well). */
  assigned_to: z.string().nullish(),
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
  creation_time: z.string().optional(),
  creator: z.string().optional(),
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
  "assigned_to",
  "keywords",
  "flags",
  "depends_on",
  "blocks",
  "last_change_time",
  "is_open",
  "creation_time",
  "creator",
] as const;

/**
 * The search for prioritized bugs, as the original app asked it (original app §5): every open bug
 * (`bug_status=__open__`) carrying the flag `fedora_prioritized_bug` granted (`+`), through an advanced
 * search on `flagtypes.name` (Bugzilla matches a flag's name followed by its status).
 */
export const PRIORITIZED_SEARCH: Readonly<Record<string, string>> = Object.freeze({
  query_format: "advanced",
  bug_status: "__open__",
  f1: "flagtypes.name",
  o1: "substring",
  v1: "fedora_prioritized_bug+",
});

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

/**
 * `GET /rest/bug/{id}/history` (Bug.history, Bugzilla 5 docs "Bug History"): per bug asked for, its
 * changes, oldest first, each `{when, who, changes: [{field_name, removed, added, attachment_id?}]}`. `removed` / `added`
 * are strings (lists comma+space separated); `when` is `YYYY-MM-DDTHH:MM:SSZ`.
 */
const HistoryResponseSchema = z.looseObject({
  bugs: z
    .array(
      z.looseObject({
        id: z.number().int(),
        history: z.array(
          z.looseObject({
            when: z.string(),
            who: z.string(),
            changes: z.array(
              z.looseObject({ field_name: z.string(), removed: z.string(), added: z.string() }),
            ),
          }),
        ),
      }),
    )
    .min(1),
});
/** One entry of a bug's Bugzilla history. */
export type BugHistoryEntry = z.infer<typeof HistoryResponseSchema>["bugs"][number]["history"][number];

/**
 * Bugs per history request ({@link BugzillaClient.getBugHistories}): about 1.2 KB of query string, far
 * below bugzilla.redhat.com's 10 KB, and answers of a size a sync holds easily.
 */
export const HISTORY_BATCH_SIZE = 100;

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
  /** Bugs per history request ({@link HISTORY_BATCH_SIZE} by default). */
  historyBatchSize?: number;
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
   * Fetches every bug matching `criteria` (e.g. `{ blocks: ["2390101", "2390102"] }`) in bug-id order.
   * The first page says how many bugs match (`total_matches`, BZ-09) and how many a page holds (the
   * server caps `limit`: 20 anonymously on RHBZ); the other pages are then asked for together (at most
   * `policy.concurrency` in flight), each at the offset where it starts (BZ-07). When `total_matches`
   * changes between pages, or the pages together do not hold exactly that many distinct bugs (a bug
   * moved while paging), the search starts over (up to 3 times). A server that does not send
   * `total_matches` is paged one page after the other until a short or empty page. Private bugs are
   * silently absent (Bugzilla).
   * @throws UpstreamError on any failed page, Error when results keep changing: a partial result is
   *   never returned.
   */
  async searchAll(
    criteria: Record<string, string | string[]>,
    fields: readonly string[] = BUG_FIELDS,
  ): Promise<SearchResult> {
    if (Object.keys(criteria).length === 0) throw new Error("Bugzilla search needs at least one criterion");
    let pages = 0;
    // Offset paging shifts when the result set changes between pages (a bug leaves a tracker) and a
    // bug would be skipped or seen twice. A changed total_matches or count reveals it; start over.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const pass = await this.searchPages(criteria, fields);
      pages += pass.pages;
      if (!pass.shifted) return { bugs: pass.bugs, pages, serverDate: pass.serverDate };
    }
    throw new Error("Bugzilla: the search results kept changing while paging; try again later");
  }

  /** One paged pass of `searchAll`; `shifted` when the results changed between pages. */
  private async searchPages(
    criteria: Record<string, string | string[]>,
    fields: readonly string[],
  ): Promise<SearchResult & { shifted: boolean }> {
    const requested = this.options.pageSize ?? 1000;
    const page = (offset: number) =>
      this.get(
        this.url("/bug", {
          ...criteria,
          include_fields: fields.join(","),
          order: "bug_id",
          limit: String(requested),
          offset: String(offset),
        }),
        SearchResponseSchema,
      );
    const first = await page(0);
    const serverDate = first.serverDate;
    const { bugs, total_matches: total, limit } = first.body;
    const pageSize = limit || bugs.length || requested;
    if (total === undefined) return this.pageOneByOne(page, first.body, pageSize, serverDate);

    const offsets: number[] = [];
    if (bugs.length > 0)
      for (let offset = bugs.length; offset < total; offset += pageSize) offsets.push(offset);
    const rest = await Promise.all(offsets.map((offset) => page(offset)));
    const pages = 1 + rest.length;
    if (rest.some((p) => p.body.total_matches !== total))
      return { bugs: [], pages, serverDate, shifted: true };
    const seen = new Map<number, BugzillaBug>();
    for (const p of [first, ...rest]) for (const bug of p.body.bugs) seen.set(bug.id, bug);
    if (seen.size !== total) return { bugs: [], pages, serverDate, shifted: true };
    return { bugs: [...seen.values()].sort((a, b) => a.id - b.id), pages, serverDate, shifted: false };
  }

  /** Pages without `total_matches`: one after the other until a short or empty page. */
  private async pageOneByOne(
    page: (offset: number) => Promise<JsonResponse<z.infer<typeof SearchResponseSchema>>>,
    first: z.infer<typeof SearchResponseSchema>,
    pageSize: number,
    serverDate: Date | undefined,
  ): Promise<SearchResult & { shifted: boolean }> {
    const seen = new Map<number, BugzillaBug>();
    let body = first;
    let pages = 1;
    let offset = 0;
    for (;;) {
      for (const bug of body.bugs) seen.set(bug.id, bug);
      offset += body.bugs.length;
      if (body.bugs.length === 0 || body.bugs.length < pageSize) break;
      body = (await page(offset)).body;
      pages += 1;
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
    const batches: number[][] = [];
    for (let i = 0; i < ids.length; i += batch) batches.push(ids.slice(i, i + batch));
    // The batches go out together; the client's gate keeps at most `concurrency` in flight.
    const results = await Promise.all(batches.map((b) => this.searchAll({ id: b.join(",") }, fields)));
    return {
      bugs: results.flatMap((r) => r.bugs),
      pages: results.reduce((n, r) => n + r.pages, 0),
      serverDate: results[0]?.serverDate,
    };
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
   * The histories of several bugs in one request (Bug.history): every change of every field, oldest
   * first, by bug id. Only the changes after `newSince` when given (Bugzilla's `new_since`).
   *
   * Bugzilla's REST API has no documented batch form of this call: its route `GET /rest/bug/{id}/history`
   * gives Bug.history `ids => [id]`. But Bugzilla 5's REST server merges a list taken from the path with
   * the same parameter in the query string (`Bugzilla/WebService/Server/REST.pm`, `_retrieve_json_params`:
   * `ids = uniq(path ids, query ids)`), and Bug.history takes a list, so
   * `GET /rest/bug/{first}/history?ids={second}&ids={third}` answers `{"bugs": [{id, alias, history}, …]}`
   * for all of them, in that order. Bug.history checks each bug in turn (`Bugzilla::Bug->check`): one
   * missing or private bug fails the whole request with its code. Each id adds about 12 characters to the
   * URL: keep a request to {@link historyBatchSize} ids (bugzilla.redhat.com refuses query strings over
   * 10 KB).
   * @throws UpstreamError with `code` 101 (a bug does not exist), 102 (a bug is private), or without code
   *   for network errors and malformed responses (including an answer that lacks one of the bugs)
   */
  async getBugHistories(ids: readonly number[], newSince?: Date): Promise<Map<number, BugHistoryEntry[]>> {
    const [first, ...rest] = ids;
    if (first === undefined) return new Map();
    const params: Record<string, string | string[]> = {};
    if (rest.length) params.ids = rest.map(String);
    if (newSince) params.new_since = newSince.toISOString().replace(/\.\d{3}Z$/, "Z");
    const url = this.url(`/bug/${first}/history`, params);
    const { body } = await this.get(url, HistoryResponseSchema);
    const histories = new Map(body.bugs.map((b) => [b.id, b.history]));
    const lacking = ids.find((id) => !histories.has(id));
    if (lacking !== undefined)
      throw new UpstreamError(
        `Bugzilla: GET ${url.pathname}: the response has no history for bug ${lacking}`,
        "Bugzilla",
        { retryable: false },
      );
    return histories;
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

  /** Bugs a caller should ask {@link getBugHistories} for at most in one request. */
  get historyBatchSize(): number {
    return this.options.historyBatchSize ?? HISTORY_BATCH_SIZE;
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

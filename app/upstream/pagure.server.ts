import { getUnixTime } from "date-fns/getUnixTime";
import { z } from "zod";
import {
  errorBodyParser,
  laterPages,
  requestJson,
  UpstreamError,
  type HttpPolicy,
  UpstreamGate,
} from "./http.server";

/**
 * Parses a Pagure timestamp: a string of epoch seconds, maybe with a fraction (`"1726069500"`,
 * `"1726150321.482113"`: PA-03), treated as UTC.
 * @returns the instant, or null for null/empty/unparseable values.
 */
export function parsePagureTime(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const seconds =
    typeof value === "number" ? value : /^\d+(\.\d+)?$/.test(value.trim()) ? parseFloat(value) : NaN;
  return Number.isFinite(seconds) ? new Date(Math.round(seconds * 1000)) : null;
}

const pagureTime = z.union([z.string(), z.number()]).nullish().transform(parsePagureTime);

const PagureUserSchema = z.object({ name: z.string(), fullname: z.string().nullish() });

/** A ticket comment (pagure.md §4.2). `notification: true` marks system comments (PA-09). */
export const PagureCommentSchema = z.object({
  id: z.number().int(),
  comment: z.string(),
  date_created: pagureTime,
  edited_on: pagureTime,
  notification: z
    .boolean()
    .nullish()
    .transform((v) => !!v),
  user: PagureUserSchema,
});
export type PagureComment = z.infer<typeof PagureCommentSchema>;

/**
 * An issue (pagure.md §4.1), reduced to what Blockerbugs reads (other keys, such as the issue's text,
 * are dropped as each page is parsed); `comments` is absent when not embedded. Old servers lack
 * `full_url` (PA-12).
 */
export const PagureIssueSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  content: z.string().nullish(),
  status: z.string(),
  private: z.boolean().nullish(),
  tags: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  date_created: pagureTime,
  last_updated: pagureTime,
  full_url: z.string().nullish(),
  comments: z.array(PagureCommentSchema).optional(),
});
export type PagureIssue = z.infer<typeof PagureIssueSchema>;

const IssuesPageSchema = z.looseObject({
  issues: z.array(PagureIssueSchema),
  pagination: z
    .looseObject({ page: z.number().int(), pages: z.number().int(), next: z.string().nullish() })
    .optional(),
});

const ErrorBodySchema = z.looseObject({
  error: z.string(),
  error_code: z.string().nullish(),
  errors: z.unknown().optional(),
});

/** Pagure error codes Blockerbugs branches on (pagure.md §6). */
export const PagureCode = {
  invalidToken: "EINVALIDTOK",
  notAllowed: "EISSUENOTALLOWED",
  noIssue: "ENOISSUE",
} as const;

/** One issue, or why it cannot be read: a private ticket answers 403 to us (PA-10), a deleted one 404. */
export type IssueLookup = { state: "ok"; issue: PagureIssue } | { state: "private" } | { state: "missing" };

export interface PagureClientOptions {
  /** Pagure root, e.g. `https://pagure.io`. */
  baseUrl: string;
  /** `namespace/repo`, e.g. `fedora-qa/blocker-review`. */
  repo: string;
  /** Sent only as `Authorization: token <T>` (PA-04); never in URLs, logs or errors. */
  token?: string;
  policy: HttpPolicy;
  /** Issues per page, at most 100 (PA-02). */
  pageSize?: number;
}

/** Client for Pagure API 0 issues of one repo (pagure.md). Counts every HTTP attempt in `requestCount`. */
export class PagureClient {
  requestCount = 0;
  /** Shared by every request of this client: at most `policy.concurrency` in flight, one pause on 429. */
  private readonly gate: UpstreamGate;
  /** Set once a GET with the token was refused (PA-05): later reads go anonymously. */
  private readAnonymously = false;
  private readonly root: string;

  constructor(private readonly options: PagureClientOptions) {
    this.gate = new UpstreamGate(options.policy.concurrency);
    this.root = `${options.baseUrl.replace(/\/+$/, "")}/api/0/${options.repo}`;
  }

  /** The web URL of an issue (for tickets whose JSON lacks `full_url`). */
  issueUrl(id: number): string {
    return `${this.options.baseUrl.replace(/\/+$/, "")}/${this.options.repo}/issue/${id}`;
  }

  /**
   * Every issue of the repo with the given status (`all` by default) — with `since`, only those
   * whose `last_updated` is at or after it — page by page with
   * `per_page` ≤ 100 (PA-02): the first page's `pagination.pages` says how many follow, and those are
   * asked for together, at most `policy.concurrency` in flight (`total_issues` is only the page size).
   * Listed issues embed their comments. Private issues are absent for anonymous callers (PA-10).
   * @throws UpstreamError on any failed page: a partial list is never returned.
   */
  async listIssues(opts: { status?: string; since?: Date } = {}): Promise<PagureIssue[]> {
    const perPage = Math.min(100, Math.max(1, this.options.pageSize ?? 100));
    const page = (n: number) =>
      this.get(
        this.url("/issues", {
          status: opts.status ?? "all",
          ...(opts.since ? { since: String(getUnixTime(opts.since)) } : {}),
          per_page: String(perPage),
          page: String(n),
        }),
        IssuesPageSchema,
      );
    const byId = new Map<number, PagureIssue>();
    const first = await page(1);
    for (const issue of first.issues) byId.set(issue.id, issue);
    if (first.pagination) {
      // The first page says how many there are: ask for the others together.
      const rest = first.issues.length === 0 ? [] : laterPages(first.pagination.pages);
      for (const body of await Promise.all(rest.map((n) => page(n))))
        for (const issue of body.issues) byId.set(issue.id, issue);
    } else {
      // No pagination block: page on until a short page.
      for (let n = 2, last = first; last.issues.length >= perPage; n++) {
        last = await page(n);
        for (const issue of last.issues) byId.set(issue.id, issue);
      }
    }
    return [...byId.values()];
  }

  /**
   * One issue with its comments (`GET …/issue/<id>`).
   * @returns `private` for 403 EISSUENOTALLOWED, `missing` for 404 ENOISSUE.
   * @throws UpstreamError for other failures.
   */
  async getIssue(id: number): Promise<IssueLookup> {
    try {
      return { state: "ok", issue: await this.get(this.url(`/issue/${id}`), PagureIssueSchema) };
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 403) return { state: "private" };
      if (error instanceof UpstreamError && error.status === 404 && error.code === PagureCode.noIssue)
        return { state: "missing" };
      throw error;
    }
  }

  /**
   * Opens an issue (`POST …/new_issue`, form-encoded; tags as one comma string: PA-07). Not retried
   * (a retry after a lost answer could open a second ticket); needs a token with `issue_create`.
   * @returns the created issue.
   * @throws UpstreamError on failure, e.g. 401 EINVALIDTOK.
   */
  async createIssue(input: { title: string; content: string; tags?: string[] }): Promise<PagureIssue> {
    const form = new URLSearchParams({ title: input.title, issue_content: input.content });
    if (input.tags?.length) form.set("tag", input.tags.join(","));
    const { body } = await requestJson(
      {
        service: "Pagure",
        url: this.url("/new_issue"),
        method: "POST",
        headers: this.authHeaders(true),
        body: form,
        schema: z.looseObject({ issue: PagureIssueSchema }),
        parseError: parsePagureError,
        onAttempt: () => (this.requestCount += 1),
        gate: this.gate,
      },
      { ...this.options.policy, attempts: 1 },
    );
    return body.issue;
  }

  /**
   * Adds a comment (`POST …/issue/<id>/comment`). Pagure answers without the comment (PA-08), so the
   * issue is read again and the newest comment with exactly this text is returned. Not retried.
   * @returns the new comment, or undefined when the re-read cannot find it.
   * @throws UpstreamError on failure.
   */
  async addComment(id: number, text: string): Promise<PagureComment | undefined> {
    await requestJson(
      {
        service: "Pagure",
        url: this.url(`/issue/${id}/comment`),
        method: "POST",
        headers: this.authHeaders(true),
        body: new URLSearchParams({ comment: text }),
        schema: z.looseObject({ message: z.string().optional() }),
        parseError: parsePagureError,
        onAttempt: () => (this.requestCount += 1),
        gate: this.gate,
      },
      { ...this.options.policy, attempts: 1 },
    );
    const reread = await this.getIssue(id);
    if (reread.state !== "ok") return undefined;
    return [...(reread.issue.comments ?? [])].reverse().find((c) => c.comment === text);
  }

  private url(path: string, params: Record<string, string> = {}): URL {
    const url = new URL(`${this.root}${path}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  }

  private authHeaders(write: boolean): Record<string, string> {
    if (!this.options.token || (!write && this.readAnonymously)) return {};
    return { Authorization: `token ${this.options.token}` };
  }

  /** A GET; with a token refused as invalid (401 EINVALIDTOK) it is sent again without it (PA-05). */
  private async get<T>(url: URL, schema: z.ZodType<T>): Promise<T> {
    const send = () =>
      requestJson(
        {
          service: "Pagure",
          url,
          headers: this.authHeaders(false),
          schema,
          parseError: parsePagureError,
          onAttempt: () => (this.requestCount += 1),
          gate: this.gate,
        },
        this.options.policy,
      );
    try {
      return (await send()).body;
    } catch (error) {
      const refused =
        error instanceof UpstreamError && error.status === 401 && error.code === PagureCode.invalidToken;
      if (!refused || this.readAnonymously || !this.options.token) throw error;
      this.readAnonymously = true;
      return (await send()).body;
    }
  }
}

/** Pagure's error body `{error, error_code, errors?}` → code and message (pagure.md §6). */
export const parsePagureError = errorBodyParser(ErrorBodySchema, ({ error, error_code: code, errors }) => {
  const extra =
    typeof errors === "string"
      ? errors
      : errors && typeof errors === "object"
        ? Object.entries(errors as Record<string, unknown>)
            .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
            .join("; ")
        : "";
  return { code: code ?? undefined, message: extra ? `${error} (${extra})` : error };
});

/**
 * Pagure API 0 (pagure.io, Pagure 5.14) for the one project in `pagure.repo`, under
 * `/pagure/api/0/<repo>/…`: list issues, get one issue, `new_issue`, and comment on an issue.
 * Behaviour follows /work/shared/design/upstream-apis/pagure.md and the PA-* rows of edge-cases.md:
 * `per_page` ≤ 100 (PA-02), epoch-second string timestamps (PA-03), `Authorization: token <T>` only
 * (PA-04), OR/`!` tag filters (PA-06), `tag` as a comma string (PA-07), the bare comment reply
 * (PA-08) and private issues (PA-10).
 *
 * Tokens: `pagure.tokens` maps each valid token to the user it acts as; without it any token is
 * valid and acts as `sandbox-user`. Authenticated callers count as project committers (they see
 * private issues); anonymous callers do not.
 */
import { createHash } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { PagureComment, PagureData, PagureIssue } from "./dataset.js";
import { htmlNotFound, isRecord, pathnameOf, rawBodyText, searchParamsOf } from "./http-util.js";
import type { SandboxService, SandboxState } from "./service.js";

/** User of every token when `pagure.tokens` is absent. */
export const DEFAULT_PAGURE_USER = "sandbox-user";
/** Host the served objects' URLs point at (the dataset's issues use pagure.io URLs too). */
const PAGURE_HOST = "https://pagure.io";

/** A Pagure API error (`api_method` envelope): thrown by handlers, written by the error handler. */
export class PagureError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
    this.name = "PagureError";
  }
}

/** `{ error, error_code }`, plus `errors` when given. */
export function pagureErrorBody(error: PagureError): Record<string, unknown> {
  const body: Record<string, unknown> = { error: error.message, error_code: error.errorCode };
  if (error.errors !== undefined) body.errors = error.errors;
  return body;
}

const invalidToken = (reason: string) =>
  new PagureError(
    401,
    "EINVALIDTOK",
    "Invalid or expired token. Please visit https://pagure.io/settings#nav-api-tab to get or renew your API token.",
    reason,
  );
const noIssue = () => new PagureError(404, "ENOISSUE", "Issue not found");
const invalidRequest = (errors?: unknown) =>
  new PagureError(400, "EINVALIDREQ", "Invalid or incomplete input submitted", errors);

/** The Pagure service module, mounted at `/pagure`. */
export function pagureService(): SandboxService {
  return {
    prefix: "/pagure",
    router: pagureRouter,
    endpointPath: (subPath) => subPath.replace(/\/issue\/[^/]+/, "/issue/{id}").replace(/\/+$/, ""),
    // Flask's own 500 page: Pagure's API has no JSON body for unexpected errors.
    internalErrorBody: () =>
      "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n" +
      "<p>The server encountered an internal error and was unable to complete your request.</p>\n",
  };
}

/**
 * The caller's user name, or null when anonymous. Like `check_api_acls`, the header is searched for
 * the substring `token` and the rest is the token, so `Bearer …` / `Token …` are not tokens (PA-04).
 * @throws PagureError 401 EINVALIDTOK for an unknown token, or when `required` and there is none.
 */
function authenticate(req: Request, data: PagureData, required: boolean): string | null {
  const header = req.get("authorization") ?? "";
  const at = header.indexOf("token");
  const token = at === -1 ? "" : header.slice(at + "token".length).trim();
  if (token === "") {
    if (required) throw invalidToken("Invalid token");
    return null;
  }
  if (data.tokens === undefined) return DEFAULT_PAGURE_USER;
  const user = data.tokens[token];
  if (user === undefined) throw invalidToken("Invalid token");
  return user;
}

/** `User.to_json(public=True)`. */
function userJson(name: string): Record<string, unknown> {
  return { full_url: `${PAGURE_HOST}/user/${name}`, fullname: name, name, url_path: `user/${name}` };
}

/** Epoch seconds as Pagure serialises them: a string (PA-03). */
function epochNow(): string {
  return String(Math.floor(Date.now() / 1000));
}

/** Form fields of a POST: form-encoded, or JSON when `Content-Type: application/json` (get_request_data). */
function formData(req: Request): Record<string, unknown> {
  const text = rawBodyText(req);
  if (req.is("application/json")) {
    try {
      const body: unknown = JSON.parse(text || "{}");
      return isRecord(body) ? body : {};
    } catch {
      throw new PagureError(400, "EINVALIDREQ", "Invalid or incomplete input submitted");
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function requiredFields(form: Record<string, unknown>, names: string[]): void {
  const missing = names.filter(
    (name) => typeof form[name] !== "string" || (form[name] as string).trim() === "",
  );
  if (missing.length > 0) {
    throw invalidRequest(Object.fromEntries(missing.map((name) => [name, ["This field is required."]])));
  }
}

/** Whole-number query parameter ≥ 1, or `fallback`; anything else is `error`. */
function positiveInt(
  params: URLSearchParams,
  name: string,
  fallback: number,
  error: () => PagureError,
): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw error();
  return Number(raw);
}

/** `GET …/issues`: filters, newest first (or `order=asc`), paged; `total_issues` is the page size. */
function listIssues(req: Request, data: PagureData, user: string | null): Record<string, unknown> {
  const params = searchParamsOf(req);
  const page = positiveInt(params, "page", 1, () => invalidRequest());
  const perPage = positiveInt(params, "per_page", 20, perPageError);
  if (perPage > 100) throw perPageError();

  const status = params.get("status");
  const tags = params.getAll("tags").filter((tag) => tag.trim() !== "");
  const include = tags.filter((tag) => !tag.startsWith("!"));
  const exclude = tags.filter((tag) => tag.startsWith("!")).map((tag) => tag.slice(1));
  const author = params.get("author");
  const assignee = params.get("assignee");
  const order = params.get("order");
  const since = sinceParam(params.get("since"));

  const matching = data.issues
    .filter((issue) => user !== null || !issue.private)
    .filter((issue) => statusMatches(issue.status, status))
    .filter((issue) => include.length === 0 || issue.tags.some((tag) => include.includes(tag)))
    .filter((issue) => !issue.tags.some((tag) => exclude.includes(tag)))
    .filter((issue) => author === null || userName(issue.user) === author)
    .filter((issue) => assigneeMatches(userName(issue.assignee), assignee))
    .filter((issue) => since === null || Number(issue.last_updated) >= since)
    .sort((a, b) => {
      const diff = Number(a.date_created) - Number(b.date_created) || a.id - b.id;
      return order?.toLowerCase() === "asc" ? diff : -diff;
    });

  const issues = matching.slice((page - 1) * perPage, page * perPage);
  return {
    args: {
      assignee,
      author,
      milestones: params.getAll("milestones"),
      no_stones: params.get("no_stones"),
      order,
      priority: params.get("priority"),
      since: params.get("since"),
      status: status ?? "Open",
      tags,
    },
    issues,
    pagination: pagination(req, params, page, perPage, Math.ceil(matching.length / perPage)),
    total_issues: issues.length,
  };
}

/**
 * `since`: epoch seconds or `YYYY-MM-DD` (UTC midnight), compared with `last_updated`.
 * @throws PagureError 400 ETIMESTAMP (bad number) or EDATETIME (bad date).
 */
function sinceParam(value: string | null): number | null {
  if (value === null || value === "") return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  if (/^\d+/.test(value) && !value.includes("-")) {
    throw new PagureError(400, "ETIMESTAMP", "Invalid timestamp format");
  }
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms)) throw new PagureError(400, "EDATETIME", "Invalid datetime format");
  return ms / 1000;
}

function perPageError(): PagureError {
  return new PagureError(400, "EINVALIDPERPAGEVALUE", "The per_page value must be between 1 and 100");
}

/** `status`: default Open; `all` = any; `closed` = anything but Open; otherwise an exact match. */
function statusMatches(actual: string, wanted: string | null): boolean {
  if (wanted === null) return actual === "Open";
  if (wanted.toLowerCase() === "all") return true;
  if (wanted.toLowerCase() === "closed") return actual !== "Open";
  return actual === wanted;
}

/** `assignee`: `true`/`1` any assignee, `false`/`0` none, `!name` not name, else exactly name. */
function assigneeMatches(actual: string | undefined, wanted: string | null): boolean {
  if (wanted === null) return true;
  const lower = wanted.toLowerCase();
  if (lower === "true" || lower === "1") return actual !== undefined;
  if (lower === "false" || lower === "0") return actual === undefined;
  if (wanted.startsWith("!")) return actual !== wanted.slice(1);
  return actual === wanted;
}

function userName(user: unknown): string | undefined {
  return isRecord(user) && typeof user.name === "string" ? user.name : undefined;
}

/**
 * `get_pagination_metadata`: absolute links carrying the request's other parameters (sorted by
 * name, as in the captured pagure.io response) and then `page`.
 */
function pagination(req: Request, params: URLSearchParams, page: number, perPage: number, pages: number) {
  const base = `${req.protocol}://${req.get("host") ?? "127.0.0.1"}${pathnameOf(req)}`;
  const link = (target: number) => {
    const query = new URLSearchParams([...params].filter(([key]) => key !== "page"));
    query.sort();
    query.append("page", String(target));
    return `${base}?${query.toString()}`;
  };
  return {
    first: link(1),
    last: link(pages),
    next: page < pages ? link(page + 1) : null,
    page,
    pages,
    per_page: perPage,
    prev: page > 1 ? link(page - 1) : null,
  };
}

/**
 * The issue a caller may see.
 * @throws PagureError 404 ENOISSUE (no such issue), 403 EISSUENOTALLOWED (private, anonymous caller; PA-10).
 */
function visibleIssue(data: PagureData, ref: string, user: string | null): PagureIssue {
  const issue = /^\d+$/.test(ref) ? data.issues.find((candidate) => candidate.id === Number(ref)) : undefined;
  if (!issue) throw noIssue();
  if (issue.private && user === null) {
    throw new PagureError(403, "EISSUENOTALLOWED", "You are not allowed to view this issue");
  }
  return issue;
}

/** `POST …/new_issue` → `{ issue, message: "Issue created" }`; the new issue gets the next id. */
function newIssue(
  data: PagureData,
  form: Record<string, unknown>,
  user: string,
): { issue: PagureIssue; message: string } {
  requiredFields(form, ["title", "issue_content"]);
  if (form.tag !== undefined && typeof form.tag !== "string") {
    // api_new_issue does `tag.split(",")`: a JSON list is an AttributeError, i.e. a 500 (PA-07).
    throw new PagureError(500, "", "'list' object has no attribute 'split'");
  }
  const tags = (typeof form.tag === "string" ? form.tag.split(",") : []).map((t) => t.trim()).filter(Boolean);
  const now = epochNow();
  const id = data.issues.reduce((max, issue) => Math.max(max, issue.id), 0) + 1;
  const issue: PagureIssue = {
    assignee: null,
    blocks: [],
    close_status: null,
    closed_at: null,
    closed_by: null,
    comments: [],
    content: String(form.issue_content),
    custom_fields: [],
    date_created: now,
    depends: [],
    full_url: `${PAGURE_HOST}/${data.repo}/issue/${id}`,
    id,
    last_updated: now,
    milestone: null,
    priority: null,
    private: ["true", "1", "y", "yes", "on"].includes(String(form.private ?? "").toLowerCase()),
    related_prs: [],
    status: "Open",
    tags: [...new Set(tags)],
    title: String(form.title),
    user: userJson(user),
  };
  data.issues.push(issue);
  return { issue, message: "Issue created" };
}

/** `POST …/issue/<id>/comment` → `{ message, avatar_url, user }` only (PA-08). */
function addComment(issue: PagureIssue, data: PagureData, form: Record<string, unknown>, user: string) {
  requiredFields(form, ["comment"]);
  const now = epochNow();
  let maxId = 0;
  for (const other of data.issues) for (const c of other.comments) maxId = Math.max(maxId, c.id);
  const comment: PagureComment = {
    comment: String(form.comment),
    date_created: now,
    edited_on: null,
    editor: null,
    id: maxId + 1,
    notification: false,
    parent: null,
    reactions: {},
    user: userJson(user),
  };
  issue.comments.push(comment);
  issue.last_updated = now;
  const hash = createHash("sha256").update(`${user}@fedoraproject.org`).digest("hex");
  return {
    message: "Comment added",
    avatar_url: `https://seccdn.libravatar.org/avatar/${hash}?s=16&d=retro`,
    user,
  };
}

function pagureRouter(state: SandboxState): Router {
  const data = () => state.dataset.pagure;
  const project = express.Router({ mergeParams: true });

  project.get("/issues", (req, res) => {
    const user = authenticate(req, data(), false);
    res.json(listIssues(req, data(), user));
  });
  project.post("/new_issue", (req, res) => {
    const user = authenticate(req, data(), true) ?? DEFAULT_PAGURE_USER;
    const created = newIssue(data(), formData(req), user);
    res.json(created);
    state.pagureWebhook.send("issue.new", created.issue, data().repo, user);
  });
  project.get("/issue/:id", (req, res) => {
    const user = authenticate(req, data(), false);
    const issue = visibleIssue(data(), req.params.id, user);
    if (searchParamsOf(req).get("comments")?.toLowerCase() === "false") {
      const { comments: _comments, ...rest } = issue;
      res.json(rest);
    } else {
      res.json(issue);
    }
  });
  project.post("/issue/:id/comment", (req, res) => {
    const user = authenticate(req, data(), true) ?? DEFAULT_PAGURE_USER;
    const issue = visibleIssue(data(), req.params.id, user);
    res.json(addComment(issue, data(), formData(req), user));
    state.pagureWebhook.send("issue.comment.added", issue, data().repo, user);
  });

  const router = express.Router();
  // Resolve the project: `/api/0/<namespace>/<repo>/…` or `/api/0/<repo>/…`, whichever `pagure.repo` is.
  router.use("/api/0", (req, res, next) => {
    const repo = data().repo;
    if (req.path === `/${repo}` || req.path.startsWith(`/${repo}/`)) {
      project(Object.assign(req, { url: req.url.slice(repo.length + 1) || "/" }), res, next);
      return;
    }
    next(new PagureError(404, "ENOPROJECT", "Project not found"));
  });
  router.use(
    htmlNotFound("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"),
  );
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!(error instanceof PagureError)) return next(error);
    if (error.status === 500) {
      res
        .status(500)
        .type("html")
        .send(pagureService().internalErrorBody() as string);
      return;
    }
    res.status(error.status).json(pagureErrorBody(error));
  });
  return router;
}

/**
 * Bodhi REST (bodhi.fedoraproject.org, Bodhi 8.x) under `/bodhi`: `GET /updates/`,
 * `GET /updates/<alias>`, `GET /releases/`, `GET /releases/<name>`. Behaviour follows
 * /work/shared/design/upstream-apis/bodhi.md and the BO-* rows of edge-cases.md: Cornice error
 * envelopes (BO-17), release resolution (BO-05), integer bug ids (BO-06), the 1000-row cap (BO-02),
 * an HTML page for `Accept: text/html` (BO-13), and the `*_since` / `*_before` date filters. Served
 * objects are the dataset's, verbatim.
 */
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { BodhiData, BodhiRelease, BodhiUpdate } from "./dataset.js";
import { escapeHtml, htmlNotFound, searchParamsOf, sendHtmlPage } from "./http-util.js";
import type { SandboxService, SandboxState } from "./service.js";

/** Update statuses Bodhi 8 accepts (`side_tag_*` were removed in 7.0, BO-10). */
export const BODHI_UPDATE_STATUSES = ["pending", "testing", "stable", "unpushed", "obsolete"] as const;
/** Release states (models.py `ReleaseState`). */
export const BODHI_RELEASE_STATES = ["disabled", "pending", "frozen", "current", "archived"] as const;
const REQUESTS = ["testing", "obsolete", "unpush", "revoke", "stable"] as const;

/** One entry of a Cornice error list. */
interface CorniceError {
  location: "querystring" | "url" | "body";
  name: string;
  description: string;
}

/** A Bodhi error response: thrown by handlers, written by the router's error handler. */
export class BodhiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: CorniceError[],
  ) {
    super(errors.map((error) => error.description).join("; "));
    this.name = "BodhiError";
  }
}

/** The Cornice error envelope `{ status: "error", errors: [{ location, name, description }] }`. */
export function bodhiErrorBody(errors: CorniceError[]): Record<string, unknown> {
  return { status: "error", errors };
}

/** The Bodhi service module, mounted at `/bodhi`. */
export function bodhiService(): SandboxService {
  return {
    prefix: "/bodhi",
    router: bodhiRouter,
    endpointPath: (subPath) => subPath.replace(/^\/(updates|releases)\/[^/]+\/?$/, "/$1/{id}"),
    internalErrorBody: () =>
      bodhiErrorBody([
        { location: "body", name: "Exception", description: "The server encountered an unexpected error." },
      ]),
  };
}

/** Collects Colander-style validation errors of one request, then throws them together. */
class Validation {
  readonly errors: CorniceError[] = [];

  constructor(private readonly params: URLSearchParams) {}

  /** An integer parameter within [min, max], or `fallback` when absent. */
  integer(name: string, fallback: number, min: number, max?: number): number {
    const raw = this.params.get(name);
    if (raw === null || raw.trim() === "") return fallback;
    if (!/^\s*[-+]?\d+\s*$/.test(raw)) return this.fail(name, `"${raw}" is not a number`, fallback);
    const value = Number(raw);
    if (value < min) return this.fail(name, `${value} is less than minimum value ${min}`, fallback);
    if (max !== undefined && value > max) {
      return this.fail(name, `${value} is greater than maximum value ${max}`, fallback);
    }
    return value;
  }

  /** A list parameter whose items must be one of `allowed`; errors are named `name.<index>` (BO-17). */
  oneOfList(name: string, allowed: readonly string[]): string[] {
    const values = splitter(this.params, name);
    values.forEach((value, index) => {
      if (!allowed.includes(value)) this.fail(`${name}.${index}`, notOneOf(value, allowed), undefined);
    });
    return values;
  }

  /**
   * A Colander `DateTime` parameter: ISO 8601 (`2026-11-01`, `2026-11-01T10:00:00`, with `Z` or an
   * offset; without one, UTC), or undefined when absent.
   */
  dateTime(name: string): Date | undefined {
    const raw = this.params.get(name);
    if (raw === null || raw.trim() === "") return undefined;
    const date = parseIsoDateTime(raw.trim());
    return date ?? this.fail(name, "Invalid date", undefined);
  }

  /** A single-valued parameter that must be one of `allowed`, or undefined when absent. */
  oneOf(name: string, allowed: readonly string[]): string | undefined {
    const value = this.params.get(name);
    if (value === null || value === "") return undefined;
    if (!allowed.includes(value)) return this.fail(name, notOneOf(value, allowed), undefined);
    return value;
  }

  fail<T>(name: string, description: string, fallback: T): T {
    this.errors.push({ location: "querystring", name, description });
    return fallback;
  }

  /** @throws BodhiError 400 with every collected error. */
  check(): void {
    if (this.errors.length > 0) throw new BodhiError(400, this.errors);
  }
}

/** ISO 8601 as Colander reads it (zone-less values are UTC); null when it is not one. */
function parseIsoDateTime(value: string): Date | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      value,
    );
  if (!m) return null;
  const zone = !m[8] || m[8] === "Z" ? "Z" : `${m[8].slice(0, 3)}:${m[8].slice(-2)}`;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}.${(m[7] ?? "0").padEnd(3, "0").slice(0, 3)}${zone}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A Bodhi datetime of an update (`"2026-11-01 10:00:00"`, UTC) as a Date; null when unset. */
function bodhiTime(value: unknown): Date | null {
  if (typeof value !== "string" || value === "") return null;
  const date = new Date(`${value.trim().replace(" ", "T")}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The update times the `*_since` / `*_before` filters compare (updates.py `query_updates`):
 * `date_modified` is set only when the update is edited (its builds, bugs or notes), never by a push,
 * karma or a request; `date_pushed` is computed, `date_stable` else `date_testing` (models.py).
 */
const UPDATE_TIMES = {
  submitted: (u: BodhiUpdate) => bodhiTime(u.date_submitted),
  modified: (u: BodhiUpdate) => bodhiTime(u.date_modified),
  pushed: (u: BodhiUpdate) =>
    bodhiTime(u.date_stable) ?? bodhiTime(u.date_testing) ?? bodhiTime(u.date_pushed),
  approved: (u: BodhiUpdate) => bodhiTime(u.date_approved),
} as const;

function notOneOf(value: string, allowed: readonly string[]): string {
  return `"${value}" is not one of ${allowed.join(", ")}`;
}

/** Bodhi's `util.splitter`: repeated keys, comma- or space-separated, empty items dropped. */
function splitter(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((value) => value.split(/[\s,]+/))
    .filter((value) => value !== "");
}

/** Python's repr of a list of strings: `['a', 'b']`. */
function pyList(values: string[]): string {
  return `[${values.map((value) => `'${value}'`).join(", ")}]`;
}

/** The paging envelope fields: `pages = ceil(total / rows_per_page)`, so no rows means 0 pages. */
function paginate<T>(items: T[], page: number, rowsPerPage: number) {
  return {
    items: items.slice((page - 1) * rowsPerPage, page * rowsPerPage),
    page,
    pages: Math.ceil(items.length / rowsPerPage),
    rows_per_page: rowsPerPage,
    total: items.length,
  };
}

/**
 * Resolves the `releases` filter like `validate_releases`: a release `name` (case-insensitive, so
 * `f46` works), its `version` (which F46/F46F/F46C share), or `__current__` / `__pending__`
 * (pending + frozen) / `__archived__`.
 */
function resolveReleases(data: BodhiData, wanted: string[], validation: Validation): Set<string> | null {
  if (wanted.length === 0) return null;
  const names = new Set<string>();
  const bad: string[] = [];
  const byState = (states: string[]) =>
    data.releases.filter((release) => states.includes(release.state)).forEach((r) => names.add(r.name));
  for (const value of wanted) {
    if (value === "__current__") byState(["current"]);
    else if (value === "__pending__") byState(["pending", "frozen"]);
    else if (value === "__archived__") byState(["archived"]);
    else {
      const matches = data.releases.filter(
        (release) => release.name.toUpperCase() === value.toUpperCase() || release.version === value,
      );
      if (matches.length === 0) bad.push(value);
      matches.forEach((release) => names.add(release.name));
    }
  }
  if (bad.length > 0) validation.fail("releases", `Invalid releases specified: ${bad.join(", ")}`, null);
  return names;
}

/** Source package name of an NVR (everything before the last two dashes). */
function packageOf(nvr: string): string {
  return nvr.split("-").slice(0, -2).join("-");
}

/** `GET /updates/`: filters, newest `date_submitted` first, paged. */
function queryUpdates(data: BodhiData, params: URLSearchParams): Record<string, unknown> {
  const v = new Validation(params);
  const statuses = v.oneOfList("status", BODHI_UPDATE_STATUSES);
  const request = v.oneOf("request", REQUESTS);
  const page = v.integer("page", 1, 1);
  const rowsPerPage = v.integer("rows_per_page", 20, 1, 1000);
  const rawBugs = splitter(params, "bugs");
  const badBugs = rawBugs.filter((bug) => !/^\d+$/.test(bug));
  if (badBugs.length > 0) v.fail("bugs", `Invalid bug ID specified: ${pyList(badBugs)}`, null);
  const bugs = new Set(rawBugs.map(Number));
  const releases = resolveReleases(
    data,
    [...splitter(params, "releases"), ...splitter(params, "release")],
    v,
  );
  const windows = Object.entries(UPDATE_TIMES).map(([name, time]) => ({
    time,
    since: v.dateTime(`${name}_since`),
    before: v.dateTime(`${name}_before`),
  }));
  v.check();

  const aliases = [...splitter(params, "alias"), ...splitter(params, "updateid")];
  const builds = splitter(params, "builds");
  const packages = splitter(params, "packages");
  const users = splitter(params, "user");
  const matching = data.updates
    .filter((update) => {
      const nvrs = update.builds.map((build) => build.nvr);
      if (bugs.size > 0 && !update.bugs.some((bug) => bugs.has(bug.bug_id))) return false;
      if (releases && !releases.has(update.release.name)) return false;
      if (statuses.length > 0 && !statuses.includes(update.status)) return false;
      if (request !== undefined && update.request !== request) return false;
      if (aliases.length > 0 && !aliases.includes(update.alias)) return false;
      if (builds.length > 0 && !nvrs.some((nvr) => builds.includes(nvr))) return false;
      if (packages.length > 0 && !nvrs.some((nvr) => packages.includes(packageOf(nvr)))) return false;
      if (users.length > 0 && !users.includes(userName(update) ?? "")) return false;
      for (const { time, since, before } of windows) {
        if (!since && !before) continue;
        // SQL: a NULL time matches neither `>=` nor `<`.
        const at = time(update);
        if (!at || (since && at < since) || (before && at >= before)) return false;
      }
      return true;
    })
    .sort((a, b) => b.date_submitted.localeCompare(a.date_submitted) || a.alias.localeCompare(b.alias));

  const { items, ...paging } = paginate(matching, page, rowsPerPage);
  return {
    updates: items,
    ...paging,
    chrome: booleanParam(params, "chrome", true),
    display_user: booleanParam(params, "display_user", false),
    display_request: booleanParam(params, "display_request", true),
    package: packages[0] ?? null,
  };
}

function userName(update: BodhiUpdate): string | undefined {
  const user = update.user;
  return typeof user === "object" && user !== null && "name" in user ? String(user.name) : undefined;
}

/** Colander `Boolean(true_choices=('true', '1'))`. */
function booleanParam(params: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = params.get(name);
  return value === null ? fallback : ["true", "1"].includes(value.toLowerCase());
}

/** `GET /releases/`: `name` (SQL LIKE, `%`/`_` wildcards), `state`, `exclude_archived`, paged by name. */
function queryReleases(data: BodhiData, params: URLSearchParams): Record<string, unknown> {
  const v = new Validation(params);
  const state = v.oneOf("state", BODHI_RELEASE_STATES);
  const page = v.integer("page", 1, 1);
  const rowsPerPage = v.integer("rows_per_page", 20, 1, 1000);
  v.check();
  const name = params.get("name");
  const like = name ? likePattern(name) : null;
  const excludeArchived = booleanParam(params, "exclude_archived", false);
  const releases = data.releases
    .filter((release) => (like ? like.test(release.name) : true))
    .filter((release) => state === undefined || release.state === state)
    .filter((release) => !excludeArchived || release.state !== "archived")
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { items, ...paging } = paginate(releases, page, rowsPerPage);
  return { releases: items, ...paging };
}

/** An SQL LIKE pattern as a RegExp (`%` any run, `_` one character; case-sensitive). */
function likePattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/%/g, ".*").replace(/_/g, ".")}$`);
}

function findRelease(data: BodhiData, name: string): BodhiRelease | undefined {
  return data.releases.find(
    (release) => release.name === name || release.long_name === name || release.dist_tag === name,
  );
}

/** True if the caller prefers HTML (a browser), as Pyramid's `accept=` view predicates decide (BO-13). */
function wantsHtml(req: Request): boolean {
  return req.accepts(["application/json", "text/html"]) === "text/html";
}

/** Sends JSON, or for an HTML-preferring caller a small web page showing `title` and `lines`. */
function sendBodhi(req: Request, res: Response, body: unknown, title: string, lines: string[]): void {
  if (!wantsHtml(req)) {
    res.json(body);
    return;
  }
  const items = lines.map((line) => `<li>${escapeHtml(line)}</li>`).join("\n");
  sendHtmlPage(res, 200, title, `<ul>\n${items}\n</ul>`, `${title} — Bodhi`);
}

function updateLine(update: BodhiUpdate): string {
  return `${update.alias} ${String(update.title ?? "")} (${update.status})`;
}

function bodhiRouter(state: SandboxState): Router {
  const data = () => state.dataset.bodhi;
  const router = express.Router({ strict: true });

  router.get(["/updates/", "/updates"], (req, res) => {
    const body = queryUpdates(data(), searchParamsOf(req));
    sendBodhi(req, res, body, "Updates", (body.updates as BodhiUpdate[]).map(updateLine));
  });

  router.get(["/updates/:alias", "/updates/:alias/"], (req, res) => {
    const alias = req.params.alias;
    const update = data().updates.find((candidate) => candidate.alias === alias);
    if (update) {
      const body = { update, can_edit: false, ci_allowed: false };
      sendBodhi(req, res, body, update.alias, [updateLine(update)]);
      return;
    }
    const isPackage = data().updates.some((u) => u.builds.some((build) => packageOf(build.nvr) === alias));
    if (isPackage) {
      // validate_update_id: a package name redirects to the package's update list (BO-08).
      const base = `${req.protocol}://${req.get("host") ?? "127.0.0.1"}${req.baseUrl}`;
      res.redirect(302, `${base}/updates/?packages=${encodeURIComponent(alias)}`);
      return;
    }
    throw new BodhiError(404, [{ location: "url", name: "id", description: "Invalid update id" }]);
  });

  router.get(["/releases/", "/releases"], (req, res) => {
    const body = queryReleases(data(), searchParamsOf(req));
    const lines = (body.releases as BodhiRelease[]).map((r) => `${r.name} ${String(r.long_name ?? "")}`);
    sendBodhi(req, res, body, "Releases", lines);
  });

  router.get(["/releases/:name", "/releases/:name/"], (req, res) => {
    const release = findRelease(data(), req.params.name);
    if (!release) {
      throw new BodhiError(404, [{ location: "body", name: "name", description: "No such release" }]);
    }
    sendBodhi(req, res, release, release.name, [`${release.name} ${String(release.long_name ?? "")}`]);
  });

  router.use(
    htmlNotFound(
      "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>\n",
    ),
  );
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof BodhiError) res.status(error.status).json(bodhiErrorBody(error.errors));
    else next(error);
  });
  return router;
}

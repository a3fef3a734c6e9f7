/**
 * Bugzilla REST (bugzilla.redhat.com flavour) under `/bugzilla/rest/…` and `/bugzilla/rest.cgi/…`
 * (edge case BZ-35). Routes follow upstream `REST/Resources/Bug.pm`; behaviour is documented in
 * /work/shared/design/upstream-apis/bugzilla.md and the BZ-* rows of edge-cases.md.
 */
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { BzError, bzErrorBody, bzHttpStatus, sendBz, sendBzError } from "./bugzilla-errors.js";
import { readFieldSelection, selectFields } from "./bugzilla-fields.js";
import { historyOf, SANDBOX_LOGIN } from "./bugzilla-history.js";
import { searchBugs } from "./bugzilla-search.js";
import { aliasesOf, bzTime, idList, parseBzTime, resolveBug } from "./bugzilla-store.js";
import { addComment, updateBugs } from "./bugzilla-update.js";
import type { BugzillaData, BzBug } from "./dataset.js";
import {
  escapeHtml,
  htmlNotFound,
  isRecord,
  jsonBody,
  pathnameOf,
  searchParamsOf,
  sendHtmlPage,
} from "./http-util.js";
import type { SandboxService, SandboxState } from "./service.js";

/** What `GET /rest/version` reports (RHBZ in 2022). */
export const BUGZILLA_VERSION = "5.0.4.rh69";

/** Parameters that carry credentials; RHBZ rejects them with 32000 (edge case BZ-18). */
const AUTH_PARAMS = [
  "api_key",
  "Bugzilla_api_key",
  "Bugzilla_login",
  "Bugzilla_password",
  "Bugzilla_token",
  "token",
];

/** The Bugzilla service module, mounted at `/bugzilla`. */
export function bugzillaService(): SandboxService {
  return {
    prefix: "/bugzilla",
    router: bugzillaRouter,
    endpointPath: (subPath) =>
      subPath.replace(/\/+$/, "").replace(/^(\/rest(?:\.cgi)?\/bug\/)(?!comment(?:\/|$))[^/]+/, "$1{id}"),
    internalErrorBody: () =>
      bzErrorBody(-32000, "Internal Error: the server encountered an unexpected condition."),
  };
}

/**
 * Who is calling: anonymous (no `Authorization` header) or authenticated with a Bearer key.
 * @throws BzError 32000 (credentials as query/body parameters), 306 (malformed header, or a key
 *   not in `bugzilla.api_keys` when that list exists).
 */
function authenticate(req: Request, data: BugzillaData): { authenticated: boolean; login: string } {
  const params = searchParamsOf(req);
  const body = safeJsonBody(req);
  if (AUTH_PARAMS.some((name) => params.has(name) || (isRecord(body) && name in body))) {
    throw new BzError(
      32000,
      "The API can only be accessed using API keys and the Authorization header. " +
        "See https://bugzilla.redhat.com/docs/en/html/api/core/v1/general.html#authentication for details.",
    );
  }
  const header = req.get("authorization");
  if (header === undefined) return { authenticated: false, login: "" };
  const key = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (key === undefined || (data.api_keys !== undefined && !data.api_keys.includes(key))) {
    throw new BzError(306, "The API key you specified is invalid. Please check that you typed it correctly.");
  }
  return { authenticated: true, login: data.api_key_users?.[key] ?? SANDBOX_LOGIN };
}

/**
 * Writes require a valid key (410 `login_required` otherwise).
 * @returns the login the key acts as (`bugzilla.api_key_users`, else `sandbox-user@example.com`).
 */
function requireLogin(req: Request, data: BugzillaData): string {
  const { authenticated, login } = authenticate(req, data);
  if (!authenticated) throw new BzError(410, "You must log in before using this part of Bugzilla.");
  return login;
}

function bugzillaRouter(state: SandboxState): Router {
  const data = () => state.dataset.bugzilla;
  const rest = express.Router();

  // Validate credentials on every REST call, including unknown paths.
  rest.use((req, _res, next) => {
    authenticate(req, data());
    next();
  });

  rest.get("/version", (req, res) => sendBz(req, res, 200, { version: BUGZILLA_VERSION }));

  rest.get("/bug", (req, res) => {
    const { authenticated } = authenticate(req, data());
    sendBz(req, res, 200, searchBugs(data(), searchParamsOf(req), authenticated));
  });

  rest.get("/bug/:ref", (req, res) => {
    const { authenticated } = authenticate(req, data());
    const bug = resolveBug(data(), req.params.ref, authenticated);
    const selection = readFieldSelection(searchParamsOf(req));
    sendBz(req, res, 200, { bugs: [selectFields(bug, selection)], faults: [] });
  });

  /** A logged-in write of the JSON body on a draft of the data (see onDraft), answered with `status`. */
  const write =
    (status: number, apply: typeof updateBugs | typeof addComment) =>
    (req: Request<{ ref: string }>, res: Response) => {
      const login = requireLogin(req, data());
      const body = requireJsonBody(req);
      const result = onDraft(state, (draft) => apply(draft, req.params.ref, body, { now: bzTime(), login }));
      sendBz(req, res, status, result);
    };

  rest.put("/bug/:ref", write(200, updateBugs));

  // Bug.history takes a list of `ids`; the route gives it `[ref]`, and Bugzilla's REST server merges
  // `ids` from the query string into that list (REST.pm `_retrieve_json_params`: uniq(path ids, query
  // ids), compared as strings), so `/bug/1/history?ids=2&ids=3` answers for bugs 1, 2 and 3 in that
  // order. Each is checked in turn: the first missing or private one fails the whole request.
  rest.get("/bug/:ref/history", (req, res) => {
    const { authenticated } = authenticate(req, data());
    // Dates are converted before the method runs, so a bad new_since is reported before any bug.
    const since = newSinceOf(req);
    const refs = [...new Set([req.params.ref, ...searchParamsOf(req).getAll("ids")])];
    const bugs = refs.map((ref) => resolveBug(data(), ref, authenticated));
    sendBz(req, res, 200, {
      bugs: bugs.map((bug) => ({
        id: bug.id,
        alias: aliasesOf(bug),
        history: historyOf(data(), bug.id, since, parseBzTime),
      })),
    });
  });

  rest.get("/bug/:ref/comment", (req, res) => {
    const { authenticated } = authenticate(req, data());
    const bug = resolveBug(data(), req.params.ref, authenticated);
    const since = newSinceOf(req);
    const comments = (data().comments[String(bug.id)] ?? []).filter((comment) => {
      // Sandbox callers are never in the insider group: private comments leave gaps in `count` (BZ-24).
      if (comment.is_private === true) return false;
      if (since === null) return true;
      const created = typeof comment.creation_time === "string" ? parseBzTime(comment.creation_time) : null;
      return created !== null && created > since;
    });
    sendBz(req, res, 200, { bugs: { [String(bug.id)]: { comments } }, comments: {} });
  });

  rest.post("/bug/:ref/comment", write(201, addComment));

  rest.use((req, _res, next) => {
    const resource = pathnameOf(req).replace(/^\/bugzilla\/rest(?:\.cgi)?/, "");
    next(new BzError(32614, `A REST API resource was not found for '${req.method} ${resource}'.`));
  });
  rest.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (error instanceof BzError) sendBzError(req, res, error);
    else next(error);
  });

  const router = express.Router();
  router.use(["/rest", "/rest.cgi"], rest);
  router.get("/show_bug.cgi", (req, res) => {
    const ref = searchParamsOf(req).get("id")?.trim();
    if (!ref) {
      sendHtmlPage(res, 400, "Invalid Bug ID", "<p>Please enter a bug id (show_bug.cgi?id=N).</p>");
      return;
    }
    try {
      // A browser is not logged in: private bugs are refused, as for anonymous REST callers.
      sendHtmlPage(res, 200, ...bugPage(data(), resolveBug(data(), ref, false)));
    } catch (error) {
      if (!(error instanceof BzError)) throw error;
      sendHtmlPage(res, bzHttpStatus(error.code), "Bugzilla error", `<p>${escapeHtml(error.message)}</p>`);
    }
  });
  router.use(htmlNotFound("<html><body><h1>Not Found</h1></body></html>\n"));
  return router;
}

/**
 * The web page of one bug for `show_bug.cgi` (where the app's bug links point): a small stand-in for
 * Bugzilla's, with the fields Blockerbugs reads and the public comments.
 * @returns the page title and its HTML body
 */
function bugPage(data: BugzillaData, bug: BzBug): [string, string] {
  const field = (value: unknown) =>
    escapeHtml(Array.isArray(value) ? value.join(", ") : value == null ? "" : String(value));
  const rows: [string, unknown][] = [
    ["Alias", aliasesOf(bug)],
    ["Status", [bug.status, bug.resolution].filter(Boolean).join(" ")],
    ["Product", bug.product],
    ["Component", bug.component],
    ["Version", bug.version],
    ["Whiteboard", bug.whiteboard],
    ["Keywords", bug.keywords],
    ["Blocks", idList(bug, "blocks")],
    ["Depends on", idList(bug, "depends_on")],
    ["Last change", bug.last_change_time],
  ];
  const comments = (data.comments[String(bug.id)] ?? [])
    .filter((comment) => comment.is_private !== true)
    .map(
      (comment) =>
        `<li><pre>${field(comment.creator)}, ${field(comment.creation_time)}:\n${field(comment.text)}</pre></li>`,
    );
  const body =
    `<dl>${rows.map(([name, value]) => `<dt>${name}</dt><dd>${field(value)}</dd>`).join("")}</dl>\n` +
    `<h2>Comments</h2>\n<ul>${comments.join("\n")}</ul>`;
  return [`Bug ${bug.id} – ${String(bug.summary ?? "")}`, body];
}

/**
 * Runs a write on a deep copy of the Bugzilla data and installs the copy only if it succeeds, so a
 * failing multi-part update (e.g. one unknown cc user) changes nothing.
 */
function onDraft<T>(state: SandboxState, write: (draft: BugzillaData) => T): T {
  const draft = structuredClone(state.dataset.bugzilla);
  const result = write(draft);
  state.dataset.bugzilla = draft;
  return result;
}

/** The `new_since` parameter of a history or comment read, as parseBzTime reads it; `null` when absent. @throws BzError 32000 when not a date. */
function newSinceOf(req: Request): number | null {
  const newSince = searchParamsOf(req).get("new_since");
  const since = newSince ? parseBzTime(newSince) : null;
  if (newSince && since === null) throw new BzError(32000, `'${newSince}' is not a legal date.`);
  return since;
}

function requireJsonBody(req: Request): unknown {
  try {
    return jsonBody(req);
  } catch {
    throw new BzError(32000, "The request body is not valid JSON.");
  }
}

function safeJsonBody(req: Request): unknown {
  try {
    return jsonBody(req);
  } catch {
    return undefined;
  }
}

/**
 * `GET /rest/bug` — Bug.search as bugzilla.redhat.com answers it (bugzilla.md §3.1 and §6).
 */
import { booleanChartPredicate, statusPredicate } from "./bugzilla-advanced-search.js";
import { BzError } from "./bugzilla-errors.js";
import { readFieldSelection, selectFields } from "./bugzilla-fields.js";
import { aliasesOf, idList, parseBzTime } from "./bugzilla-store.js";
import type { BugzillaData, BzBug } from "./dataset.js";
import { listParam } from "./http-util.js";

/** RHBZ page sizes (since 2021-09): default 20, at most 1000 with an API key, 20 without. */
export const DEFAULT_PAGE = 20;
export const MAX_PAGE_AUTHENTICATED = 1000;
export const MAX_PAGE_ANONYMOUS = 20;

/** Body of a search response; `limit` and `total_matches` are RHBZ extras. */
export interface SearchResponse {
  bugs: Record<string, unknown>[];
  limit: number;
  total_matches: number;
}

type Predicate = (bug: BzBug) => boolean;

/** Fields matched exactly (any of the given values; array fields match on any element). */
const EXACT_FIELDS = [
  "resolution",
  "product",
  "component",
  "version",
  "priority",
  "severity",
  "assigned_to",
  "creator",
  "qa_contact",
  "keywords",
  "classification",
  "target_milestone",
  "op_sys",
  "platform",
];
/** Fields matched as case-insensitive substrings. */
const SUBSTRING_FIELDS = ["summary", "whiteboard"];
/** Datetime fields matched as "at or after". */
const SINCE_FIELDS = ["last_change_time", "creation_time"];

/**
 * Runs a search. Criteria are ANDed; the values of one criterion are ORed. `status` / `bug_status`
 * also take `__open__`, `__closed__` and `__all__`; the advanced boolean chart (`f1`/`o1`/`v1`…) is
 * one more criterion (see bugzilla-advanced-search.ts). Private bugs are left
 * out silently. Without `order` the result is sorted by `last_change_time` descending then id —
 * deliberately not a stable order to page over while data changes; `order=bug_id` (optionally
 * `ASC`/`DESC`) sorts by id.
 * @throws BzError 50 (`offset` without `limit`), 52 (non-numeric id/limit/offset), 1000 (no
 *   criteria), 32000 (unparseable datetime).
 */
export function searchBugs(
  data: BugzillaData,
  params: URLSearchParams,
  authenticated: boolean,
): SearchResponse {
  const page = readPaging(params, authenticated);
  const predicates = buildPredicates(params);
  if (predicates.length === 0) {
    throw new BzError(1000, "You may not search, or create saved searches, without any search terms.");
  }
  const hidden = new Set(data.private);
  const matches = data.bugs.filter((bug) => !hidden.has(bug.id) && predicates.every((p) => p(bug)));
  sortBugs(matches, params.get("order"));
  const selection = readFieldSelection(params);
  return {
    bugs: matches.slice(page.offset, page.offset + page.limit).map((bug) => selectFields(bug, selection)),
    limit: page.limit,
    total_matches: matches.length,
  };
}

function readPaging(params: URLSearchParams, authenticated: boolean): { limit: number; offset: number } {
  const limitText = params.get("limit");
  const offsetText = params.get("offset");
  if (limitText === null) {
    if (offsetText !== null) {
      throw new BzError(
        50,
        "The function Bug.search() requires a limit argument, and that argument was not set.",
      );
    }
    return { limit: DEFAULT_PAGE, offset: 0 };
  }
  const cap = authenticated ? MAX_PAGE_AUTHENTICATED : MAX_PAGE_ANONYMOUS;
  const requested = naturalNumber("limit", limitText);
  return {
    limit: requested === 0 ? cap : Math.min(requested, cap),
    offset: offsetText === null ? 0 : naturalNumber("offset", offsetText),
  };
}

function buildPredicates(params: URLSearchParams): Predicate[] {
  const predicates: Predicate[] = [];
  const ids = numbers("id", listParam(params, "id"));
  if (ids.size > 0) predicates.push((bug) => ids.has(bug.id));

  const aliases = listParam(params, "alias");
  if (aliases.length > 0) predicates.push((bug) => aliasesOf(bug).some((a) => aliases.includes(a)));

  for (const field of ["blocks", "depends_on"] as const) {
    const wanted = numbers(field, listParam(params, field));
    if (wanted.size > 0) predicates.push((bug) => idList(bug, field).some((id) => wanted.has(id)));
  }
  const status = statusPredicate([...listParam(params, "status"), ...listParam(params, "bug_status")]);
  if (status) predicates.push(status);
  const chart = booleanChartPredicate(params);
  if (chart) predicates.push(chart);
  for (const field of EXACT_FIELDS) {
    const values = listParam(params, field);
    if (values.length > 0) predicates.push((bug) => stringValues(bug[field]).some((v) => values.includes(v)));
  }
  for (const field of SUBSTRING_FIELDS) {
    const needles = listParam(params, field, false).map((v) => v.toLowerCase());
    if (needles.length === 0) continue;
    predicates.push((bug) => {
      const text = stringValues(bug[field]).join(" ").toLowerCase();
      return needles.some((needle) => text.includes(needle));
    });
  }
  for (const field of SINCE_FIELDS) {
    const value = params.get(field);
    if (value === null || value.trim() === "") continue;
    const since = parseBzTime(value);
    if (since === null) throw new BzError(32000, `'${value}' is not a legal date.`);
    predicates.push((bug) => {
      const time = typeof bug[field] === "string" ? parseBzTime(bug[field]) : null;
      return time !== null && time >= since;
    });
  }
  return predicates;
}

function sortBugs(bugs: BzBug[], order: string | null): void {
  const normalised = (order ?? "").trim().replace(/\s+/g, " ").toLowerCase();
  if (normalised === "bug_id" || normalised === "bug_id asc") {
    bugs.sort((a, b) => a.id - b.id);
  } else if (normalised === "bug_id desc") {
    bugs.sort((a, b) => b.id - a.id);
  } else {
    const changed = (bug: BzBug) =>
      (typeof bug.last_change_time === "string" && parseBzTime(bug.last_change_time)) || 0;
    bugs.sort((a, b) => changed(b) - changed(a) || a.id - b.id);
  }
}

function numbers(name: string, values: string[]): Set<number> {
  return new Set(values.map((value) => naturalNumber(name, value)));
}

function naturalNumber(name: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw new BzError(52, `Invalid '${name}' value '${value}': it must be a non-negative integer.`);
  }
  return Number(value);
}

function stringValues(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number") return [String(value)];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

/**
 * Bugzilla's advanced-search parts of `GET /rest/bug` (Bug.search passes them to Bugzilla::Search):
 * the boolean chart `f<n>` (field) / `o<n>` (operator) / `v<n>` (value) with optional `n<n>=1`
 * (negate) and `j_top` (`AND`, the default, or `OR`), and the special `bug_status` values
 * `__open__`, `__closed__` and `__all__`. This is how the original app asked for prioritized bugs:
 * `bug_status=__open__&f1=flagtypes.name&o1=substring&v1=fedora_prioritized_bug+`.
 *
 * Field names are Bugzilla's internal ones (`flagtypes.name`, `blocked`, `dependson`, `bug_status`,
 * `status_whiteboard`, `short_desc`, …). `flagtypes.name` matches each flag as its name followed by
 * its status (`fedora_prioritized_bug+`, `needinfo?`), as Bugzilla::Search builds it. On a field with
 * several values (flags, blocks, keywords) a positive operator matches when any value matches, a
 * negative one (`notequals`, `notsubstring`, `nowords`, …) when none does. Nested groups (`OP`/`CP`)
 * are not supported: the sandbox refuses them rather than answer wrongly.
 */
import { BzError } from "./bugzilla-errors.js";
import { idList } from "./bugzilla-store.js";
import type { BzBug } from "./dataset.js";

type Predicate = (bug: BzBug) => boolean;

/** Whether Bugzilla counts the bug as open (`is_open`, else any status but CLOSED). */
export function bugIsOpen(bug: BzBug): boolean {
  if (typeof bug.is_open === "boolean") return bug.is_open;
  return String(bug.status ?? "").toUpperCase() !== "CLOSED";
}

/**
 * The predicate of the `bug_status` (or `status`) parameter values: `__open__` / `__closed__` /
 * `__all__` or literal statuses, ORed; `null` when there are none.
 */
export function statusPredicate(values: readonly string[]): Predicate | null {
  if (values.length === 0) return null;
  return (bug) =>
    values.some((v) => {
      if (v === "__open__") return bugIsOpen(bug);
      if (v === "__closed__") return !bugIsOpen(bug);
      if (v === "__all__") return true;
      return String(bug.status ?? "") === v;
    });
}

function strings(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map((v) => String(v));
  return [String(value)];
}

/** Chart fields that are one field of the bug as REST shows it: internal name → REST name. */
const REST_FIELDS: Record<string, string> = {
  bug_status: "status",
  resolution: "resolution",
  component: "component",
  product: "product",
  version: "version",
  keywords: "keywords",
  status_whiteboard: "whiteboard",
  short_desc: "summary",
  alias: "alias",
  assigned_to: "assigned_to",
  reporter: "creator",
  priority: "priority",
  bug_severity: "severity",
};

/** Values of a chart field for one bug (internal Bugzilla field names). */
const FIELDS: Record<string, (bug: BzBug) => string[]> = {
  bug_id: (bug) => [String(bug.id)],
  "flagtypes.name": (bug) =>
    (Array.isArray(bug.flags) ? bug.flags : []).map(
      (f: { name?: unknown; status?: unknown }) => `${String(f.name ?? "")}${String(f.status ?? "")}`,
    ),
  blocked: (bug) => idList(bug, "blocks").map(String),
  dependson: (bug) => idList(bug, "depends_on").map(String),
  ...Object.fromEntries(
    Object.entries(REST_FIELDS).map(([internal, rest]) => [internal, (bug: BzBug) => strings(bug[rest])]),
  ),
};

const words = (text: string) => text.split(/[\s,]+/).filter((w) => w !== "");
const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Positive operators: whether one field value matches the chart value. */
const POSITIVE: Record<string, (value: string, wanted: string) => boolean> = {
  equals: (v, w) => v === w,
  anyexact: (v, w) => words(w).includes(v),
  substring: (v, w) => v.toLowerCase().includes(w.toLowerCase()),
  casesubstring: (v, w) => v.includes(w),
  anywordssubstr: (v, w) => words(w).some((x) => v.toLowerCase().includes(x.toLowerCase())),
  anywords: (v, w) => words(w).some((x) => new RegExp(`(^|\\W)${escapeRe(x)}($|\\W)`, "i").test(v)),
  regexp: (v, w) => new RegExp(w, "i").test(v),
};
/** Negative operators and the positive one they deny (on every value of the field). */
const NEGATIVE: Record<string, string> = {
  notequals: "equals",
  notsubstring: "substring",
  nowordssubstr: "anywordssubstr",
  nowords: "anywords",
  notregexp: "regexp",
};

function chartPredicate(field: string, operator: string, value: string): Predicate {
  const valuesOf = FIELDS[field];
  if (!valuesOf) throw new BzError(108, `Can't use ${field} as a field name.`);
  if (operator === "isempty") return (bug) => valuesOf(bug).every((v) => v === "");
  if (operator === "isnotempty") return (bug) => valuesOf(bug).some((v) => v !== "");
  if (operator === "allwords" || operator === "allwordssubstr") {
    const one = operator === "allwords" ? POSITIVE.anywords! : POSITIVE.anywordssubstr!;
    return (bug) => words(value).every((w) => valuesOf(bug).some((v) => one(v, w)));
  }
  const positive = POSITIVE[operator] ?? POSITIVE[NEGATIVE[operator] ?? ""];
  if (!positive) throw new BzError(32000, `Can't use ${operator} as a search operator.`);
  if (operator === "regexp" || operator === "notregexp") {
    try {
      new RegExp(value);
    } catch {
      throw new BzError(32000, `The regular expression '${value}' is not valid.`);
    }
  }
  const any: Predicate = (bug) => valuesOf(bug).some((v) => positive(v, value));
  return operator in NEGATIVE ? (bug) => !any(bug) : any;
}

/**
 * The boolean chart of a search (`f<n>`/`o<n>`/`v<n>`/`n<n>`, combined by `j_top`) as one predicate,
 * or `null` when the search has none. Charts with an empty field or the `noop` field are skipped,
 * like Bugzilla.
 * @throws BzError 108 (unknown field), 32000 (unknown operator, bad regexp, `OP`/`CP` groups,
 *   unknown `j_top`).
 */
export function booleanChartPredicate(params: URLSearchParams): Predicate | null {
  const join = (params.get("j_top") ?? "AND").toUpperCase();
  if (join !== "AND" && join !== "OR" && join !== "AND_G")
    throw new BzError(32000, `Can't use ${join} as a boolean join (j_top).`);
  const predicates: Predicate[] = [];
  const numbers = [...params.keys()]
    .map((key) => /^f(\d+)$/.exec(key)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort((a, b) => Number(a) - Number(b));
  for (const n of numbers) {
    const field = (params.get(`f${n}`) ?? "").trim();
    if (field === "" || field === "noop") continue;
    if (field === "OP" || field === "CP")
      throw new BzError(32000, "sandbox: nested boolean-chart groups (OP/CP) are not supported.");
    const predicate = chartPredicate(
      field,
      (params.get(`o${n}`) ?? "equals").trim(),
      params.get(`v${n}`) ?? "",
    );
    predicates.push(params.get(`n${n}`) === "1" ? (bug) => !predicate(bug) : predicate);
  }
  if (predicates.length === 0) return null;
  return join === "OR" ? (bug) => predicates.some((p) => p(bug)) : (bug) => predicates.every((p) => p(bug));
}

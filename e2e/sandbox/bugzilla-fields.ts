/**
 * `include_fields` / `exclude_fields` / `extra_fields` as RHBZ applies them to bug objects
 * (bugzilla.md §4; upstream `filter_wants` in WebService/Util.pm):
 * - without `include_fields` a bug has its default fields, which on RHBZ exclude the "extra" fields
 *   such as `flags` (edge case BZ-06);
 * - `id` is never added implicitly (BZ-04); unknown names are ignored;
 * - shortcuts `_all`, `_default`, `_extra`, `_custom` (cf_* fields);
 * - `X_detail` follows its parent `X` (`assigned_to` brings `assigned_to_detail`);
 * - `exclude_fields` beats everything.
 */
import type { BzBug } from "./dataset.js";
import { listParam } from "./http-util.js";

/** RHBZ "extra" bug fields: only returned when named, or via `_extra` / `_all` / `extra_fields`. */
export const EXTRA_FIELDS: ReadonlySet<string> = new Set([
  "comments",
  "description",
  "external_bugs",
  "flags",
  "sub_components",
  "tags",
]);

/** Which fields of a bug a request wants. `include` null = the parameter was not given. */
export interface FieldSelection {
  include: ReadonlySet<string> | null;
  exclude: ReadonlySet<string>;
  extra: ReadonlySet<string>;
}

/** Reads the field-selection parameters (comma lists or repeated) of a request. */
export function readFieldSelection(params: URLSearchParams): FieldSelection {
  const include = listParam(params, "include_fields");
  return {
    include: include.length > 0 ? new Set(include) : null,
    exclude: new Set(listParam(params, "exclude_fields")),
    extra: new Set(listParam(params, "extra_fields")),
  };
}

/** A copy of `bug` holding only the wanted fields, in the bug's own key order. */
export function selectFields(bug: BzBug, selection: FieldSelection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(bug)) {
    if (isWanted(name, selection)) out[name] = value;
  }
  return out;
}

function isWanted(name: string, selection: FieldSelection): boolean {
  const field = parentField(name);
  if (matches(selection.exclude, field)) return false;
  if (selection.extra.has(field)) return true;
  if (selection.include === null) return !EXTRA_FIELDS.has(field);
  return matches(selection.include, field);
}

function matches(names: ReadonlySet<string>, field: string): boolean {
  if (names.has(field) || names.has("_all")) return true;
  const extra = EXTRA_FIELDS.has(field);
  return (
    (names.has("_default") && !extra) ||
    (names.has("_extra") && extra) ||
    (names.has("_custom") && field.startsWith("cf_"))
  );
}

/** `assigned_to_detail` → `assigned_to`; other names unchanged. */
function parentField(name: string): string {
  return name.endsWith("_detail") ? name.slice(0, -"_detail".length) : name;
}

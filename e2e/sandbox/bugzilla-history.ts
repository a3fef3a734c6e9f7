/**
 * Bugzilla's bug history (`GET /rest/bug/{id}/history`, Bug.history; Bugzilla 5 docs "Bug History"):
 * the entries a dataset gives in `bugzilla.history`, plus those the sandbox records for its own writes
 * (`PUT /rest/bug/{id}`) and for dataset patches, in Bugzilla's shape: `{when, who, changes:
 * [{field_name, removed, added}]}`, oldest first. Lists (`blocks`, `dependson`, `cc`, `keywords`) record
 * the values removed and added, comma+space separated; single values (`status_whiteboard`,
 * `bug_status`, `resolution`) the old and the new value.
 */
import { idList } from "./bugzilla-store.js";
import type { BugzillaData, BzBug, BzHistoryEntry } from "./dataset.js";

/** Login of writes made with a key `bugzilla.api_key_users` does not name, and of dataset patches. */
export const SANDBOX_LOGIN = "sandbox-user@example.com";

/** Bugzilla's history `field_name` of the bug fields the sandbox records. */
export const HISTORY_FIELD_NAMES = {
  blocks: "blocks",
  depends_on: "dependson",
  cc: "cc",
  keywords: "keywords",
  whiteboard: "status_whiteboard",
  status: "bug_status",
  resolution: "resolution",
} as const;

type Change = BzHistoryEntry["changes"][number];

/** Appends an entry to a bug's history; an entry without changes is not recorded. */
export function recordHistory(data: BugzillaData, bugId: number, entry: BzHistoryEntry): void {
  if (entry.changes.length === 0) return;
  (data.history[String(bugId)] ??= []).push(entry);
}

/** A list change (`blocks`, `cc`, …): the values removed and added, comma+space separated. */
export function listChange(field: string, removed: readonly unknown[], added: readonly unknown[]): Change {
  return { field_name: field, removed: removed.join(", "), added: added.join(", ") };
}

/**
 * The history changes between two versions of a bug for the fields a dataset patch may edit and the
 * blocker process reads: `blocks`, `whiteboard`, `status`, `resolution`.
 */
export function editedFields(before: BzBug, after: BzBug): Change[] {
  const changes: Change[] = [];
  const oldBlocks = idList(before, "blocks");
  const newBlocks = idList(after, "blocks");
  const removed = oldBlocks.filter((id) => !newBlocks.includes(id));
  const added = newBlocks.filter((id) => !oldBlocks.includes(id));
  if (removed.length + added.length > 0) changes.push(listChange(HISTORY_FIELD_NAMES.blocks, removed, added));
  for (const field of ["whiteboard", "status", "resolution"] as const) {
    const was = text(before[field]);
    const is = text(after[field]);
    if (was !== is) changes.push({ field_name: HISTORY_FIELD_NAMES[field], removed: was, added: is });
  }
  return changes;
}

/**
 * A bug's history for `GET /rest/bug/{id}/history`: every entry, or those after `since` (epoch ms,
 * Bugzilla's `new_since`), oldest first (entries keep the order they were recorded in).
 */
export function historyOf(
  data: BugzillaData,
  bugId: number,
  since: number | null,
  parse: (t: string) => number | null,
): BzHistoryEntry[] {
  const entries = data.history[String(bugId)] ?? [];
  if (since === null) return entries;
  return entries.filter((entry) => (parse(entry.when) ?? 0) > since);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

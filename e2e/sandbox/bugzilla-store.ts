/**
 * Reading and changing the in-memory Bugzilla data: bug lookup by id or alias, visibility,
 * blocks/depends_on mirroring, comments, and Bugzilla's datetime format.
 */
import { BzError } from "./bugzilla-errors.js";
import type { BugzillaData, BzBug, BzComment } from "./dataset.js";

/** A bug relation list; each is the mirror image of the other. */
export type RelationField = "blocks" | "depends_on";

const INVERSE: Record<RelationField, RelationField> = { blocks: "depends_on", depends_on: "blocks" };

/** Formats an instant as Bugzilla REST does: `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds). */
export function bzTime(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z");
}

const DATETIME_RE =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses a Bugzilla datetime to epoch milliseconds, or null if it is not one. Accepts
 * `2024-09-12T08:15:42Z`, the same without `Z` (= UTC, edge case BZ-22), `20240912T08:15:42`
 * (XML-RPC), a `±hh:mm` offset, and a bare date `2024-09-12` (midnight UTC).
 */
export function parseBzTime(value: string): number | null {
  const match = DATETIME_RE.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour = "0", minute = "0", second = "0", zone] = match;
  let ms = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second);
  if (zone && zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    ms -= (zone.startsWith("-") ? -1 : 1) * offsetMinutes * 60_000;
  }
  return Number.isNaN(ms) ? null : ms;
}

/** A bug's aliases as an array, whether the data holds an array, a string or nothing (BZ-02). */
export function aliasesOf(bug: BzBug): string[] {
  if (typeof bug.alias === "string") return bug.alias === "" ? [] : [bug.alias];
  return bug.alias ?? [];
}

/** A bug's `blocks` or `depends_on` ids ([] when the field is absent). */
export function idList(bug: BzBug, field: RelationField): number[] {
  return bug[field] ?? [];
}

/** The bug with this numeric id, or undefined. Ignores visibility. */
export function findBug(data: BugzillaData, id: number): BzBug | undefined {
  return data.bugs.find((bug) => bug.id === id);
}

/** True if the bug is in `bugzilla.private` (exists, but no sandbox caller may see it). */
export function isPrivate(data: BugzillaData, id: number): boolean {
  return data.private.includes(id);
}

/**
 * Resolves a bug reference (number, numeric string, or alias) to a bug the caller may see.
 * @throws BzError 101 (numeric id does not exist), 100 (unknown alias), 102 (private; the message
 *   differs for anonymous callers, as on RHBZ).
 */
export function resolveBug(data: BugzillaData, ref: string | number, authenticated: boolean): BzBug {
  const text = String(ref).trim();
  let bug: BzBug | undefined;
  if (/^\d+$/.test(text)) {
    bug = findBug(data, Number(text));
    if (!bug) throw new BzError(101, `Bug #${text} does not exist.`);
  } else {
    bug = data.bugs.find((candidate) => aliasesOf(candidate).includes(text));
    if (!bug) throw new BzError(100, `'${text}' is not a valid bug number nor an alias to a bug.`);
  }
  if (isPrivate(data, bug.id)) {
    const login = authenticated
      ? ""
      : " To see this bug, you must first log in to an account with the appropriate permissions.";
    throw new BzError(102, `You are not authorized to access bug #${bug.id}.${login}`);
  }
  return bug;
}

/**
 * Keeps the mirror relation consistent after `bugId`'s `field` gained `added` and lost `removed`:
 * each other bug's inverse list (`depends_on` for `blocks`) gets/loses `bugId`, and every bug whose
 * list really changed gets `last_change_time = now`. Ids not in the dataset are skipped.
 */
export function mirrorRelation(
  data: BugzillaData,
  bugId: number,
  field: RelationField,
  added: readonly number[],
  removed: readonly number[],
  now: string,
): void {
  const inverse = INVERSE[field];
  for (const otherId of added) {
    const other = findBug(data, otherId);
    if (!other || idList(other, inverse).includes(bugId)) continue;
    other[inverse] = [...idList(other, inverse), bugId];
    other.last_change_time = now;
  }
  for (const otherId of removed) {
    const other = findBug(data, otherId);
    if (!other || !idList(other, inverse).includes(bugId)) continue;
    other[inverse] = idList(other, inverse).filter((id) => id !== bugId);
    other.last_change_time = now;
  }
}

/** Drops `bugId` from every bug's `blocks` and `depends_on`, bumping the bugs that changed. */
export function removeBugReferences(data: BugzillaData, bugId: number, now: string): void {
  for (const bug of data.bugs) {
    for (const field of ["blocks", "depends_on"] as const) {
      if (!idList(bug, field).includes(bugId)) continue;
      bug[field] = idList(bug, field).filter((id) => id !== bugId);
      bug.last_change_time = now;
    }
  }
}

/** True if `goal` can be reached from `start` by following `blocks` links (dependency-loop check). */
export function blocksReach(data: BugzillaData, start: number, goal: number): boolean {
  const seen = new Set<number>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift() as number;
    if (id === goal) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const bug = findBug(data, id);
    if (bug) queue.push(...idList(bug, "blocks"));
  }
  return false;
}

/**
 * Appends a comment to `data.comments[bugId]` and returns it. `count` is one more than the bug's
 * highest count (0 for the first); `id` is one more than the highest comment id in the dataset.
 */
export function appendComment(
  data: BugzillaData,
  bugId: number,
  text: string,
  options: { isPrivate: boolean; creator: string; now: string },
): BzComment {
  const key = String(bugId);
  const list = (data.comments[key] ??= []);
  let maxId = 0;
  for (const comments of Object.values(data.comments)) {
    for (const c of comments) maxId = Math.max(maxId, c.id);
  }
  const comment: BzComment = {
    id: maxId + 1,
    bug_id: bugId,
    count: list.reduce((max, c) => Math.max(max, c.count + 1), 0),
    creator: options.creator,
    creation_time: options.now,
    time: options.now,
    is_private: options.isPrivate,
    text,
    tags: [],
    attachment_id: null,
  };
  list.push(comment);
  return comment;
}

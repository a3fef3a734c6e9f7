/**
 * Writes: `PUT /rest/bug/{id|alias}` (Bug.update) and `POST /rest/bug/{id|alias}/comment`
 * (Bug.add_comment), bugzilla.md §3.4–3.5. Functions here change `data` in place and may throw
 * half-way; the caller runs them on a draft copy so a failed update changes nothing.
 */
import { z } from "zod";
import { BzError } from "./bugzilla-errors.js";
import { HISTORY_FIELD_NAMES, listChange, recordHistory } from "./bugzilla-history.js";
import {
  aliasesOf,
  appendComment,
  blocksReach,
  idList,
  mirrorRelation,
  resolveBug,
  type RelationField,
} from "./bugzilla-store.js";
import type { BugzillaData, BzBug } from "./dataset.js";
import { formatZodError } from "./dataset.js";

const BugRefSchema = z.union([z.number().int(), z.string()]);
const RefEditSchema = z.looseObject({
  add: z.array(BugRefSchema).optional(),
  remove: z.array(BugRefSchema).optional(),
  set: z.array(BugRefSchema).optional(),
});
const StringEditSchema = z.looseObject({
  add: z.array(z.string()).optional(),
  remove: z.array(z.string()).optional(),
  set: z.array(z.string()).optional(),
});

/** The supported subset of Bug.update's body; other keys are accepted and ignored. */
const UpdateBodySchema = z.looseObject({
  ids: z.array(BugRefSchema).optional(),
  blocks: RefEditSchema.optional(),
  depends_on: RefEditSchema.optional(),
  cc: StringEditSchema.optional(),
  keywords: StringEditSchema.optional(),
  whiteboard: z.string().optional(),
  comment: z.looseObject({ body: z.string(), is_private: z.boolean().optional() }).optional(),
});
type UpdateBody = z.infer<typeof UpdateBodySchema>;

/** One `changes` entry: comma+space separated values (edge case BZ-32). */
export interface FieldChange {
  added: string;
  removed: string;
}

/** One element of the PUT response's `bugs`. */
export interface BugUpdateResult {
  id: number;
  alias: string[];
  last_change_time: unknown;
  changes: Record<string, FieldChange>;
}

/**
 * What the writer needs to know about the request: when it happens (`YYYY-MM-DDTHH:MM:SSZ`) and the
 * login it acts as (the API key's user: history entries and comments carry it).
 */
export interface WriteContext {
  now: string;
  login: string;
}

/**
 * Bug.update for the path bug plus any body `ids`. Supports `blocks` / `depends_on`
 * (`add`/`remove`/`set`; numeric ids, numeric strings or aliases, stored as numbers — BZ-30; the
 * other bug's mirror list is kept consistent), `cc` and `keywords` (`add`/`remove`/`set`),
 * `whiteboard` (replaces the value) and `comment` (`{body, is_private}`). A bug with changes or a
 * comment gets `last_change_time = now`; unchanged fields are absent from `changes`. The changed fields
 * are recorded in the bug's history as one entry by `context.login` (and the mirrored `blocks` /
 * `dependson` change in the other bug's), as Bugzilla does.
 * @throws BzError 100/101/102 (unknown or private bug, also for referenced bugs), 51 (cc user not in
 *   `bugzilla.users`), 116 (dependency loop), 32000 (malformed body).
 */
export function updateBugs(
  data: BugzillaData,
  pathRef: string,
  rawBody: unknown,
  context: WriteContext,
): { bugs: BugUpdateResult[] } {
  const body = parseBody(UpdateBodySchema, rawBody ?? {});
  const bugs = new Map<number, BzBug>();
  for (const ref of [pathRef, ...(body.ids ?? [])]) {
    const bug = resolveBug(data, ref, true);
    bugs.set(bug.id, bug);
  }
  return { bugs: [...bugs.values()].map((bug) => updateBug(data, bug, body, context)) };
}

/**
 * Bug.add_comment: appends `{comment, is_private?}` to the bug and bumps its `last_change_time`.
 * @returns the new comment's id (the 201 body).
 * @throws BzError 50 (missing or blank comment), 100/101/102 (unknown or private bug).
 */
export function addComment(
  data: BugzillaData,
  pathRef: string,
  rawBody: unknown,
  context: WriteContext,
): { id: number } {
  const body = parseBody(
    z.looseObject({ comment: z.unknown(), is_private: z.boolean().optional() }),
    rawBody ?? {},
  );
  if (typeof body.comment !== "string" || body.comment.trim() === "") {
    throw new BzError(
      50,
      "The function Bug.add_comment requires a comment argument, and that argument was not set.",
    );
  }
  const bug = resolveBug(data, pathRef, true);
  const comment = appendComment(data, bug.id, body.comment, {
    isPrivate: body.is_private ?? false,
    creator: context.login,
    now: context.now,
  });
  bug.last_change_time = context.now;
  return { id: comment.id };
}

function updateBug(
  data: BugzillaData,
  bug: BzBug,
  body: UpdateBody,
  { now, login }: WriteContext,
): BugUpdateResult {
  const changes: Record<string, FieldChange> = {};

  for (const field of ["blocks", "depends_on"] as const) {
    const edit = body[field];
    if (!edit) continue;
    const toId = (ref: string | number) => resolveBug(data, ref, true).id;
    const result = editList(idList(bug, field), {
      add: edit.add?.map(toId),
      remove: edit.remove?.map(toId),
      set: edit.set?.map(toId),
    });
    for (const otherId of result.added) checkNoLoop(data, bug.id, otherId, field);
    if (result.added.length + result.removed.length === 0) continue;
    bug[field] = result.next;
    mirrorRelation(data, bug.id, field, result.added, result.removed, now);
    changes[field] = describe(result.added, result.removed);
    const inverse = field === "blocks" ? HISTORY_FIELD_NAMES.depends_on : HISTORY_FIELD_NAMES.blocks;
    for (const [otherId, removed, added] of [
      ...result.added.map((id) => [id, [], [bug.id]] as const),
      ...result.removed.map((id) => [id, [bug.id], []] as const),
    ])
      recordHistory(data, otherId, { when: now, who: login, changes: [listChange(inverse, removed, added)] });
  }

  if (body.cc) {
    for (const email of [...(body.cc.add ?? []), ...(body.cc.remove ?? []), ...(body.cc.set ?? [])]) {
      checkUserExists(data, email);
    }
    const result = editList(bug.cc ?? [], body.cc);
    if (result.added.length + result.removed.length > 0) {
      bug.cc = result.next;
      changes.cc = describe(result.added, result.removed);
    }
  }

  if (body.keywords) {
    const current = Array.isArray(bug.keywords) ? bug.keywords.filter((k) => typeof k === "string") : [];
    const result = editList(current, body.keywords);
    if (result.added.length + result.removed.length > 0) {
      bug.keywords = result.next;
      changes.keywords = describe(result.added, result.removed);
    }
  }

  if (body.whiteboard !== undefined) {
    const old = typeof bug.whiteboard === "string" ? bug.whiteboard : "";
    if (body.whiteboard !== old) {
      bug.whiteboard = body.whiteboard;
      changes.whiteboard = { added: body.whiteboard, removed: old };
    }
  }

  // Upstream ignores an empty comment in an update; a real one changes last_change_time.
  let commented = false;
  if (body.comment && body.comment.body.trim() !== "") {
    appendComment(data, bug.id, body.comment.body, {
      isPrivate: body.comment.is_private ?? false,
      creator: login,
      now,
    });
    commented = true;
  }

  if (commented || Object.keys(changes).length > 0) bug.last_change_time = now;
  recordHistory(data, bug.id, {
    when: now,
    who: login,
    changes: Object.entries(changes).map(([field, c]) => ({
      field_name: HISTORY_FIELD_NAMES[field as keyof typeof HISTORY_FIELD_NAMES] ?? field,
      removed: c.removed,
      added: c.added,
    })),
  });
  return { id: bug.id, alias: aliasesOf(bug), last_change_time: bug.last_change_time, changes };
}

/** Applies `{add, remove, set}` (set wins) to a list, keeping order and dropping duplicates. */
function editList<T>(
  current: readonly T[],
  edit: { add?: readonly T[]; remove?: readonly T[]; set?: readonly T[] },
): { next: T[]; added: T[]; removed: T[] } {
  const next = edit.set
    ? [...new Set(edit.set)]
    : [...new Set([...current, ...(edit.add ?? [])])].filter((value) => !(edit.remove ?? []).includes(value));
  return {
    next,
    added: next.filter((value) => !current.includes(value)),
    removed: current.filter((value) => !next.includes(value)),
  };
}

function describe(added: readonly unknown[], removed: readonly unknown[]): FieldChange {
  return { added: added.join(", "), removed: removed.join(", ") };
}

/** Throws 116 if making `bugId` block (or depend on) `otherId` would close a dependency loop. */
function checkNoLoop(data: BugzillaData, bugId: number, otherId: number, field: RelationField): void {
  if (otherId === bugId) {
    throw new BzError(116, "You can't make a bug block itself or depend on itself.");
  }
  // bugId blocks otherId: a loop exists if otherId already (transitively) blocks bugId, and vice versa.
  const loop = field === "blocks" ? blocksReach(data, otherId, bugId) : blocksReach(data, bugId, otherId);
  if (loop) throw new BzError(116, `Dependency loop detected between bug ${bugId} and bug ${otherId}.`);
}

function checkUserExists(data: BugzillaData, email: string): void {
  if (!data.users) return;
  const wanted = email.toLowerCase();
  if (data.users.some((user) => user.toLowerCase() === wanted)) return;
  throw new BzError(
    51,
    `There is no user named '${email}'. Either you mis-typed the name or that user has not yet registered for a Bugzilla account.`,
  );
}

function parseBody<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new BzError(32000, `Invalid parameters: ${formatZodError(result.error)}`);
  return result.data;
}

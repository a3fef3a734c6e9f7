/**
 * The sandbox dataset: one JSON file holding every upstream collection in the upstream APIs' own
 * shapes (see /work/shared/design/sandbox.md "Dataset file"). This module owns its types, the zod
 * validation of its top-level shape, file loading, and the `POST /_sandbox/dataset` patch logic.
 *
 * Only the fields the sandbox itself relies on are validated (bug `id`, `blocks`, …); every other
 * field is kept verbatim so the served objects are byte-for-byte what the file says.
 */
import fs from "node:fs";
import { z } from "zod";
import { idList, mirrorRelation, removeBugReferences } from "./bugzilla-store.js";

const BugIdSchema = z.number().int().positive();

/** A Bugzilla REST bug object: `id` plus any other fields, kept verbatim. */
export const BzBugSchema = z.looseObject({
  id: BugIdSchema,
  // RHBZ returns an array; pre-5.0 servers returned a string (edge case BZ-02), so both are accepted.
  alias: z.union([z.array(z.string()), z.string(), z.null()]).optional(),
  blocks: z.array(z.number().int()).optional(),
  depends_on: z.array(z.number().int()).optional(),
  cc: z.array(z.string()).optional(),
  last_change_time: z.string().optional(),
});
export type BzBug = z.infer<typeof BzBugSchema>;

/** A Bugzilla REST comment object (`GET /rest/bug/{id}/comment`), kept verbatim. */
export const BzCommentSchema = z.looseObject({
  id: z.number().int(),
  bug_id: z.number().int(),
  count: z.number().int(),
  is_private: z.boolean().optional(),
  creation_time: z.string().optional(),
});
export type BzComment = z.infer<typeof BzCommentSchema>;

/** The `bugzilla` section. `users` / `api_keys`, when present, restrict cc e-mails and API keys. */
export const BugzillaDataSchema = z.looseObject({
  bugs: z.array(BzBugSchema),
  comments: z.record(z.string(), z.array(BzCommentSchema)).default({}),
  private: z.array(BugIdSchema).default([]),
  users: z.array(z.string()).optional(),
  api_keys: z.array(z.string()).optional(),
});
export type BugzillaData = z.infer<typeof BugzillaDataSchema>;

/** The whole dataset file. Sections of services not implemented yet are kept as they are. */
export const DatasetSchema = z
  .looseObject({
    about: z.record(z.string(), z.unknown()).optional(),
    bugzilla: BugzillaDataSchema.default({ bugs: [], comments: {}, private: [] }),
    bodhi: z.unknown().optional(),
    koji: z.unknown().optional(),
    pagure: z.unknown().optional(),
  })
  .superRefine((dataset, ctx) => {
    const seen = new Set<number>();
    dataset.bugzilla.bugs.forEach((bug, index) => {
      if (seen.has(bug.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["bugzilla", "bugs", index, "id"],
          message: `duplicate bug id ${bug.id}`,
        });
      }
      seen.add(bug.id);
    });
  });
export type SandboxDataset = z.infer<typeof DatasetSchema>;

/**
 * Body of `POST /_sandbox/dataset` `{ "patch": … }`. Strict, so a typo in a key is an error rather
 * than a silently ignored patch.
 * - `bugs`: shallow-merged into the bug with the same id, or appended as a new bug.
 * - `remove`: bug ids to delete (also dropped from other bugs' `blocks`/`depends_on`, and their comments).
 * - `private`: replaces the private list.
 * - `comments`: replaces the comment list of each bug id given.
 * - `users` / `api_keys`: replace the lists; `null` removes them (= accept anything).
 */
export const DatasetPatchSchema = z.strictObject({
  bugzilla: z
    .strictObject({
      bugs: z.array(BzBugSchema).optional(),
      remove: z.array(BugIdSchema).optional(),
      private: z.array(BugIdSchema).optional(),
      comments: z.record(z.string(), z.array(BzCommentSchema)).optional(),
      users: z.array(z.string()).nullable().optional(),
      api_keys: z.array(z.string()).nullable().optional(),
    })
    .optional(),
});
export type DatasetPatch = z.infer<typeof DatasetPatchSchema>;

/** Formats zod issues as one line: `bugzilla.bugs.3.id: expected number, …`. */
export function formatZodError(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : "";
  return shown.join("; ") + more;
}

/**
 * Validates a parsed JSON value as a dataset and returns a fresh (deep-copied) dataset with defaults
 * filled in (`bugzilla.comments` = {}, `bugzilla.private` = []).
 * @throws Error with a one-line message naming the first offending paths.
 */
export function parseDataset(value: unknown, source = "dataset"): SandboxDataset {
  const result = DatasetSchema.safeParse(value);
  if (!result.success) throw new Error(`${source} is invalid: ${formatZodError(result.error)}`);
  return structuredClone(result.data);
}

/**
 * Reads and validates a dataset file (UTF-8 JSON). The file is never written to.
 * @throws Error with a one-line message if the file is missing/unreadable, not JSON, or not a dataset.
 */
export function loadDataset(file: string): SandboxDataset {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new Error(`cannot read data file ${file} (${reason})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`data file ${file} is not valid JSON: ${reason}`);
  }
  return parseDataset(json, `data file ${file}`);
}

/**
 * Applies a validated patch to `dataset` in place. `now` (`YYYY-MM-DDTHH:MM:SSZ`) becomes the
 * `last_change_time` of every patched bug that does not set its own, and of every bug whose
 * `depends_on` changes because a patched bug's `blocks` changed (blocks/depends_on stay mirrored).
 */
export function applyDatasetPatch(dataset: SandboxDataset, patch: DatasetPatch, now: string): void {
  const bz = patch.bugzilla;
  if (!bz) return;
  const data = dataset.bugzilla;

  for (const id of bz.remove ?? []) {
    const index = data.bugs.findIndex((bug) => bug.id === id);
    if (index >= 0) data.bugs.splice(index, 1);
    delete data.comments[String(id)];
    removeBugReferences(data, id, now);
  }

  for (const fields of bz.bugs ?? []) {
    let bug = data.bugs.find((candidate) => candidate.id === fields.id);
    const oldBlocks = bug ? idList(bug, "blocks") : [];
    if (bug) Object.assign(bug, structuredClone(fields));
    else data.bugs.push((bug = structuredClone(fields)));
    if (fields.last_change_time === undefined) bug.last_change_time = now;
    if (fields.blocks !== undefined) {
      const newBlocks = idList(bug, "blocks");
      const added = newBlocks.filter((id) => !oldBlocks.includes(id));
      const removed = oldBlocks.filter((id) => !newBlocks.includes(id));
      mirrorRelation(data, bug.id, "blocks", added, removed, now);
    }
  }

  if (bz.private) data.private = [...bz.private];
  for (const [bugId, comments] of Object.entries(bz.comments ?? {})) {
    data.comments[bugId] = structuredClone(comments);
  }
  if (bz.users !== undefined) setOptionalList(data, "users", bz.users);
  if (bz.api_keys !== undefined) setOptionalList(data, "api_keys", bz.api_keys);
}

function setOptionalList(data: BugzillaData, key: "users" | "api_keys", value: string[] | null): void {
  if (value === null) delete data[key];
  else data[key] = [...value];
}

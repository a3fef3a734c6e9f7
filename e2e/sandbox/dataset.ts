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
import { editedFields, recordHistory, SANDBOX_LOGIN } from "./bugzilla-history.js";
import { bzTime, idList, mirrorRelation, removeBugReferences } from "./bugzilla-store.js";

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

/**
 * One entry of a bug's Bugzilla history (`GET /rest/bug/{id}/history`, Bug.history), kept verbatim:
 * `{when: "YYYY-MM-DDTHH:MM:SSZ", who: login, changes: [{field_name, removed, added}]}`.
 */
export const BzHistoryEntrySchema = z.looseObject({
  when: z.string(),
  who: z.string(),
  changes: z.array(z.looseObject({ field_name: z.string(), removed: z.string(), added: z.string() })),
});
export type BzHistoryEntry = z.infer<typeof BzHistoryEntrySchema>;

/**
 * The `bugzilla` section. `users` / `api_keys`, when present, restrict cc e-mails and API keys;
 * `api_key_users` names the login each key acts as (history and comments; other keys act as
 * `sandbox-user@example.com`). `history` holds each bug's history, oldest first; writes append to it.
 */
export const BugzillaDataSchema = z.looseObject({
  bugs: z.array(BzBugSchema),
  comments: z.record(z.string(), z.array(BzCommentSchema)).default({}),
  history: z.record(z.string(), z.array(BzHistoryEntrySchema)).default({}),
  private: z.array(BugIdSchema).default([]),
  users: z.array(z.string()).optional(),
  api_keys: z.array(z.string()).optional(),
  api_key_users: z.record(z.string(), z.string()).optional(),
});
export type BugzillaData = z.infer<typeof BugzillaDataSchema>;

/** A Bodhi release object (`GET /releases/`), kept verbatim. */
export const BodhiReleaseSchema = z.looseObject({
  name: z.string().min(1),
  version: z.string(),
  state: z.string(),
  long_name: z.string().optional(),
  dist_tag: z.string().optional(),
});
export type BodhiRelease = z.infer<typeof BodhiReleaseSchema>;

/** A Bodhi update object (`GET /updates/`), kept verbatim; `release` embeds the release object. */
export const BodhiUpdateSchema = z.looseObject({
  alias: z.string().min(1),
  status: z.string(),
  /** `YYYY-MM-DD HH:MM:SS` (BO-01); the list is sorted on it, newest first. */
  date_submitted: z.string(),
  release: z.looseObject({ name: z.string() }),
  bugs: z.array(z.looseObject({ bug_id: z.number().int() })).default([]),
  builds: z.array(z.looseObject({ nvr: z.string() })).default([]),
});
export type BodhiUpdate = z.infer<typeof BodhiUpdateSchema>;

/** The `bodhi` section. */
export const BodhiDataSchema = z.looseObject({
  releases: z.array(BodhiReleaseSchema).default([]),
  updates: z.array(BodhiUpdateSchema).default([]),
});
export type BodhiData = z.infer<typeof BodhiDataSchema>;

/**
 * A Koji build, keyed by NVR: `state` (0 BUILDING, 1 COMPLETE, 2 DELETED, 3 FAILED, 4 CANCELED) and
 * the tags it is in now. Any `getBuild` field given here (`id`, `owner_name`, `completion_time`, …)
 * overrides the value the sandbox derives; `tag_events` maps a tag to the event that tagged the
 * build (listTagged order, KO-09) and is filled in by dataset patches.
 */
export const KojiBuildSchema = z.looseObject({
  state: z.number().int().min(0).max(4),
  tags: z.array(z.string().min(1)),
  id: z.number().int().positive().optional(),
  tag_events: z.record(z.string(), z.number().int()).optional(),
});
export type KojiBuild = z.infer<typeof KojiBuildSchema>;

/** A Koji tag's own fields; tags not listed here get derived ids and default fields. */
export const KojiTagSchema = z.looseObject({ id: z.number().int().positive().optional() });

/**
 * The `koji` section. `tags` is optional: every tag named by a build or a Bodhi release exists.
 * `offline: true` makes every call fail with fault 1014 "Server disabled for maintenance" (KO-12).
 */
export const KojiDataSchema = z.looseObject({
  builds: z.record(z.string(), KojiBuildSchema).default({}),
  tags: z.record(z.string(), KojiTagSchema).optional(),
  offline: z.boolean().optional(),
});
export type KojiData = z.infer<typeof KojiDataSchema>;

/** A Pagure comment object, kept verbatim. */
export const PagureCommentSchema = z.looseObject({ id: z.number().int(), comment: z.string() });
export type PagureComment = z.infer<typeof PagureCommentSchema>;

/** A Pagure issue object (`Issue.to_json`) with its `comments`, kept verbatim. */
export const PagureIssueSchema = z.looseObject({
  id: z.number().int().positive(),
  title: z.string(),
  status: z.string(),
  private: z.boolean().default(false),
  tags: z.array(z.string()).default([]),
  /** Epoch seconds as a string (PA-03). */
  date_created: z.string(),
  last_updated: z.string(),
  comments: z.array(PagureCommentSchema).default([]),
});
export type PagureIssue = z.infer<typeof PagureIssueSchema>;

/**
 * The `pagure` section. `tokens`, when present, maps each valid API token to the user name it acts
 * as; without it any token is accepted and acts as `sandbox-user`.
 */
export const PagureDataSchema = z.looseObject({
  repo: z.string().regex(/^[\w.-]+(\/[\w.-]+)?$/, "expected <namespace>/<repo> or <repo>"),
  issues: z.array(PagureIssueSchema).default([]),
  tokens: z.record(z.string().min(1), z.string().min(1)).optional(),
});
export type PagureData = z.infer<typeof PagureDataSchema>;

/** The whole dataset file. A missing service section means that service has no data. */
export const DatasetSchema = z
  .looseObject({
    about: z.record(z.string(), z.unknown()).optional(),
    bugzilla: BugzillaDataSchema.default({ bugs: [], comments: {}, history: {}, private: [] }),
    bodhi: BodhiDataSchema.default({ releases: [], updates: [] }),
    koji: KojiDataSchema.default({ builds: {} }),
    pagure: PagureDataSchema.default({ repo: "fedora-qa/blocker-review", issues: [] }),
  })
  .superRefine((dataset, ctx) => {
    const duplicates = <T>(
      items: T[],
      key: (item: T) => unknown,
      path: (string | number)[],
      what: string,
    ) => {
      const seen = new Set<unknown>();
      items.forEach((item, index) => {
        const value = key(item);
        if (seen.has(value)) {
          ctx.addIssue({
            code: "custom",
            path: [...path, index],
            message: `duplicate ${what} ${String(value)}`,
          });
        }
        seen.add(value);
      });
    };
    duplicates(dataset.bugzilla.bugs, (bug) => bug.id, ["bugzilla", "bugs"], "bug id");
    duplicates(dataset.bodhi.releases, (release) => release.name, ["bodhi", "releases"], "release name");
    duplicates(dataset.bodhi.updates, (update) => update.alias, ["bodhi", "updates"], "update alias");
    duplicates(dataset.pagure.issues, (issue) => issue.id, ["pagure", "issues"], "issue id");
  });
export type SandboxDataset = z.infer<typeof DatasetSchema>;
/** A dataset as written in a file or test: service sections and their defaults may be left out. */
export type SandboxDatasetInput = z.input<typeof DatasetSchema>;

/**
 * Body of `POST /_sandbox/dataset` `{ "patch": … }`. Strict, so a typo in a key is an error rather
 * than a silently ignored patch. The whole patch is applied to a copy and installed only if every
 * part is valid (see `applyDatasetPatch`).
 *
 * `bugzilla`:
 * - `bugs`: shallow-merged into the bug with the same id, or appended as a new bug.
 * - `remove`: bug ids to delete (also dropped from other bugs' `blocks`/`depends_on`, and their comments).
 * - `private`: replaces the private list.
 * - `comments`: replaces the comment list of each bug id given.
 * - `users` / `api_keys`: replace the lists; `null` removes them (= accept anything);
 *   `api_key_users` replaces the key → login map (`null` removes it).
 * - History: a patched bug whose `blocks`, `whiteboard`, `status` or `resolution` changes gets a
 *   history entry by `who` (default `sandbox-user@example.com`) at its new `last_change_time`, as a
 *   Bugzilla edit would; `history` appends entries of its own to the bugs it names instead (for a past
 *   told by the test: such a bug gets no automatic entry).
 *
 * `bodhi`: `updates` (by `alias`) and `releases` (by `name`) are shallow-merged into the existing
 * object or appended (a new one must be complete); `remove` deletes updates by alias.
 *
 * `koji`: `builds` (by NVR) are shallow-merged or added; `tag` moves tags
 * (`[{ "build": "<nvr>", "add": ["f46"], "remove": ["f46-updates-testing"] }]`), every added tag
 * getting a new, newest tagging event; `remove` deletes builds by NVR; `offline` sets `koji.offline`.
 *
 * `pagure`: `issues` (by `id`) are shallow-merged (`last_updated` becomes now unless given) or
 * appended; `remove` deletes issues by id; `tokens` replaces the token map (`null` = any token).
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
      api_key_users: z.record(z.string(), z.string()).nullable().optional(),
      history: z.record(z.string(), z.array(BzHistoryEntrySchema)).optional(),
      who: z.string().min(1).optional(),
    })
    .optional(),
  bodhi: z
    .strictObject({
      updates: z.array(z.looseObject({ alias: z.string().min(1) })).optional(),
      releases: z.array(z.looseObject({ name: z.string().min(1) })).optional(),
      remove: z.array(z.string()).optional(),
    })
    .optional(),
  koji: z
    .strictObject({
      builds: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
      tag: z
        .array(
          z.strictObject({
            build: z.string(),
            add: z.array(z.string().min(1)).default([]),
            remove: z.array(z.string()).default([]),
          }),
        )
        .optional(),
      remove: z.array(z.string()).optional(),
      offline: z.boolean().optional(),
    })
    .optional(),
  pagure: z
    .strictObject({
      issues: z.array(z.looseObject({ id: z.number().int().positive() })).optional(),
      remove: z.array(z.number().int()).optional(),
      tokens: z.record(z.string().min(1), z.string().min(1)).nullable().optional(),
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
 * filled in (`bugzilla.comments` = {}, `bugzilla.history` = {}, `bugzilla.private` = []).
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

/** First tagging event given out by dataset patches; derived events are below it. */
export const KOJI_PATCH_EVENT_BASE = 200_000_000;

/**
 * Applies a validated patch to `dataset` in place, all or nothing: the patch runs on a copy that
 * replaces the live sections only if every merged or added object is still valid.
 * `now` becomes the Bugzilla `last_change_time` (`YYYY-MM-DDTHH:MM:SSZ`) of every patched bug that
 * does not set its own, and of every bug whose `depends_on` changes because a patched bug's `blocks`
 * changed (blocks/depends_on stay mirrored); and the Pagure `last_updated` (epoch seconds) of every
 * patched issue that does not set its own.
 * @throws Error with a one-line message naming the offending object; the dataset is then unchanged.
 */
export function applyDatasetPatch(dataset: SandboxDataset, patch: DatasetPatch, now: Date): void {
  const draft = structuredClone(dataset);
  if (patch.bugzilla) patchBugzilla(draft.bugzilla, patch.bugzilla, bzTime(now));
  if (patch.bodhi) patchBodhi(draft.bodhi, patch.bodhi);
  if (patch.koji) patchKoji(draft.koji, patch.koji);
  if (patch.pagure) patchPagure(draft.pagure, patch.pagure, String(Math.floor(now.getTime() / 1000)));
  const checked = DatasetSchema.safeParse(draft);
  if (!checked.success) throw new Error(`patched dataset is invalid: ${formatZodError(checked.error)}`);
  Object.assign(dataset, checked.data);
}

function patchBugzilla(data: BugzillaData, bz: NonNullable<DatasetPatch["bugzilla"]>, now: string): void {
  for (const id of bz.remove ?? []) {
    const index = data.bugs.findIndex((bug) => bug.id === id);
    if (index >= 0) data.bugs.splice(index, 1);
    delete data.comments[String(id)];
    delete data.history[String(id)];
    removeBugReferences(data, id, now);
  }

  for (const fields of bz.bugs ?? []) {
    let bug = data.bugs.find((candidate) => candidate.id === fields.id);
    const before = bug ? structuredClone(bug) : undefined;
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
    if (before && !(String(bug.id) in (bz.history ?? {}))) {
      const changes = editedFields(before, bug);
      if (changes.length > 0)
        recordHistory(data, bug.id, {
          when: typeof bug.last_change_time === "string" ? bug.last_change_time : now,
          who: bz.who ?? SANDBOX_LOGIN,
          changes,
        });
    }
  }

  for (const [bugId, entries] of Object.entries(bz.history ?? {})) {
    for (const entry of entries) recordHistory(data, Number(bugId), structuredClone(entry));
  }
  if (bz.private) data.private = [...bz.private];
  for (const [bugId, comments] of Object.entries(bz.comments ?? {})) {
    data.comments[bugId] = structuredClone(comments);
  }
  if (bz.users !== undefined) setOptionalList(data, "users", bz.users);
  if (bz.api_keys !== undefined) setOptionalList(data, "api_keys", bz.api_keys);
  if (bz.api_key_users === null) delete data.api_key_users;
  else if (bz.api_key_users !== undefined) data.api_key_users = { ...bz.api_key_users };
}

/** Shallow-merges `fields` into the item whose `key` matches, or appends them as a new item. */
function mergeByKey<T extends object, K extends keyof T>(items: T[], key: K, fields: Partial<T>): void {
  const existing = items.find((item) => item[key] === fields[key]);
  if (existing) Object.assign(existing, structuredClone(fields));
  else items.push(structuredClone(fields) as T);
}

function patchBodhi(data: BodhiData, patch: NonNullable<DatasetPatch["bodhi"]>): void {
  const removed = new Set(patch.remove ?? []);
  data.updates = data.updates.filter((update) => !removed.has(update.alias));
  for (const fields of patch.updates ?? []) mergeByKey(data.updates, "alias", fields as Partial<BodhiUpdate>);
  for (const fields of patch.releases ?? [])
    mergeByKey(data.releases, "name", fields as Partial<BodhiRelease>);
}

function patchKoji(data: KojiData, patch: NonNullable<DatasetPatch["koji"]>): void {
  let nextEvent = KOJI_PATCH_EVENT_BASE;
  for (const build of Object.values(data.builds)) {
    for (const event of Object.values(build.tag_events ?? {})) nextEvent = Math.max(nextEvent, event);
  }
  const retag = (build: KojiBuild, tags: string[]) => {
    const events = { ...build.tag_events };
    for (const tag of Object.keys(events)) if (!tags.includes(tag)) delete events[tag];
    for (const tag of tags) if (!build.tags.includes(tag)) events[tag] = ++nextEvent;
    build.tags = [...new Set(tags)];
    build.tag_events = events;
  };

  for (const nvr of patch.remove ?? []) delete data.builds[nvr];
  for (const [nvr, fields] of Object.entries(patch.builds ?? {})) {
    const { tags, ...rest } = structuredClone(fields);
    const existing = data.builds[nvr];
    const build = existing ? Object.assign(existing, rest) : (rest as KojiBuild);
    build.tags = existing ? existing.tags : [];
    if (Array.isArray(tags)) retag(build, tags as string[]);
    data.builds[nvr] = build;
  }
  for (const move of patch.tag ?? []) {
    const build = data.builds[move.build];
    if (!build) throw new Error(`koji.tag: no build ${move.build} in the dataset`);
    // Untag first, then tag: removing and adding the same tag re-tags it with a new event.
    retag(
      build,
      build.tags.filter((tag) => !move.remove.includes(tag)),
    );
    retag(build, [...build.tags, ...move.add]);
  }
  if (patch.offline !== undefined) data.offline = patch.offline;
}

function patchPagure(data: PagureData, patch: NonNullable<DatasetPatch["pagure"]>, now: string): void {
  const removed = new Set(patch.remove ?? []);
  data.issues = data.issues.filter((issue) => !removed.has(issue.id));
  for (const fields of patch.issues ?? []) {
    const stamped = "last_updated" in fields ? fields : { ...fields, last_updated: now };
    mergeByKey(data.issues, "id", stamped as Partial<PagureIssue>);
  }
  if (patch.tokens === null) delete data.tokens;
  else if (patch.tokens !== undefined) data.tokens = { ...patch.tokens };
}

function setOptionalList(data: BugzillaData, key: "users" | "api_keys", value: string[] | null): void {
  if (value === null) delete data[key];
  else data[key] = [...value];
}

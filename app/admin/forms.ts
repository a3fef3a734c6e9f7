import { z } from "zod";
import { MILESTONE_VERSIONS } from "~/domain/milestone-name";

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true");
const tracker = z
  .string({ error: "Give the tracker's bug id or alias" })
  .trim()
  .regex(/^(\d+|[A-Za-z][\w.-]*)$/, { error: "A bug id (2390101) or an alias (F46BetaBlocker)" });
const releaseNumber = z.coerce
  .number({ error: "A release number such as 46" })
  .int({ error: "A whole number such as 46" })
  .min(1, { error: "From 1 to 9999" })
  .max(9999, { error: "From 1 to 9999" });

/**
 * "Add a release" on `/admin`; `intent` is the button pressed: `add-release`, or `discover-release`
 * (the release with its Beta and Final milestones from the standard tracker aliases).
 */
export const AddReleaseSchema = z.object({
  intent: z.enum(["add-release", "discover-release"]),
  number: releaseNumber,
});

/** A release's "Activate release" / "Deactivate release" button on `/admin` (`active` = the new state). */
export const ReleaseActiveSchema = z.object({
  intent: z.literal("release-active"),
  number: releaseNumber,
  active: checkbox,
});

/** "Add a milestone" on `/admin`: trackers by bug id or alias (resolved in Bugzilla afterwards). */
export const AddMilestoneSchema = z.object({
  intent: z.literal("add-milestone"),
  release: releaseNumber,
  version: z.enum(MILESTONE_VERSIONS, { error: `One of ${MILESTONE_VERSIONS.join(", ")}` }),
  blockerTracker: tracker,
  feTracker: tracker,
  active: checkbox,
  current: checkbox,
});

/** "Sync now" on `/admin`: an incremental sync, or a full one. */
export const SyncNowSchema = z.object({ intent: z.literal("sync"), full: checkbox });

/**
 * Every form of the admin overview (`/admin`), told apart by their `intent` button: what its action
 * parses. Values are the strings a form posts; checkboxes are "on" when checked.
 */
export const AdminActionSchema = z.discriminatedUnion(
  "intent",
  [AddReleaseSchema, ReleaseActiveSchema, AddMilestoneSchema, SyncNowSchema],
  // Only a hand-made or outdated form sends another intent.
  { error: "Unknown action: reload the admin page and use its buttons" },
);
export type AdminAction = z.infer<typeof AdminActionSchema>;

/** The milestone edit form (`/admin/milestones/:id`). */
export const MilestoneEditSchema = z.object({
  blockerTracker: tracker,
  feTracker: tracker,
  active: checkbox,
  current: checkbox,
});

/** What the admin forms call their fields, for naming them in a refusal. */
const FIELD_LABELS: Record<string, string> = {
  number: "Release number",
  release: "Release",
  version: "Version",
  blockerTracker: "Blocker tracker",
  feTracker: "FE tracker",
};

/**
 * A refusal's one-line summary naming each field by its first message: `Release: From 1 to 9999; FE
 * tracker: A bug id …`. `errors` is a conform submission's `error` (field name → messages, `""` for
 * the whole form); fields without a label are shown by message only.
 */
export function errorSummary(errors: Record<string, readonly string[] | null | undefined>): string {
  return Object.entries(errors)
    .flatMap(([field, messages]) => {
      const message = messages?.[0];
      if (!message) return [];
      return [FIELD_LABELS[field] ? `${FIELD_LABELS[field]}: ${message}` : message];
    })
    .join("; ");
}

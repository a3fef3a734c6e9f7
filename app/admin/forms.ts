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
 * The forms of the admin overview (`/admin`), told apart by their `intent` button. Values are the
 * strings a form posts; checkboxes are "on" when checked.
 */
export const AdminActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-release"), number: releaseNumber }),
  z.object({ intent: z.literal("discover-release"), number: releaseNumber }),
  z.object({ intent: z.literal("release-active"), number: releaseNumber, active: checkbox }),
  z.object({
    intent: z.literal("add-milestone"),
    release: releaseNumber,
    version: z.enum(MILESTONE_VERSIONS, { error: `One of ${MILESTONE_VERSIONS.join(", ")}` }),
    blockerTracker: tracker,
    feTracker: tracker,
    active: checkbox,
    current: checkbox,
  }),
  z.object({ intent: z.literal("sync"), full: checkbox }),
]);
export type AdminAction = z.infer<typeof AdminActionSchema>;

/** The milestone edit form (`/admin/milestones/:id`). */
export const MilestoneEditSchema = z.object({
  blockerTracker: tracker,
  feTracker: tracker,
  active: checkbox,
  current: checkbox,
});

/** Each field's first message, for showing next to the form: `{ blockerTracker: "…" }`. */
export function firstErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}

/** What the admin forms call their fields, for naming them in a refusal. */
const FIELD_LABELS: Record<string, string> = {
  number: "Release number",
  release: "Release",
  version: "Version",
  blockerTracker: "Blocker tracker",
  feTracker: "FE tracker",
};

/**
 * A refusal's one-line summary naming each field: `Release: From 1 to 9999; FE tracker: A bug id …`
 * (`errors` as {@link firstErrors} gives them; fields without a label are shown by message only).
 */
export function errorSummary(errors: Record<string, string>): string {
  return Object.entries(errors)
    .map(([field, message]) => (FIELD_LABELS[field] ? `${FIELD_LABELS[field]}: ${message}` : message))
    .join("; ");
}

/**
 * The text fields of a posted form, sent back with a refusal so the page shows what was typed
 * (without JavaScript the page is rendered anew). Checkboxes appear only when checked ("on").
 */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") out[key] = value;
  return out;
}

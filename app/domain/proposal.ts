import { z } from "zod";

/** Shortest and longest justification accepted (product spec §6). */
export const JUSTIFICATION_MIN = 10;
export const JUSTIFICATION_MAX = 5000;

/**
 * An HTML tag or comment: Bugzilla comments are plain text, so markup is refused. Only real HTML element
 * names count, so tracebacks and logs (`File "main.py", line 3, in <module>`, `<stdin>`) pass.
 */
const MARKUP =
  /<!--|<\/?(?:a|abbr|b|blockquote|body|br|button|code|del|div|em|embed|font|form|h[1-6]|head|hr|html|i|iframe|img|input|link|li|meta|object|ol|p|pre|s|script|span|strong|style|sub|sup|svg|table|td|th|tr|u|ul)(?:\s[^>]*)?\/?>/i;

/** Control characters other than tab and line breaks (PostgreSQL cannot store NUL; Bugzilla shows none). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The propose form (`/propose`), checked in the browser and again on the server (Conform coerces the
 * form's strings: numbers, and "on" for checked boxes). `submissionKey` is a per-form random nonce: a
 * second submit of the same form finds the first proposal instead of writing again.
 */
export const ProposeSchema = z
  .object({
    milestoneId: z.number({ error: "Choose a milestone" }).int(),
    bugId: z
      .number({
        error: (issue) =>
          issue.input === undefined ? "Enter the bug id" : "The bug id must be a number, such as 2410101",
      })
      .int({ error: "The bug id must be a whole number" })
      .positive({ error: "The bug id must be a positive number" })
      .max(2_147_483_647, { error: "No bug has an id that large" }),
    blocker: z.boolean().optional(),
    fe: z.boolean().optional(),
    justification: z
      .string({
        error: `Enter a justification (at least ${JUSTIFICATION_MIN} characters): why should this bug block the release or get an exception?`,
      })
      .trim()
      .min(JUSTIFICATION_MIN, { error: `The justification needs at least ${JUSTIFICATION_MIN} characters` })
      .max(JUSTIFICATION_MAX, { error: `The justification may have at most ${JUSTIFICATION_MAX} characters` })
      .refine((v) => !MARKUP.test(v), {
        error: "The justification must be plain text: remove the HTML tags (such as <b> or <script>)",
      })
      .refine((v) => !CONTROL.test(v), {
        error: "The justification must be plain text: remove the control characters",
      }),
    submissionKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "The form is broken: reload the page" }),
  })
  .refine((v) => v.blocker || v.fe, {
    path: ["blocker"],
    error: "Choose blocker, freeze exception or both",
    // Checked even when other fields are bad, so every mistake shows at once.
    when: () => true,
  });
export type ProposeInput = z.infer<typeof ProposeSchema>;

/** "Blocker", "Freeze Exception" or "Blocker and Freeze Exception" (the wording of the comment). */
export function proposalType(kind: { blocker?: boolean; fe?: boolean }): string {
  if (kind.blocker && kind.fe) return "Blocker and Freeze Exception";
  if (kind.blocker) return "Blocker";
  if (kind.fe) return "Freeze Exception";
  throw new Error("a proposal is a blocker, a freeze exception or both");
}

/**
 * The comment written to Bugzilla with a proposal (original app, design original-app.md §9.1):
 * `Proposed as a <type> for <release>-<version> by <email> using the blocker tracking app because:`,
 * a blank line, then the justification (trimmed).
 */
export function proposalComment(input: {
  blocker?: boolean;
  fe?: boolean;
  release: number;
  version: string;
  email: string;
  justification: string;
}): string {
  return (
    `Proposed as a ${proposalType(input)} for ${input.release}-${input.version} by ${input.email} ` +
    `using the blocker tracking app because:\n\n${input.justification.trim()}`
  );
}

/** The tracker ids a proposal adds to the bug's `blocks`. */
export function proposalTrackers(
  kind: { blocker?: boolean; fe?: boolean },
  milestone: { blockerTrackerId: number; feTrackerId: number },
): number[] {
  return [...(kind.blocker ? [milestone.blockerTrackerId] : []), ...(kind.fe ? [milestone.feTrackerId] : [])];
}

import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { AdminActionSchema, errorSummary, MilestoneEditSchema } from "./forms";

/** The errors conform's `parseWithZod` gives for a posted form with these fields. */
function refusal(
  schema: typeof AdminActionSchema | typeof MilestoneEditSchema,
  fields: Record<string, string>,
) {
  const submission = parseWithZod(new URLSearchParams(fields), { schema });
  expect(submission.status).toBe("error");
  if (submission.status === "success") throw new Error("expected a refusal");
  return submission.error ?? {};
}

describe("errorSummary", () => {
  it("names each refused field of the add-milestone form", () => {
    const errors = refusal(AdminActionSchema, {
      intent: "add-milestone",
      release: "0",
      version: "beta",
      blockerTracker: "F46BetaBlocker",
      feTracker: "not an alias!",
    });
    expect(errorSummary(errors)).toBe(
      "Release: From 1 to 9999; FE tracker: A bug id (2390101) or an alias (F46BetaBlocker)",
    );
  });

  it("names the tracker of the milestone edit form and the release number", () => {
    const edit = refusal(MilestoneEditSchema, { blockerTracker: "two words", feTracker: "2390102" });
    expect(errorSummary(edit)).toBe("Blocker tracker: A bug id (2390101) or an alias (F46BetaBlocker)");
    const release = refusal(AdminActionSchema, { intent: "add-release", number: "10000" });
    expect(errorSummary(release)).toBe("Release number: From 1 to 9999");
  });

  it("names an unknown action in words, not zod's", () => {
    const bogus = refusal(AdminActionSchema, { intent: "bogus" });
    expect(errorSummary(bogus)).toBe("Unknown action: reload the admin page and use its buttons");
  });

  it("shows a message without a known field as it is", () => {
    expect(errorSummary({ "": ["Something is wrong"] })).toBe("Something is wrong");
  });
});

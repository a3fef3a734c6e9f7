import { describe, expect, it } from "vitest";
import { AdminActionSchema, errorSummary, firstErrors, MilestoneEditSchema } from "./forms";

describe("errorSummary", () => {
  it("names each refused field of the add-milestone form", () => {
    const parsed = AdminActionSchema.safeParse({
      intent: "add-milestone",
      release: "0",
      version: "beta",
      blockerTracker: "F46BetaBlocker",
      feTracker: "not an alias!",
    });
    expect(parsed.success).toBe(false);
    expect(errorSummary(firstErrors(parsed.error!))).toBe(
      "Release: From 1 to 9999; FE tracker: A bug id (2390101) or an alias (F46BetaBlocker)",
    );
  });

  it("names the tracker of the milestone edit form and the release number", () => {
    const edit = MilestoneEditSchema.safeParse({ blockerTracker: "two words", feTracker: "2390102" });
    expect(errorSummary(firstErrors(edit.error!))).toBe(
      "Blocker tracker: A bug id (2390101) or an alias (F46BetaBlocker)",
    );
    const release = AdminActionSchema.safeParse({ intent: "add-release", number: "10000" });
    expect(errorSummary(firstErrors(release.error!))).toBe("Release number: From 1 to 9999");
  });

  it("shows a message without a known field as it is", () => {
    expect(errorSummary({ form: "Something is wrong" })).toBe("Something is wrong");
  });
});

import { describe, expect, it } from "vitest";
import { fixture } from "../../e2e/sandbox-tests/upstream-fixtures";
import { PagureIssueSchema, parsePagureError } from "./pagure.server";

describe("PagureIssueSchema", () => {
  it("reads the fixture issue: tags, times, comments with the system notification flag", () => {
    const issue = PagureIssueSchema.parse(fixture("pagure_issue_with_votes.json"));
    expect(issue).toMatchObject({ id: 1402, status: "Open", tags: ["f41", "meeting"] });
    expect(issue.last_updated?.toISOString()).toBe("2024-09-12T14:27:02.000Z");
    expect(issue.comments?.map((c) => c.notification)).toEqual([
      false,
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(issue.comments?.at(-1)?.edited_on?.toISOString()).toBe("2024-09-12T14:27:02.000Z");
  });

  it("PA-12: an older server's issue without full_url, tags or comments still parses", () => {
    const issue = PagureIssueSchema.parse({
      id: 7,
      title: "1: x",
      status: "Closed",
      last_updated: "1583508642",
    });
    expect(issue).toMatchObject({ id: 7, tags: [] });
    expect(issue.full_url).toBeUndefined();
    expect(issue.comments).toBeUndefined();
  });
});

describe("parsePagureError", () => {
  it("keeps the error code and the details", () => {
    expect(
      parsePagureError(401, {
        error: "Invalid or expired token.",
        error_code: "EINVALIDTOK",
        errors: "Invalid token",
      }),
    ).toEqual({ code: "EINVALIDTOK", message: "Invalid or expired token. (Invalid token)" });
    expect(
      parsePagureError(400, {
        error: "Invalid or incomplete input submitted",
        error_code: "EINVALIDREQ",
        errors: { title: ["This field is required."] },
      }),
    ).toEqual({
      code: "EINVALIDREQ",
      message: "Invalid or incomplete input submitted (title: This field is required.)",
    });
  });
});

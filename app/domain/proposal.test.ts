import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { proposalComment, proposalTrackers, proposalType, ProposeSchema } from "./proposal";

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}
const valid = {
  milestoneId: "3",
  bugId: "2410101",
  blocker: "on",
  justification: "Breaks the installer on every UEFI machine.",
  submissionKey: "abcdefghijklmnop1234",
};
const errorsOf = (fields: Record<string, string>) => {
  const submission = parseWithZod(form(fields), { schema: ProposeSchema });
  return submission.status === "success" ? {} : submission.reply().error;
};

describe("proposal comment", () => {
  it("is the original app's sentence, a blank line and the justification", () => {
    expect(
      proposalComment({
        blocker: true,
        release: 46,
        version: "beta",
        email: "tester@example.com",
        justification: "  It eats disks.\n\nSecond paragraph.  ",
      }),
    ).toBe(
      "Proposed as a Blocker for 46-beta by tester@example.com using the blocker tracking app because:\n\n" +
        "It eats disks.\n\nSecond paragraph.",
    );
  });

  it("names the type of proposal", () => {
    expect(proposalType({ fe: true })).toBe("Freeze Exception");
    expect(proposalType({ blocker: true, fe: true })).toBe("Blocker and Freeze Exception");
    expect(() => proposalType({})).toThrow();
    expect(proposalTrackers({ blocker: true, fe: true }, { blockerTrackerId: 1, feTrackerId: 2 })).toEqual([
      1, 2,
    ]);
    expect(proposalTrackers({ fe: true }, { blockerTrackerId: 1, feTrackerId: 2 })).toEqual([2]);
  });
});

describe("propose form schema", () => {
  it("accepts a complete form and coerces its strings", () => {
    const submission = parseWithZod(form(valid), { schema: ProposeSchema });
    expect(submission.status).toBe("success");
    if (submission.status === "success") {
      expect(submission.value).toMatchObject({ milestoneId: 3, bugId: 2410101, blocker: true });
      expect(submission.value.fe).toBeUndefined();
    }
  });

  it("names each bad field", () => {
    expect(errorsOf({ ...valid, bugId: "abc" })).toEqual({
      bugId: ["The bug id must be a number, such as 2410101"],
    });
    expect(errorsOf({ ...valid, bugId: "" })).toEqual({ bugId: ["Enter the bug id"] });
    expect(errorsOf({ ...valid, bugId: "-4" })).toEqual({ bugId: ["The bug id must be a positive number"] });
    expect(errorsOf({ ...valid, blocker: "" })).toEqual({
      blocker: ["Choose blocker, freeze exception or both"],
    });
    expect(errorsOf({ ...valid, justification: "   short  " })).toEqual({
      justification: ["The justification needs at least 10 characters"],
    });
    expect(errorsOf({ ...valid, justification: "" })?.justification?.[0]).toMatch(/^Enter a justification/);
    expect(errorsOf({ ...valid, justification: "x".repeat(5001) })).toEqual({
      justification: ["The justification may have at most 5000 characters"],
    });
    expect(errorsOf({ ...valid, justification: "Breaks it <script>alert(1)</script>" })).toEqual({
      justification: ["The justification must be plain text: remove the HTML tags (such as <b> or <script>)"],
    });
    for (const markup of [
      "<b>bold</b> claims here",
      "see <a href='x'>this</a> page",
      "<img src=x onerror=y> oops",
      "a <!-- hidden --> note",
    ])
      expect(errorsOf({ ...valid, justification: markup }), markup).toHaveProperty("justification");
    // Tracebacks and logs are plain text, even with angle brackets.
    for (const text of [
      'Installer crashes: File "/usr/lib/anaconda/main.py", line 3, in <module> -- violates Beta criterion',
      "python3 <stdin> fails; 1 < 2 and 3 > 2; <lambda> at 0x7f",
    ])
      expect(errorsOf({ ...valid, justification: text }), text).toEqual({});
    expect(errorsOf({ ...valid, submissionKey: "x" })).toEqual({
      submissionKey: ["The form is broken: reload the page"],
    });
  });

  it("names every bad field at once, the proposal type too", () => {
    expect(errorsOf({ ...valid, blocker: "", bugId: "abc", justification: "" })).toEqual({
      bugId: ["The bug id must be a number, such as 2410101"],
      blocker: ["Choose blocker, freeze exception or both"],
      justification: [expect.stringMatching(/^Enter a justification/)],
    });
  });

  it("refuses control characters (PostgreSQL cannot store NUL) but keeps line breaks and tabs", () => {
    for (const bad of ["Breaks the install \u0000 badly", "Breaks the install \u001b[31m red"])
      expect(errorsOf({ ...valid, justification: bad }), JSON.stringify(bad)).toEqual({
        justification: ["The justification must be plain text: remove the control characters"],
      });
    expect(errorsOf({ ...valid, justification: "Line one\r\n\tLine two is here" })).toEqual({});
  });

  it("allows comparison signs that are not tags", () => {
    expect(errorsOf({ ...valid, justification: "Memory use > 4 GB and < 8 GB on boot" })).toEqual({});
  });
});

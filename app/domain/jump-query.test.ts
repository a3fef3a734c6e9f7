import { describe, expect, it } from "vitest";
import { matchesWords, parseJumpQuery } from "./jump-query";

describe("parseJumpQuery", () => {
  it.each([
    "2410101",
    " 2410101 ",
    "#2410101",
    "bug 2410101",
    "Bug #2410101",
    "rhbz#2410101",
    "RHBZ 2410101",
    "bz2410101",
    "https://bugzilla.redhat.com/show_bug.cgi?id=2410101",
    "https://bugzilla.redhat.com/show_bug.cgi?id=2410101#c3",
    "https://bugzilla.redhat.com/show_bug.cgi?format=multiple&id=2410101",
    "https://bugzilla.redhat.com/2410101",
  ])("%j is bug 2410101", (q) => {
    expect(parseJumpQuery(q)).toEqual({ kind: "bug", id: 2410101 });
  });

  it.each([
    ["anaconda crash", ["anaconda", "crash"]],
    ["  GNOME   Shell ", ["gnome", "shell"]],
    ["0", ["0"]],
    ["99999999999", ["99999999999"]],
    ["kernel 6.12", ["kernel", "6.12"]],
    ["https://example.org/page", ["https://example.org/page"]],
  ])("%j searches the words %j", (q, words) => {
    expect(parseJumpQuery(q)).toEqual({ kind: "text", words });
  });

  it("blank input asks for nothing", () => {
    for (const q of [null, undefined, "", "   "]) expect(parseJumpQuery(q)).toEqual({ kind: "empty" });
  });

  it("reads at most 200 characters", () => {
    const q = parseJumpQuery("a".repeat(500));
    expect(q.kind === "text" && q.words[0]!.length).toBe(200);
  });
});

describe("matchesWords", () => {
  const bug = { summary: "Installer crashes on <b>LUKS</b> disks", component: "anaconda" };
  it("needs every word in the summary or the component, in any case", () => {
    expect(matchesWords(bug, ["anaconda", "luks"])).toBe(true);
    expect(matchesWords(bug, ["crash"])).toBe(true);
    expect(matchesWords(bug, ["anaconda", "kernel"])).toBe(false);
    expect(matchesWords(bug, [])).toBe(true);
  });
});

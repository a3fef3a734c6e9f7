import { describe, expect, it } from "vitest";
import { hasToken, whiteboardTokens } from "./whiteboard.js";

describe("whiteboardTokens", () => {
  it("returns an empty set for an empty or separator-only whiteboard", () => {
    expect(whiteboardTokens("")).toEqual(new Set());
    expect(whiteboardTokens("  ,; [] () {} | \t\n")).toEqual(new Set());
  });

  it("splits on whitespace (spaces, tabs, newlines, runs)", () => {
    expect(whiteboardTokens("a  b\tc\nd")).toEqual(new Set(["a", "b", "c", "d"]));
  });

  it("splits on commas", () => {
    expect(whiteboardTokens("AcceptedBlocker,AcceptedFreezeException")).toEqual(
      new Set(["acceptedblocker", "acceptedfreezeexception"]),
    );
  });

  it("splits on semicolons", () => {
    expect(whiteboardTokens("a;b; c")).toEqual(new Set(["a", "b", "c"]));
  });

  it("splits on square, round and curly brackets", () => {
    expect(whiteboardTokens("[a](b){c}")).toEqual(new Set(["a", "b", "c"]));
    expect(whiteboardTokens("[AcceptedBlocker]")).toEqual(new Set(["acceptedblocker"]));
  });

  it("splits on pipes", () => {
    expect(whiteboardTokens("RejectedFreezeException | see comment 12")).toEqual(
      new Set(["rejectedfreezeexception", "see", "comment", "12"]),
    );
    expect(whiteboardTokens("a|b")).toEqual(new Set(["a", "b"]));
  });

  it("lower-cases tokens and collapses duplicates", () => {
    expect(whiteboardTokens("AcceptedBlocker acceptedblocker ACCEPTEDBLOCKER")).toEqual(
      new Set(["acceptedblocker"]),
    );
  });

  it("does not split on other punctuation (hyphen, dot, colon, slash)", () => {
    expect(whiteboardTokens("needs-retest a.b c:d e/f")).toEqual(
      new Set(["needs-retest", "a.b", "c:d", "e/f"]),
    );
  });
});

describe("hasToken", () => {
  it("matches case-insensitively in both directions", () => {
    expect(hasToken(whiteboardTokens("acceptedblocker"), "AcceptedBlocker")).toBe(true);
    expect(hasToken(whiteboardTokens("AcceptedBlocker"), "ACCEPTEDBLOCKER")).toBe(true);
  });

  it("matches only whole tokens (no substring / prefix / suffix match)", () => {
    expect(hasToken(whiteboardTokens("AcceptedBlockerX"), "AcceptedBlocker")).toBe(false);
    expect(hasToken(whiteboardTokens("NotAcceptedBlocker"), "AcceptedBlocker")).toBe(false);
    expect(hasToken(whiteboardTokens("Accepted Blocker"), "AcceptedBlocker")).toBe(false);
  });

  it("is false for an empty set", () => {
    expect(hasToken(new Set(), "AcceptedBlocker")).toBe(false);
  });
});

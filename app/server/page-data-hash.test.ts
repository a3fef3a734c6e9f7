import { describe, expect, it } from "vitest";
import { timeView } from "~/components/format";
import { pageDataHash } from "./page-data-hash";

const NOW = new Date("2026-12-01T12:00:30Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const page = (loaderData: Record<string, unknown>) => ({ loaderData, actionData: null, errors: null });

describe("pageDataHash", () => {
  it("hashes the data: equal data, equal hash; any change, another", () => {
    const a = pageDataHash(page({ root: { n: 1 } }), 200, NOW.getTime());
    expect(a.hash).toHaveLength(22);
    expect(pageDataHash(page({ root: { n: 1 } }), 200, NOW.getTime()).hash).toBe(a.hash);
    expect(pageDataHash(page({ root: { n: 2 } }), 200, NOW.getTime()).hash).not.toBe(a.hash);
    expect(pageDataHash(page({ root: { n: 1 } }), 404, NOW.getTime()).hash).not.toBe(a.hash);
    const error = (message: string) => ({ ...page({}), errors: { root: new Error(message) } });
    expect(pageDataHash(error("a"), 500, 0).hash).not.toBe(pageDataHash(error("b"), 500, 0).hash);
  });

  it("gives when the first relative time of the page reads differently, wherever it is", () => {
    const data = page({
      root: { sync: { lastSuccess: timeView(ago(3 * 60_000), NOW) } },
      "routes/x": { rows: [{ changed: timeView(ago(2 * 86_400_000), NOW) }, { changed: null }] },
    });
    // "3 minutes ago" becomes "4 minutes ago" 4 minutes after the time.
    expect(pageDataHash(data, 200, NOW.getTime()).timesChangeAt).toBe(ago(3 * 60_000).getTime() + 4 * 60_000);
    expect(
      pageDataHash(page({ root: { at: "2026-12-01T12:00:00Z" } }), 200, NOW.getTime()).timesChangeAt,
    ).toBe(null);
  });
});

import { describe, expect, it } from "vitest";
import { timeView } from "~/components/format";
import { keptPart, keptView, keptViewByKey } from "./kept-views.server";
import { serverView } from "./server-view.server";

const T0 = new Date("2026-12-01T12:00:30Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("keptView", () => {
  it("builds once per input object and key while the view's relative times read the same", () => {
    const input = [{ changed: new Date(T0.getTime() - 5.5 * 60_000) }];
    let builds = 0;
    const build = (now: Date) => () => {
      builds++;
      return { rows: input.map((r) => ({ changed: timeView(r.changed, now) })) };
    };
    const first = keptView(input, "a", T0, build(T0));
    expect(first.rows[0]!.changed!.relative).toBe("5 minutes ago");
    expect(keptView(input, "a", at(29_000), build(at(29_000)))).toBe(first);
    expect(builds).toBe(1);
    // Another key, another input object: built.
    expect(keptView(input, "b", T0, build(T0))).not.toBe(first);
    expect(keptView([...input], "a", T0, build(T0))).not.toBe(first);
    expect(builds).toBe(3);
    // Half a minute on, "5 minutes ago" would read "6 minutes ago": built again.
    const later = keptView(input, "a", at(30_000), build(at(30_000)));
    expect(builds).toBe(4);
    expect(later.rows[0]!.changed!.relative).toBe("6 minutes ago");
  });

  it("keeps a view without relative times until its input changes", () => {
    const input = {};
    let builds = 0;
    const view = keptView(input, "k", T0, () => ({ n: ++builds }));
    expect(keptView(input, "k", at(365 * 86_400_000), () => ({ n: ++builds }))).toBe(view);
    expect(builds).toBe(1);
  });
});

describe("keptViewByKey", () => {
  it("keeps a view per key while its times read the same; a list of them is hashed and timed by them", () => {
    const changed = new Date(T0.getTime() - 5.5 * 60_000);
    const row = (now: Date) =>
      keptViewByKey("test row 1", now, () => ({ bug: 1, changed: timeView(changed, now) }));
    const first = row(T0);
    expect(row(at(29_000))).toBe(first);
    expect(keptPart(first)).toEqual({ key: "test row 1", freshUntil: T0.getTime() + 30_000 });
    const list = serverView({ rows: [first] }, T0);
    expect(list.timesChangeAt).toBe(T0.getTime() + 30_000);
    // Half a minute on the row reads "6 minutes ago": a new row, and a list of it hashes differently.
    const later = row(at(30_000));
    expect(later).not.toBe(first);
    expect(later.changed!.relative).toBe("6 minutes ago");
    expect(serverView({ rows: [later] }, at(30_000)).serverView).not.toBe(list.serverView);
    // The same row again (another list object): the same digest.
    expect(serverView({ rows: [first] }, T0).serverView).toBe(list.serverView);
  });
});

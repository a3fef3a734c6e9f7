import { afterEach, describe, expect, it } from "vitest";
import { startTestSandbox, tinyDataset, type TestSandbox } from "./helpers.js";

interface HistoryBody {
  bugs: {
    id: number;
    alias: string[];
    history: {
      when: string;
      who: string;
      changes: { field_name: string; removed: string; added: string }[];
    }[];
  }[];
}

const past = [
  {
    when: "2026-11-02T09:00:00Z",
    who: "adamw@example.com",
    changes: [{ field_name: "blocks", removed: "", added: "9" }],
  },
  {
    when: "2026-11-05T15:30:00Z",
    who: "kparal@example.com",
    changes: [{ field_name: "status_whiteboard", removed: "", added: "AcceptedBlocker" }],
  },
];

describe("Bugzilla history (GET /rest/bug/{id}/history)", () => {
  let sb: TestSandbox;
  afterEach(() => sb.close());

  const history = async (ref: string | number, query = "") =>
    (await sb.bzJson<HistoryBody>(`/bug/${ref}/history${query}`)).body.bugs[0]!.history;

  it("serves the dataset's history in Bugzilla's shape, oldest first; new_since keeps later entries", async () => {
    sb = await startTestSandbox({ dataset: tinyDataset(9, { history: { "1": past } }) as never });
    const { status, body } = await sb.bzJson<HistoryBody>("/bug/1/history");
    expect(status).toBe(200);
    expect(body).toEqual({ bugs: [{ id: 1, alias: [], history: past }] });
    expect(await history(1, "?new_since=2026-11-03T00:00:00Z")).toEqual([past[1]]);
    expect(await history(2)).toEqual([]);
  });

  it("merges `ids` from the query string after the path's bug, as Bugzilla 5's REST server does", async () => {
    const later = [{ ...past[1]!, when: "2026-11-06T08:00:00Z" }];
    sb = await startTestSandbox({
      dataset: tinyDataset(9, { history: { "1": past, "3": later } }) as never,
    });
    const { status, body } = await sb.bzJson<HistoryBody>("/bug/3/history?ids=1&ids=2&ids=3&ids=1");
    expect(status).toBe(200);
    // uniq(path ids, query ids): bug 3 first, then 1 and 2, each once.
    expect(body).toEqual({
      bugs: [
        { id: 3, alias: [], history: later },
        { id: 1, alias: [], history: past },
        { id: 2, alias: [], history: [] },
      ],
    });
    // new_since applies to every bug; one `ids` value alone merges too.
    const since = await sb.bzJson<HistoryBody>("/bug/1/history?ids=3&new_since=2026-11-03T00:00:00Z");
    expect(since.body.bugs.map((b) => [b.id, b.history])).toEqual([
      [1, [past[1]]],
      [3, later],
    ]);
  });

  it("fails the whole merged request on its first missing or private bug", async () => {
    sb = await startTestSandbox({ dataset: tinyDataset(4, { private: [3] }) as never });
    expect(await sb.bzError("/bug/1/history?ids=2&ids=3&ids=99")).toEqual([401, 102]);
    expect(await sb.bzError("/bug/1/history?ids=99&ids=3")).toEqual([404, 101]);
    expect(await sb.bzError("/bug/99/history?ids=1&new_since=yesterday")).toEqual([400, 32000]);
  });

  it("answers Bugzilla's errors: no such bug, private bug, bad new_since", async () => {
    sb = await startTestSandbox({ dataset: tinyDataset(3, { private: [3] }) as never });
    expect(await sb.bzError("/bug/99/history")).toEqual([404, 101]);
    expect(await sb.bzError("/bug/3/history")).toEqual([401, 102]);
    expect(await sb.bzError("/bug/1/history?new_since=yesterday")).toEqual([400, 32000]);
  });

  it("records a write with the API key's user, and the mirrored dependson change on the other bug", async () => {
    sb = await startTestSandbox({
      dataset: tinyDataset(9, { api_key_users: { "bot-key": "blockerbugs@example.com" } }) as never,
    });
    const put = await sb.bz("/bug/1", {
      method: "PUT",
      key: "bot-key",
      body: { blocks: { add: [9] }, whiteboard: "CommonBugs", comment: { body: "Proposed." } },
    });
    expect(put.status).toBe(200);
    const [entry] = await history(1);
    expect(entry).toEqual({
      when: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      who: "blockerbugs@example.com",
      changes: [
        { field_name: "blocks", removed: "", added: "9" },
        { field_name: "status_whiteboard", removed: "", added: "CommonBugs" },
      ],
    });
    expect(await history(9)).toEqual([
      {
        when: entry!.when,
        who: "blockerbugs@example.com",
        changes: [{ field_name: "dependson", removed: "", added: "1" }],
      },
    ]);
    // A key the map does not name acts as the sandbox's user; a write changing nothing records nothing.
    await sb.bz("/bug/2", { method: "PUT", key: "other", body: { blocks: { add: [9] } } });
    await sb.bz("/bug/2", { method: "PUT", key: "other", body: { blocks: { add: [9] } } });
    expect((await history(2)).map((e) => e.who)).toEqual(["sandbox-user@example.com"]);
  });

  it("dataset patches record what they change, by `who`, unless they bring history of their own", async () => {
    sb = await startTestSandbox({ dataset: tinyDataset(9) as never });
    const patch = (body: unknown) => sb.control("/dataset", { method: "POST", body: { patch: body } });
    expect(
      (
        await patch({
          bugzilla: { who: "qa@example.com", bugs: [{ id: 1, blocks: [9], whiteboard: "RejectedBlocker" }] },
        })
      ).status,
    ).toBe(200);
    expect(await history(1)).toEqual([
      {
        when: expect.any(String),
        who: "qa@example.com",
        changes: [
          { field_name: "blocks", removed: "", added: "9" },
          { field_name: "status_whiteboard", removed: "", added: "RejectedBlocker" },
        ],
      },
    ]);
    await patch({ bugzilla: { bugs: [{ id: 2, blocks: [9] }], history: { "2": past } } });
    expect(await history(2)).toEqual(past);
    await patch({ bugzilla: { bugs: [{ id: 3, summary: "only the summary" }] } });
    expect(await history(3)).toEqual([]);
  });
});

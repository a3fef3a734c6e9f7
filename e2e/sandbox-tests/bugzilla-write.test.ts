import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DEMO,
  DEMO_FILE,
  nowSeconds,
  startTestSandbox,
  tinyDataset,
  type ErrorBody,
  type TestSandbox,
} from "./helpers.js";

interface UpdateBody {
  bugs: Array<{
    id: number;
    alias: string[];
    last_change_time: string;
    changes: Record<string, { added: string; removed: string }>;
  }>;
}

interface GetBody {
  bugs: Array<Record<string, unknown>>;
}

describe("Bugzilla writes (PUT /rest/bug/{id}, POST /rest/bug/{id}/comment)", () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(() => sb.close());

  const getBug = async (ref: string | number, fields = "_all") =>
    (await sb.bzJson<GetBody>(`/bug/${ref}?include_fields=${fields}`)).body.bugs[0];

  it("needs an API key (410/401 login_required)", async () => {
    const { status, body } = await sb.bzJson<ErrorBody>(`/bug/${DEMO.plainBug}`, {
      method: "PUT",
      body: { whiteboard: "x" },
    });
    expect(status).toBe(401);
    expect(body.code).toBe(410);
  });

  it("BZ-30 adds a blocker by alias (reported as a numeric id); re-adding it gives changes {}", async () => {
    const start = nowSeconds();
    const first = await sb.bzJson<UpdateBody>(`/bug/${DEMO.plainBug}`, {
      method: "PUT",
      key: "k",
      body: { ids: [DEMO.plainBug], blocks: { add: ["F47BetaBlocker"] } },
    });
    expect(first.status).toBe(200);
    expect(first.body.bugs).toEqual([
      {
        id: DEMO.plainBug,
        alias: [],
        last_change_time: expect.any(String),
        changes: { blocks: { added: String(DEMO.f47BetaBlocker), removed: "" } },
      },
    ]);
    const changedAt = first.body.bugs[0].last_change_time;
    expect(changedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(changedAt >= start).toBe(true);
    expect((await getBug(DEMO.plainBug)).blocks).toEqual([DEMO.f46BetaBlocker, DEMO.f47BetaBlocker]);

    await new Promise((resolve) => setTimeout(resolve, 1100)); // so a wrongly bumped time would differ
    const again = await sb.bzJson<UpdateBody>(`/bug/${DEMO.plainBug}`, {
      method: "PUT",
      key: "k",
      body: { blocks: { add: [String(DEMO.f47BetaBlocker)] } },
    });
    expect(again.body.bugs[0].changes).toEqual({});
    expect(again.body.bugs[0].last_change_time).toBe(changedAt);
  });

  it("keeps the tracker's depends_on in step and bumps its last_change_time", async () => {
    const before = await getBug(DEMO.f47BetaBlocker, "depends_on,last_change_time");
    expect(before.depends_on).not.toContain(DEMO.plainBug);
    const start = nowSeconds();

    await sb.bz(`/bug/${DEMO.plainBug}`, {
      method: "PUT",
      key: "k",
      body: { blocks: { add: [DEMO.f47BetaBlocker] } },
    });
    const added = await getBug(DEMO.f47BetaBlocker, "depends_on,last_change_time");
    expect(added.depends_on).toContain(DEMO.plainBug);
    expect((added.last_change_time as string) >= start).toBe(true);
    expect(added.last_change_time).not.toBe(before.last_change_time);

    // A sync asking for "changed since" now sees both bugs.
    const since = await sb.bzJson<{ bugs: Array<{ id: number }> }>(
      `/bug?last_change_time=${start}&include_fields=id`,
    );
    expect(since.body.bugs.map((b) => b.id).sort()).toEqual([DEMO.f47BetaBlocker, DEMO.plainBug].sort());

    const removed = await sb.bzJson<UpdateBody>(`/bug/${DEMO.plainBug}`, {
      method: "PUT",
      key: "k",
      body: { blocks: { remove: ["F46BetaBlocker"] } },
    });
    expect(removed.body.bugs[0].changes).toEqual({
      blocks: { added: "", removed: String(DEMO.f46BetaBlocker) },
    });
    expect((await getBug(DEMO.f46BetaBlocker, "depends_on")).depends_on).not.toContain(DEMO.plainBug);
  });

  it("cc of an unknown user is 51/404 and changes nothing at all", async () => {
    const strict = await startTestSandbox({
      dataset: tinyDataset(3, { users: ["known@example.com"] }),
    });
    try {
      const before = await (await strict.control("/dataset")).json();
      const failed = await strict.bzJson<ErrorBody>("/bug/1", {
        method: "PUT",
        key: "k",
        body: {
          blocks: { add: [2] },
          whiteboard: "AcceptedBlocker",
          comment: { body: "should not be stored" },
          cc: { add: ["known@example.com", "nobody@example.com"] },
        },
      });
      expect(failed.status).toBe(404);
      expect(failed.body.code).toBe(51);
      expect(failed.body.message).toContain("nobody@example.com");
      expect(await (await strict.control("/dataset")).json()).toEqual(before);

      const ok = await strict.bzJson<UpdateBody>("/bug/1", {
        method: "PUT",
        key: "k",
        body: { cc: { add: ["known@example.com"] } },
      });
      expect(ok.body.bugs[0].changes).toEqual({ cc: { added: "known@example.com", removed: "" } });
    } finally {
      await strict.close();
    }

    // Without bugzilla.users any e-mail is accepted.
    const open = await sb.bzJson<UpdateBody>(`/bug/${DEMO.plainBug}`, {
      method: "PUT",
      key: "k",
      body: { cc: { add: ["a@example.com", "b@example.com"] } },
    });
    expect(open.body.bugs[0].changes).toEqual({ cc: { added: "a@example.com, b@example.com", removed: "" } });
  });

  it("reports a whiteboard change as added/removed strings", async () => {
    const { body } = await sb.bzJson<UpdateBody>(`/bug/${DEMO.f46BetaBlocker}`, {
      method: "PUT",
      key: "k",
      body: { whiteboard: "AcceptedBlocker" },
    });
    expect(body.bugs[0].changes).toEqual({ whiteboard: { added: "AcceptedBlocker", removed: "" } });
  });

  it("rejects an unknown or private blocked bug and a dependency loop, changing nothing", async () => {
    const block = (tracker: string | number) =>
      sb.bzError(`/bug/${DEMO.plainBug}`, { method: "PUT", key: "k", body: { blocks: { add: [tracker] } } });
    expect(await block("F99BetaBlocker")).toEqual([400, 100]);
    expect(await block(9999999)).toEqual([404, 101]);
    const loop = await sb.bzJson<ErrorBody>(`/bug/${DEMO.f46BetaBlocker}`, {
      method: "PUT",
      key: "k",
      body: { blocks: { add: [DEMO.plainBug] } },
    });
    expect(loop.body.code).toBe(116);
    expect((await getBug(DEMO.plainBug)).blocks).toEqual([DEMO.f46BetaBlocker]);
  });

  it("a comment in PUT is appended with the next count and a new global id", async () => {
    await sb.bz(`/bug/${DEMO.plainBug}`, {
      method: "PUT",
      key: "k",
      body: {
        blocks: { add: ["F47BetaBlocker"] },
        comment: { body: "Proposed as a Beta blocker.", is_private: false },
      },
    });
    const { body } = await sb.bzJson<{ bugs: Record<string, { comments: Array<Record<string, unknown>> }> }>(
      `/bug/${DEMO.plainBug}/comment`,
    );
    const comments = body.bugs[String(DEMO.plainBug)].comments;
    expect(comments).toHaveLength(2);
    expect(comments[1]).toMatchObject({
      bug_id: DEMO.plainBug,
      count: 1,
      text: "Proposed as a Beta blocker.",
    });
    const dataset = (await (await sb.control("/dataset")).json()) as {
      bugzilla: { comments: Record<string, Array<{ id: number }>> };
    };
    const allIds = Object.values(dataset.bugzilla.comments).flatMap((list) => list.map((c) => c.id));
    expect(comments[1].id).toBe(Math.max(...allIds));
  });

  it("POST comment answers 201 {id}; a blank comment is error 50", async () => {
    const res = await sb.bz(`/bug/${DEMO.plainBug}/comment`, {
      method: "POST",
      key: "k",
      body: { comment: "Discussed in blocker review.", is_private: false },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    expect(Number.isInteger(id)).toBe(true);
    const { body } = await sb.bzJson<{
      bugs: Record<string, { comments: Array<{ id: number; text: string }> }>;
    }>(`/bug/${DEMO.plainBug}/comment`);
    expect(body.bugs[String(DEMO.plainBug)].comments.at(-1)).toMatchObject({
      id,
      text: "Discussed in blocker review.",
    });

    const blank = { method: "POST", key: "k", body: { comment: "   " } };
    expect(await sb.bzError(`/bug/${DEMO.plainBug}/comment`, blank)).toEqual([400, 50]);
    const anonymous = { method: "POST", body: { comment: "hi" } };
    expect(await sb.bzError(`/bug/${DEMO.plainBug}/comment`, anonymous)).toEqual([401, 410]);
  });

  it("never writes to the dataset file", async () => {
    const before = fs.readFileSync(DEMO_FILE, "utf8");
    await sb.bz(`/bug/${DEMO.plainBug}`, { method: "PUT", key: "k", body: { whiteboard: "changed" } });
    expect(fs.readFileSync(DEMO_FILE, "utf8")).toBe(before);
  });
});

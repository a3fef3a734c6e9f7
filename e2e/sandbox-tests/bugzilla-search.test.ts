import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO,
  demoDataset,
  startTestSandbox,
  tinyDataset,
  type ErrorBody,
  type SearchBody,
  type TestSandbox,
} from "./helpers.js";

describe("Bugzilla search (GET /rest/bug)", () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(() => sb.close());

  const visibleIds = () =>
    demoDataset()
      .bugzilla.bugs.map((bug) => bug.id)
      .filter((id) => id !== DEMO.privateBug)
      .sort((a, b) => a - b);

  it("BZ-07 caps an anonymous page at 20 and reports the uncapped total_matches", async () => {
    const { status, body } = await sb.bzJson<SearchBody>("/bug?product=Fedora");
    expect(status).toBe(200);
    expect(body.bugs).toHaveLength(20);
    expect(body.limit).toBe(20);
    expect(body.total_matches).toBe(DEMO.bugCount - 1);

    const asked = await sb.bzJson<SearchBody>("/bug?product=Fedora&limit=100");
    expect(asked.body.bugs).toHaveLength(20);
    expect(asked.body.limit).toBe(20);
  });

  it("BZ-07 paging by offset += len(bugs) with order=bug_id visits every visible bug exactly once", async () => {
    const seen: number[] = [];
    let total = Infinity;
    for (let offset = 0; offset < total;) {
      const { body } = await sb.bzJson<SearchBody>(
        `/bug?product=Fedora&include_fields=id&order=bug_id&limit=100&offset=${offset}`,
      );
      total = body.total_matches;
      if (body.bugs.length === 0) break;
      seen.push(...body.bugs.map((bug) => bug.id as number));
      offset += body.bugs.length;
    }
    expect(seen).toEqual(visibleIds());
  });

  it("order=bug_id DESC sorts by id descending; no order sorts by last_change_time descending", async () => {
    const desc = await sb.bzJson<SearchBody>("/bug?product=Fedora&include_fields=id&order=bug_id%20DESC");
    expect(desc.body.bugs.map((b) => b.id)).toEqual(visibleIds().reverse().slice(0, 20));

    const byChange = await sb.bzJson<SearchBody>("/bug?product=Fedora&include_fields=id,last_change_time");
    const times = byChange.body.bugs.map((b) => b.last_change_time as string);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("BZ-08 gives up to 1000 rows only to a caller with an API key; limit=0 means 1000", async () => {
    const big = await startTestSandbox({ dataset: tinyDataset(1130) });
    try {
      const keyed = await big.bzJson<SearchBody>("/bug?product=Fedora&limit=0", { key: "k" });
      expect(keyed.body.bugs).toHaveLength(1000);
      expect(keyed.body.limit).toBe(1000);
      expect(keyed.body.total_matches).toBe(1130);

      const tooMany = await big.bzJson<SearchBody>("/bug?product=Fedora&limit=5000", { key: "k" });
      expect(tooMany.body.bugs).toHaveLength(1000);

      const second = await big.bzJson<SearchBody>("/bug?product=Fedora&limit=1000&offset=1000", { key: "k" });
      expect(second.body.bugs).toHaveLength(130);

      const anonymous = await big.bzJson<SearchBody>("/bug?product=Fedora&limit=1000");
      expect(anonymous.body.bugs).toHaveLength(20);
      expect(anonymous.body.limit).toBe(20);

      const defaultPage = await big.bzJson<SearchBody>("/bug?product=Fedora", { key: "k" });
      expect(defaultPage.body.bugs).toHaveLength(20);
    } finally {
      await big.close();
    }
  });

  it("BZ-06 leaves out flags by default and returns them when requested", async () => {
    const plain = await sb.bzJson<SearchBody>(`/bug?id=${DEMO.bugWithFlags}`);
    expect(plain.body.bugs[0]).toHaveProperty("summary");
    expect(plain.body.bugs[0]).not.toHaveProperty("flags");

    for (const query of ["include_fields=_default,flags", "include_fields=id,flags", "extra_fields=flags"]) {
      const { body } = await sb.bzJson<SearchBody>(`/bug?id=${DEMO.bugWithFlags}&${query}`);
      expect(body.bugs[0].flags, query).toEqual(
        demoDataset().bugzilla.bugs.find((b) => b.id === DEMO.bugWithFlags)?.flags,
      );
    }
    const all = await sb.bzJson<SearchBody>(`/bug?id=${DEMO.bugWithFlags}&include_fields=_all`);
    expect(all.body.bugs[0]).toHaveProperty("flags");
  });

  it("BZ-04 include_fields does not add id; exclude_fields beats include_fields", async () => {
    const { body } = await sb.bzJson<SearchBody>(
      `/bug?id=${DEMO.plainBug}&include_fields=summary,status,nonsense`,
    );
    expect(Object.keys(body.bugs[0]).sort()).toEqual(["status", "summary"]);

    const repeated = await sb.bzJson<SearchBody>(
      `/bug?id=${DEMO.plainBug}&include_fields=id&include_fields=status,summary&exclude_fields=summary`,
    );
    expect(Object.keys(repeated.body.bugs[0]).sort()).toEqual(["id", "status"]);
  });

  it("matches id lists (comma and repeated), aliases, blocks (OR), status and component", async () => {
    const ids = await sb.bzJson<SearchBody>(
      `/bug?id=${DEMO.plainBug},${DEMO.f46BetaBlocker}&id=2410130&include_fields=id`,
    );
    expect(ids.body.bugs.map((b) => b.id).sort()).toEqual(
      [DEMO.f46BetaBlocker, DEMO.plainBug, 2410130].sort(),
    );

    const alias = await sb.bzJson<SearchBody>("/bug?alias=F47BetaBlocker&include_fields=id,alias");
    expect(alias.body.bugs).toEqual([{ id: DEMO.f47BetaBlocker, alias: ["F47BetaBlocker"] }]);

    const tracker = demoDataset().bugzilla.bugs.find((b) => b.id === DEMO.f46BetaBlocker);
    const blocking = await sb.bzJson<SearchBody>(
      `/bug?blocks=${DEMO.f46BetaBlocker}&include_fields=id&limit=100`,
      {
        key: "k",
      },
    );
    const expected = (tracker?.depends_on ?? []).filter((id) => id !== DEMO.privateBug);
    expect(blocking.body.bugs.map((b) => b.id).sort()).toEqual([...expected].sort());

    const either = await sb.bzJson<SearchBody>(
      `/bug?blocks=${DEMO.f46BetaBlocker}&blocks=${DEMO.f47BetaBlocker}&include_fields=id`,
    );
    expect(either.body.total_matches).toBeGreaterThan(blocking.body.total_matches);

    const closed = await sb.bzJson<SearchBody>(
      "/bug?status=CLOSED&component=anaconda&include_fields=status,component",
    );
    expect(closed.body.total_matches).toBeGreaterThan(0);
    for (const bug of closed.body.bugs) {
      expect(bug.status).toBe("CLOSED");
      expect(bug.component).toContain("anaconda");
    }
  });

  it("the original app's prioritized search: bug_status=__open__ and flagtypes.name substring fedora_prioritized_bug+", async () => {
    const data = demoDataset();
    const flagged = (b: (typeof data.bugzilla.bugs)[number], status: string) =>
      ((b.flags ?? []) as { name: string; status: string }[]).some(
        (f) => f.name === "fedora_prioritized_bug" && f.status === status,
      );
    const expected = data.bugzilla.bugs
      .filter((b) => b.id !== DEMO.privateBug && b.is_open !== false && flagged(b, "+"))
      .map((b) => b.id)
      .sort((a, b) => a - b);
    expect(expected.length).toBeGreaterThan(3);
    // The closed flagged bugs exist too, and __open__ leaves them out.
    expect(data.bugzilla.bugs.some((b) => b.is_open === false && flagged(b, "+"))).toBe(true);

    const query = (extra: string) =>
      `/bug?query_format=advanced&f1=flagtypes.name&o1=substring&v1=${encodeURIComponent("fedora_prioritized_bug+")}&include_fields=id&order=bug_id&${extra}`;
    const open = await sb.bzJson<SearchBody>(query("bug_status=__open__&limit=100"), { key: "k" });
    expect(open.status).toBe(200);
    expect(open.body.bugs.map((b) => b.id)).toEqual(expected);
    expect(open.body.total_matches).toBe(expected.length);

    // Paged like the tracker search: offset += len(bugs), anonymous pages of at most 20.
    const paged: number[] = [];
    for (let offset = 0; ;) {
      const { body } = await sb.bzJson<SearchBody>(query(`bug_status=__open__&limit=2&offset=${offset}`));
      if (body.bugs.length === 0) break;
      paged.push(...body.bugs.map((b) => b.id as number));
      offset += body.bugs.length;
    }
    expect(paged).toEqual(expected);

    const all = await sb.bzJson<SearchBody>(query("bug_status=__all__&limit=100"), { key: "k" });
    const closed = await sb.bzJson<SearchBody>(query("bug_status=__closed__&limit=100"), { key: "k" });
    expect(all.body.total_matches).toBe(open.body.total_matches + closed.body.total_matches);
    expect(closed.body.total_matches).toBeGreaterThan(0);

    // A flag that is only asked for (`?`) or denied (`-`) does not match `+`.
    const requested = await sb.bzJson<SearchBody>(
      `/bug?f1=flagtypes.name&o1=equals&v1=${encodeURIComponent("fedora_prioritized_bug?")}&include_fields=id&limit=100`,
      { key: "k" },
    );
    for (const bug of requested.body.bugs) expect(expected).not.toContain(bug.id);

    // An unencoded `+` is a space in a query string: nothing has "fedora_prioritized_bug " in a flag.
    const unencoded = await sb.bzJson<SearchBody>(
      "/bug?bug_status=__open__&f1=flagtypes.name&o1=substring&v1=fedora_prioritized_bug+&include_fields=id",
    );
    expect(unencoded.body.total_matches).toBe(0);
  });

  it("boolean charts: negation, notsubstring, anywords on blocked, j_top=OR; bad fields and operators are errors", async () => {
    const ids = async (q: string) =>
      (await sb.bzJson<SearchBody>(`/bug?${q}&include_fields=id&limit=1000`, { key: "k" })).body.bugs
        .map((b) => b.id as number)
        .sort((a, b) => a - b);
    const blocking = await ids(`blocks=${DEMO.f46BetaBlocker}`);
    expect(await ids(`f1=blocked&o1=anywords&v1=${DEMO.f46BetaBlocker}`)).toEqual(blocking);
    const flagged = await ids("f1=flagtypes.name&o1=substring&v1=fedora_prioritized_bug");
    const unflagged = await ids("f1=flagtypes.name&o1=notsubstring&v1=fedora_prioritized_bug");
    expect(await ids("f1=flagtypes.name&o1=substring&v1=fedora_prioritized_bug&n1=1")).toEqual(unflagged);
    expect(flagged.length + unflagged.length).toBe(DEMO.bugCount - 1);
    expect(
      await ids(
        `j_top=OR&f1=bug_id&o1=equals&v1=${DEMO.plainBug}&f2=bug_id&o2=equals&v2=${DEMO.f46BetaBlocker}`,
      ),
    ).toEqual([DEMO.f46BetaBlocker, DEMO.plainBug].sort((a, b) => a - b));
    expect(
      await ids(`f1=bug_id&o1=equals&v1=${DEMO.plainBug}&f2=bug_id&o2=equals&v2=${DEMO.f46BetaBlocker}`),
    ).toEqual([]);

    expect(await sb.bzError("/bug?f1=no_such_field&o1=equals&v1=x")).toEqual([400, 108]);
    expect(await sb.bzError("/bug?f1=bug_id&o1=sounds_like&v1=x")).toEqual([400, 32000]);
    expect(await sb.bzError("/bug?f1=OP&f2=bug_id&o2=equals&v2=1&f3=CP")).toEqual([400, 32000]);
  });

  it("BZ-22 last_change_time keeps bugs changed at or after it, with or without Z", async () => {
    const since = "2026-11-13T18:13:00";
    const query = "include_fields=id,last_change_time&limit=100";
    const withZ = await sb.bzJson<SearchBody>(`/bug?last_change_time=${since}Z&${query}`, { key: "k" });
    const withoutZ = await sb.bzJson<SearchBody>(`/bug?last_change_time=${since}&${query}`, { key: "k" });
    expect(withZ.body).toEqual(withoutZ.body);
    expect(withZ.body.total_matches).toBeGreaterThan(0);
    expect(withZ.body.bugs).toHaveLength(withZ.body.total_matches);
    for (const bug of withZ.body.bugs) expect((bug.last_change_time as string) >= `${since}Z`).toBe(true);
    expect(withZ.body.bugs.some((bug) => bug.last_change_time === `${since}Z`)).toBe(true);
  });

  it("silently leaves out the private bug, even when asked for by id", async () => {
    const { status, body } = await sb.bzJson<SearchBody>(
      `/bug?id=${DEMO.privateBug},${DEMO.plainBug},9999999`,
      {
        key: "k",
      },
    );
    expect(status).toBe(200);
    expect(body.bugs.map((b) => b.id)).toEqual([DEMO.plainBug]);
    expect(body.total_matches).toBe(1);

    const blocking = await sb.bzJson<SearchBody>(
      `/bug?blocks=${DEMO.f46BetaBlocker}&include_fields=id&limit=100`,
      {
        key: "k",
      },
    );
    expect(blocking.body.bugs.map((b) => b.id)).not.toContain(DEMO.privateBug);
  });

  it("BZ-11 offset without limit is error 50 (HTTP 400)", async () => {
    const { status, body } = await sb.bzJson<ErrorBody>(`/bug?blocks=${DEMO.f46BetaBlocker}&offset=20`);
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: true,
      code: 50,
      documentation: "https://bugzilla.readthedocs.org/en/5.0/api/",
    });
  });

  it("BZ-12 a search with no criteria is error 1000 (HTTP 400)", async () => {
    for (const query of ["limit=20", "include_fields=id&order=bug_id&limit=5&offset=5", ""]) {
      const { status, body } = await sb.bzJson<ErrorBody>(`/bug?${query}`);
      expect(status, query).toBe(400);
      expect(body.code, query).toBe(1000);
    }
  });

  it("rejects a non-numeric id with error 52", async () => {
    const { status, body } = await sb.bzJson<ErrorBody>("/bug?id=F46BetaBlocker");
    expect(status).toBe(400);
    expect(body.code).toBe(52);
  });

  it("BZ-35 answers under /rest.cgi/ too", async () => {
    const res = await fetch(`${sb.url}/bugzilla/rest.cgi/bug?id=${DEMO.plainBug}&include_fields=id`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bugs: [{ id: DEMO.plainBug }], limit: 20, total_matches: 1 });
  });
});

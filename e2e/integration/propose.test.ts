/**
 * Proposing a bug against the sandbox's Bugzilla and a real database: the checks before any write, the
 * single PUT (tracker ids, cc, comment), the retry without cc, double submits, the rate limit, and the
 * immediate re-sync of the bug.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../../app/config.server";
import type { SessionUser } from "../../app/auth/session.server";
import { proposeBug, ProposalRefused } from "../../app/routes/propose/propose.server";
import { BugzillaClient } from "../../app/upstream/bugzilla.server";
import type { ProposeInput } from "../../app/domain/proposal";
import { startSandbox } from "../sandbox/server";
import { addRelease90, bzBug, dataset, T } from "../setup/datasets";
import { clearRequestLog, patchBugs, requestLog, setFaults } from "../setup/sandbox-client";
import { freshDatabaseEachTest } from "../setup/test-db";

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
const t = freshDatabaseEachTest(() => sandbox?.close());
let config: Config;
let user: SessionUser;
let betaId: number;

const client = () =>
  new BugzillaClient({
    baseUrl: config.BUGZILLA_URL,
    apiKey: config.BUGZILLA_API_KEY,
    policy: { timeoutMs: 2000, attempts: 2, retryBaseMs: 10 },
  });
let keys = 0;
const input = (fields: Partial<ProposeInput> = {}): ProposeInput => ({
  milestoneId: betaId,
  bugId: 101,
  blocker: true,
  justification: "Breaks every UEFI install.",
  submissionKey: `submission-key-${String(++keys).padStart(4, "0")}`,
  ...fields,
});
const propose = (fields: Partial<ProposeInput> = {}) =>
  proposeBug({ db: t.db, config, bugzilla: client() }, user, input(fields));
const puts = async () => (await requestLog(sandbox.url)).log.filter((r) => r.method === "PUT");

beforeEach(async () => {
  sandbox = await startSandbox({
    dataset: dataset(
      [
        bzBug(101),
        bzBug(102, { status: "CLOSED", resolution: "ERRATA", is_open: false }),
        bzBug(103, { blocks: [T.betaBlocker] }),
        bzBug(104),
      ],
      [104],
    ) as never,
    port: 0,
  });
  config = parseConfig({
    DATABASE_URL: t.url,
    BUGZILLA_URL: `${sandbox.url}/bugzilla`,
    BUGZILLA_API_KEY: "test-key",
    PROPOSAL_RATE_LIMIT: "5",
  });
  await addRelease90(t.db, client());
  betaId = (await t.db.milestone.findFirstOrThrow({ where: { version: "beta" } })).id;
  const row = await t.db.user.create({
    data: { login: "tester", email: "tester@example.com", groups: ["packager"] },
  });
  user = { id: row.id, login: "tester", name: "", email: "tester@example.com", groups: [], isAdmin: false };
  await clearRequestLog(sandbox.url);
});

describe("proposing a bug", () => {
  it("writes the trackers, cc and comment in one PUT and shows the bug as proposed at once", async () => {
    const id = await propose({ fe: true, justification: "  Breaks every UEFI install.  " });
    const written = await puts();
    expect(written).toHaveLength(1);
    expect(written[0]!.path).toBe("/bugzilla/rest/bug/101");
    expect(written[0]!.body).toEqual({
      ids: [101],
      blocks: { add: [T.betaBlocker, T.betaFe] },
      cc: { add: ["tester@example.com"] },
      comment: {
        body:
          "Proposed as a Blocker and Freeze Exception for 90-beta by tester@example.com using the blocker " +
          "tracking app because:\n\nBreaks every UEFI install.",
        is_private: false,
      },
    });
    const proposal = await t.db.proposal.findUniqueOrThrow({ where: { id } });
    expect(proposal).toMatchObject({
      outcome: "written",
      ccAdded: true,
      bugId: 101,
      blocker: true,
      fe: true,
    });
    const state = await t.db.milestoneBug.findFirstOrThrow({ where: { bugId: 101, milestoneId: betaId } });
    expect(state).toMatchObject({ active: true, blocker: "proposed", fe: "proposed" });
    const events = await t.db.bugEvent.findMany({ where: { bugId: 101 } });
    expect(events.map((e) => e.field).sort()).toEqual(expect.arrayContaining(["active", "blocker", "fe"]));
  });

  it("writes once when the same form is submitted twice", async () => {
    const first = input();
    const a = await proposeBug({ db: t.db, config, bugzilla: client() }, user, first);
    const b = await proposeBug({ db: t.db, config, bugzilla: client() }, user, first);
    expect(b).toBe(a);
    expect(await puts()).toHaveLength(1);
    expect(await t.db.proposal.count()).toBe(1);
  });

  it("a used form sent again for another bug (Back, edit, submit) says so instead of showing the first proposal", async () => {
    const first = input();
    await proposeBug({ db: t.db, config, bugzilla: client() }, user, first);
    await expect(
      proposeBug({ db: t.db, config, bugzilla: client() }, user, {
        ...first,
        bugId: 103,
        blocker: false,
        fe: true,
      }),
    ).rejects.toThrow("This form already proposed bug 101; reload the page to propose another bug.");
    expect(await puts()).toHaveLength(1);
  });

  it("three submits of one form at once write once, and every one of them gets the proposal", async () => {
    const form = input();
    const ids = await Promise.all(
      [0, 1, 2].map(() => proposeBug({ db: t.db, config, bugzilla: client() }, user, form)),
    );
    expect(await puts()).toHaveLength(1);
    const proposal = await t.db.proposal.findUniqueOrThrow({ where: { submissionKey: form.submissionKey } });
    expect(ids).toEqual([proposal.id, proposal.id, proposal.id]);
  });

  it("proposes without cc when Bugzilla does not know the proposer's e-mail", async () => {
    await patchBugs(sandbox.url, [], { users: ["somebody-else@example.com"] });
    const id = await propose();
    const written = await puts();
    expect(written.map((r) => r.status)).toEqual([404, 200]);
    expect(written[0]!.body).toMatchObject({ cc: { add: ["tester@example.com"] } });
    expect(written[1]!.body).not.toHaveProperty("cc");
    expect(written[1]!.body).toMatchObject({ blocks: { add: [T.betaBlocker] } });
    expect(await t.db.proposal.findUniqueOrThrow({ where: { id } })).toMatchObject({
      outcome: "written",
      ccAdded: false,
    });
  });

  it("refuses, without writing, what cannot be proposed", async () => {
    const refusal = (fields: Partial<ProposeInput>) =>
      propose(fields).then(
        () => null,
        (e: unknown) => (e instanceof ProposalRefused ? `${e.field}: ${e.message}` : e),
      );
    expect(await refusal({ bugId: 999 })).toBe("bugId: Bug 999 does not exist in Bugzilla");
    expect(await refusal({ bugId: 104 })).toMatch(/^bugId: Bug 104 is private/);
    expect(await refusal({ bugId: 102 })).toBe(
      "bugId: Bug 102 is CLOSED (ERRATA): reopen it in Bugzilla before proposing it",
    );
    expect(await refusal({ bugId: 103 })).toMatch(
      /^bugId: Bug 103 is already proposed as a blocker for Fedora 90 Beta/,
    );
    expect(await refusal({ bugId: T.finalFe })).toBe(
      `bugId: Bug ${T.finalFe} is the freeze exception tracker of Fedora 90 Final: trackers are not proposed`,
    );
    await t.db.milestone.update({ where: { id: betaId }, data: { active: false } });
    expect(await refusal({})).toBe(
      "milestoneId: Fedora 90 Beta is no longer active: choose another milestone",
    );
    expect(await puts()).toEqual([]);
    expect(await t.db.proposal.count()).toBe(0);
  });

  it("without BUGZILLA_API_KEY, refuses before asking Bugzilla anything and says why", async () => {
    config = { ...config, BUGZILLA_API_KEY: undefined };
    await expect(propose()).rejects.toThrow(
      "Proposing is not possible on this server: it has no Bugzilla API key (BUGZILLA_API_KEY) to write with. Please tell its administrators.",
    );
    expect((await requestLog(sandbox.url)).log).toEqual([]);
    expect(await t.db.proposal.count()).toBe(0);
  });

  it("a Bugzilla API key that Bugzilla refuses is reported as the server's problem, not 'try again'", async () => {
    await patchBugs(sandbox.url, [], { api_keys: ["another-key"] });
    await expect(propose()).rejects.toThrow(
      "Bugzilla refused Blockerbugs' API key (BUGZILLA_API_KEY), so nothing can be proposed right now. Please tell its administrators.",
    );
    expect(await puts()).toEqual([]);
  });

  it("limits proposals per user and hour", async () => {
    config = { ...config, PROPOSAL_RATE_LIMIT: 1 };
    await propose();
    await expect(propose({ bugId: 103, blocker: false, fe: true })).rejects.toThrow(
      "You have proposed 1 bug in the last hour; each user may propose 1 an hour. Please wait before proposing more.",
    );
    expect(await puts()).toHaveLength(1);
    // More proposals than the limit (it was lowered meanwhile): the message names both.
    await t.db.proposal.create({
      data: {
        ...(await t.db.proposal.findFirstOrThrow({ omit: { id: true } })),
        submissionKey: "copied-key-0001",
      },
    });
    await expect(propose({ bugId: 103, blocker: false, fe: true })).rejects.toThrow(
      "You have proposed 2 bugs in the last hour; each user may propose 1 an hour. Please wait before proposing more.",
    );
  });

  it("the limit holds for proposals sent at the same time", async () => {
    config = { ...config, PROPOSAL_RATE_LIMIT: 2 };
    const ids = [111, 112, 113, 114, 115, 116];
    await patchBugs(
      sandbox.url,
      ids.map((id) => bzBug(id)),
    );
    const results = await Promise.allSettled(ids.map((bugId) => propose({ bugId })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ProposalRefused);
    expect(await puts()).toHaveLength(2);
  });

  it("two users proposing one bug at the same moment: one writes, the other is told", async () => {
    const other = await t.db.user.create({ data: { login: "tester2", email: "tester2@example.com" } });
    const second = { ...user, id: other.id, login: "tester2", email: "tester2@example.com" };
    // In flight: another user's proposal passed the Bugzilla check and is being written.
    await t.db.proposal.create({
      data: {
        ...{ bugId: 101, milestoneId: betaId, blocker: true, fe: false, justification: "x".repeat(10) },
        comment: "",
        outcome: "writing",
        submissionKey: "in-flight-0001",
        userId: other.id,
      },
    });
    await expect(propose()).rejects.toThrow(
      /^Bug 101 was proposed for Fedora 90 Beta a moment ago by someone else/,
    );
    // As a freeze exception it is still free.
    await propose({ blocker: false, fe: true });
    expect(await puts()).toHaveLength(1);
    await t.db.proposal.deleteMany({});
    await clearRequestLog(sandbox.url);

    await patchBugs(sandbox.url, [bzBug(105)]);
    const results = await Promise.allSettled([
      propose({ bugId: 105 }),
      proposeBug({ db: t.db, config, bugzilla: client() }, second, input({ bugId: 105 })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(
      ProposalRefused,
    );
    expect(await puts()).toHaveLength(1);
  });

  it("a write cut short (process died) is finished by submitting the same form again, once stale", async () => {
    const eleven = new Date(Date.now() - 11 * 60_000);
    // Bugzilla took the write, but the row still says "writing" (the process died before recording it).
    const lost = input();
    await proposeBug({ db: t.db, config, bugzilla: client() }, user, lost);
    await t.db.proposal.updateMany({ data: { outcome: "writing", createdAt: new Date() } });
    await clearRequestLog(sandbox.url);
    // Not stale yet: the form shows the proposal being written, and nothing is sent.
    await proposeBug({ db: t.db, config, bugzilla: client() }, user, lost);
    expect(await puts()).toHaveLength(0);
    // Cut short after Bugzilla took it: Bugzilla already shows the tracker, so it is marked written.
    await t.db.proposal.updateMany({ data: { createdAt: eleven } });
    const id = await proposeBug({ db: t.db, config, bugzilla: client() }, user, lost);
    expect(await puts()).toHaveLength(0);
    expect(await t.db.proposal.findUniqueOrThrow({ where: { id } })).toMatchObject({ outcome: "written" });

    // Cut short before Bugzilla got it (101 is not an FE yet): the stale row is claimed and written.
    const other = input({ bugId: 101, blocker: false, fe: true });
    await t.db.proposal.create({
      data: {
        submissionKey: other.submissionKey,
        userId: user.id,
        bugId: 101,
        milestoneId: betaId,
        blocker: false,
        fe: true,
        justification: other.justification,
        outcome: "writing",
        createdAt: eleven,
      },
    });
    const again = await proposeBug({ db: t.db, config, bugzilla: client() }, user, other);
    expect(await puts()).toHaveLength(1);
    expect(await t.db.proposal.findUniqueOrThrow({ where: { id: again } })).toMatchObject({
      outcome: "written",
    });
  });

  it("records a failed write, sends it once, and lets the same form try again", async () => {
    await setFaults(sandbox.url, {
      rules: [{ path: "/bugzilla/rest/bug/101", method: "PUT", fault: "500" }],
    });
    const first = input();
    await expect(proposeBug({ db: t.db, config, bugzilla: client() }, user, first)).rejects.toThrow(
      /Bugzilla refused the proposal, nothing was changed/,
    );
    expect(await t.db.proposal.findFirstOrThrow()).toMatchObject({ outcome: "failed" });
    // The key must not appear in what is stored or shown (BZ-20).
    expect(JSON.stringify(await t.db.proposal.findMany())).not.toContain("test-key");
    // A write is never retried by the client (a lost answer would otherwise add the comment twice).
    expect(await puts()).toHaveLength(1);
    const id = await proposeBug({ db: t.db, config, bugzilla: client() }, user, first);
    expect(await t.db.proposal.findUniqueOrThrow({ where: { id } })).toMatchObject({ outcome: "written" });
  });
});

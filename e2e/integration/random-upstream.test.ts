/**
 * A full four-source sync (Bugzilla, Bodhi, Koji, Pagure) of a seeded random world nobody has seen
 * (e2e/setup/random-upstream-dataset.ts), then the API v1 bug list (who proposed each kind and when,
 * decisions, re-proposals from the bugs' Bugzilla history included), the requests page and the IRC
 * script of every milestone compared with what the generator's own knowledge says they must be; then
 * a round of upstream changes (review decisions, update statuses/requests/bugs/builds, removed
 * updates, Koji re-tagging, new, changed and edited votes, meeting tag) and an incremental sync, compared
 * again; then changes no upstream service dates (removed updates, undated status changes, untagged
 * builds) and a full sync, compared again. 150 bugs per world, so Bodhi and Pagure listings span
 * several pages. The "rough" seeds run the same over a network with latency and random faults, with
 * concurrent requests and small Bugzilla history batches.
 *
 * The ORACLE below is written from product spec §3, §4, §5, §7, the process wording of original app §3
 * (AcceptedPreviousRelease: fixed by updates to the previous stable releases — the Fedora releases
 * below the milestone's that Bodhi lists as current; Accepted0Day: fixed by an update on release day,
 * not in the compose) and the documented rules of the requests view and the IRC script; it does not
 * import app/domain (an oracle reusing the code under test proves nothing). Only the loaders of the
 * routes are called, as a browser or API client would reach them. `/prioritized` is compared too:
 * every open readable bug flagged `fedora_prioritized_bug+`, tracked or not.
 *
 * More seeds / bugs: RANDOM_UPSTREAM_SEEDS=7,8 RANDOM_UPSTREAM_ROUGH_SEEDS=24 RANDOM_UPSTREAM_BUGS=300 npx vitest run e2e/integration/random-upstream.test.ts
 */
import { describe, expect, it } from "vitest";
import type { DiscussionJson, UpdateJson } from "../../app/api/v1";
import { runSync } from "../../app/sync/run-sync.server";
import { BodhiClient } from "../../app/upstream/bodhi.server";
import type { HttpPolicy } from "../../app/upstream/http.server";
import { KojiClient } from "../../app/upstream/koji.server";
import { PagureClient } from "../../app/upstream/pagure.server";
import { loader as apiBugsLoader } from "../../app/routes/api.v1.milestones.$release.$version.bugs/route";
import { loader as ircTextLoader } from "../../app/routes/milestone.$release.$version.irc[.txt]/route";
import { loader as requestsLoader } from "../../app/routes/milestone.$release.$version.requests/route";
import { loader as prioritizedLoader } from "../../app/routes/prioritized/route";
import {
  CANONICAL_VOTE_TRACKERS,
  mutateUndated,
  mutateUpstreamWorld,
  randomUpstreamWorld,
  VERSIONS,
  type GenBug,
  type GenRelease,
  type UpstreamWorld,
  type Version,
} from "../setup/random-upstream-dataset";
import { startWorldWithMilestones } from "../setup/world-milestones";

// Seed 10 has a bug tracked for the first time whose ticket predates the last Pagure listing.
const SEEDS = (process.env.RANDOM_UPSTREAM_SEEDS ?? "1,2,3,4,5,10")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n));
const BUGS = Number(process.env.RANDOM_UPSTREAM_BUGS ?? 150);
// Seeds run over a rough network: every request 20 ms late, 8 % of them failing at random (5xx,
// 429 with Retry-After, reset, truncated body, hang past the timeout), requests concurrent, bug
// histories asked 9 bugs at a time (so many history batches are in flight, and faulted, at once), and
// Bodhi, Koji and Pagure asked while Bugzilla is still read and written (as every sync does).
const ROUGH_SEEDS = (process.env.RANDOM_UPSTREAM_ROUGH_SEEDS ?? "21,22,23,24,25")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n));

/** How the sandbox and the clients behave in a run. */
interface Network {
  policy: HttpPolicy;
  /** Bugs per Bugzilla history request (the client's default when absent). */
  historyBatchSize?: number;
  sandbox: { latencyMs?: number; faultRate?: number; seed?: number; hangMs?: number };
}
const CALM: Network = {
  policy: { timeoutMs: 5000, attempts: 2, retryBaseMs: 20, concurrency: 4 },
  sandbox: {},
};
const rough = (seed: number): Network => ({
  policy: { timeoutMs: 1000, attempts: 8, retryBaseMs: 10, concurrency: 4 },
  historyBatchSize: 9,
  sandbox: { latencyMs: 20, faultRate: 0.08, seed, hangMs: 1500 },
});

// ---------------------------------------------------------------------------------------------------
// ORACLE
// ---------------------------------------------------------------------------------------------------

type State = "proposed" | "accepted" | "rejected" | "conflict";

/** Plain code-unit order (the generator only uses lower-case ASCII names, digits, `.` and `-`). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const isMember = (bug: GenBug, r: GenRelease, v: Version) =>
  bug.blocks.includes(r.trackers[v].blocker) || bug.blocks.includes(r.trackers[v].fe);

/**
 * Re-proposal (process: a rejected bug is removed from the tracker and keeps its Rejected keyword, so a
 * later proposal is a second one): the whiteboard says rejected, and the bug started blocking the
 * tracker again after the Rejected keyword was set, by the generator's own record of its history.
 */
function reProposed(bug: GenBug, kind: "blocker" | "fe", tracker: number): boolean {
  const decision = bug[kind] === "0day" || bug[kind] === "prevrel" ? "accepted" : bug[kind];
  const rejectedAt = bug.history.rejectedSince[kind];
  const proposedAt = bug.history.trackerSince[tracker];
  return decision === "rejected" && !!rejectedAt && !!proposedAt && proposedAt.seq > rejectedAt.seq;
}

/** §3 states from the decisions the generator wrote into the whiteboard; re-proposals are proposed. */
function states(bug: GenBug, r: GenRelease, v: Version) {
  const inBlocker = bug.blocks.includes(r.trackers[v].blocker);
  const inFe = bug.blocks.includes(r.trackers[v].fe);
  const blocker: State | null = !inBlocker
    ? null
    : bug.blocker === "0day" || bug.blocker === "prevrel"
      ? "accepted"
      : reProposed(bug, "blocker", r.trackers[v].blocker)
        ? "proposed"
        : bug.blocker;
  return {
    blocker,
    fe: !inFe ? null : reProposed(bug, "fe", r.trackers[v].fe) ? "proposed" : (bug.fe as State),
    accepted0Day: inBlocker && bug.blocker === "0day",
    acceptedPreviousRelease: inBlocker && bug.blocker === "prevrel",
  };
}

/**
 * Who proposed each kind and when (the last time its tracker was added, or the filing), when and by
 * whom the current decision was made (none while undecided, or for a re-proposal), from the
 * generator's record of the bug's history.
 */
function proposalsOf(bug: GenBug, r: GenRelease, v: Version) {
  const iso = (at: string) => new Date(at).toISOString();
  const of = (kind: "blocker" | "fe") => {
    const tracker = r.trackers[v][kind];
    const since = bug.history.trackerSince[tracker];
    if (!bug.blocks.includes(tracker) || !since) return null;
    const again = reProposed(bug, kind, tracker);
    const decided = !again && bug[kind] !== "proposed" ? bug.history.decisionSince[kind] : null;
    return {
      proposedAt: iso(since.at),
      proposedBy: since.who,
      decidedAt: decided ? iso(decided.at) : null,
      decidedBy: decided?.who ?? null,
      previouslyRejected: again,
    };
  };
  return { blocker: of("blocker"), fe: of("fe") };
}

// The API's shapes (types only: the values below are worked out from the world, not by the app).
type ExpUpdate = UpdateJson;
type ExpBuild = UpdateJson["builds"][number];
type Tally = DiscussionJson["votes"];

/** The previous stable releases of `r`: releases below it that Bodhi lists as current, newest first. */
const previousReleases = (world: UpstreamWorld, r: GenRelease) =>
  [...world.bodhiStates]
    .filter(([n, state]) => n < r.number && state === "current")
    .map(([n]) => n)
    .sort((a, b) => b - a);

/**
 * The bug's updates that count on a milestone of `r` (every status), by alias: those filed for `r`,
 * and for an AcceptedPreviousRelease bug those of the previous stable releases. Builds by NVR.
 */
function updatesOf(world: UpstreamWorld, bugId: number, r: GenRelease, previousRelease = false): ExpUpdate[] {
  const releases = [r.number, ...(previousRelease ? previousReleases(world, r) : [])];
  return world.updates
    .filter((u) => releases.includes(u.release) && u.bugIds.includes(bugId))
    .sort((a, b) => byText(a.alias, b.alias))
    .map((u) => ({
      alias: u.alias,
      release: `F${u.release}`,
      status: u.status,
      request: u.request,
      karma: u.karma,
      stableKarma: u.stableKarma,
      // The random world's updates carry no test_gating_status.
      gating: null,
      builds: [...u.nvrs].sort(byText).map((nvr) => {
        const tags = world.builds.get(nvr)!.tags;
        // Unknown to Koji: we cannot tell.
        return { nvr, inStableTag: tags === null ? null : tags.includes(u.stableTag) };
      }),
    }));
}

/** §4: each user's last vote per tracker counts; voters sorted by name. */
function tally(votes: { voter: string; tracker: string; value: number }[]): Tally {
  const last = new Map<string, { voter: string; tracker: string; value: number }>();
  for (const v of votes) last.set(`${v.voter}\u0000${v.tracker}`, v);
  const out: Tally = {};
  for (const tracker of CANONICAL_VOTE_TRACKERS) {
    const mine = [...last.values()].filter((v) => v.tracker === tracker);
    if (mine.length === 0) continue;
    const names = (value: number) =>
      mine
        .filter((v) => v.value === value)
        .map((v) => v.voter)
        .sort(byText);
    out[tracker] = { plus: names(1), zero: names(0), minus: names(-1) };
  }
  return out;
}

function discussionOf(world: UpstreamWorld, bugId: number) {
  const ticket = world.tickets.find((t) => t.bugId === bugId);
  return ticket
    ? { url: ticket.url, meeting: ticket.meeting, votes: tally(ticket.commentVotes.flat()) }
    : null;
}

/** The listed bugs of one milestone: readable members, by id. */
const listedBugs = (world: UpstreamWorld, r: GenRelease, v: Version) =>
  world.bugs.filter((b) => !b.private && isMember(b, r, v)).sort((a, b) => a.id - b.id);

/** API v1 `…/bugs` items (the fields this test checks). */
function expectedApi(world: UpstreamWorld, r: GenRelease, v: Version) {
  return listedBugs(world, r, v).map((b) => ({
    bugId: b.id,
    summary: b.summary,
    component: b.component,
    status: b.status,
    resolution: b.resolution,
    ...states(b, r, v),
    updates: updatesOf(world, b.id, r, states(b, r, v).acceptedPreviousRelease),
    discussion: discussionOf(world, b.id),
    proposals: proposalsOf(b, r, v),
  }));
}

/**
 * Requests page (§5 + requests-view docs): the accepted blockers/FEs (closed ones too) and their live
 * updates (not obsolete/unpushed/revoked). How each bug's fix ships decides its groups:
 * - into the compose (accepted FE, or accepted blocker that is neither 0-day nor previous-release):
 *   each update of the release in every group whose action it needs — builds known not to be in the
 *   stable tag; pending/testing without a stable request; requested stable but not stable yet;
 *   builds whose tags are unknown;
 * - 0-day (Accepted0Day): updates of the release not stable yet (still to request or push) in the
 *   0-day group, never in the compose groups;
 * - previous release (AcceptedPreviousRelease): updates of the previous stable releases not stable
 *   yet in the "push to the stable release(s)" group, never in the compose groups.
 * Rows by bug id, then release (the milestone's first, then newest), then alias. Accepted open bugs
 * without a live update of the kind they need are listed apart. The 0-day / previous-release groups
 * are shown when an accepted bug of that kind is listed; the unknown-tags group when it has rows.
 */
function expectedRequests(world: UpstreamWorld, r: GenRelease, v: Version) {
  const groups: Record<string, string[]> = {
    tag: [],
    requestStable: [],
    pendingPush: [],
    unknownTags: [],
    zeroDay: [],
    previousRelease: [],
  };
  const withoutUpdates: number[] = [];
  const accepted = listedBugs(world, r, v).filter((b) => {
    const s = states(b, r, v);
    return s.blocker === "accepted" || s.fe === "accepted";
  });
  const notStable = (u: ExpUpdate) =>
    ((u.status === "pending" || u.status === "testing") && u.request !== "stable") ||
    (u.request === "stable" && u.status !== "stable");
  let anyZeroDay = false;
  let anyPrevious = false;
  for (const b of accepted) {
    const s = states(b, r, v);
    const zeroDay = s.blocker === "accepted" && s.accepted0Day;
    const prevRel = s.blocker === "accepted" && s.acceptedPreviousRelease;
    const compose = s.fe === "accepted" || (s.blocker === "accepted" && !zeroDay && !prevRel);
    anyZeroDay ||= zeroDay;
    anyPrevious ||= prevRel;
    const live = updatesOf(world, b.id, r, prevRel).filter(
      (u) => !["obsolete", "unpushed", "revoked"].includes(u.status),
    );
    const own = live.filter((u) => u.release === `F${r.number}`);
    const prev = live
      .filter((u) => u.release !== `F${r.number}`)
      .sort((x, y) => Number(y.release.slice(1)) - Number(x.release.slice(1)) || byText(x.alias, y.alias));
    const needed = ((compose || zeroDay) && own.length > 0) || (prevRel && prev.length > 0);
    if (!needed && b.status !== "CLOSED") withoutUpdates.push(b.id);
    const row = (u: ExpUpdate, builds: ExpBuild[]) =>
      `${b.id} ${u.alias} ${builds.map((x) => x.nvr).join(",")}`;
    for (const u of own) {
      if (compose) {
        const notIn = u.builds.filter((x) => x.inStableTag === false);
        const unknown = u.builds.filter((x) => x.inStableTag === null);
        if (notIn.length) groups.tag!.push(row(u, notIn));
        if ((u.status === "pending" || u.status === "testing") && u.request !== "stable")
          groups.requestStable!.push(row(u, u.builds));
        if (u.request === "stable" && u.status !== "stable") groups.pendingPush!.push(row(u, u.builds));
        if (unknown.length) groups.unknownTags!.push(row(u, unknown));
      }
      if (zeroDay && notStable(u)) groups.zeroDay!.push(row(u, u.builds));
    }
    if (prevRel) for (const u of prev) if (notStable(u)) groups.previousRelease!.push(row(u, u.builds));
  }
  if (groups.unknownTags!.length === 0) delete groups.unknownTags;
  if (!anyZeroDay) delete groups.zeroDay;
  if (!anyPrevious) delete groups.previousRelease;
  return { groups, acceptedCount: accepted.length, withoutUpdates };
}

/**
 * `/prioritized` (§3, §5): every open, readable bug flagged `fedora_prioritized_bug+`, tracked or not,
 * by component then id, with the (active) milestones it is a member of, newest release first, Beta
 * before Final, and its states there.
 */
function expectedPrioritized(world: UpstreamWorld): string[] {
  return [...world.bugs, ...world.untrackedBugs]
    .filter((b) => b.prioritized === "+" && b.status !== "CLOSED" && !b.private)
    .sort((a, b) => byText(a.component, b.component) || a.id - b.id)
    .map((b) => {
      const milestones = [...world.releases]
        .sort((x, y) => y.number - x.number)
        .flatMap((r) =>
          VERSIONS.filter((v) => isMember(b, r, v)).map((v) => {
            const s = states(b, r, v);
            return `Fedora ${r.number} ${v === "beta" ? "Beta" : "Final"}:${s.blocker}/${s.fe}`;
          }),
        );
      return `${b.id} ${milestones.join(" ")}`.trim();
    });
}

/**
 * IRC script (§5, original app §9.2, irc-text docs): the header names the release and counts open
 * bugs, closed ones in brackets; only open bugs get a topic: proposed blockers, proposed FEs (a
 * re-proposal marked "previously rejected"), then conflicts ("needs a decision").
 */
function expectedIrc(world: UpstreamWorld, r: GenRelease, v: Version, bugzillaUrl: string): string {
  const bugs = listedBugs(world, r, v);
  const name = v === "beta" ? "Beta" : "Final";
  const closed = (b: GenBug) => b.status === "CLOSED";
  const withState = (key: "blocker" | "fe", state: State) =>
    bugs.filter((b) => states(b, r, v)[key] === state);
  const conflicts = bugs.filter(
    (b) => states(b, r, v).blocker === "conflict" || states(b, r, v).fe === "conflict",
  );
  const count = (list: GenBug[], what: string) => {
    const c = list.filter(closed).length;
    return `#info ${list.length - c} ${what}${c > 0 ? ` (+${c} closed)` : ""}`;
  };
  const lines = [
    `#info for Fedora ${r.number} ${name}, we have:`,
    count(withState("blocker", "proposed"), "Proposed Blockers"),
    count(withState("blocker", "accepted"), "Accepted Blockers"),
    count(withState("fe", "proposed"), "Proposed Freeze Exceptions"),
    count(withState("fe", "accepted"), "Accepted Freeze Exceptions"),
  ];
  if (conflicts.length > 0) lines.push(count(conflicts, "Conflicts"));
  if ([...withState("blocker", "proposed"), ...withState("fe", "proposed"), ...conflicts].some(closed))
    lines.push("#info Closed bugs are counted apart and get no topic.");
  const block = (b: GenBug, info: string) => {
    const d = discussionOf(world, b.id);
    lines.push(
      "",
      `#topic (${b.id}) ${b.summary.replace(/\s+/g, " ").trim()}`,
      `#link ${bugzillaUrl}/show_bug.cgi?id=${b.id}`,
    );
    if (d) lines.push(`#link ${d.url}`);
    lines.push(`#info ${info}, ${b.component}, ${b.resolution ? `${b.status} ${b.resolution}` : b.status}`);
    for (const [tracker, t] of Object.entries(d?.votes ?? {})) {
      const voters = [
        ...t.plus.map((n) => `+${n}`),
        ...t.zero.map((n) => `0${n}`),
        ...t.minus.map((n) => `-${n}`),
      ];
      lines.push(
        `#info Ticket vote: ${tracker} (+${t.plus.length},${t.zero.length},-${t.minus.length}) (${voters.join(", ")})`,
      );
    }
  };
  for (const [key, title, type] of [
    ["blocker", `Proposed ${name} blockers`, "Proposed Blocker"],
    ["fe", `Proposed ${name} freeze exceptions`, "Proposed Freeze Exception"],
  ] as const) {
    const proposed = withState(key, "proposed").filter((b) => !closed(b));
    if (proposed.length === 0) continue;
    lines.push("", `#topic ${title}`);
    for (const b of proposed)
      block(b, `${type}${reProposed(b, key, r.trackers[v][key]) ? " (previously rejected)" : ""}`);
  }
  const open = conflicts.filter((b) => !closed(b));
  if (open.length > 0) {
    lines.push("", `#topic ${name} conflicts: these need a decision`);
    for (const b of open) {
      const kinds = [
        ...(states(b, r, v).blocker === "conflict" ? ["Blocker"] : []),
        ...(states(b, r, v).fe === "conflict" ? ["Freeze Exception"] : []),
      ];
      block(b, `Conflict: ${kinds.join(" and ")} accepted and rejected, needs a decision`);
    }
  }
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------

describe("full sync of a random four-source world: API, requests page and IRC script", () => {
  it.each([
    ...SEEDS.map((seed) => [seed, "", CALM] as const),
    ...ROUGH_SEEDS.map((seed) => [seed, " (concurrent, faults and latency)", rough(seed)] as const),
  ])(
    "seed %i%s",
    async (seed, _, network) => {
      const POLICY = network.policy;
      const world = randomUpstreamWorld(seed, { bugs: BUGS });
      const { t, sandbox, config, bugzilla, close } = await startWorldWithMilestones(world, {
        sandbox: network.sandbox,
        bugzilla: { policy: POLICY, historyBatchSize: network.historyBatchSize },
      });
      try {
        const sync = async (full: boolean) => {
          const summary = await runSync(t.db, t.url, config, {
            full,
            bugzilla,
            bodhi: new BodhiClient({ baseUrl: config.BODHI_URL, policy: POLICY }),
            koji: new KojiClient({ url: config.KOJI_URL, policy: POLICY }),
            pagure: new PagureClient({
              baseUrl: config.PAGURE_URL,
              repo: config.PAGURE_REPO,
              policy: POLICY,
            }),
          });
          expect(
            summary.runs.map((r) => `${r.source}:${r.outcome}`),
            JSON.stringify(summary.runs.map((r) => r.error)),
          ).toEqual(["bugzilla:success", "bodhi:success", "koji:success", "pagure:success"]);
          // The incremental round really is incremental for Bodhi and Koji (the daily full pass is not due).
          const kinds = await t.db.syncRun.findMany({
            where: { id: { in: summary.runs.map((r) => r.runId) }, source: { in: ["bodhi", "koji"] } },
            select: { kind: true },
          });
          expect(kinds.map((k) => k.kind)).toEqual(full ? ["full", "full"] : ["incremental", "incremental"]);
        };

        /** Compares every milestone's API list, requests page and IRC script with the oracle. */
        const check = async (phase: string) => {
          const coverage = {
            proposers: 0,
            decisions: 0,
            reProposals: 0,
            updates: 0,
            otherReleaseUpdates: 0,
            deadUpdatesOfAccepted: 0,
            votes: 0,
            meetings: 0,
            tagRows: 0,
            requestRows: 0,
            pushRows: 0,
            unknownRows: 0,
            ircBlocks: 0,
            previousReleaseUpdates: 0,
            previousReleaseRows: 0,
            zeroDayRows: 0,
            untrackedPrioritized: 0,
          };
          for (const r of world.releases) {
            for (const v of VERSIONS) {
              const label = `seed ${seed} ${phase} ${r.number}/${v}`;
              const args = (path: string) =>
                ({
                  params: { release: String(r.number), version: v },
                  request: new Request(`http://x${path}`),
                  context: { db: t.db, config },
                }) as never;

              // API v1
              const res = await apiBugsLoader(args(`/api/v1/milestones/${r.number}/${v}/bugs`));
              expect(res.status, label).toBe(200);
              const body = (await res.json()) as { bugs: Record<string, unknown>[] };
              const want = expectedApi(world, r, v);
              const got = body.bugs.map((b) => {
                const picked: Record<string, unknown> = {};
                for (const key of Object.keys(want[0] ?? { bugId: 0 })) picked[key] = b[key];
                return picked;
              });
              expect(
                got.map((b) => b.bugId),
                `${label}: listed bugs`,
              ).toEqual(want.map((b) => b.bugId));
              for (const [i, w] of want.entries()) expect(got[i], `${label}: bug ${w.bugId}`).toEqual(w);
              coverage.updates += want.reduce((n, b) => n + b.updates.length, 0);
              coverage.proposers += want.filter((b) => b.proposals.blocker?.proposedBy).length;
              coverage.decisions += want.filter((b) => b.proposals.fe?.decidedAt).length;
              coverage.reProposals += want.filter(
                (b) => b.proposals.blocker?.previouslyRejected || b.proposals.fe?.previouslyRejected,
              ).length;
              coverage.votes += want.filter((b) => Object.keys(b.discussion?.votes ?? {}).length > 0).length;
              coverage.meetings += want.filter((b) => b.discussion?.meeting).length;
              coverage.otherReleaseUpdates += world.updates.filter(
                (u) => u.release !== r.number && want.some((b) => u.bugIds.includes(b.bugId)),
              ).length;
              coverage.previousReleaseUpdates += want
                .flatMap((b) => b.updates)
                .filter((u) => u.release !== `F${r.number}`).length;
              coverage.deadUpdatesOfAccepted += want
                .filter((b) => b.blocker === "accepted" || b.fe === "accepted")
                .flatMap((b) => b.updates)
                .filter((u) => u.status === "obsolete" || u.status === "unpushed").length;

              // Requests page
              const page = (await requestsLoader(args(`/milestone/${r.number}/${v}/requests`))) as {
                requests: {
                  groups: {
                    key: string;
                    rows: { bug: { bugId: number }; update: { alias: string }; builds: { nvr: string }[] }[];
                  }[];
                  acceptedCount: number;
                  withoutUpdates: { bugId: number }[];
                };
              };
              const wantRequests = expectedRequests(world, r, v);
              expect(
                Object.fromEntries(
                  page.requests.groups.map((g) => [
                    g.key,
                    g.rows.map(
                      (row) =>
                        `${row.bug.bugId} ${row.update.alias} ${row.builds.map((b) => b.nvr).join(",")}`,
                    ),
                  ]),
                ),
                `${label}: requests groups`,
              ).toEqual(wantRequests.groups);
              expect(page.requests.acceptedCount, `${label}: accepted count`).toBe(
                wantRequests.acceptedCount,
              );
              expect(
                page.requests.withoutUpdates.map((b) => b.bugId),
                `${label}: accepted without updates`,
              ).toEqual(wantRequests.withoutUpdates);
              coverage.tagRows += wantRequests.groups.tag!.length;
              coverage.requestRows += wantRequests.groups.requestStable!.length;
              coverage.pushRows += wantRequests.groups.pendingPush!.length;
              coverage.unknownRows += wantRequests.groups.unknownTags?.length ?? 0;
              coverage.previousReleaseRows += wantRequests.groups.previousRelease?.length ?? 0;
              coverage.zeroDayRows += wantRequests.groups.zeroDay?.length ?? 0;

              // IRC script
              const irc = await ircTextLoader(args(`/milestone/${r.number}/${v}/irc.txt`));
              const text = await irc.text();
              const wantIrc = expectedIrc(world, r, v, config.BUGZILLA_URL.replace(/\/+$/, ""));
              expect(text.split("\n"), `${label}: IRC script`).toEqual(wantIrc.split("\n"));
              coverage.ircBlocks += (text.match(/^#topic \(/gm) ?? []).length;
            }
          }
          // Prioritized bugs, tracked or not
          const prioritized = (await prioritizedLoader({
            params: {},
            request: new Request("http://x/prioritized"),
            context: { db: t.db, config },
          } as never)) as {
            rows: {
              bugId: number;
              milestones: { name: string; blocker: string | null; fe: string | null }[];
            }[];
          };
          const wantPrioritized = expectedPrioritized(world);
          expect(
            prioritized.rows.map((row) =>
              `${row.bugId} ${row.milestones.map((m) => `${m.name}:${m.blocker}/${m.fe}`).join(" ")}`.trim(),
            ),
            `seed ${seed} ${phase}: /prioritized`,
          ).toEqual(wantPrioritized);
          coverage.untrackedPrioritized += wantPrioritized.filter((row) => !row.includes(" ")).length;
          return coverage;
        };

        await sync(true);
        const coverage = await check("full sync");
        // The world really exercised every part (guards against a generator drifting into triviality).
        for (const [what, n] of Object.entries(coverage))
          expect(n, `seed ${seed}: ${what}`).toBeGreaterThan(0);
        const apply = async (patch: unknown) => {
          const res = await fetch(`${sandbox.url}/_sandbox/dataset`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ patch }),
          });
          expect(res.status, await res.text()).toBe(200);
        };
        // A round of upstream changes, then an incremental sync: the views follow the new data.
        await apply(mutateUpstreamWorld(world));
        await sync(false);
        await check("after changes + incremental sync");
        // Changes no service dates (removed updates, undated status changes, untagged builds): the
        // daily full pass brings them in.
        await apply(mutateUndated(world));
        await sync(true);
        await check("after undated changes + full sync");
        if (network.sandbox.faultRate) {
          // The rough network really was rough: faults were injected while syncing.
          const seen = (await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()) as {
            log: { fault: string | null }[];
          };
          expect(seen.log.filter((e) => e.fault !== null).length).toBeGreaterThan(0);
        }
      } finally {
        await close();
      }
    },
    180_000,
  );
});

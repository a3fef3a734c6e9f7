/**
 * The benchmarks' upstream world, in the sandbox's dataset shape (e2e/sandbox/dataset.ts): Fedora 90
 * and 91, Beta and Final, `bugs / 4` bugs on each milestone, in the states of a release in its freeze —
 * proposed, accepted and rejected blockers and freeze exceptions, open and some closed, ten components,
 * a few open dependencies, each bug's Bugzilla history (proposed, assigned, decided); one Bodhi update (one build, tagged in Koji as its status says) per two
 * bugs; one Pagure discussion ticket with two votes per bug. The same `bugs` always gives the same world.
 * Used by `npm run bench` (sync) and `npm run bench:http` (pages).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { bodhiRelease, bzBug, milestoneTrackers } from "../setup/datasets";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** The world's milestones: release, version and tracker ids. */
export const BENCH_MILESTONES = [
  { release: 90, version: "beta", blocker: 9_000_001, fe: 9_000_002 },
  { release: 90, version: "final", blocker: 9_000_003, fe: 9_000_004 },
  { release: 91, version: "beta", blocker: 9_001_001, fe: 9_001_002 },
  { release: 91, version: "final", blocker: 9_001_003, fe: 9_001_004 },
] as const;

/** The components bugs cycle through: a component filter on one milestone keeps a tenth of its bugs. */
export const BENCH_COMPONENTS = [
  "anaconda",
  "dnf5",
  "gnome-shell",
  "kernel",
  "mesa",
  "systemd",
  "selinux-policy",
  "plasma-workspace",
  "NetworkManager",
  "grub2",
] as const;

const WHITEBOARDS = ["", "AcceptedBlocker", "RejectedBlocker", "AcceptedFreezeException", "Accepted0Day"];
const STATUSES = ["NEW", "ASSIGNED", "POST", "MODIFIED", "ON_QA", "VERIFIED", "NEW", "ASSIGNED", "CLOSED"];
const PROBLEMS = [
  "crashes on start after the upgrade",
  "installer cannot find disks on NVMe RAID",
  "login screen stays black with two monitors",
  "SELinux denial when the service starts",
  "network is not configured after reboot",
];
// Bodhi update states of a release in its freeze: most pushed stable, some in testing, a few pending.
const UPDATE_STATES: [string, string | null][] = [
  ...Array<[string, string | null]>(12).fill(["stable", null]),
  ...Array<[string, string | null]>(4).fill(["testing", null]),
  ...Array<[string, string | null]>(2).fill(["testing", "stable"]),
  ["pending", "testing"],
  ["obsolete", null],
];

/** The sandbox dataset of a world of `bugs` bugs (see the module comment). */
export function benchWorld(bugs: number) {
  const perMilestone = Math.ceil(bugs / BENCH_MILESTONES.length);
  const milestoneOf = (i: number) =>
    BENCH_MILESTONES[Math.min(BENCH_MILESTONES.length - 1, Math.floor(i / perMilestone))]!;
  const list = Array.from({ length: bugs }, (_, i) => {
    const m = milestoneOf(i);
    const status = STATUSES[i % STATUSES.length]!;
    const component = BENCH_COMPONENTS[i % BENCH_COMPONENTS.length]!;
    return bzBug(8_000_000 + i, {
      summary: `${component}: ${PROBLEMS[i % PROBLEMS.length]} (Fedora ${m.release} case ${i})`,
      component: [component],
      version: [String(m.release)],
      status,
      resolution: status === "CLOSED" ? "ERRATA" : "",
      is_open: status !== "CLOSED",
      blocks: i % 3 === 0 ? [m.blocker, m.fe] : [m.blocker],
      whiteboard: WHITEBOARDS[i % WHITEBOARDS.length],
      depends_on: i % 10 === 0 ? [8_000_000 + ((i + 1) % bugs)] : [],
      last_change_time: new Date(Date.UTC(2026, 10, 1) + i * 600_000).toISOString().replace(/\.\d+Z$/, "Z"),
    });
  });
  // Each bug's Bugzilla history as a release's bugs have it: proposed (added to its trackers) a day
  // after it was filed, a CC and a status change, and its review decision when its whiteboard has one.
  const at = (i: number, hours: number) =>
    new Date(Date.UTC(2026, 9, 1) + i * 300_000 + hours * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
  const history = Object.fromEntries(
    list.map((bug, i) => {
      const entries = [
        {
          when: at(i, 24),
          who: `tester${i % 7}@fedoraproject.org`,
          changes: [{ field_name: "blocks", removed: "", added: bug.blocks.join(", ") }],
        },
        {
          when: at(i, 30),
          who: `packager${i % 5}@fedoraproject.org`,
          changes: [
            { field_name: "cc", removed: "", added: `packager${i % 5}@fedoraproject.org` },
            {
              field_name: "bug_status",
              removed: "NEW",
              added: bug.status === "NEW" ? "ASSIGNED" : bug.status,
            },
          ],
        },
      ];
      if (bug.whiteboard)
        entries.push({
          when: at(i, 72),
          who: "blocker-review@fedoraproject.org",
          changes: [{ field_name: "status_whiteboard", removed: "", added: String(bug.whiteboard) }],
        });
      return [String(bug.id), entries];
    }),
  );
  const trackers = BENCH_MILESTONES.flatMap((m) => milestoneTrackers(m.release, m.version, m, list));
  const releases = [90, 91].map((r) => bodhiRelease(r));
  const updates = Array.from({ length: Math.ceil(bugs / 2) }, (_, i) => {
    const m = milestoneOf(2 * i);
    const [status, request] = UPDATE_STATES[i % UPDATE_STATES.length]!;
    const alias = `FEDORA-2026-${i.toString(16).padStart(10, "0")}`;
    return {
      alias,
      // Bodhi always sends the update's page (upstream-apis/bodhi.md: `url`).
      url: `https://bodhi.fedoraproject.org/updates/${alias}`,
      title: `pkg${i}-1.0-1.fc${m.release}`,
      status,
      request,
      karma: i % 3,
      stable_karma: 3,
      date_submitted: "2026-11-10 10:00:00",
      date_modified: null,
      date_testing: status === "pending" ? null : "2026-11-11 10:00:00",
      date_stable: status === "stable" ? "2026-11-12 10:00:00" : null,
      release: releases.find((r) => r.name === `F${m.release}`)!,
      bugs: list.slice(2 * i, 2 * i + 2).map((b) => ({ bug_id: b.id, title: null })),
      builds: [{ nvr: `pkg${i}-1.0-1.fc${m.release}` }],
      user: { name: "packager1" },
    };
  });
  const builds = Object.fromEntries(
    updates.map((u) => {
      const r = u.release.name.slice(1);
      const tags =
        u.status === "stable"
          ? [`f${r}`]
          : u.status === "testing"
            ? [`f${r}-updates-testing`]
            : [`f${r}-updates-candidate`];
      return [u.builds[0]!.nvr, { state: 1, tags }];
    }),
  );
  const vote = (id: number, user: string, text: string) => ({
    id,
    comment: text,
    date_created: String(1_794_000_000 + id),
    edited_on: null,
    notification: false,
    user: { name: user },
  });
  const issues = list.map((b, i) => ({
    id: i + 1,
    title: `${b.id}: ${String(b.summary)}`,
    content: "Vote here.",
    status: "Open",
    private: false,
    tags: i % 10 === 0 ? ["meeting"] : [],
    date_created: "1794000000",
    last_updated: "1794000100",
    user: { name: "blockerbot" },
    comments: [vote(2 * i + 1, "tester1", "BetaBlocker +1"), vote(2 * i + 2, "tester2", "-1 betablocker")],
  }));
  return {
    about: { seed: 0, releases: [90, 91], now: "2026-11-01T00:00:00Z" },
    bugzilla: { bugs: [...trackers, ...list], comments: {}, history, private: [] },
    bodhi: { releases, updates },
    koji: { builds },
    pagure: { repo: "fedora-qa/blocker-review", issues },
  };
}

/** Starts the sandbox serving `dataFile` in its own process; resolves with its base URL once it listens. */
export async function startSandboxProcess(dataFile: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "e2e/sandbox/main.ts"), "--data", dataFile],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
    lines.on("line", (line) => {
      const m = /control=(http:\/\/[^ ]+)\/_sandbox/.exec(line);
      if (m) resolve(m[1]!);
    });
  });
  return { url, child };
}

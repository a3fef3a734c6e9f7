import type { MetaFunction } from "@remix-run/node";
import { useHref } from "@remix-run/react";
import type { ReactNode } from "react";
import { pageTitle } from "~/components/format";
import { PageTitle } from "~/components/ui/text";

export const meta: MetaFunction = () => [{ title: pageTitle("JSON API") }];

/** One endpoint's documentation. */
function Endpoint({ path, example, children }: { path: string; example?: string; children: ReactNode }) {
  const exampleHref = useHref(example ?? "/");
  return (
    <section className="mt-6 rounded-md border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="break-words font-mono text-sm font-semibold [overflow-wrap:anywhere]">
        <span className="mr-2 rounded bg-emerald-100 px-1.5 py-0.5 text-emerald-800">GET</span>
        {path}
      </h2>
      <div className="mt-2 space-y-2 text-sm text-slate-700">{children}</div>
      {example ? (
        <p className="mt-2 text-sm">
          Example:{" "}
          <a href={exampleHref} className="font-mono text-sky-800 hover:underline">
            {example}
          </a>
        </p>
      ) : null}
    </section>
  );
}

const pre = "overflow-x-auto rounded bg-slate-900 px-3 py-2 font-mono text-xs leading-5 text-slate-50";

export default function ApiDocs() {
  return (
    <div className="max-w-4xl">
      <PageTitle>JSON API, version 1</PageTitle>
      <p className="mt-2 text-sm text-slate-600">
        Read-only JSON for scripts and dashboards. The field names and types below are a stable contract.
        Times are ISO 8601 in UTC. Errors answer with status 400 or 404 and a body{" "}
        <code className="font-mono">{`{ "error": "message" }`}</code>. Every endpoint answers only{" "}
        <code className="font-mono">GET</code> (and <code className="font-mono">HEAD</code>): other methods
        get status 405 with an <code className="font-mono">Allow: GET</code> header and{" "}
        <code className="font-mono">{`{ "error": "Method not allowed: use GET" }`}</code>.
      </p>

      <Endpoint path="/api/v1/milestones" example="/api/v1/milestones">
        <p>Every milestone, newest release first.</p>
        <pre className={pre}>{`[{ "release": 41, "version": "beta", "name": "Fedora 41 Beta",
   "blockerTracker": 2245577, "feTracker": 2245578,
   "active": true, "current": true, "lastSync": "2024-09-12T08:15:42.000Z" | null }]`}</pre>
      </Endpoint>

      <Endpoint path="/api/v1/milestones/:release/:version/bugs">
        <p>A milestone and its active bugs, by bug id.</p>
        <pre className={pre}>{`{ "milestone": { …as above },
  "bugs": [{ "bugId": 2410101, "summary": "…", "component": "anaconda",
             "status": "MODIFIED", "resolution": "",
             "assignee": "maintainer@example.com" | null,
             "blocker": "proposed" | "accepted" | "rejected" | "conflict" | null,
             "fe": same as blocker,
             "accepted0Day": false, "acceptedPreviousRelease": false,
             "needinfo": ["requestee@example.com"], "dependsOn": [2410936],
             "lastChange": "2026-11-20T12:00:00.000Z",
             "inaccessible": null | "private" | "missing",
             "updates": [{ "alias": "FEDORA-2026-0a9e2ede81", "release": "F46", "status": "testing",
                          "request": "stable" | null, "karma": 2, "stableKarma": 3,
                          "gating": "passed" | null,
                          "builds": [{ "nvr": "openssh-46.2-3.fc46",
                                       "inStableTag": true | false | null }] }],
             "discussion": null | {
               "url": "https://pagure.io/fedora-qa/blocker-review/issue/2401",
               "meeting": false,
               "votes": { "BetaBlocker": { "plus": ["alice", "bob"], "zero": [],
                                           "minus": ["dave"] } } },
             "proposals": {
               "blocker": null | { "proposedAt": "2026-11-08T09:12:00.000Z" | null,
                                   "proposedBy": "adamw@redhat.com" | null,
                                   "decidedAt": "2026-11-12T16:40:00.000Z" | null,
                                   "decidedBy": "kparal@redhat.com" | null,
                                   "previouslyRejected": false },
               "fe": same as blocker } }] }`}</pre>
        <p>
          <code className="font-mono">inaccessible</code> is <code className="font-mono">null</code> for
          normal bugs. <code className="font-mono">&quot;private&quot;</code> or{" "}
          <code className="font-mono">&quot;missing&quot;</code> means Bugzilla no longer shows the bug to us
          (it was made private, or deleted): its fields are the last data we read. Bugs we never could read
          are left out, since we know nothing about them but their id.{" "}
          <code className="font-mono">assignee</code> is the Bugzilla login of the bug&apos;s assignee,{" "}
          <code className="font-mono">null</code> until the bug is next read from Bugzilla (bugs synced before
          this field existed get it at the next full sync).
        </p>
        <p>
          <code className="font-mono">updates</code> are the Bodhi updates of the milestone&apos;s release
          that list the bug, by alias, whatever their status (obsolete ones included). For a bug accepted as{" "}
          <code className="font-mono">AcceptedPreviousRelease</code> (
          <code className="font-mono">acceptedPreviousRelease: true</code>), whose fix goes to the previous
          stable releases, they also include the updates of those releases: the Fedora releases below the
          milestone&apos;s that Bodhi lists as current (for a 46 milestone, F45, and F44 while it is still
          current). <code className="font-mono">release</code> is the update&apos;s Bodhi release (
          <code className="font-mono">&quot;F45&quot;</code>). <code className="font-mono">inStableTag</code>{" "}
          says whether Koji lists the release&apos;s stable tag (as Bodhi names it, e.g.{" "}
          <code className="font-mono">f46</code>) on the build; <code className="font-mono">null</code> when
          its tags have not been read from Koji. <code className="font-mono">gating</code> is Bodhi&apos;s{" "}
          <code className="font-mono">test_gating_status</code> of the update (
          <code className="font-mono">passed</code>, <code className="font-mono">failed</code>,{" "}
          <code className="font-mono">waiting</code>, …), <code className="font-mono">null</code> when Bodhi
          gave none. <code className="font-mono">discussion</code> is the bug&apos;s ticket in the
          blocker-review repo (<code className="font-mono">null</code> when it has none);{" "}
          <code className="font-mono">votes</code> holds each voted tracker&apos;s current votes (a
          user&apos;s last vote counts), names sorted; <code className="font-mono">meeting</code> means the
          ticket is tagged for live discussion.
        </p>
        <p>
          <code className="font-mono">proposals</code> says, per kind (
          <code className="font-mono">blocker</code> and <code className="font-mono">fe</code>), when and by
          whom the bug was proposed and when its decision was made, from the bug&apos;s history in Bugzilla:{" "}
          <code className="font-mono">proposedAt</code> / <code className="font-mono">proposedBy</code> is the
          last time the tracker was added to the bug&apos;s Blocks field and the Bugzilla login that did it
          (for a bug filed already blocking it, its filing and its reporter);{" "}
          <code className="font-mono">decidedAt</code> / <code className="font-mono">decidedBy</code> is when
          the current Accepted or Rejected keyword (both, for a conflict) was set in the whiteboard,{" "}
          <code className="font-mono">null</code> while undecided. A kind is{" "}
          <code className="font-mono">null</code> when the bug is not proposed as it; its fields are{" "}
          <code className="font-mono">null</code> while the history has not been read (it is read at the next
          sync). <code className="font-mono">previouslyRejected</code> marks a re-proposal: the bug keeps its
          Rejected keyword but was added to the tracker again after it was set, so it is listed as{" "}
          <code className="font-mono">&quot;proposed&quot;</code> again.
        </p>
      </Endpoint>

      <Endpoint path="/api/v1/bugs/:id">
        <p>
          One bug with its state in every milestone it is or was tracked for, its updates (of every release),
          its discussion ticket, and its history (newest first).
        </p>
        <pre className={pre}>{`{ "bugId": 2410101, "alias": [], "summary": "…", "component": "anaconda",
  "status": "MODIFIED", "resolution": "", "whiteboard": "AcceptedBlocker",
  "assignee": "maintainer@example.com" | null,
  "keywords": [], "needinfo": [], "prioritized": false,
  "dependsOn": [], "blocks": [2390101], "lastChange": "…", "inaccessible": null,
  "updates": [{ …as above }], "discussion": null | { …as above },
  "milestones": [{ "milestone": { "release": 46, "version": "beta" },
                   "blocker": "accepted", "fe": null, "accepted0Day": false,
                   "acceptedPreviousRelease": false, "active": true,
                   "proposals": { "blocker": { …as above }, "fe": null } }],
  "history": [{ "milestone": { "release": 46, "version": "beta" },
                "field": "blocker", "old": "proposed", "new": "accepted",
                "at": "2026-11-18T09:30:00.000Z", "atFromBugzilla": true }] }`}</pre>
        <p>
          A history event&apos;s <code className="font-mono">at</code> is Bugzilla&apos;s time of the change
          when <code className="font-mono">atFromBugzilla</code> is true (from the bug&apos;s history in
          Bugzilla), else the time the sync noticed it.
        </p>
        <p>
          <code className="font-mono">prioritized</code> is true for an open bug flagged{" "}
          <code className="font-mono">fedora_prioritized_bug+</code>; such a bug is known here even when it
          blocks no tracker (its <code className="font-mono">milestones</code> are then empty).
        </p>
      </Endpoint>

      <Endpoint path="/api/v1/sync" example="/api/v1/sync">
        <p>
          The last sync run of each source, and the answering node&apos;s role and next scheduled syncs (only
          a primary node schedules syncs; <code className="font-mono">nextScheduledRun</code> is{" "}
          <code className="font-mono">null</code> elsewhere).
        </p>
        <pre className={pre}>{`{ "node": { "role": "primary", "schedules": true, "note": "…" },
  "nextScheduledRun": { "incremental": "2026-11-20T12:30:00.000Z", "full": "…" } | null,
  "intervalSeconds": 1800 | null,
  "sources": [{ "source": "bugzilla",
                "lastRun": { "id": 7, "kind": "incremental", "outcome": "success",
                             "startedAt": "…", "finishedAt": "…" | null, "durationSeconds": 4.2 | null,
                             "counts": { "milestones": 2, "bugsFetched": 40, "requests": 6 },
                             "error": null } | null }] }`}</pre>
      </Endpoint>
    </div>
  );
}

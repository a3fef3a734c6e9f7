import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Badge } from "~/components/ui/badge";
import { InaccessibleBadge } from "~/components/badge";
import { PreviouslyRejectedBadge } from "~/components/proposal";
import { bugzillaHost, pageTitle, sourceCheckoutCommand } from "~/components/format";
import { PageTitle } from "~/components/ui/text";

export const meta: MetaFunction = () => [{ title: pageTitle("About") }];

/** The Bugzilla the data comes from (configured `BUGZILLA_URL`). */
export function loader({ context }: LoaderFunctionArgs) {
  const url = context.config.BUGZILLA_URL;
  return { bugzilla: { url, host: bugzillaHost(url) } };
}

/** Inline code. */
function C({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 font-mono text-[0.85em]">{children}</code>;
}

export default function About() {
  const { bugzilla } = useLoaderData<typeof loader>();
  return (
    <article className="max-w-3xl space-y-6 text-sm leading-6 text-slate-700">
      <header>
        <PageTitle className="text-slate-900">About Fedora Blocker Bugs</PageTitle>
        <p className="mt-2">
          Blockerbugs gives Fedora QA, release engineering and developers one scannable view of the bugs that
          may block a Fedora release (<em>blockers</em>) or that may be fixed during a freeze (
          <em>freeze exceptions</em>, FE). The Bugzilla queries behind it are complicated and the rules are
          not obvious; this page shows the result, milestone by milestone, and is used during blocker review
          meetings.
        </p>
      </header>

      <section aria-labelledby="terms">
        <h2 id="terms" className="text-lg font-semibold text-slate-900">
          Milestones and trackers
        </h2>
        <p className="mt-1">
          Each release under development (say Fedora 41) has milestones, <em>Beta</em> and <em>Final</em>.
          Every milestone has two tracker bugs in Bugzilla: a blocker tracker (alias like{" "}
          <C>F41BetaBlocker</C>) and a freeze-exception tracker (<C>F41BetaFreezeException</C>). The{" "}
          <Link to="/current" className="text-sky-800 underline">
            current
          </Link>{" "}
          milestone is the one under review right now.
        </p>
      </section>

      <section aria-labelledby="states">
        <h2 id="states" className="text-lg font-semibold text-slate-900">
          How a bug&apos;s state is decided
        </h2>
        <ul className="mt-1 list-disc space-y-1.5 pl-6">
          <li>
            <Badge tone="amber">Proposed</Badge> — the bug&apos;s <em>Blocks</em> field contains the
            milestone&apos;s blocker tracker (proposed blocker) or FE tracker (proposed FE).
          </li>
          <li>
            Reviewers record decisions as keywords in the bug&apos;s status whiteboard. The whiteboard is
            split on spaces, commas, semicolons, brackets and pipes, and whole words are compared ignoring
            case (<C>AcceptedBlockerX</C> is not <C>AcceptedBlocker</C>).
          </li>
          <li>
            <Badge tone="green">Accepted</Badge> — <C>AcceptedBlocker</C> (or <C>AcceptedFreezeException</C>{" "}
            for FEs). <C>Accepted0Day</C> and <C>AcceptedPreviousRelease</C> also make a blocker accepted,
            shown with the <Badge tone="violet">0-day</Badge> and <Badge tone="blue">previous release</Badge>{" "}
            badges: the fix must arrive as an update on release day, or as updates to previous releases.
          </li>
          <li>
            <Badge tone="gray">Rejected</Badge> — <C>RejectedBlocker</C> (or <C>RejectedFreezeException</C>).
            The process then removes the bug from the tracker and keeps the keyword, so a bug that blocks the
            tracker <em>again</em> after its rejection (Bugzilla&apos;s history shows it added back after the
            keyword was set) is proposed again: it is listed as proposed with the <PreviouslyRejectedBadge />{" "}
            badge and goes to the meeting. Without that evidence a bug with the keyword stays rejected.
          </li>
          <li>
            <Badge tone="red">Conflict</Badge> — both an accepted and a rejected keyword for the same tracker;
            a human has to fix the whiteboard.
          </li>
          <li>
            A bug blocking both trackers has a blocker state and an FE state and appears in both lists.{" "}
            <strong>Closed</strong> bugs keep their state; they are shown muted, listed last, and counted
            apart (&ldquo;5 (+2 closed)&rdquo;).
          </li>
          <li>
            A bug that no longer blocks either tracker of a milestone is removed from its lists (its history
            is kept). This is only decided from a complete, successful sync.
          </li>
          <li>
            <strong>Proposed … ago by …</strong> comes from the bug&apos;s history in Bugzilla: when, and by
            whom, the tracker was last added to its <em>Blocks</em> field (a bug filed already blocking it was
            proposed by its reporter when it was filed), and when the current decision keyword was set. A
            bug&apos;s history on its page shows Bugzilla&apos;s time of each change; a time marked{" "}
            <span className="text-slate-500">(sync)</span> is when Blockerbugs noticed a change its Bugzilla
            history did not date.
          </li>
        </ul>
      </section>

      <section aria-labelledby="updates">
        <h2 id="updates" className="text-lg font-semibold text-slate-900">
          Updates, votes and meetings
        </h2>
        <ul className="mt-1 list-disc space-y-1.5 pl-6">
          <li>
            <strong>Updates</strong>: the Bodhi updates of the milestone&apos;s release that list the bug,
            each with its marker, request (<span className="text-violet-800">→ stable</span>) and karma
            against the stable threshold (<C>2/3</C>). The marker is gray while the update is on its way (
            <Badge tone="gray">pending</Badge>, <Badge tone="gray">testing</Badge>: the normal state before a
            stable push), green once it is in (<Badge tone="green">stable</Badge>, or{" "}
            <Badge tone="green">in stable tag</Badge> when Koji lists the release&apos;s stable tag on all its
            builds) and red only for a real problem: an update obsolete, unpushed or revoked or being
            withdrawn, or <Badge tone="red">gating failed</Badge> (its gating tests failed). Point at an
            update for its builds and whether they are in the stable tag; the bug&apos;s page and the requests
            page mark each build: <span className="font-semibold text-emerald-700">✓</span> in the stable tag,{" "}
            <span className="font-semibold text-slate-600">✗</span> not yet,{" "}
            <span className="font-semibold text-slate-500">?</span> not known yet. Obsolete, unpushed and
            revoked updates will never be pushed (a newer update took over their bugs), so the bug list only
            counts them (&ldquo;+1 obsolete&rdquo;); the bug&apos;s page lists them muted. A bug accepted as{" "}
            <C>AcceptedPreviousRelease</C> also shows the updates of the previous stable releases (the Fedora
            releases below the milestone&apos;s that Bodhi lists as current), labelled with their release.
          </li>
          <li>
            <strong>Discussion</strong>: each proposed bug has a ticket in the blocker-review repo where
            reviewers vote with lines such as <C>BetaBlocker +1</C> (or <C>-1 BetaFE</C>); a line with any
            other word counts nothing, and a reviewer&apos;s last vote on a tracker counts. The tally reads{" "}
            <C>BetaBlocker (+3, 0, -1)</C> (point at it for the voters; the bug list writes a freeze exception
            tracker as the votes may, <C>BetaFE</C>). <Badge tone="violet">meeting</Badge> marks tickets to
            discuss live.
          </li>
          <li>
            Each milestone also has a <strong>release engineering requests</strong> page (what still has to
            happen to the updates of accepted blockers and FEs: builds to tag into the stable tag, updates to
            submit for stable, updates waiting for their push; 0-day fixes, which must be stable on release
            day but never go into the compose; previous-release fixes, to push to the stable releases — each
            group with a text to copy into the release-engineering ticket) and an{" "}
            <strong>IRC meeting script</strong> for the blocker review meeting, with a copy button and a
            plain-text version.{" "}
            <Link to="/prioritized" className="text-sky-800 underline">
              Prioritized bugs
            </Link>{" "}
            lists the open bugs of the Prioritized Bugs process, whether or not they block a tracker.
          </li>
        </ul>
      </section>

      <section aria-labelledby="data">
        <h2 id="data" className="text-lg font-semibold text-slate-900">
          Where the data comes from
        </h2>
        <p className="mt-1">
          A sync job copies the bugs blocking each active milestone&apos;s trackers from the Bugzilla at{" "}
          <a href={bugzilla.url} className="break-words text-sky-800 underline">
            {bugzilla.host}
          </a>{" "}
          into Blockerbugs&apos; database: the primary server syncs on a schedule (every 30 minutes by
          default, fully once a day; see{" "}
          <Link to="/sync" className="text-sky-800 underline">
            sync status
          </Link>
          ), and <C>blockerbugs sync</C> (or <C>{sourceCheckoutCommand("blockerbugs sync")}</C> in a source
          checkout) syncs on demand. The pages show that copy, so they can be a little behind Bugzilla: every
          milestone page says when it was last synced, and warns when the last sync failed. A bug that
          Bugzilla stops showing us (made private, or deleted) stays in its lists with the last data we read
          and a <InaccessibleBadge reason="private" /> or <InaccessibleBadge reason="missing" /> badge; bugs
          we never could read are listed separately. Every change of a bug&apos;s state is recorded and shown
          on the bug&apos;s page. The same sync reads the bugs&apos; updates from Bodhi, their builds&apos;
          tags from Koji and the discussion tickets and votes from Pagure.
        </p>
        <p className="mt-2">
          The same data is available as{" "}
          <Link to="/api" className="text-sky-800 underline">
            JSON
          </Link>
          . Blockerbugs is open source under the GPL (version 2 or later).
        </p>
      </section>
    </article>
  );
}

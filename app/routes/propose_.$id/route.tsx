import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { Notice } from "~/components/ui/notice";
import { buglistPath, pageTitle } from "~/components/format";
import { milestoneName } from "~/domain/milestone-name";
import { bugzillaBugUrl } from "~/domain/bug-fields";
import { proposalTrackers, proposalType } from "~/domain/proposal";
import { parseIdParam } from "~/domain/bug-id";
import { PageTitle } from "~/components/ui/text";
import { getUserProposal } from "./queries.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Proposal") }];

/** One of the user's own proposals: what was written to Bugzilla. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = parseIdParam(params.id);
  const proposal = id !== null ? await getUserProposal(context.db, user.id, id) : null;
  if (!proposal) throw new Response("You have no proposal with this number.", { status: 404 });
  const { milestone } = proposal;
  return {
    bugId: proposal.bugId,
    bugUrl: bugzillaBugUrl(context.config.BUGZILLA_URL, proposal.bugId),
    milestone: milestoneName(milestone.release.number, milestone.version),
    buglist: buglistPath(milestone.release.number, milestone.version),
    type: proposalType(proposal),
    trackers: proposalTrackers(proposal, milestone),
    comment: proposal.comment,
    ccAdded: proposal.ccAdded,
    email: user.email,
    outcome: proposal.outcome,
    error: proposal.error,
  };
}

export default function ProposalResult() {
  const p = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <PageTitle>
        Bug {p.bugId}: {p.type} for {p.milestone}
      </PageTitle>
      {p.outcome === "written" ? (
        <Notice tone="success">
          Bug {p.bugId} is proposed as a {p.type} for {p.milestone}.
        </Notice>
      ) : p.outcome === "writing" ? (
        <Notice tone="info">
          This proposal is being written to Bugzilla; reload this page in a moment. If it still says this
          after ten minutes, go back and submit the same form again: Blockerbugs then checks Bugzilla and
          finishes it.
        </Notice>
      ) : (
        <Notice tone="error">This proposal failed; nothing was changed in Bugzilla. {p.error}</Notice>
      )}
      <section aria-labelledby="written" className="space-y-2 text-sm">
        <h2 id="written" className="text-lg font-semibold">
          What was written to Bugzilla
        </h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <dt className="font-medium">Blocks (added)</dt>
          <dd>{p.trackers.join(", ")}</dd>
          <dt className="font-medium">CC (added)</dt>
          <dd>
            {p.ccAdded
              ? p.email
              : p.email
                ? `not added: Bugzilla has no account for ${p.email}`
                : "none (no e-mail address)"}
          </dd>
        </dl>
        <h3 className="font-medium">Comment</h3>
        <pre className="whitespace-pre-wrap break-words rounded border border-slate-200 bg-white p-3 font-mono text-xs">
          {p.comment}
        </pre>
      </section>
      <ul className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        <li>
          <a href={p.bugUrl} className="text-sky-800 underline">
            Bug {p.bugId} in Bugzilla
          </a>
        </li>
        <li>
          <Link to={p.buglist} className="text-sky-800 underline">
            {p.milestone} blocker list
          </Link>
        </li>
        <li>
          <Link to="/propose" className="text-sky-800 underline">
            Propose another bug
          </Link>
        </li>
      </ul>
    </div>
  );
}

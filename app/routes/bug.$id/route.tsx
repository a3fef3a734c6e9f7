import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { buildBugPageView } from "~/routes/bug.$id/view";
import { notABugIdMessage, parseBugId } from "~/domain/bug-id";
import { pageTitle } from "~/components/format";
import { getBugDetail } from "~/db/bugs.server";
import { listBodhiReleases } from "~/db/bodhi-releases.server";
import { upstreamSyncFailures } from "~/sync/status.server";
import { BugFields } from "./bug-fields";
import { BugHeader } from "./bug-header";
import { DiscussionVotes } from "./discussion-votes";
import { HistoryTable } from "./history-table";
import { MilestoneStates } from "./milestone-states";
import { UpdatesTable } from "./updates-table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(
      data ? `Bug ${data.bug.bugId}${data.bug.summary ? ` — ${data.bug.summary}` : ""}` : "Bug",
    ),
  },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = parseBugId(params.id);
  if (id === null) {
    throw new Response(`${notABugIdMessage(params.id)}.`, {
      status: 400,
      statusText: "Bad Request",
    });
  }
  const bug = await getBugDetail(context.db, id);
  if (!bug) {
    throw new Response(
      `Bug ${id} is not known here: it has never been tracked for a milestone or flagged prioritized.`,
      {
        status: 404,
        statusText: "Not Found",
      },
    );
  }
  const now = new Date();
  return {
    bug: buildBugPageView(bug, {
      now,
      bugzillaUrl: context.config.BUGZILLA_URL,
      bodhiReleases: await listBodhiReleases(context.db),
    }),
    sourceFailures: await upstreamSyncFailures(context.db, now),
  };
}

export default function BugPage() {
  const { bug, sourceFailures } = useLoaderData<typeof loader>();
  return (
    <>
      <BugHeader bug={bug} sourceFailures={sourceFailures} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
        <BugFields bug={bug} />
        <section aria-labelledby="milestones" className="min-w-0">
          <MilestoneStates bug={bug} />
          <UpdatesTable bug={bug} />
          <DiscussionVotes bug={bug} />
          <HistoryTable bug={bug} />
        </section>
      </div>
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { CopyButton } from "~/components/copy-button";
import { MilestonePageHeader } from "~/components/milestone-nav";
import { SourceFailureNotice } from "~/components/sync-status";
import { milestonePath, pageTitle } from "~/components/format";
import { milestoneView } from "~/components/milestone-view";
import { loadIrcScript } from "~/db/meeting-script.server";
import { upstreamSyncFailures } from "~/sync/status.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `IRC meeting script — ${data.milestone.name}` : "IRC meeting script") },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { milestone, text } = await loadIrcScript(context.db, params, context.config.BUGZILLA_URL);
  const now = new Date();
  const view = milestoneView(milestone, { now, bugzillaUrl: context.config.BUGZILLA_URL });
  const sourceFailures = await upstreamSyncFailures(context.db, now, ["pagure"]);
  return { milestone: view, text, lines: text.split("\n").length - 1, sourceFailures };
}

export default function Irc() {
  const { milestone, text, lines, sourceFailures } = useLoaderData<typeof loader>();
  const area = useRef<HTMLTextAreaElement>(null);
  const txt = `${milestonePath(milestone.release, milestone.version, "irc")}.txt`;
  return (
    <>
      <MilestonePageHeader milestone={milestone} title="IRC meeting script">
        Paste into the blocker review meeting: the counts, then one topic per proposed bug with its links and
        ticket votes. Built from the last sync.
        <SourceFailureNotice failures={sourceFailures} />
      </MilestonePageHeader>
      <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-2">
        <CopyButton target={area} label="Copy script" />
        <Link to={txt} reloadDocument className="text-sm text-sky-800 hover:underline">
          Plain text
        </Link>
        <span className="text-xs text-slate-500">{lines} lines</span>
      </div>
      <label htmlFor="irc-script" className="sr-only">
        Meeting script
      </label>
      <textarea
        id="irc-script"
        ref={area}
        readOnly
        value={text}
        rows={Math.min(Math.max(lines + 1, 8), 40)}
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
        className="w-full rounded-md border border-slate-300 bg-white p-3 font-mono text-xs leading-5 text-slate-900 shadow-sm focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600"
      />
    </>
  );
}

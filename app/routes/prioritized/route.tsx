import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RowHeader, Table, Td, Tr } from "~/components/ui/table";
import { KindBadge, StateBadge } from "~/components/badge";
import type { ReviewState } from "~/domain/blocker-state";
import type { TrackerKind } from "~/domain/sections";
import { RelativeTime } from "~/components/time";
import { pageTitle } from "~/components/format";
import { buildPrioritizedView } from "~/routes/prioritized/view";
import { EmptyNote, PageTitle } from "~/components/ui/text";
import { listPrioritizedBugs } from "./queries.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Prioritized bugs") }];

export async function loader({ context }: LoaderFunctionArgs) {
  const bugs = await listPrioritizedBugs(context.db);
  return { rows: buildPrioritizedView(bugs, { now: new Date(), bugzillaUrl: context.config.BUGZILLA_URL }) };
}

/** "Blocker" or "FE" with the bug's review state for it; nothing when the bug is not proposed as that. */
function KindState({ kind, state }: { kind: TrackerKind; state: ReviewState | null }) {
  if (!state) return null;
  return (
    <span className="inline-flex items-center gap-1">
      <KindBadge kind={kind} />
      <StateBadge state={state} />
    </span>
  );
}

export default function Prioritized() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="mb-5">
        <PageTitle>Prioritized bugs</PageTitle>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Open bugs the Fedora Prioritized Bugs process flagged{" "}
          <code className="font-mono text-xs">fedora_prioritized_bug+</code>, whatever their release and
          whether or not they block a tracker (one Bugzilla search per sync), with the active milestones they
          are tracked for.
        </p>
      </header>
      {rows.length === 0 ? (
        <EmptyNote page>
          No open prioritized bugs: Bugzilla flags none{" "}
          <code className="font-mono text-xs">fedora_prioritized_bug+</code> (as of the last sync).
        </EmptyNote>
      ) : (
        <Table
          caption={`Open prioritized bugs: ${rows.length}, by component`}
          density="compact"
          cards
          hover
          className="table-fixed sm:min-w-[56rem]"
          columns={[
            { label: "Bug", className: "w-28" },
            { label: "Component", className: "w-36" },
            { label: "Status", className: "w-28" },
            "Summary",
            { label: "Blocks milestones", className: "w-72" },
            { label: "Last change", className: "w-28" },
          ]}
          rows={rows}
          row={(r) => (
            <Tr key={r.bugId} className="align-baseline">
              <RowHeader>
                <a href={r.url} className="font-mono font-medium text-sky-800 hover:underline">
                  {r.bugId}
                </a>
              </RowHeader>
              <Td className="break-words">{r.component}</Td>
              <Td className="font-mono text-xs">{r.status}</Td>
              <Td card="full">
                <Link to={`/bug/${r.bugId}`} className="hover:underline">
                  {r.summary || <span className="italic text-slate-500">(no summary)</span>}
                </Link>
                {r.needinfo.length > 0 ? (
                  <div className="text-xs text-amber-900">needinfo: {r.needinfo.join(", ")}</div>
                ) : null}
              </Td>
              <Td>
                {r.milestones.length === 0 ? (
                  <span className="text-xs text-slate-500">not tracked for an active milestone</span>
                ) : (
                  <ul className="space-y-0.5">
                    {r.milestones.map((m) => (
                      <li key={m.path} className="flex flex-wrap items-center gap-1.5 text-xs">
                        <Link to={m.path} className="font-medium text-sky-800 hover:underline">
                          {m.name}
                        </Link>
                        <KindState kind="blocker" state={m.blocker} />
                        <KindState kind="fe" state={m.fe} />
                      </li>
                    ))}
                  </ul>
                )}
              </Td>
              <Td label="changed" className="text-xs">
                <RelativeTime time={r.lastChange} />
              </Td>
            </Tr>
          )}
        />
      )}
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/field";
import { RowHeader, Table, Td, Tr } from "~/components/ui/table";
import { EmptyNote, None } from "~/components/ui/text";
import { FeedLink } from "~/components/feed-link";
import { pageTitle } from "~/components/format";
import { MilestonePageHeader } from "~/components/milestone-nav";
import { milestoneView } from "~/components/milestone-view";
import { listMilestoneChanges } from "~/db/milestone-history.server";
import { requireMilestone } from "~/db/milestones.server";
import { changeWindow } from "~/domain/change-window";
import { withBase } from "~/server/base-path";
import { buildChangesView, type ChangeRowView } from "./view";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: pageTitle(`Changes — ${data.milestone.name}`) },
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          title: `Changes of ${data.milestone.name} (Atom)`,
          href: data.feedUrl,
        },
      ]
    : [{ title: pageTitle("Changes") }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const milestone = await requireMilestone(context.db, params, { page: "changes", search: url.search });
  const now = new Date();
  const window = changeWindow(url.searchParams.get("since"), now, context.config.MEETING_SCHEDULE);
  if ("error" in window) throw new Response(window.error, { status: 400, statusText: "Bad Request" });
  const { changes, bugs } = await listMilestoneChanges(context.db, milestone, window);
  const view = buildChangesView(changes, bugs, {
    window,
    schedule: context.config.MEETING_SCHEDULE,
    release: milestone.release,
    version: milestone.version,
    bugzillaUrl: context.config.BUGZILLA_URL,
  });
  return {
    milestone: milestoneView(milestone, { now, bugzillaUrl: context.config.BUGZILLA_URL }),
    view,
    feedUrl: withBase(context.config.BASE_PATH, view.feedHref),
  };
}

/** What happened: its badge, its sentence, and the update's Bodhi link. */
function ChangeText({ row }: { row: ChangeRowView }) {
  return (
    <>
      <Badge tone={row.tone} className="mr-1.5">
        {row.label}
      </Badge>
      {row.text}
      {row.update ? (
        <>
          {" "}
          <a href={row.update.url} className="text-xs text-sky-800 hover:underline">
            (Bodhi)
          </a>
        </>
      ) : null}
    </>
  );
}

/** One change: time, bug, what happened, who (on a phone a card: the change on a line of its own). */
function ChangeRow({ row }: { row: ChangeRowView }) {
  return (
    <Tr className="align-baseline">
      <Td className="font-mono text-xs tabular-nums text-slate-600">
        <time dateTime={row.at}>{row.time}</time>
      </Td>
      <RowHeader>
        <Link to={`/bug/${row.bugId}`} className="font-mono font-medium text-sky-800 hover:underline">
          {row.bugId}
        </Link>
        <div className="break-words text-xs text-slate-600">
          {row.summary || <span className="italic">(no summary)</span>}
          {row.component ? <span className="text-slate-500"> · {row.component}</span> : null}
        </div>
      </RowHeader>
      <Td card="full">
        <ChangeText row={row} />
      </Td>
      <Td label="by" className="break-words text-xs text-slate-700">
        {row.who ?? <None />}
      </Td>
    </Tr>
  );
}

export default function Changes() {
  const { milestone, view } = useLoaderData<typeof loader>();
  return (
    <>
      <MilestonePageHeader milestone={milestone} title="Changes">
        What changed in this milestone {view.window.description}, until now ({view.window.until}):{" "}
        <strong>
          {view.total} change{view.total === 1 ? "" : "s"} to {view.bugCount} bug
          {view.bugCount === 1 ? "" : "s"}
        </strong>
        . Newest first; times are UTC.
      </MilestonePageHeader>

      <div className="mb-6 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <nav aria-label="Time window">
          <ul className="flex flex-wrap gap-1.5">
            {view.links.map((l) => (
              <li key={l.href}>
                <Link
                  to={l.href}
                  aria-current={l.current ? "page" : undefined}
                  className={`inline-block rounded-full border px-3 py-1 ${
                    l.current
                      ? "border-sky-700 bg-sky-700 text-white"
                      : "border-slate-300 bg-white text-sky-800 hover:bg-sky-50"
                  }`}
                >
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <Form method="get" className="flex items-center gap-1.5" aria-label="Changes since a date">
          <label htmlFor="since" className="text-slate-600">
            Since
          </label>
          <Input compact id="since" type="date" name="since" defaultValue={view.window.sinceDate} required />
          <Button variant="compact">Show</Button>
        </Form>
        <FeedLink href={view.feedHref} className="ml-auto" />
      </div>

      {view.days.length === 0 ? (
        <EmptyNote page>
          Nothing changed in this window. Try the{" "}
          <Link to={view.links[2]!.href} className="text-sky-800 underline">
            last 30 days
          </Link>
          .
        </EmptyNote>
      ) : (
        view.days.map((d) => (
          <section key={d.day} aria-labelledby={`day-${d.day}`} className="mt-6 first:mt-0">
            <h2
              id={`day-${d.day}`}
              className="flex items-baseline gap-2 text-lg font-semibold text-slate-900"
            >
              {d.label}
              <span className="text-sm font-normal text-slate-500">
                {d.changes.length} change{d.changes.length === 1 ? "" : "s"}
              </span>
            </h2>
            <Table
              caption={`Changes on ${d.label}`}
              density="compact"
              frameClassName="mt-2"
              hover
              cards
              className="table-fixed sm:min-w-[48rem]"
              columns={[
                { label: "Time", className: "w-16" },
                { label: "Bug", className: "w-[36%]" },
                "Change",
                { label: "By", className: "w-40" },
              ]}
              rows={d.changes}
              row={(c) => <ChangeRow key={c.id} row={c} />}
            />
          </section>
        ))
      )}
    </>
  );
}

import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Input, Select } from "~/components/ui/field";
import { NoteSection, PageTitle } from "~/components/ui/text";
import { BugzillaLink } from "~/components/bug-link";
import { InaccessibleBadge } from "~/components/badge";
import { BugSection, BugTable } from "~/routes/milestone.$release.$version.buglist/bug-table";
import { MilestoneNav } from "~/components/milestone-nav";
import { SourceFailureNotice, SyncNotice } from "~/components/sync-status";
import {
  buildBuglistView,
  buglistSearch,
  bugRowView,
  parseBuglistQuery,
} from "~/routes/milestone.$release.$version.buglist/view";
import type { Placed } from "~/domain/sections";
import type { MilestoneBug } from "~/db/bugs.server";
import { formatOpenClosed, pageTitle } from "~/components/format";
import { milestoneView } from "~/components/milestone-view";
import { bugContentKey, listMilestoneBugs } from "~/db/bugs.server";
import { milestoneBurndown } from "~/db/milestone-history.server";
import { burndownPoints } from "~/components/burndown-view";
import { FeedLink } from "~/components/feed-link";
import { milestonePath } from "~/components/format";
import { withBase } from "~/server/base-path";
import { Trend } from "./trend";
import { requireMilestone } from "~/db/milestones.server";
import { previousReleasesOf } from "~/db/bodhi-releases.server";
import { upstreamSyncFailures } from "~/sync/status.server";
import { keptView, keptViewByKey } from "~/server/kept-views.server";
import { serverView } from "~/server/server-view.server";
import { viewOf } from "~/components/server-view";
import type { RouteHandle } from "~/root";

/**
 * The bug list needs no JavaScript (filters are a GET form, sorting is links, Rejected is a
 * `<details>`): it is sent as plain HTML, without the copy of every row's data that hydration would
 * add (about as many bytes again as the table itself). Its rows' markup is kept across renders
 * (`KeptRowsBody`), and its view is built once per change of its bugs (`keptView`) and never
 * serialized (`serverView`).
 */
export const handle: RouteHandle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: pageTitle(data.milestone.name) },
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          title: `Changes of ${data.milestone.name} (Atom)`,
          href: data.feedUrl,
        },
      ]
    : [{ title: pageTitle("Milestone") }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const milestone = await requireMilestone(context.db, params, {
    page: "buglist",
    search: new URL(request.url).search,
  });
  const now = new Date();
  const [previousReleases, bugs, sourceFailures, burndown] = await Promise.all([
    previousReleasesOf(context.db, milestone.release),
    listMilestoneBugs(context.db, milestone.id),
    upstreamSyncFailures(context.db, now),
    milestoneBurndown(context.db, milestone.id, now),
  ]);
  const opts = {
    now,
    bugzillaUrl: context.config.BUGZILLA_URL,
    release: milestone.release,
    previousReleases,
  };
  const query = parseBuglistQuery(new URL(request.url).searchParams);
  const feedHref = `${milestonePath(milestone.release, milestone.version, "changes")}.atom`;
  // Kept while no bug changed (the same array) and its times read the same: most checks of this page
  // follow writes that touched none of its bugs. Each row is kept by its bug's content (not when the
  // bug was read, which the rows do not show), so the sort orders and filters of a list share their
  // rows, and a sync that rewrote every bug unchanged rebuilds none.
  const settings = JSON.stringify([opts.bugzillaUrl, opts.release, opts.previousReleases]);
  const rowView = (placed: Placed<MilestoneBug>) =>
    keptViewByKey(`buglist row ${bugContentKey(placed.bug)} ${placed.kinds.join()} ${settings}`, now, () =>
      bugRowView(placed, opts),
    );
  const view = keptView(bugs, `${settings} ${JSON.stringify(query)}`, now, () =>
    buildBuglistView(bugs, query, opts, rowView),
  );
  return {
    milestone: milestoneView(milestone, opts),
    list: serverView(view, now),
    sourceFailures,
    burndown: burndownPoints(burndown),
    feedHref,
    feedUrl: withBase(context.config.BASE_PATH, feedHref),
  };
}

/** Tracker link: alias (or id) to Bugzilla. */
function Tracker({
  label,
  tracker,
}: {
  label: string;
  tracker: { id: number; alias: string | null; url: string };
}) {
  return (
    <span>
      {label}:{" "}
      <a href={tracker.url} className="font-medium text-sky-800 hover:underline">
        {tracker.alias ?? tracker.id}
      </a>
      {tracker.alias ? <span className="text-slate-500"> (#{tracker.id})</span> : null}
    </span>
  );
}

/** One select of the filter bar (component or status) with the options the view lists. */
function FilterSelect({
  label,
  name,
  value,
  options,
}: {
  label: string;
  name: string;
  value: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <label className="flex flex-col text-xs font-medium text-slate-600">
      {label}
      <Select compact name={name} defaultValue={value} className="mt-0.5">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </label>
  );
}

/** The bugs blocking a tracker whose details Bugzilla never gave us (so not in any section). */
function NeverReadNote({ bugs }: { bugs: { bugId: number; url: string; reason: string }[] }) {
  return (
    <NoteSection id="section-inaccessible" title={`Bugs we could not read (${bugs.length})`}>
      <p className="mt-1 text-xs">
        These bugs block a tracker of this milestone, but Bugzilla has never given us their details, so they
        are not listed above.
      </p>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {bugs.map((b) => (
          <li key={b.bugId}>
            <BugzillaLink bugId={b.bugId} url={b.url} /> <span className="text-xs">({b.reason})</span>
          </li>
        ))}
      </ul>
    </NoteSection>
  );
}

/**
 * The list's view stays on the server (see `ServerView`): a client-side navigation to this page (a
 * link on a page with JavaScript) loads it as a document instead, served from the page cache.
 */
export async function clientLoader({ request }: ClientLoaderFunctionArgs): Promise<never> {
  window.location.assign(request.url);
  return new Promise<never>(() => {});
}

export default function Buglist() {
  const { milestone, list: listData, sourceFailures, burndown, feedHref } = useLoaderData<typeof loader>();
  const list = viewOf(listData);
  const { query } = list;
  const clearHref = milestone.path + buglistSearch({ ...query, component: "", status: "", q: "" });
  const mainSections = list.sections.filter((s) => s.key !== "rejected");
  const rejected = list.sections.find((s) => s.key === "rejected");
  const neverSynced = milestone.sync.state === "never" && list.totalBugs === 0 && list.neverRead.length === 0;
  return (
    <>
      <header className="mb-5">
        <div className="flex flex-wrap items-center gap-2">
          <PageTitle>{milestone.name}</PageTitle>
          {milestone.current ? <Badge tone="green">current</Badge> : null}
          {!milestone.active ? <Badge tone="gray">inactive</Badge> : null}
        </div>
        <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
          <Tracker label="Blocker tracker" tracker={milestone.blockerTracker} />
          <Tracker label="FE tracker" tracker={milestone.feTracker} />
          <Link
            to={`/api/v1/milestones/${milestone.release}/${milestone.version}/bugs`}
            reloadDocument
            className="text-slate-500 hover:underline"
          >
            JSON
          </Link>
          <FeedLink href={feedHref} label="Changes feed" />
        </p>
        <div className="mt-1">
          <SyncNotice sync={milestone.sync} />
          <SourceFailureNotice failures={sourceFailures} />
        </div>
        <MilestoneNav release={milestone.release} version={milestone.version} />
      </header>

      {neverSynced ? null : (
        <>
          <Form
            // Remount on every new query so the uncontrolled fields show it after client-side navigation.
            key={`${query.component}|${query.status}|${query.q}`}
            method="get"
            preventScrollReset
            className="mb-4 flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white px-3 py-2.5 shadow-sm"
            aria-label="Filter bugs"
          >
            <FilterSelect
              label="Component"
              name="component"
              value={query.component}
              options={list.filterOptions.component}
            />
            <FilterSelect
              label="Status"
              name="status"
              value={query.status}
              options={list.filterOptions.status}
            />
            <label className="flex min-w-64 flex-1 flex-col text-xs font-medium text-slate-600">
              Search
              <Input
                compact
                type="search"
                name="q"
                defaultValue={query.q}
                placeholder="Summary, bug id, component, whiteboard or update"
                className="mt-0.5"
              />
            </label>
            {query.sort !== "id" || query.dir !== "asc" ? (
              <>
                <input type="hidden" name="sort" value={query.sort} />
                <input type="hidden" name="dir" value={query.dir} />
              </>
            ) : null}
            <Button variant="compact">Filter</Button>
            {list.filtered ? (
              <Link to={clearHref} className="py-1.5 text-sm text-sky-800 hover:underline">
                Clear filters
              </Link>
            ) : null}
            <p className="ml-auto py-1.5 text-xs text-slate-500" aria-live="polite">
              {list.filtered
                ? `${list.matchingBugs} of ${list.totalBugs} bugs match`
                : `${list.totalBugs} bug${list.totalBugs === 1 ? "" : "s"}`}
              {" · "}closed bugs are listed last in each section
            </p>
          </Form>

          <nav aria-label="Sections" className="mb-6 flex flex-wrap gap-2 text-xs">
            {list.sections.map((s) => (
              <a
                key={s.key}
                href={`#section-${s.key}`}
                className={`rounded-full border px-2.5 py-1 hover:bg-white ${
                  s.key === "conflicts"
                    ? "border-red-300 bg-red-50 text-red-800"
                    : "border-slate-300 bg-slate-100 text-slate-700"
                }`}
              >
                {s.title}{" "}
                <span className="font-semibold">{formatOpenClosed(s.counts.open, s.counts.closed)}</span>
              </a>
            ))}
            <a
              href="#trend"
              className="rounded-full border border-slate-300 bg-white px-2.5 py-1 text-sky-800 hover:bg-sky-50"
            >
              Trend
            </a>
          </nav>

          {list.staleReasons.length > 0 ? (
            <p className="-mt-3 mb-2 flex flex-wrap items-center gap-x-1.5 gap-y-1 text-xs text-slate-600">
              {list.staleReasons.map((r) => (
                <InaccessibleBadge key={r} reason={r} />
              ))}
              <span>
                Bugzilla no longer shows us the bugs marked so (made private, or deleted): their rows show the
                last data we read.
              </span>
            </p>
          ) : null}

          {mainSections.map((s) => (
            <BugSection
              key={s.key}
              section={s}
              sortLinks={list.sortLinks}
              filtered={list.filtered}
              basePath={milestone.path}
            />
          ))}

          {rejected ? (
            <section aria-labelledby="section-rejected" className="mt-8">
              <details className="group/rejected rounded-md border border-slate-200 bg-white shadow-sm">
                <summary className="cursor-pointer select-none px-3 py-2 hover:bg-slate-50">
                  <h2
                    id="section-rejected"
                    className="inline-flex items-baseline gap-2 text-lg font-semibold text-slate-900"
                  >
                    {rejected.title}
                    <span className="text-sm font-normal text-slate-500">
                      {formatOpenClosed(rejected.counts.open, rejected.counts.closed)}
                    </span>
                  </h2>
                  <span className="ml-2 text-xs text-slate-500">
                    {rejected.counts.open + rejected.counts.closed === 1
                      ? "blocker or freeze exception"
                      : "blockers and freeze exceptions"}{" "}
                    <span className="group-open/rejected:hidden">— select to show</span>
                  </span>
                </summary>
                <div className="border-t border-slate-200 p-3">
                  <BugTable
                    section={rejected}
                    sortLinks={list.sortLinks}
                    filtered={list.filtered}
                    basePath={milestone.path}
                  />
                </div>
              </details>
            </section>
          ) : null}

          <Trend
            name={milestone.name}
            series={burndown}
            svgHref={milestonePath(milestone.release, milestone.version, "burndown.svg")}
          />

          {list.neverRead.length > 0 ? <NeverReadNote bugs={list.neverRead} /> : null}
        </>
      )}
    </>
  );
}

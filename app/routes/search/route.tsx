import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StateBadge } from "~/components/badge";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/field";
import { RowHeader, Table, Td, Tr } from "~/components/ui/table";
import { EmptyNote, PageTitle } from "~/components/ui/text";
import { pageTitle } from "~/components/format";
import { MAX_QUERY_LENGTH, parseJumpQuery } from "~/domain/jump-query";
import { listSearchableBugs } from "./queries.server";
import { buildSearchView, MAX_RESULTS } from "./view";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data?.q ? `Search: ${data.q}` : "Search") },
];

/** `?q=`: a bug id goes to that bug's page; words search the active milestones' bugs. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, MAX_QUERY_LENGTH);
  const query = parseJumpQuery(q);
  if (query.kind === "bug") throw redirect(`/bug/${query.id}`);
  if (query.kind === "empty") return { q: "", rows: [], total: 0 };
  const { rows, total } = buildSearchView(await listSearchableBugs(context.db), query.words);
  return { q: q.trim(), rows, total };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

/** The milestones a matching bug is in, with its blocker and FE state in each. */
function Milestones({ r }: { r: Row }) {
  return (
    <ul className="space-y-0.5 text-xs">
      {r.milestones.map((m) => (
        <li key={m.path} className="flex flex-wrap items-center gap-1">
          <Link to={m.path} className="text-sky-800 hover:underline">
            {m.name}
          </Link>
          {m.blocker ? (
            <>
              blocker <StateBadge state={m.blocker} />
            </>
          ) : null}
          {m.fe ? (
            <>
              FE <StateBadge state={m.fe} />
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** One matching bug: id, summary with status, component, the milestones it is in (a card on a phone). */
function SearchResult({ r }: { r: Row }) {
  return (
    <Tr className="align-baseline">
      <RowHeader>
        <Link to={`/bug/${r.bugId}`} className="font-mono font-medium text-sky-800 hover:underline">
          {r.bugId}
        </Link>
      </RowHeader>
      <Td card="full" className={`break-words ${r.closed ? "text-slate-500" : ""}`}>
        {r.summary}
        <span className="ml-1.5 font-mono text-xs text-slate-500">{r.status}</span>
      </Td>
      <Td label="component" className="break-words text-slate-700">
        {r.component}
      </Td>
      <Td card="full">
        <Milestones r={r} />
      </Td>
    </Tr>
  );
}

export default function Search() {
  const { q, rows, total } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="mb-5">
        <PageTitle>Search</PageTitle>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          A bug id (<code className="font-mono text-xs">2410101</code>,{" "}
          <code className="font-mono text-xs">rhbz#2410101</code> or a Bugzilla link) opens that bug; words
          find the bugs of the active milestones whose summary or component contains all of them.
        </p>
        <Form method="get" role="search" className="mt-3 flex max-w-xl gap-2">
          <label htmlFor="search-q" className="sr-only">
            Bug id or words
          </label>
          <Input
            compact
            id="search-q"
            type="search"
            name="q"
            defaultValue={q}
            key={q}
            maxLength={MAX_QUERY_LENGTH}
            placeholder="Bug id, summary or component"
            className="min-w-0 flex-1"
          />
          <Button variant="compact">Search</Button>
        </Form>
      </header>
      {q === "" ? null : rows.length === 0 ? (
        <EmptyNote page>No bug of an active milestone matches “{q}”.</EmptyNote>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600" aria-live="polite">
            {total === 1 ? "1 bug matches" : `${total} bugs match`} “{q}”
            {total > rows.length ? ` (the first ${MAX_RESULTS} are listed)` : ""}.
          </p>
          <Table
            caption={`Bugs matching ${q}`}
            density="compact"
            hover
            cards
            className="table-fixed sm:min-w-[48rem]"
            columns={[
              { label: "Bug", className: "w-24" },
              "Summary",
              { label: "Component", className: "w-36" },
              { label: "Milestones", className: "w-72" },
            ]}
            rows={rows}
            row={(r) => <SearchResult key={r.bugId} r={r} />}
          />
        </>
      )}
    </>
  );
}

import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StateBadge } from "~/components/badge";
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

const th = "px-2 py-1.5 text-left font-semibold";
const td = "px-2 py-1.5";

export default function Search() {
  const { q, rows, total } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="mb-5">
        <h1 className="text-2xl font-semibold tracking-tight">Search</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          A bug id (<code className="font-mono text-xs">2410101</code>,{" "}
          <code className="font-mono text-xs">rhbz#2410101</code> or a Bugzilla link) opens that bug; words
          find the bugs of the active milestones whose summary or component contains all of them.
        </p>
        <Form method="get" role="search" className="mt-3 flex max-w-xl gap-2">
          <label htmlFor="search-q" className="sr-only">
            Bug id or words
          </label>
          <input
            id="search-q"
            type="search"
            name="q"
            defaultValue={q}
            key={q}
            maxLength={MAX_QUERY_LENGTH}
            placeholder="Bug id, summary or component"
            className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600"
          />
          <button
            type="submit"
            className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-sky-800"
          >
            Search
          </button>
        </Form>
      </header>
      {q === "" ? null : rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white px-4 py-3 text-slate-600">
          No bug of an active milestone matches “{q}”.
        </p>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600" aria-live="polite">
            {total === 1 ? "1 bug matches" : `${total} bugs match`} “{q}”
            {total > rows.length ? ` (the first ${MAX_RESULTS} are listed)` : ""}.
          </p>
          <div className="relative overflow-x-auto rounded-md border border-slate-200 bg-white shadow-sm">
            <table className="w-full min-w-[48rem] table-fixed border-collapse text-sm">
              <caption className="sr-only">Bugs matching {q}</caption>
              <thead className="bg-slate-100 text-xs text-slate-600">
                <tr>
                  <th scope="col" className={`${th} w-24`}>
                    Bug
                  </th>
                  <th scope="col" className={th}>
                    Summary
                  </th>
                  <th scope="col" className={`${th} w-36`}>
                    Component
                  </th>
                  <th scope="col" className={`${th} w-72`}>
                    Milestones
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.bugId} className="border-t border-slate-200 align-baseline hover:bg-sky-50/60">
                    <th scope="row" className={`${td} text-left font-normal`}>
                      <Link
                        to={`/bug/${r.bugId}`}
                        className="font-mono font-medium text-sky-800 hover:underline"
                      >
                        {r.bugId}
                      </Link>
                    </th>
                    <td className={`${td} break-words ${r.closed ? "text-slate-500" : ""}`}>
                      {r.summary}
                      <span className="ml-1.5 font-mono text-xs text-slate-500">{r.status}</span>
                    </td>
                    <td className={`${td} break-words text-slate-700`}>{r.component}</td>
                    <td className={td}>
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
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

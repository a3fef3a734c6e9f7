import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SourceCheckoutNote } from "~/components/cli-note";
import { buglistPath, pageTitle } from "~/components/format";
import { milestoneName } from "~/domain/milestone-name";
import { getCurrentMilestone, listMilestones } from "~/db/milestones.server";
import { PageTitle } from "~/components/ui/text";

export const meta: MetaFunction = () => [{ title: pageTitle("No current milestone") }];

/** Redirects (302) to the current milestone's bug list; without one, lists the active milestones. */
export async function loader({ context }: LoaderFunctionArgs) {
  const current = await getCurrentMilestone(context.db);
  if (current) throw redirect(buglistPath(current.release, current.version), 302);
  const active = await listMilestones(context.db, { activeOnly: true });
  return {
    active: active.map((m) => ({
      name: milestoneName(m.release, m.version),
      path: buglistPath(m.release, m.version),
    })),
  };
}

export default function Current() {
  const { active } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-2xl">
      <PageTitle>No current milestone</PageTitle>
      <p className="mt-2 text-sm text-slate-600">
        No milestone is marked as current, so there is nothing to send you to. An administrator marks one on
        the{" "}
        <Link to="/admin" className="text-sky-800 underline">
          admin page
        </Link>{" "}
        (edit the milestone and tick <em>Current milestone</em>), or adds a new one as the current one with{" "}
        <code className="font-mono">blockerbugs add_milestone … --current</code>.
      </p>
      <SourceCheckoutNote example="blockerbugs add_milestone … --current" className="mt-1" />
      {active.length > 0 ? (
        <>
          <h2 className="mt-6 text-lg font-semibold">Active milestones</h2>
          <ul className="mt-2 list-disc space-y-1 pl-6 text-sm">
            {active.map((m) => (
              <li key={m.path}>
                <Link to={m.path} className="text-sky-800 hover:underline">
                  {m.name}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-4 text-sm text-slate-600">
          There are no active milestones either; see the{" "}
          <Link to="/" className="text-sky-800 underline">
            home page
          </Link>{" "}
          for how to add one.
        </p>
      )}
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { adminOutcome } from "~/admin/outcome.server";
import { updateMilestone } from "~/admin/milestones.server";
import { requireAdmin } from "~/auth/session.server";
import { buttonClass, fieldError, inputClass, Notice } from "~/components/form";
import { errorSummary, firstErrors, formValues, MilestoneEditSchema } from "~/admin/forms";
import { pageTitle } from "~/components/format";
import { milestoneName } from "~/domain/milestone-name";
import { parseIdParam } from "~/domain/bug-id";
import { bugzillaClient } from "~/upstream/clients.server";
import { getMilestoneForEdit } from "./queries.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Edit milestone") }];

async function findMilestone(context: LoaderFunctionArgs["context"], idParam: string | undefined) {
  const id = parseIdParam(idParam);
  const milestone = id !== null ? await getMilestoneForEdit(context.db, id) : null;
  if (!milestone) throw new Response("There is no such milestone.", { status: 404 });
  return milestone;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const m = await findMilestone(context, params.id);
  return {
    name: milestoneName(m.release.number, m.version),
    blockerTracker: m.blockerTrackerAlias ?? String(m.blockerTrackerId),
    blockerTrackerId: m.blockerTrackerId,
    feTracker: m.feTrackerAlias ?? String(m.feTrackerId),
    feTrackerId: m.feTrackerId,
    active: m.active,
    current: m.current,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireAdmin(request, context);
  const m = await findMilestone(context, params.id);
  const values = formValues(await request.formData());
  const parsed = MilestoneEditSchema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors = firstErrors(parsed.error);
    return data({ error: errorSummary(fieldErrors), fieldErrors, values }, { status: 400 });
  }
  const outcome = await adminOutcome(async () => {
    await updateMilestone(context.db, bugzillaClient(context.config), m.id, parsed.data);
    return "saved";
  });
  if (outcome.error) return data({ ...outcome, values }, { status: 400 });
  return redirect("/admin");
}

export default function EditMilestone() {
  const m = useLoaderData<typeof loader>();
  const result = useActionData<{
    error?: string;
    fieldErrors?: Record<string, string>;
    values?: Record<string, string>;
  }>();
  const blockerError = fieldError(result?.fieldErrors, "blockerTracker", "blocker-tracker-error");
  const feError = fieldError(result?.fieldErrors, "feTracker", "fe-tracker-error");
  // A refused form is shown again with what was typed in it (the page is rendered anew without JavaScript).
  const typed = result?.values;
  return (
    <div className="mx-auto max-w-xl space-y-5">
      <p className="text-sm">
        <Link to="/admin" className="text-sky-800 underline">
          Administration
        </Link>
      </p>
      <h1 className="text-2xl font-semibold tracking-tight">Edit {m.name}</h1>
      {result?.error ? <Notice tone="error">{result.error}</Notice> : null}
      <Form method="post" className="space-y-4 text-sm">
        <div>
          <label className="block font-medium">
            Blocker tracker (id or alias; now bug {m.blockerTrackerId})
            <input
              name="blockerTracker"
              defaultValue={typed?.blockerTracker ?? m.blockerTracker}
              required
              {...blockerError.props}
              className={inputClass}
            />
          </label>
          {blockerError.list}
        </div>
        <div>
          <label className="block font-medium">
            FE tracker (id or alias; now bug {m.feTrackerId})
            <input
              name="feTracker"
              defaultValue={typed?.feTracker ?? m.feTracker}
              required
              {...feError.props}
              className={inputClass}
            />
          </label>
          {feError.list}
        </div>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="active" defaultChecked={typed ? !!typed.active : m.active} /> Active
          (synced and listed)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="current" defaultChecked={typed ? !!typed.current : m.current} />{" "}
          Current milestone (only one at a time)
        </label>
        <button type="submit" className={buttonClass}>
          Save
        </button>
      </Form>
    </div>
  );
}

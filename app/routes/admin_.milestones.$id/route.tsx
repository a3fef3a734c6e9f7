import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { redirectWithNotice } from "~/auth/flash.server";
import { adminOutcome } from "~/admin/outcome.server";
import { milestoneSavedText } from "~/admin/words";
import { updateMilestone } from "~/admin/milestones.server";
import { requireAdmin } from "~/auth/session.server";
import { Button } from "~/components/ui/button";
import { Checkbox, TextField, useZodForm } from "~/components/forms";
import { Notice } from "~/components/ui/notice";
import { PageTitle } from "~/components/ui/text";
import { errorSummary, MilestoneEditSchema } from "~/admin/forms";
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
  const submission = parseWithZod(await request.formData(), { schema: MilestoneEditSchema });
  if (submission.status !== "success") {
    const reply: EditReply = { error: errorSummary(submission.error ?? {}), result: submission.reply() };
    return data(reply, { status: 400 });
  }
  const { value } = submission;
  const outcome = await adminOutcome(async () => {
    const saved = await updateMilestone(context.db, bugzillaClient(context.config), m.id, value);
    return milestoneSavedText(milestoneName(m.release.number, m.version), saved);
  });
  // A refused edit shows the form again with what was typed (the page is rendered anew without JavaScript).
  if (outcome.error !== undefined)
    return data({ error: outcome.error, result: submission.reply() } satisfies EditReply, { status: 400 });
  // Post/redirect/get: the admin page shows what was saved, once.
  return redirectWithNotice(context.config, "/admin", outcome.ok);
}

/** What the action answers when it refuses the edit: the message and conform's reply. */
interface EditReply {
  error: string;
  result: SubmissionResult<string[]>;
}

export default function EditMilestone() {
  const m = useLoaderData<typeof loader>();
  // `data()` is not typed without the single-fetch type augmentation.
  const reply = useActionData<EditReply>();
  const [form, fields] = useZodForm(MilestoneEditSchema, {
    id: "edit-milestone",
    lastResult: reply?.result,
    defaultValue: {
      blockerTracker: m.blockerTracker,
      feTracker: m.feTracker,
      active: m.active,
      current: m.current,
    },
  });
  return (
    <div className="mx-auto max-w-xl space-y-5">
      <p className="text-sm">
        <Link to="/admin" className="text-sky-800 underline">
          Administration
        </Link>
      </p>
      <PageTitle>Edit {m.name}</PageTitle>
      {reply?.error ? <Notice tone="error">{reply.error}</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <TextField
          meta={fields.blockerTracker}
          label={`Blocker tracker (id or alias; now bug ${m.blockerTrackerId})`}
        />
        <TextField meta={fields.feTracker} label={`FE tracker (id or alias; now bug ${m.feTrackerId})`} />
        <Checkbox meta={fields.active}>Active (synced and listed)</Checkbox>
        <Checkbox meta={fields.current}>Current milestone (only one at a time)</Checkbox>
        <Button>Save</Button>
      </Form>
    </div>
  );
}

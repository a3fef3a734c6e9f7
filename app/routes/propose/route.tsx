import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { Button } from "~/components/ui/button";
import { Checkbox, SelectField, TextareaField, TextField, useZodForm } from "~/components/forms";
import { ErrorList, Legend } from "~/components/ui/field";
import { Notice } from "~/components/ui/notice";
import { PageTitle } from "~/components/ui/text";
import { pageTitle } from "~/components/format";
import { milestoneName } from "~/domain/milestone-name";
import { JUSTIFICATION_MAX, JUSTIFICATION_MIN, ProposeSchema } from "~/domain/proposal";
import { NO_API_KEY, newSubmissionKey, proposeBug, ProposalRefused } from "~/routes/propose/propose.server";
import { bugzillaClient } from "~/upstream/clients.server";

import { listProposableMilestones } from "./queries.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Propose a bug") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const milestones = await listProposableMilestones(context.db);
  const query = new URL(request.url).searchParams;
  const bug = Number(query.get("bug"));
  return {
    user: { login: user.login, email: user.email },
    unavailable: context.config.BUGZILLA_API_KEY ? null : NO_API_KEY,
    milestones: milestones.map((m) => ({
      id: m.id,
      name: milestoneName(m.release.number, m.version),
      current: m.current,
    })),
    defaults: {
      milestoneId: milestones.find((m) => m.current)?.id ?? milestones[0]?.id,
      bugId: Number.isInteger(bug) && bug > 0 ? bug : undefined,
      // One nonce per rendered form: a double submit finds the first proposal instead of writing again.
      submissionKey: newSubmissionKey(),
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseWithZod(await request.formData(), { schema: ProposeSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const id = await proposeBug(
      // Written once, never retried (see BugzillaClient.updateBug); reads keep the configured retries.
      { db: context.db, config: context.config, bugzilla: bugzillaClient(context.config) },
      user,
      submission.value,
    );
    return redirect(`/propose/${id}`);
  } catch (error) {
    if (!(error instanceof ProposalRefused)) throw error;
    const reply = error.field
      ? submission.reply({ fieldErrors: { [error.field]: [error.message] } })
      : submission.reply({ formErrors: [error.message] });
    return data({ result: reply }, { status: 400 });
  }
}

export default function Propose() {
  const { user, unavailable, milestones, defaults } = useLoaderData<typeof loader>();
  // The action's error replies (`data()` is not typed without the single-fetch type augmentation).
  const actionData = useActionData<{ result: SubmissionResult<string[]> }>();
  // With JavaScript, the button is disabled while the proposal is sent (the submission key covers the rest).
  const sending = useNavigation().state === "submitting";
  const [form, fields] = useZodForm(ProposeSchema, {
    id: "propose",
    lastResult: actionData?.result,
    defaultValue: defaults,
  });
  // The missing API key is already said above the form; the refused submit repeats it.
  const formErrors = form.errors?.filter((e) => e !== unavailable);
  if (milestones.length === 0) {
    return (
      <div className="mx-auto max-w-2xl space-y-4">
        <PageTitle>Propose a bug</PageTitle>
        <Notice tone="info">
          No milestone is active, so there is nothing to propose bugs for right now.
        </Notice>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <header>
        <PageTitle>Propose a bug</PageTitle>
        <p className="mt-2 text-sm text-slate-600">
          Proposing makes the bug block the milestone&apos;s tracker bug(s) in Bugzilla, adds{" "}
          {user.email ? <strong>{user.email}</strong> : "you"} to its CC list and adds a comment with your
          justification. The blocker review meeting then accepts or rejects it.
        </p>
      </header>
      {unavailable ? <Notice tone="error">{unavailable}</Notice> : null}
      {formErrors?.length ? (
        <Notice tone="error">
          <ErrorList id={form.errorId} errors={formErrors} />
        </Notice>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <input {...getInputProps(fields.submissionKey, { type: "hidden" })} key={fields.submissionKey.key} />
        <ErrorList id={fields.submissionKey.errorId} errors={fields.submissionKey.errors} />
        <SelectField meta={fields.milestoneId} label="Milestone">
          {milestones.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
              {m.current ? " (current)" : ""}
            </option>
          ))}
        </SelectField>
        <TextField
          meta={fields.bugId}
          label="Bug id"
          inputMode="numeric"
          autoComplete="off"
          className="max-w-xs"
        />
        <fieldset aria-describedby={fields.blocker.errors ? fields.blocker.errorId : undefined}>
          <Legend>Propose as</Legend>
          <div className="mt-1 flex gap-6">
            <Checkbox meta={fields.blocker}>Blocker</Checkbox>
            <Checkbox meta={fields.fe}>Freeze exception</Checkbox>
          </div>
          <ErrorList id={fields.blocker.errorId} errors={fields.blocker.errors} />
        </fieldset>
        <TextareaField
          meta={fields.justification}
          label="Justification"
          hint={
            <>
              Which release criterion does the bug violate, or why should a fix be allowed during the freeze?{" "}
              {JUSTIFICATION_MIN} to {JUSTIFICATION_MAX} characters of plain text.
            </>
          }
          rows={8}
        />
        <Button disabled={sending}>{sending ? "Proposing…" : "Propose"}</Button>
      </Form>
    </div>
  );
}

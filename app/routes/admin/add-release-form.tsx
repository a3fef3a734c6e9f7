import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { AddReleaseSchema } from "~/admin/forms";
import { useZodForm } from "~/components/forms";
import { Button } from "~/components/ui/button";
import { ErrorList, Input, Label } from "~/components/ui/field";

/**
 * "Add a release": the release alone, or with its Beta and Final milestones from the standard tracker
 * aliases. `lastResult` is the action's reply when this form was the one refused.
 */
export function AddReleaseForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useZodForm(AddReleaseSchema, { id: "add-release", lastResult });
  return (
    <section aria-labelledby="add-release-heading" className="space-y-3">
      <h2 id="add-release-heading" className="text-lg font-semibold">
        Add a release
      </h2>
      <Form method="post" {...getFormProps(form)}>
        <div className="flex items-end gap-3">
          <div>
            <Label htmlFor={fields.number.id}>Release number</Label>
            <Input
              {...getInputProps(fields.number, { type: "text" })}
              key={fields.number.key}
              inputMode="numeric"
            />
          </div>
          <Button name="intent" value="add-release">
            Add release
          </Button>
          <Button name="intent" value="discover-release">
            Add with Beta and Final
          </Button>
        </div>
        <ErrorList id={fields.number.errorId} errors={fields.number.errors} />
      </Form>
      <p className="text-xs text-slate-500">
        &ldquo;Add with Beta and Final&rdquo; also creates the release&apos;s Beta and Final milestones from
        the standard tracker aliases (F<i>N</i>BetaBlocker, F<i>N</i>BetaFreezeException, F<i>N</i>
        FinalBlocker, F<i>N</i>FinalFreezeException) when they resolve in Bugzilla; existing milestones are
        left as they are.
      </p>
    </section>
  );
}

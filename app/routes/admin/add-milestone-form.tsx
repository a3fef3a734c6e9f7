import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { AddMilestoneSchema } from "~/admin/forms";
import { Checkbox, SelectField, TextField, useZodForm } from "~/components/forms";
import { Button } from "~/components/ui/button";
import { MILESTONE_VERSIONS } from "~/domain/milestone-name";

/**
 * "Add a milestone": release, version and the two trackers (bug id or alias), active and current.
 * `lastResult` is the action's reply when this form was the one refused.
 */
export function AddMilestoneForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useZodForm(AddMilestoneSchema, {
    id: "add-milestone",
    lastResult,
    defaultValue: { version: "beta", active: true },
  });
  return (
    <section aria-labelledby="add-milestone-heading" className="space-y-3">
      <h2 id="add-milestone-heading" className="text-lg font-semibold">
        Add a milestone
      </h2>
      <Form method="post" {...getFormProps(form)} className="grid grid-cols-2 gap-3">
        <TextField meta={fields.release} label="Release" inputMode="numeric" />
        <SelectField meta={fields.version} label="Version">
          {MILESTONE_VERSIONS.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </SelectField>
        <TextField
          meta={fields.blockerTracker}
          label="Blocker tracker (id or alias)"
          placeholder="F47BetaBlocker"
        />
        <TextField
          meta={fields.feTracker}
          label="FE tracker (id or alias)"
          placeholder="F47BetaFreezeException"
        />
        <Checkbox meta={fields.active}>Active</Checkbox>
        <Checkbox meta={fields.current}>Current milestone</Checkbox>
        <div className="col-span-2">
          <Button name="intent" value="add-milestone">
            Add milestone
          </Button>
        </div>
      </Form>
    </section>
  );
}

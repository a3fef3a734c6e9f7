import {
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { AddMilestoneSchema } from "~/admin/forms";
import { Button } from "~/components/ui/button";
import { CheckboxField, Field, Input, Select } from "~/components/ui/field";
import { MILESTONE_VERSIONS } from "~/domain/milestone-name";

/**
 * "Add a milestone": release, version and the two trackers (bug id or alias), active and current.
 * `lastResult` is the action's reply when this form was the one refused.
 */
export function AddMilestoneForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useForm<z.infer<typeof AddMilestoneSchema>>({
    id: "add-milestone",
    lastResult,
    defaultValue: { version: "beta", active: true },
    constraint: getZodConstraint(AddMilestoneSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddMilestoneSchema }),
  });
  return (
    <section aria-labelledby="add-milestone-heading" className="space-y-3">
      <h2 id="add-milestone-heading" className="text-lg font-semibold">
        Add a milestone
      </h2>
      <Form method="post" {...getFormProps(form)} className="grid grid-cols-2 gap-3">
        <Field
          label="Release"
          htmlFor={fields.release.id}
          errorId={fields.release.errorId}
          errors={fields.release.errors}
        >
          <Input
            {...getInputProps(fields.release, { type: "text" })}
            key={fields.release.key}
            inputMode="numeric"
          />
        </Field>
        <Field
          label="Version"
          htmlFor={fields.version.id}
          errorId={fields.version.errorId}
          errors={fields.version.errors}
        >
          <Select {...getSelectProps(fields.version)} key={fields.version.key}>
            {MILESTONE_VERSIONS.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </Select>
        </Field>
        <Field
          label="Blocker tracker (id or alias)"
          htmlFor={fields.blockerTracker.id}
          errorId={fields.blockerTracker.errorId}
          errors={fields.blockerTracker.errors}
        >
          <Input
            {...getInputProps(fields.blockerTracker, { type: "text" })}
            key={fields.blockerTracker.key}
            placeholder="F47BetaBlocker"
          />
        </Field>
        <Field
          label="FE tracker (id or alias)"
          htmlFor={fields.feTracker.id}
          errorId={fields.feTracker.errorId}
          errors={fields.feTracker.errors}
        >
          <Input
            {...getInputProps(fields.feTracker, { type: "text" })}
            key={fields.feTracker.key}
            placeholder="F47BetaFreezeException"
          />
        </Field>
        <CheckboxField {...getInputProps(fields.active, { type: "checkbox" })} key={fields.active.key}>
          Active
        </CheckboxField>
        <CheckboxField {...getInputProps(fields.current, { type: "checkbox" })} key={fields.current.key}>
          Current milestone
        </CheckboxField>
        <div className="col-span-2">
          <Button name="intent" value="add-milestone">
            Add milestone
          </Button>
        </div>
      </Form>
    </section>
  );
}

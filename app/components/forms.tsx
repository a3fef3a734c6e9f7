import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ComponentProps, ReactNode } from "react";
import type { z } from "zod";
import { CheckboxField, Field, Input, Select, Textarea } from "~/components/ui/field";

/**
 * A conform form validated by a zod schema, the same way on the server (`parseWithZod` in the action)
 * and in the browser: first on blur, then on every input. `lastResult` is the action's
 * `submission.reply()`: after a refusal it brings back the errors and what was typed (also without
 * JavaScript, where the page is rendered anew). `defaultValue` holds the form's starting values.
 * @returns conform's `[form, fields]`
 */
export function useZodForm<Schema extends z.ZodType<Record<string, unknown>>>(
  schema: Schema,
  options: {
    id: string;
    lastResult?: SubmissionResult<string[]> | null;
    defaultValue?: Partial<z.infer<Schema>>;
  },
) {
  return useForm<z.infer<Schema>>({
    ...options,
    defaultValue: options.defaultValue as never,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

type Meta = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/** The label, hint and error props of a {@link Field} for a conform field. */
function fieldProps(meta: Meta, label: ReactNode, hint?: ReactNode) {
  return {
    label,
    htmlFor: meta.id,
    hint,
    hintId: hint ? meta.descriptionId : undefined,
    errorId: meta.errorId,
    errors: meta.errors,
  };
}

/**
 * A labelled text input bound to a conform field (name, id, value, `aria-invalid`, `aria-describedby`
 * to its hint and errors); other props (`inputMode`, `placeholder`, `type="email"`, …) go to the input.
 */
export function TextField({
  meta,
  label,
  hint,
  type = "text",
  ...props
}: Omit<ComponentProps<"input">, "type"> & {
  meta: Meta;
  label: ReactNode;
  hint?: ReactNode;
  type?: "text" | "email" | "search";
}) {
  return (
    <Field {...fieldProps(meta, label, hint)}>
      <Input
        {...getInputProps(meta, { type, ariaDescribedBy: hint ? meta.descriptionId : undefined })}
        key={meta.key}
        {...props}
      />
    </Field>
  );
}

/** A labelled select bound to a conform field; `children` are its options. */
export function SelectField({
  meta,
  label,
  children,
}: {
  meta: Meta;
  label: ReactNode;
  children: ReactNode;
}) {
  return (
    <Field {...fieldProps(meta, label)}>
      <Select {...getSelectProps(meta)} key={meta.key}>
        {children}
      </Select>
    </Field>
  );
}

/** A labelled text area bound to a conform field, with an optional hint read with it. */
export function TextareaField({
  meta,
  label,
  hint,
  ...props
}: ComponentProps<"textarea"> & { meta: Meta; label: ReactNode; hint?: ReactNode }) {
  return (
    <Field {...fieldProps(meta, label, hint)}>
      <Textarea
        {...getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined })}
        key={meta.key}
        {...props}
      />
    </Field>
  );
}

/** A checkbox bound to a conform field, its label (`children`) on the right. */
export function Checkbox({ meta, children }: { meta: Meta; children: ReactNode }) {
  return (
    <CheckboxField {...getInputProps(meta, { type: "checkbox" })} key={meta.key}>
      {children}
    </CheckboxField>
  );
}

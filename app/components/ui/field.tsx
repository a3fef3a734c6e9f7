import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

const CONTROL =
  "block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600 aria-[invalid=true]:border-red-600";

/** `compact`: smaller padding, for a toolbar of filters. */
interface ControlProps {
  compact?: boolean;
}

/** The classes of a form control, compact or not, with the caller's `className` last. */
function controlClass({ compact = false, className }: ControlProps & { className?: string }): string {
  return cn(CONTROL, compact && "px-2 py-1", className);
}

/** A text input in the site's style (`aria-invalid` turns its border red). */
export function Input({ compact, className, ...props }: ComponentProps<"input"> & ControlProps) {
  return <input className={controlClass({ compact, className })} {...props} />;
}

/** A select in the site's style. */
export function Select({ compact, className, ...props }: ComponentProps<"select"> & ControlProps) {
  return <select className={controlClass({ compact, className })} {...props} />;
}

/** A text area in the site's style. */
export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={controlClass({ className })} {...props} />;
}

const LABEL = "block text-sm font-medium text-slate-800";

/** A form label (a block of medium-weight text). */
export function Label({ className, ...props }: ComponentProps<"label">) {
  return <label className={cn(LABEL, className)} {...props} />;
}

/** The label of a group of fields (`<legend>` of a `<fieldset>`), styled as {@link Label}. */
export function Legend({ className, ...props }: ComponentProps<"legend">) {
  return <legend className={cn(LABEL, className)} {...props} />;
}

/** The messages of one field (or of the whole form), announced to screen readers; nothing when none. */
export function ErrorList({ id, errors }: { id?: string; errors?: readonly string[] | null }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-red-700" role="alert">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

/**
 * One labelled field of a form: the label (tied to the control by `htmlFor` = the control's `id`), an
 * optional hint with the id `hintId`, the control (`children`) and its error messages with the id
 * `errorId`. The control itself carries `aria-invalid` and `aria-describedby` (conform's
 * `getInputProps` sets them from the same ids), so a screen reader reads the message with the field.
 */
export function Field({
  label,
  htmlFor,
  hint,
  hintId,
  errorId,
  errors,
  className,
  children,
}: {
  label: ReactNode;
  htmlFor: string;
  hint?: ReactNode;
  hintId?: string;
  errorId: string;
  errors?: readonly string[] | null;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <Label htmlFor={htmlFor}>{label}</Label>
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {children}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

/** A checkbox with its label on the right (`children`); the props go to the `<input>`. */
export function CheckboxField({
  children,
  className,
  ...props
}: Omit<ComponentProps<"input">, "type"> & { children: ReactNode }) {
  return (
    <label className={cn("flex items-center gap-2 text-sm", className)}>
      <input type="checkbox" {...props} /> {children}
    </label>
  );
}

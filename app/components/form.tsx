import type { ReactNode } from "react";

/** Classes of text inputs, selects and text areas. */
export const inputClass =
  "block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600 aria-[invalid=true]:border-red-600";
/** Classes of the main button of a form. */
export const buttonClass =
  "inline-flex items-center rounded bg-[#294172] px-4 py-2 text-sm font-semibold text-white shadow hover:bg-[#3c6eb4] focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2";

/** The messages of one field (or of the whole form), announced to screen readers. */
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
 * The attributes that tie a refused field to its message (rendered by {@link ErrorList} with the id
 * `errorId`): nothing when the field has no error.
 */
export function fieldErrorProps(errorId: string, error?: string | null) {
  return error ? { "aria-invalid": true as const, "aria-describedby": errorId } : {};
}

/**
 * One field's refusal from a form's `errors` (field name → message): `props` for its input (see
 * {@link fieldErrorProps}) and `list`, the message rendered under it with the id `errorId`.
 */
export function fieldError(errors: Record<string, string> | undefined, name: string, errorId: string) {
  const error = errors?.[name];
  return {
    props: fieldErrorProps(errorId, error),
    list: <ErrorList id={errorId} errors={error ? [error] : null} />,
  };
}

/** A notice box: `error` (red), `info` (blue) or `success` (green). */
export function Notice({ tone, children }: { tone: "error" | "info" | "success"; children: ReactNode }) {
  const colours = {
    error: "border-red-300 bg-red-50 text-red-900",
    info: "border-sky-300 bg-sky-50 text-sky-900",
    success: "border-green-300 bg-green-50 text-green-900",
  }[tone];
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`rounded border px-4 py-3 text-sm ${colours}`}
    >
      {children}
    </div>
  );
}

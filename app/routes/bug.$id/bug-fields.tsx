import type { ReactNode } from "react";
import { RelativeAndUtcTime } from "~/components/time";
import { None } from "~/components/ui/text";
import { cn } from "~/components/ui/cn";
import type { BugPageView } from "./view";

/** One term/description pair of the fields list. */
function FieldRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 border-t border-slate-100 py-1.5 first:border-t-0">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** Bug ids as a row of Bugzilla links; closed ones muted (and said so for screen readers). */
function BugLinks({ bugs }: { bugs: { id: number; url: string; open?: boolean }[] }) {
  if (bugs.length === 0) return <None />;
  return (
    <ul className="flex flex-wrap gap-x-2">
      {bugs.map((b) => (
        <li key={b.id}>
          <a
            href={b.url}
            className={cn(
              "font-mono text-xs hover:underline",
              b.open === false ? "text-slate-500" : "text-sky-800",
            )}
            title={b.open === undefined ? undefined : b.open ? "open" : "closed"}
          >
            {b.id}
          </a>
          {b.open === false ? <span className="sr-only"> (closed)</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** The fields shown, in order: label and rendered value (a dash when empty). */
function fieldRows(bug: BugPageView): { label: string; value: ReactNode }[] {
  return [
    {
      label: "Whiteboard",
      value: bug.whiteboard ? <span className="font-mono text-xs">{bug.whiteboard}</span> : <None />,
    },
    { label: "Assignee", value: bug.assignee || <None /> },
    { label: "Keywords", value: bug.keywords.length > 0 ? bug.keywords.join(", ") : <None /> },
    {
      label: "Needinfo",
      value:
        bug.needinfo.length > 0 ? (
          <ul>
            {bug.needinfo.map((who) => (
              <li key={who} className="text-amber-900">
                {who}
              </li>
            ))}
          </ul>
        ) : (
          <None />
        ),
    },
    { label: "Depends on", value: <BugLinks bugs={bug.dependsOn} /> },
    { label: "Blocks", value: <BugLinks bugs={bug.blocks} /> },
    { label: "Last change", value: <RelativeAndUtcTime time={bug.lastChange} fallback="unknown" /> },
    { label: "Fetched", value: <RelativeAndUtcTime time={bug.fetched} fallback="never" /> },
  ];
}

/** The card of the bug's Bugzilla fields: whiteboard, assignee, keywords, needinfo, dependencies, times. */
export function BugFields({ bug }: { bug: BugPageView }) {
  return (
    <section
      aria-labelledby="fields"
      className="self-start rounded-md border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 id="fields" className="mb-2 text-base font-semibold">
        Fields
      </h2>
      <dl className="text-sm">
        {fieldRows(bug).map(({ label, value }) => (
          <FieldRow key={label} label={label}>
            {value}
          </FieldRow>
        ))}
      </dl>
    </section>
  );
}

import type { ReactNode } from "react";
import { cn } from "~/components/ui/cn";
import { EmptyNote } from "~/components/ui/text";

/**
 * A titled part of the bug page (milestones, updates, discussion, history): its `<h2>` with the anchor
 * `id`, then `children`, or the `empty` text in a dashed box when there is nothing to show. `first`
 * leaves out the space above it.
 */
export function BugSection({
  id,
  title,
  empty,
  first = false,
  children,
}: {
  id: string;
  title: ReactNode;
  empty?: ReactNode;
  first?: boolean;
  children?: ReactNode;
}) {
  return (
    <>
      <h2
        id={id}
        className={cn("mb-2 flex flex-wrap items-center gap-2 text-base font-semibold", !first && "mt-6")}
      >
        {title}
      </h2>
      {empty ? <EmptyNote>{empty}</EmptyNote> : children}
    </>
  );
}

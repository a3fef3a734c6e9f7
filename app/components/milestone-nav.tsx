import { Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { milestonePath } from "~/components/format";
import { PageTitle } from "~/components/ui/text";

/** The pages of one milestone, as tabs under its heading. */
export function MilestoneNav({ release, version }: { release: number; version: string }) {
  const tabs = [
    { to: milestonePath(release, version, "buglist"), label: "Bug list" },
    { to: milestonePath(release, version, "requests"), label: "Release engineering requests" },
    { to: milestonePath(release, version, "irc"), label: "IRC meeting script" },
    { to: milestonePath(release, version, "changes"), label: "Changes" },
  ];
  return (
    <nav aria-label="Milestone pages" className="mt-3 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-1 text-sm">
        {tabs.map((t) => (
          <li key={t.to}>
            <NavLink
              to={t.to}
              prefetch="none"
              className={({ isActive }) =>
                `inline-block rounded-t border px-3 py-1.5 font-medium ${
                  isActive
                    ? "border-slate-200 border-b-slate-50 bg-slate-50 text-slate-900"
                    : "border-transparent text-sky-800 hover:bg-white hover:underline"
                }`
              }
            >
              {t.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Heading of a milestone sub-page (requests, IRC script): milestone name as a link to its bug list,
 * the page title, an optional line below, and the milestone tabs.
 */
export function MilestonePageHeader({
  milestone,
  title,
  children,
}: {
  milestone: { name: string; path: string; release: number; version: string };
  title: string;
  children?: ReactNode;
}) {
  return (
    <header className="mb-5">
      <p className="text-sm">
        <Link to={milestone.path} className="font-medium text-sky-800 hover:underline">
          {milestone.name}
        </Link>
      </p>
      <PageTitle>{title}</PageTitle>
      {children ? <div className="mt-1 text-sm text-slate-600">{children}</div> : null}
      <MilestoneNav release={milestone.release} version={milestone.version} />
    </header>
  );
}

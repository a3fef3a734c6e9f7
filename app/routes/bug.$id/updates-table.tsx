import { StableTagMarker, UpdateRequest, UpdateStatusBadge } from "~/components/updates";
import { cn } from "~/components/ui/cn";
import { RowHeader, Table, Td, Tr } from "~/components/ui/table";
import { None } from "~/components/ui/text";
import { BugSection } from "./bug-section";
import type { BugPageView } from "./view";

type BuildView = BugPageView["updates"][number]["builds"][number];

/** What Koji says of a build's tags, in words. */
function tagsText(b: BuildView): string {
  if (b.kojiError) return `Koji: ${b.kojiError}`;
  if (b.tags === null) return "tags not fetched from Koji yet";
  return b.tags.length === 0 ? "no tags" : `tags: ${b.tags.join(", ")}`;
}

/** The Bodhi updates listing the bug, with their builds and Koji tags (dead updates muted). */
export function UpdatesTable({ bug }: { bug: BugPageView }) {
  return (
    <BugSection
      id="updates"
      title="Updates"
      empty={bug.updates.length === 0 && "No Bodhi update lists this bug."}
    >
      <Table
        caption={`Bodhi updates of bug ${bug.bugId} and their builds`}
        cards
        columns={["Update", "Status", "Karma", "Builds and stable tag"]}
        rows={bug.updates}
        row={(u) => (
          <Tr key={u.alias} className={cn("align-baseline", u.dead && "text-slate-500")}>
            <RowHeader>
              <a
                href={u.url}
                className={cn(
                  "font-mono text-xs hover:underline",
                  u.dead ? "text-slate-500" : "text-sky-800",
                )}
              >
                {u.alias}
              </a>
              <div className="text-xs text-slate-500">{u.releaseName}</div>
              {u.previousReleaseFix.length > 0 ? (
                <div className="mt-0.5 text-xs text-violet-800">
                  previous-release fix for {u.previousReleaseFix.join(", ")}
                </div>
              ) : null}
            </RowHeader>
            <Td>
              <span className="inline-flex flex-wrap items-center gap-1.5">
                <UpdateStatusBadge marker={u.marker} title={`Bodhi status: ${u.status}`} />
                <UpdateRequest request={u.request} />
              </span>
            </Td>
            <Td label="karma" className="tabular-nums">
              {u.karmaText}
            </Td>
            <Td card="full">
              <ul className="space-y-1">
                {u.builds.map((b) => (
                  <li key={b.nvr} className="text-xs">
                    <span className="flex items-baseline gap-1.5 font-mono">
                      <StableTagMarker value={b.inStableTag} stableTag={u.stableTag} single />
                      <span className="break-all">{b.nvr}</span>
                    </span>
                    <span className="ml-4 block text-[11px] text-slate-500">{tagsText(b)}</span>
                  </li>
                ))}
              </ul>
              {u.builds.length === 0 ? <None /> : null}
            </Td>
          </Tr>
        )}
      />
    </BugSection>
  );
}

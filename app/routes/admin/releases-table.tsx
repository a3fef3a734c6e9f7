import { Form, Link } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { RowHeader, Table, Td, Tr } from "~/components/ui/table";
import type { AdminPageData } from "./route";

type ReleaseView = AdminPageData["releases"][number];

/** Every release with its milestones: trackers, state, last sync, and links to edit them. */
export function ReleasesTable({ releases }: { releases: ReleaseView[] }) {
  return (
    <section aria-labelledby="milestones" className="space-y-3">
      <h2 id="milestones" className="text-lg font-semibold">
        Releases and milestones
      </h2>
      <Table
        aria-labelledby="milestones"
        cards
        columns={[
          "Milestone",
          "Blocker tracker",
          "FE tracker",
          "State",
          "Last sync",
          { label: <span className="sr-only">Actions</span>, key: "Actions" },
        ]}
        rows={releases}
        row={(r) => <ReleaseRows key={r.number} release={r} />}
      />
    </section>
  );
}

/** A release's heading row (with its activate / deactivate button) and its milestones' rows. */
function ReleaseRows({ release }: { release: ReleaseView }) {
  return (
    <>
      <Tr className="border-slate-300! bg-slate-50/70 align-top">
        <RowHeader scope="rowgroup" colSpan={5} className="font-semibold">
          Fedora {release.number} {release.active ? null : <Badge tone="gray">inactive</Badge>}
        </RowHeader>
        <Td>
          <Form method="post">
            <input type="hidden" name="number" value={release.number} />
            {release.active ? null : <input type="hidden" name="active" value="on" />}
            <Button variant="link" name="intent" value="release-active">
              {release.active ? "Deactivate release" : "Activate release"}
            </Button>
          </Form>
        </Td>
      </Tr>
      {release.milestones.map((m) => (
        <Tr key={m.id} className="align-top">
          <RowHeader>
            <Link to={m.path} className="text-sky-800 underline hover:text-sky-950">
              {m.name}
            </Link>
          </RowHeader>
          <Td label="blocker">{m.blocker}</Td>
          <Td label="FE">{m.fe}</Td>
          <Td className="space-x-1">
            {m.current ? <Badge tone="green">current</Badge> : null}
            <Badge tone={m.active ? "blue" : "gray"}>{m.active ? "active" : "inactive"}</Badge>
          </Td>
          <Td label="last sync">
            <span className="whitespace-nowrap">{m.lastSyncAt ?? "never"}</span>
            {m.lastSyncError ? <div className="text-xs text-red-800">{m.lastSyncError}</div> : null}
          </Td>
          <Td>
            <Link to={`/admin/milestones/${m.id}`} className="text-sky-800 underline hover:text-sky-950">
              Edit
            </Link>
          </Td>
        </Tr>
      ))}
    </>
  );
}

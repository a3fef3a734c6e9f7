import { Form, type useLoaderData } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { CheckboxField } from "~/components/ui/field";
import { Notice } from "~/components/ui/notice";
import { Table, Td, Tr } from "~/components/ui/table";
import type { loader } from "./route";

type AdminView = ReturnType<typeof useLoaderData<typeof loader>>;

/** "Sync now" (incremental or full, in the background) and the recent sync runs with their errors. */
export function SyncPanel({ runs, syncRunning }: Pick<AdminView, "runs" | "syncRunning">) {
  return (
    <section aria-labelledby="sync" className="space-y-3">
      <h2 id="sync" className="text-lg font-semibold">
        Sync
      </h2>
      {syncRunning ? <Notice tone="info">A sync is running right now.</Notice> : null}
      <Form method="post" className="flex items-center gap-4">
        <CheckboxField name="full">Full (re-read every bug)</CheckboxField>
        <Button name="intent" value="sync">
          Sync now
        </Button>
      </Form>
      <Table
        caption="Recent sync runs"
        columns={["Run", "Source", "Kind", "Started (UTC)", "Finished", "Outcome", "Errors"]}
        rows={runs}
        row={(r) => (
          <Tr key={r.id} className="align-top">
            <Td>{r.id}</Td>
            <Td>{r.source}</Td>
            <Td>{r.kind}</Td>
            <Td>{r.startedAt}</Td>
            <Td>{r.finishedAt ?? "—"}</Td>
            <Td>
              <Badge tone={r.outcome === "success" ? "green" : r.outcome === "running" ? "blue" : "red"}>
                {r.outcome}
              </Badge>
            </Td>
            <Td className="max-w-xl break-words text-xs text-red-800">{r.error ?? ""}</Td>
          </Tr>
        )}
      />
    </section>
  );
}

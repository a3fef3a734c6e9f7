import { Form, Link, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { CheckboxField } from "~/components/ui/field";
import { Table, Td, Tr } from "~/components/ui/table";
import type { AdminPageData } from "./route";
import { sourceName, type SyncStatusView } from "./view";

/** How often the page reloads its data while a sync runs (JavaScript on). */
const POLL_MS = 2000;

/**
 * "Sync now" (incremental or full, in the background), the sync status (which source is running and
 * what kind of sync it does; with JavaScript it updates itself while a sync runs, without it a Refresh
 * link reloads the page) and the recent sync runs with their errors.
 */
export function SyncPanel({ runs, sync }: Pick<AdminPageData, "runs" | "sync">) {
  const live = useRevalidateWhile(sync.running, POLL_MS);
  return (
    <section aria-labelledby="sync" className="space-y-3">
      <h2 id="sync" className="text-lg font-semibold">
        Sync
      </h2>
      <SyncStatus sync={sync} live={live} />
      <Form method="post" className="flex flex-wrap items-center gap-4">
        <CheckboxField name="full">Full (re-read every bug)</CheckboxField>
        <Button name="intent" value="sync">
          Sync now
        </Button>
      </Form>
      <Table
        caption="Recent sync runs"
        cards
        columns={["Run", "Source", "Kind", "Started", "Finished", "Outcome", "Errors"]}
        rows={runs}
        row={(r) => (
          <Tr key={r.id} className="align-top">
            <Td label="run">{r.id}</Td>
            <Td>{r.source}</Td>
            <Td>{r.kind}</Td>
            <Td label="started" className="whitespace-nowrap">
              {r.startedAt}
            </Td>
            <Td label="finished" className="whitespace-nowrap">
              {r.finishedAt ?? "—"}
            </Td>
            <Td>
              <Badge tone={r.outcome === "success" ? "green" : r.outcome === "running" ? "blue" : "red"}>
                {r.outcome}
              </Badge>
            </Td>
            <Td card="full" className="max-w-xl break-words text-xs text-red-800">
              {r.error ?? ""}
            </Td>
          </Tr>
        )}
      />
    </section>
  );
}

/** One line on the sync: running (which source, what kind, since when) or not (when the last run ended). */
function SyncStatus({ sync, live }: { sync: SyncStatusView; live: boolean }) {
  const { running, current } = sync;
  return (
    <div
      role="status"
      data-testid="sync-status"
      className={cn(
        "rounded border px-4 py-3 text-sm",
        running ? "border-sky-300 bg-sky-50 text-sky-900" : "border-slate-200 bg-white text-slate-700",
      )}
    >
      {running ? (
        <>
          {current ? (
            <>
              Sync running: <strong>{sourceName(current.source)}</strong> is doing{" "}
              <strong>{current.kind === "full" ? "a full" : "an incremental"} sync</strong>, started{" "}
              <span className="whitespace-nowrap">{current.startedAt}</span> (running for {current.elapsed}).
            </>
          ) : (
            <>A sync is running.</>
          )}{" "}
          {live ? (
            <span className="text-sky-800">This status updates itself.</span>
          ) : (
            <Link to="/admin" className="font-medium text-sky-800 underline hover:text-sky-950">
              Refresh
            </Link>
          )}
        </>
      ) : sync.lastFinishedAt ? (
        <>
          No sync is running. The last run finished{" "}
          <span className="whitespace-nowrap">{sync.lastFinishedAt}</span>.
        </>
      ) : (
        <>No sync has run yet.</>
      )}
    </div>
  );
}

/**
 * Reloads the page's data every `everyMs` while `active` (and the page is visible and not navigating),
 * and stops when it is not. Returns whether it does so: false until JavaScript runs the page.
 */
function useRevalidateWhile(active: boolean, everyMs: number): boolean {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const [hydrated, setHydrated] = useState(false);
  // The interval reads the latest state without being restarted by every render.
  const latest = useRef({ revalidator, navigation });
  latest.current = { revalidator, navigation };
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      const { revalidator, navigation } = latest.current;
      if (document.hidden || revalidator.state !== "idle" || navigation.state !== "idle") return;
      revalidator.revalidate();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return hydrated && active;
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { adminOutcome } from "~/admin/outcome.server";
import {
  addMilestone,
  addRelease,
  AdminError,
  discoverRelease,
  setReleaseActive,
  type DiscoveredMilestone,
} from "~/admin/milestones.server";
import { isSyncRunning, startBackgroundSync } from "~/sync/background.server";
import { requireAdmin } from "~/auth/session.server";
import { Badge } from "~/components/ui/badge";
import { buttonClass, fieldError, inputClass, Notice } from "~/components/form";
import { AdminActionSchema, errorSummary, firstErrors, formValues } from "~/admin/forms";
import { pageTitle } from "~/components/format";
import { milestoneName } from "~/domain/milestone-name";
import { MILESTONE_VERSIONS } from "~/domain/milestone-name";
import { bugzillaClient } from "~/upstream/clients.server";
import { listRecentSyncRuns, listReleasesWithMilestones } from "./queries.server";
import { adminView } from "./view";

export const meta: MetaFunction = () => [{ title: pageTitle("Administration") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const [releases, runs, syncRunning] = await Promise.all([
    listReleasesWithMilestones(context.db),
    listRecentSyncRuns(context.db),
    isSyncRunning(context.db),
  ]);
  return adminView(releases, runs, syncRunning);
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAdmin(request, context);
  const values = formValues(await request.formData());
  const parsed = AdminActionSchema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors = firstErrors(parsed.error);
    return data({ error: errorSummary(fieldErrors), fieldErrors, values }, { status: 400 });
  }
  const input = parsed.data;
  const { db, config } = context;
  const outcome = await adminOutcome(async () => {
    switch (input.intent) {
      case "add-release": {
        const { created } = await addRelease(db, input.number);
        return created ? `Release ${input.number} added.` : `Release ${input.number} already exists.`;
      }
      case "discover-release": {
        const found = await discoverRelease(db, bugzillaClient(config), input.number);
        const text = `${found.milestones.map(discoveryText).join("; ")}.`;
        if (!found.releaseExists) throw new AdminError(`Release ${input.number} not created: ${text}`);
        return `Release ${input.number}${found.releaseCreated ? " added" : ""}: ${text}`;
      }
      case "release-active": {
        const deactivated = await setReleaseActive(db, input.number, input.active);
        if (input.active)
          return `Release ${input.number} is now active; activate the milestones you want on their Edit pages.`;
        return deactivated.length
          ? `Release ${input.number} is now inactive, and so are its milestones (${deactivated.join(", ")}).`
          : `Release ${input.number} is now inactive.`;
      }
      case "add-milestone": {
        const m = await addMilestone(db, bugzillaClient(config), {
          release: input.release,
          version: input.version,
          blockerTracker: input.blockerTracker,
          feTracker: input.feTracker,
          active: input.active,
          current: input.current,
        });
        return `${milestoneName(m.release.number, m.version)} added with trackers ${m.blockerTrackerId} and ${m.feTrackerId}.`;
      }
      case "sync": {
        const started = await startBackgroundSync(db, context.databaseUrl, config, { full: input.full });
        if (started === "running")
          throw new AdminError("A sync is already running; wait for it to finish (see the runs below).");
        return `${input.full ? "A full" : "An incremental"} sync has started in the background; reload to see it below.`;
      }
    }
  });
  if (outcome.error) return data({ ...outcome, values }, { status: 400 });
  return data(outcome, { status: 200 });
}

/** One discovered milestone as a phrase: "Fedora 48 Beta created", "… already exists", "… not created: …". */
function discoveryText(m: DiscoveredMilestone): string {
  if (m.outcome === "created") return `${m.name} created`;
  if (m.outcome === "exists") return `${m.name} already exists`;
  return `${m.name} not created${m.detail ? `: ${m.detail}` : ""}`;
}

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-3 py-2 align-top";
const link = "text-sky-800 underline hover:text-sky-950";

export default function Admin() {
  const { releases, runs, syncRunning } = useLoaderData<typeof loader>();
  const result = useActionData<{
    ok?: string;
    error?: string;
    fieldErrors?: Record<string, string>;
    values?: Record<string, string>;
  }>();
  // A refused form is shown again with what was typed in it (the page is rendered anew without JavaScript).
  const typed = (intents: string[]) =>
    result?.values && intents.includes(result.values.intent ?? "") ? result.values : undefined;
  const release = typed(["add-release", "discover-release"]);
  const milestone = typed(["add-milestone"]);
  // Each refused field's message, shown under it and tied to it (aria-describedby).
  const releaseErrors = release ? result?.fieldErrors : undefined;
  const milestoneErrors = milestone ? result?.fieldErrors : undefined;
  const numberError = fieldError(releaseErrors, "number", "add-release-number-error");
  const releaseError = fieldError(milestoneErrors, "release", "add-milestone-release-error");
  const versionError = fieldError(milestoneErrors, "version", "add-milestone-version-error");
  const blockerError = fieldError(milestoneErrors, "blockerTracker", "add-milestone-blocker-error");
  const feError = fieldError(milestoneErrors, "feTracker", "add-milestone-fe-error");
  return (
    <div className="space-y-10">
      <h1 className="text-2xl font-semibold tracking-tight">Administration</h1>
      {result?.error ? <Notice tone="error">{result.error}</Notice> : null}
      {result?.ok ? <Notice tone="success">{result.ok}</Notice> : null}

      <section aria-labelledby="milestones" className="space-y-3">
        <h2 id="milestones" className="text-lg font-semibold">
          Releases and milestones
        </h2>
        <div className="relative overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-sm" aria-labelledby="milestones">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>
                  Milestone
                </th>
                <th scope="col" className={th}>
                  Blocker tracker
                </th>
                <th scope="col" className={th}>
                  FE tracker
                </th>
                <th scope="col" className={th}>
                  State
                </th>
                <th scope="col" className={th}>
                  Last sync
                </th>
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {releases.map((r) => (
                <ReleaseRows key={r.number} release={r} />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="grid gap-8 md:grid-cols-2">
        <section aria-labelledby="add-release" className="space-y-3">
          <h2 id="add-release" className="text-lg font-semibold">
            Add a release
          </h2>
          <Form method="post" className="flex items-end gap-3">
            <label className="text-sm font-medium">
              Release number
              <input
                name="number"
                inputMode="numeric"
                required
                {...numberError.props}
                className={inputClass}
                defaultValue={release?.number}
              />
            </label>
            <button type="submit" name="intent" value="add-release" className={buttonClass}>
              Add release
            </button>
            <button type="submit" name="intent" value="discover-release" className={buttonClass}>
              Add with Beta and Final
            </button>
          </Form>
          {numberError.list}
          <p className="text-xs text-slate-500">
            &ldquo;Add with Beta and Final&rdquo; also creates the release&apos;s Beta and Final milestones
            from the standard tracker aliases (F<i>N</i>BetaBlocker, F<i>N</i>BetaFreezeException, F<i>N</i>
            FinalBlocker, F<i>N</i>FinalFreezeException) when they resolve in Bugzilla; existing milestones
            are left as they are.
          </p>
        </section>

        <section aria-labelledby="add-milestone" className="space-y-3">
          <h2 id="add-milestone" className="text-lg font-semibold">
            Add a milestone
          </h2>
          <Form method="post" className="grid grid-cols-2 gap-3 text-sm">
            <div>
              <label className="font-medium">
                Release
                <input
                  name="release"
                  inputMode="numeric"
                  required
                  {...releaseError.props}
                  className={inputClass}
                  defaultValue={milestone?.release}
                />
              </label>
              {releaseError.list}
            </div>
            <div>
              <label className="font-medium">
                Version
                <select
                  name="version"
                  {...versionError.props}
                  className={inputClass}
                  defaultValue={milestone?.version ?? "beta"}
                >
                  {MILESTONE_VERSIONS.map((v) => (
                    <option key={v}>{v}</option>
                  ))}
                </select>
              </label>
              {versionError.list}
            </div>
            <div>
              <label className="font-medium">
                Blocker tracker (id or alias)
                <input
                  name="blockerTracker"
                  required
                  {...blockerError.props}
                  className={inputClass}
                  placeholder="F47BetaBlocker"
                  defaultValue={milestone?.blockerTracker}
                />
              </label>
              {blockerError.list}
            </div>
            <div>
              <label className="font-medium">
                FE tracker (id or alias)
                <input
                  name="feTracker"
                  required
                  {...feError.props}
                  className={inputClass}
                  placeholder="F47BetaFreezeException"
                  defaultValue={milestone?.feTracker}
                />
              </label>
              {feError.list}
            </div>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="active" defaultChecked={milestone ? !!milestone.active : true} />{" "}
              Active
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="current" defaultChecked={!!milestone?.current} /> Current milestone
            </label>
            <div className="col-span-2">
              <button type="submit" name="intent" value="add-milestone" className={buttonClass}>
                Add milestone
              </button>
            </div>
          </Form>
        </section>
      </div>

      <section aria-labelledby="sync" className="space-y-3">
        <h2 id="sync" className="text-lg font-semibold">
          Sync
        </h2>
        {syncRunning ? <Notice tone="info">A sync is running right now.</Notice> : null}
        <Form method="post" className="flex items-center gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="full" /> Full (re-read every bug)
          </label>
          <button type="submit" name="intent" value="sync" className={buttonClass}>
            Sync now
          </button>
        </Form>
        <div className="relative overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">Recent sync runs</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>
                  Run
                </th>
                <th scope="col" className={th}>
                  Source
                </th>
                <th scope="col" className={th}>
                  Kind
                </th>
                <th scope="col" className={th}>
                  Started (UTC)
                </th>
                <th scope="col" className={th}>
                  Finished
                </th>
                <th scope="col" className={th}>
                  Outcome
                </th>
                <th scope="col" className={th}>
                  Errors
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} className="border-t border-slate-200">
                  <td className={td}>{r.id}</td>
                  <td className={td}>{r.source}</td>
                  <td className={td}>{r.kind}</td>
                  <td className={td}>{r.startedAt}</td>
                  <td className={td}>{r.finishedAt ?? "—"}</td>
                  <td className={td}>
                    <Badge
                      tone={r.outcome === "success" ? "green" : r.outcome === "running" ? "blue" : "red"}
                    >
                      {r.outcome}
                    </Badge>
                  </td>
                  <td className={`${td} max-w-xl break-words text-xs text-red-800`}>{r.error ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

type ReleaseView = ReturnType<typeof useLoaderData<typeof loader>>["releases"][number];

/** A release's heading row (with its active toggle) and its milestones' rows. */
function ReleaseRows({ release }: { release: ReleaseView }) {
  return (
    <>
      <tr className="border-t border-slate-300 bg-slate-50/70">
        <th scope="rowgroup" colSpan={5} className="px-3 py-2 text-left font-semibold">
          Fedora {release.number} {release.active ? null : <Badge tone="gray">inactive</Badge>}
        </th>
        <td className={td}>
          <Form method="post">
            <input type="hidden" name="number" value={release.number} />
            {release.active ? null : <input type="hidden" name="active" value="on" />}
            <button type="submit" name="intent" value="release-active" className={link}>
              {release.active ? "Deactivate release" : "Activate release"}
            </button>
          </Form>
        </td>
      </tr>
      {release.milestones.map((m) => (
        <tr key={m.id} className="border-t border-slate-200">
          <th scope="row" className={`${td} text-left font-normal`}>
            <Link to={m.path} className={link}>
              {m.name}
            </Link>
          </th>
          <td className={td}>{m.blocker}</td>
          <td className={td}>{m.fe}</td>
          <td className={`${td} space-x-1`}>
            {m.current ? <Badge tone="green">current</Badge> : null}
            <Badge tone={m.active ? "blue" : "gray"}>{m.active ? "active" : "inactive"}</Badge>
          </td>
          <td className={`${td} text-xs`}>
            {m.lastSyncAt ?? "never"}
            {m.lastSyncError ? <div className="text-red-800">{m.lastSyncError}</div> : null}
          </td>
          <td className={td}>
            <Link to={`/admin/milestones/${m.id}`} className={link}>
              Edit
            </Link>
          </td>
        </tr>
      ))}
    </>
  );
}

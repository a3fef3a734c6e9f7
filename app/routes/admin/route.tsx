import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { redirectWithNotice, takeNotice } from "~/auth/flash.server";
import { adminOutcome } from "~/admin/outcome.server";
import {
  addMilestone,
  addRelease,
  AdminError,
  discoverRelease,
  setReleaseActive,
  type DiscoveredMilestone,
} from "~/admin/milestones.server";
import { isSyncRunning, startBackgroundSync, type BackgroundSyncStart } from "~/sync/background.server";
import { requireAdmin } from "~/auth/session.server";
import { Notice } from "~/components/ui/notice";
import { PageTitle } from "~/components/ui/text";
import { AdminActionSchema, errorSummary } from "~/admin/forms";
import { pageTitle } from "~/components/format";
import { milestoneName } from "~/domain/milestone-name";
import { bugzillaClient } from "~/upstream/clients.server";
import { AddMilestoneForm } from "./add-milestone-form";
import { AddReleaseForm } from "./add-release-form";
import { listRecentSyncRuns, listReleasesWithMilestones } from "./queries.server";
import { ReleasesTable } from "./releases-table";
import { SyncPanel } from "./sync-panel";
import { useNoticeOfThisVisit } from "./use-notice";
import { adminView, syncStartedText } from "./view";

export const meta: MetaFunction = () => [{ title: pageTitle("Administration") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const { notice, headers } = await takeNotice(request, context.config);
  // The lock first: a run read afterwards as running belongs to a sync that was running at that moment.
  const syncRunning = await isSyncRunning(context.db);
  const [releases, runs] = await Promise.all([
    listReleasesWithMilestones(context.db),
    listRecentSyncRuns(context.db),
  ]);
  const page: AdminPageData = { ...adminView(releases, runs, syncRunning, new Date()), notice };
  return data(page, { headers });
}

/** What the admin page's loader returns: the view and the notice of the action that led here (once). */
export type AdminPageData = ReturnType<typeof adminView> & { notice: string | null };

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAdmin(request, context);
  const submission = parseWithZod(await request.formData(), { schema: AdminActionSchema });
  if (submission.status !== "success") {
    const reply: AdminReply = {
      error: errorSummary(submission.error ?? {}),
      intent: String(submission.payload.intent ?? ""),
      result: submission.reply(),
    };
    return data(reply, { status: 400 });
  }
  const input = submission.value;
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
        const started: BackgroundSyncStart = await startBackgroundSync(db, context.databaseUrl, config, {
          full: input.full,
        });
        if (started.state === "running")
          throw new AdminError("A sync is already running; wait for it to finish (see Sync below).");
        return syncStartedText(input.full, started.first);
      }
    }
  });
  // A refused operation shows its form again with what was typed (the page is rendered anew without JavaScript).
  if (outcome.error !== undefined)
    return data(
      { error: outcome.error, intent: input.intent, result: submission.reply() } satisfies AdminReply,
      {
        status: 400,
      },
    );
  // Post/redirect/get: the page is loaded afresh at its own URL and shows the outcome once.
  return redirectWithNotice(config, "/admin", outcome.ok);
}

/** What the action answers when it refuses: the message, the form it came from and conform's reply. */
interface AdminReply {
  error: string;
  intent: string;
  result?: SubmissionResult<string[]>;
}

/** One discovered milestone as a phrase: "Fedora 48 Beta created", "… already exists", "… not created: …". */
function discoveryText(m: DiscoveredMilestone): string {
  if (m.outcome === "created") return `${m.name} created`;
  if (m.outcome === "exists") return `${m.name} already exists`;
  return `${m.name} not created${m.detail ? `: ${m.detail}` : ""}`;
}

export default function Admin() {
  // `data()` is not typed without the single-fetch type augmentation.
  const { releases, runs, sync, notice: loadedNotice } = useLoaderData<AdminPageData>();
  const notice = useNoticeOfThisVisit(loadedNotice);
  // `data()` is not typed without the single-fetch type augmentation.
  const reply = useActionData<AdminReply>();
  // Only the form that was sent gets the reply (its errors and what was typed in it).
  const replyTo = (intents: string[]) => (reply && intents.includes(reply.intent) ? reply.result : undefined);
  return (
    <div className="space-y-10">
      <PageTitle>Administration</PageTitle>
      {reply?.error ? <Notice tone="error">{reply.error}</Notice> : null}
      {notice && !reply?.error ? <Notice tone="success">{notice}</Notice> : null}
      <ReleasesTable releases={releases} />
      <div className="grid gap-8 md:grid-cols-2">
        <AddReleaseForm lastResult={replyTo(["add-release", "discover-release"])} />
        <AddMilestoneForm lastResult={replyTo(["add-milestone"])} />
      </div>
      <SyncPanel runs={runs} sync={sync} />
    </div>
  );
}

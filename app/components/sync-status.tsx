import { Link } from "@remix-run/react";
import { Fragment } from "react";
import { breakableParts } from "~/components/format";
import type { SyncView } from "~/components/milestone-view";
import type { SourceFailureView } from "~/sync/status-view";
import { SourceCheckoutNote } from "./cli-note";
import { Badge } from "./ui/badge";
import { RelativeAndUtcTime, RelativeTime } from "./time";
import { Notice } from "./ui/notice";

/** Compact sync status for the home page: last successful sync time and a warning badge on failure. */
export function SyncSummary({ sync }: { sync: SyncView }) {
  if (sync.state === "never") {
    return <Badge tone="amber">never synced</Badge>;
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
      {sync.lastSuccess ? (
        <RelativeAndUtcTime time={sync.lastSuccess} />
      ) : (
        <span className="text-slate-500">no successful sync</span>
      )}
      {sync.state === "failed" ? (
        <Badge tone="red" title={`Last sync failed: ${sync.error}`}>
          ⚠ last sync failed
        </Badge>
      ) : null}
    </span>
  );
}

/**
 * Text that may break after the separators of URLs and paths (`/`, `?`, `&`, `=`, `,`) rather than only
 * mid-word, so a long request URL wraps readably; copying it gives the text unchanged.
 */
function BreakableText({ text }: { text: string }) {
  return (
    <>
      {breakableParts(text).map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}

/** Shell command shown in notices. */
function Cmd({ children }: { children: string }) {
  return (
    <code className="rounded bg-slate-800 px-1.5 py-0.5 font-mono text-xs text-slate-50">{children}</code>
  );
}

/**
 * Sync state of a milestone for the bug-list header: "Last synced …", plus a red banner when the last
 * attempt failed (error text, time of the attempt and of the last success) or a notice when the
 * milestone was never synced.
 */
export function SyncNotice({ sync }: { sync: SyncView }) {
  if (sync.state === "never") {
    return (
      <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
        <p className="font-semibold">This milestone has never been synced.</p>
        <p className="mt-1">
          Its bugs appear once the sync has fetched them from Bugzilla: run <Cmd>blockerbugs sync</Cmd>.
        </p>
        <SourceCheckoutNote example="blockerbugs sync" className="mt-1 text-amber-900" />
      </div>
    );
  }
  return (
    <>
      <p className="text-sm text-slate-600">
        Last synced{" "}
        {sync.lastSuccess ? (
          <RelativeAndUtcTime time={sync.lastSuccess} />
        ) : (
          <span className="font-medium text-red-700">never successfully</span>
        )}
      </p>
      {sync.state === "failed" ? (
        <div
          role="alert"
          className="mt-3 rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900"
        >
          <p className="font-semibold">
            The last sync failed
            {sync.attempt ? (
              <>
                {" "}
                (<RelativeTime time={sync.attempt} />, {sync.attempt.utc})
              </>
            ) : null}
            .
          </p>
          <pre className="mt-1 max-w-full whitespace-pre-wrap break-words rounded bg-white/60 px-2 py-1 font-mono text-xs leading-5">
            <BreakableText text={sync.error} />
          </pre>
          <p className="mt-1">
            {sync.lastSuccess ? (
              <>
                The list below is from the last successful sync, {sync.lastSuccess.relative} (
                {sync.lastSuccess.utc}).
              </>
            ) : (
              <>No sync of this milestone has succeeded yet.</>
            )}
          </p>
        </div>
      ) : null}
    </>
  );
}

/**
 * Amber warning per Bodhi/Koji/Pagure sync whose last run failed: what on the page may be stale, the
 * error, and the time of the last successful run of that source. Renders nothing when all are fine.
 */
export function SourceFailureNotice({ failures }: { failures: SourceFailureView[] }) {
  if (failures.length === 0) return null;
  return (
    <Notice tone="warning" className="mt-3 space-y-2 rounded-md">
      {failures.map((f) => (
        <SourceFailure key={f.source} f={f} />
      ))}
    </Notice>
  );
}

/** One failed source of {@link SourceFailureNotice}: what may be out of date, since when, and the error. */
function SourceFailure({ f }: { f: SourceFailureView }) {
  return (
    <div>
      <p>
        <span className="font-semibold">{f.data} may be out of date:</span> the last {f.name} sync failed
        {f.attempt ? (
          <>
            {" "}
            (<RelativeTime time={f.attempt} />)
          </>
        ) : null}
        .{" "}
        {f.lastSuccess ? (
          <>
            They are from the last successful one, {f.lastSuccess.relative} ({f.lastSuccess.utc}).
          </>
        ) : (
          <>No {f.name} sync has succeeded yet.</>
        )}{" "}
        <Link to="/sync" className="text-amber-900 underline">
          Sync status
        </Link>
      </p>
      <pre className="mt-1 max-w-full whitespace-pre-wrap break-words rounded bg-white/60 px-2 py-1 font-mono text-xs leading-5">
        <BreakableText text={f.error} />
      </pre>
    </div>
  );
}

/**
 * View logic of the sync status page (`/sync`) and `GET /api/v1/sync`: the last run of each source, and
 * this node's scheduling (role, next runs).
 */
import { utc } from "@date-fns/utc";
import { formatDuration as formatUnits } from "date-fns/formatDuration";
import { intervalToDuration } from "date-fns/intervalToDuration";
import { roundToNearestMinutes } from "date-fns/roundToNearestMinutes";
import { secondsToMilliseconds } from "date-fns/secondsToMilliseconds";
import type { FormatDistanceToken } from "date-fns";
import { millisecondsInHour } from "date-fns/constants";
import { timeView, type TimeView } from "~/components/format";
import { formatCounts } from "~/components/words";

/** A SyncRun row as read from the database (Prisma's shape). */
export interface SyncRunRow {
  id: number;
  source: string;
  kind: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: string;
  counts: unknown;
  error: string | null;
}

/** This node's scheduler state (see `SyncScheduler.status()`); undefined when the process runs none. */
export interface SchedulerInput {
  role: "primary" | "secondary";
  scheduling: boolean;
  jobs: { kind: "incremental" | "full"; intervalMs: number; nextRunAt: Date | null; running: boolean }[];
}

/** `GET /api/v1/sync` body. */
export interface SyncStatusJson {
  node: {
    role: "primary" | "secondary";
    /** True when this node schedules syncs (a running primary). */
    schedules: boolean;
    note: string;
  };
  /** Next scheduled incremental and full sync on this node (ISO 8601), null when it schedules none. */
  nextScheduledRun: { incremental: string | null; full: string | null } | null;
  /** Interval of the scheduled incremental sync in seconds (null when this node schedules none). */
  intervalSeconds: number | null;
  sources: {
    source: string;
    lastRun: {
      id: number;
      kind: string;
      outcome: string;
      startedAt: string;
      finishedAt: string | null;
      /** Seconds from start to finish (null while running). */
      durationSeconds: number | null;
      counts: Record<string, number>;
      error: string | null;
    } | null;
  }[];
}

/** One sentence on what this node does about syncs. */
export function schedulingNote(role: "primary" | "secondary", scheduler: SchedulerInput | undefined): string {
  if (role === "secondary")
    return "This node is a secondary: it does not schedule syncs (the primary does; blockerbugs sync still works here).";
  if (!scheduler?.scheduling)
    return "This process runs no sync scheduler (the demo, for one): run blockerbugs sync to sync now.";
  return "This node is a primary: it schedules syncs (one runs at a time across all nodes: a database lock); blockerbugs sync syncs at once.";
}

/** Builds the JSON of `GET /api/v1/sync` from the last run of each source (null = never ran). */
export function syncStatusJson(
  sources: readonly string[],
  lastRuns: ReadonlyMap<string, SyncRunRow>,
  role: "primary" | "secondary",
  scheduler: SchedulerInput | undefined,
): SyncStatusJson {
  const schedules = role === "primary" && !!scheduler?.scheduling;
  const next = (kind: "incremental" | "full") =>
    scheduler?.jobs.find((j) => j.kind === kind)?.nextRunAt?.toISOString() ?? null;
  return {
    node: { role, schedules, note: schedulingNote(role, scheduler) },
    nextScheduledRun: schedules ? { incremental: next("incremental"), full: next("full") } : null,
    intervalSeconds: schedules
      ? (scheduler!.jobs.find((j) => j.kind === "incremental")?.intervalMs ?? 0) / 1000
      : null,
    sources: sources.map((source) => {
      const run = lastRuns.get(source);
      return {
        source,
        lastRun: run
          ? {
              id: run.id,
              kind: run.kind,
              outcome: run.outcome,
              startedAt: run.startedAt.toISOString(),
              finishedAt: run.finishedAt?.toISOString() ?? null,
              durationSeconds: run.finishedAt
                ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000
                : null,
              counts: numericCounts(run.counts),
              error: run.error,
            }
          : null,
      };
    }),
  };
}

/** The numeric entries of a SyncRun's `counts` JSON (anything else is dropped). */
export function numericCounts(counts: unknown): Record<string, number> {
  if (typeof counts !== "object" || counts === null || Array.isArray(counts)) return {};
  return Object.fromEntries(
    Object.entries(counts).filter((e): e is [string, number] => typeof e[1] === "number"),
  );
}

/** The short unit words of {@link formatDuration}, as a date-fns locale's `formatDistance`. */
const SHORT_UNITS: Partial<Record<FormatDistanceToken, string>> = {
  xDays: "d",
  xHours: "h",
  xMinutes: "min",
  xSeconds: "s",
};
const shortUnits = {
  formatDistance: (token: FormatDistanceToken, count: number) => `${count} ${SHORT_UNITS[token]}`,
};

/**
 * Duration for people: `0.4 s`, `12 s`, `3 min 5 s`, `1 h 2 min` (from an hour on, rounded to the
 * minute; from a day on, `1 d 2 h`); null → "running". Split into units by date-fns.
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "running";
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const ms = secondsToMilliseconds(Math.round(seconds));
  const underAnHour = ms < millisecondsInHour;
  const end = underAnHour ? ms : roundToNearestMinutes(ms, { in: utc });
  return formatUnits(intervalToDuration({ start: 0, end }, { in: utc }), {
    format: underAnHour ? ["minutes", "seconds"] : ["days", "hours", "minutes"],
    locale: shortUnits,
  });
}

/** `/sync` page view: the API JSON plus display times at `now` and the counters in words. */
export interface SyncPageView extends SyncStatusJson {
  /** Each source's last-run counters in words, in their fixed order (`"1 release, 44 updates, …"`; "" = none). */
  counts: Record<string, string>;
  times: {
    next: { incremental: TimeView | null; full: TimeView | null };
    runs: Record<string, { started: TimeView | null; duration: string }>;
  };
}

/** Adds display times (relative to `now`), durations and counters in words to the API JSON for the page. */
export function syncPageView(json: SyncStatusJson, now: Date): SyncPageView {
  return {
    ...json,
    counts: Object.fromEntries(json.sources.map((s) => [s.source, formatCounts(s.lastRun?.counts ?? {})])),
    times: {
      next: {
        incremental: timeView(json.nextScheduledRun?.incremental, now),
        full: timeView(json.nextScheduledRun?.full, now),
      },
      runs: Object.fromEntries(
        json.sources.map((s) => [
          s.source,
          {
            started: timeView(s.lastRun?.startedAt, now),
            duration: s.lastRun ? formatDuration(s.lastRun.durationSeconds) : "—",
          },
        ]),
      ),
    },
  };
}

/** What each non-Bugzilla source feeds on the milestone pages, for the warning when its sync failed. */
export const SOURCE_DATA: Readonly<Record<string, { name: string; data: string }>> = {
  bodhi: { name: "Bodhi", data: "Bodhi updates" },
  koji: { name: "Koji", data: "Koji build tags (stable-tag markers)" },
  pagure: { name: "Pagure", data: "Pagure discussion tickets and votes" },
};

/** A source whose last finished run failed or was partial: its data on the pages may be stale. */
export interface SourceFailureView {
  source: string;
  /** The service's name, e.g. `"Bodhi"`. */
  name: string;
  /** What the pages show from it, e.g. `"Bodhi updates"`. */
  data: string;
  error: string;
  /** When the failed run started. */
  attempt: TimeView | null;
  /** When the last successful run of the source started; null when none ever succeeded. */
  lastSuccess: TimeView | null;
}

/**
 * The sources of `SOURCE_DATA` whose last finished run (`lastFinished`, outcome not `running`) was
 * `failed` or `partial`, with the start of their last successful run (`lastSuccess`), at `now`.
 * Sources that never ran or whose last run succeeded are left out; the result follows `SOURCE_DATA`'s order.
 */
export function sourceFailures(
  lastFinished: ReadonlyMap<string, SyncRunRow>,
  lastSuccess: ReadonlyMap<string, Date>,
  now: Date,
): SourceFailureView[] {
  return Object.entries(SOURCE_DATA).flatMap(([source, { name, data }]) => {
    const run = lastFinished.get(source);
    if (!run || (run.outcome !== "failed" && run.outcome !== "partial")) return [];
    return [
      {
        source,
        name,
        data,
        error: run.error ?? `the ${name} sync ended ${run.outcome}`,
        attempt: timeView(run.startedAt, now),
        lastSuccess: timeView(lastSuccess.get(source), now),
      },
    ];
  });
}

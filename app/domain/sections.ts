/**
 * The sections of a milestone's bug list and how bugs are distributed over them (product spec §5):
 * Proposed / Accepted Blockers, Proposed / Accepted Freeze Exceptions, Conflicts, Rejected, and the
 * open/closed counts the home page, the meeting script and the requests page build on.
 */
import { isClosed, type ReviewState } from "./blocker-state.js";

/** The per-milestone state fields of a bug that decide its sections. */
export interface BugStateFields {
  blocker: ReviewState | null;
  fe: ReviewState | null;
}

/** Keys of the bug-list sections, in page order. */
export type SectionKey =
  "proposedBlockers" | "acceptedBlockers" | "proposedFEs" | "acceptedFEs" | "conflicts" | "rejected";

/** Static description of a section. */
export interface SectionDef {
  key: SectionKey;
  title: string;
  /** Text shown when the section has no bugs, e.g. `"No proposed blockers"`. */
  empty: string;
}

/** The sections in page order. Conflicts is only shown when it has bugs; Rejected is collapsed. */
export const SECTIONS: readonly SectionDef[] = Object.freeze([
  { key: "proposedBlockers", title: "Proposed Blockers", empty: "No proposed blockers" },
  { key: "acceptedBlockers", title: "Accepted Blockers", empty: "No accepted blockers" },
  { key: "proposedFEs", title: "Proposed Freeze Exceptions", empty: "No proposed freeze exceptions" },
  { key: "acceptedFEs", title: "Accepted Freeze Exceptions", empty: "No accepted freeze exceptions" },
  { key: "conflicts", title: "Conflicts", empty: "No conflicts" },
  { key: "rejected", title: "Rejected", empty: "No rejected bugs" },
]);

/** Which list(s) a bug's entry in the Conflicts / Rejected section is about. */
export type TrackerKind = "blocker" | "fe";

/** A bug placed in a section; `kinds` says for which tracker(s) (only meaningful in Conflicts/Rejected). */
export interface Placed<T> {
  bug: T;
  kinds: TrackerKind[];
}

/**
 * Distributes bugs over the sections.
 *
 * - blocker `proposed` → Proposed Blockers; `accepted` → Accepted Blockers; `conflict` → Conflicts;
 *   `rejected` → Rejected. The FE state goes to the FE sections the same way.
 * - A bug with both a blocker and an FE state appears in both relevant sections. In Conflicts and
 *   Rejected it appears once, with `kinds` listing the tracker(s) concerned (e.g. `["blocker", "fe"]`).
 * - Input order is kept within each section; no bug is dropped or filtered here (callers remove
 *   never-read bugs first, see {@link splitNeverRead}).
 */
export function groupSections<T extends BugStateFields>(bugs: readonly T[]): Record<SectionKey, Placed<T>[]> {
  const out: Record<SectionKey, Placed<T>[]> = {
    proposedBlockers: [],
    acceptedBlockers: [],
    proposedFEs: [],
    acceptedFEs: [],
    conflicts: [],
    rejected: [],
  };
  for (const bug of bugs) {
    const conflicts: TrackerKind[] = [];
    const rejected: TrackerKind[] = [];
    if (bug.blocker === "proposed") out.proposedBlockers.push({ bug, kinds: ["blocker"] });
    else if (bug.blocker === "accepted") out.acceptedBlockers.push({ bug, kinds: ["blocker"] });
    else if (bug.blocker === "conflict") conflicts.push("blocker");
    else if (bug.blocker === "rejected") rejected.push("blocker");
    if (bug.fe === "proposed") out.proposedFEs.push({ bug, kinds: ["fe"] });
    else if (bug.fe === "accepted") out.acceptedFEs.push({ bug, kinds: ["fe"] });
    else if (bug.fe === "conflict") conflicts.push("fe");
    else if (bug.fe === "rejected") rejected.push("fe");
    if (conflicts.length > 0) out.conflicts.push({ bug, kinds: conflicts });
    if (rejected.length > 0) out.rejected.push({ bug, kinds: rejected });
  }
  return out;
}

/** Open and closed (status `CLOSED`) bug counts of a list. */
export interface OpenClosed {
  open: number;
  closed: number;
}

/** Counts open and closed bugs (by `isClosed(status)`). */
export function countOpenClosed(bugs: readonly { status: string }[]): OpenClosed {
  let closed = 0;
  for (const b of bugs) if (isClosed(b.status)) closed++;
  return { open: bugs.length - closed, closed };
}

/**
 * Section counts of a milestone (home page): every bug we have data for, grouped as in
 * {@link groupSections}, each counted open/closed. Bugs that turned private or missing after we read
 * them count with their last known data; only bugs never read (`fetchedAt` null) are left out.
 */
export function countSections(
  bugs: readonly (BugStateFields & { status: string; fetchedAt: Date | null })[],
): Record<SectionKey, OpenClosed> {
  const grouped = groupSections(splitNeverRead(bugs).listed);
  const out = {} as Record<SectionKey, OpenClosed>;
  for (const def of SECTIONS) out[def.key] = countOpenClosed(grouped[def.key].map((p) => p.bug));
  return out;
}

/**
 * Splits bugs into those we have data for (`listed`: readable, or once read and since turned private
 * or missing, shown with their last known data) and those we never could read (`neverRead`:
 * `fetchedAt` null, so no summary, status or component to show).
 */
export function splitNeverRead<T extends { fetchedAt: Date | null }>(
  bugs: readonly T[],
): { listed: T[]; neverRead: T[] } {
  const listed: T[] = [];
  const neverRead: T[] = [];
  for (const b of bugs) (b.fetchedAt === null ? neverRead : listed).push(b);
  return { listed, neverRead };
}

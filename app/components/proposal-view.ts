/**
 * How a bug's proposal history is shown ("proposed 12 days ago by adamw"), shared by the bug list, the
 * bug page and the API docs' examples.
 *
 * Pure: no I/O, no server imports.
 */
import type { TrackerKind } from "~/domain/sections";
import type { MilestoneProposals, ProposalRecord } from "~/domain/proposal-history";
import { timeView, type TimeView } from "./format";

/** A Bugzilla login as shown: its name before the `@` (`adamw@redhat.com` → `adamw`), and in full. */
export interface PersonView {
  name: string;
  login: string;
}

/** The short name of a Bugzilla login (`"adamw@redhat.com"` → `"adamw"`; a login without `@` as it is). */
export function personView(login: string): PersonView {
  const at = login.indexOf("@");
  return { name: at > 0 ? login.slice(0, at) : login, login };
}

/** One kind's proposal, ready to render (serialisable). */
export interface ProposalView {
  /** When the bug was (last) proposed; `null` when the history does not say. */
  proposed: TimeView | null;
  proposedBy: PersonView | null;
  /** When the current decision was made; `null` while undecided (or not known). */
  decided: TimeView | null;
  decidedBy: PersonView | null;
  /** Rejected before and proposed again since. */
  previouslyRejected: boolean;
}

/** Shapes one proposal record relative to `now`. */
export function proposalView(record: ProposalRecord, now: Date): ProposalView {
  return {
    proposed: timeView(record.proposedAt, now),
    proposedBy: record.proposedBy ? personView(record.proposedBy) : null,
    decided: timeView(record.decidedAt, now),
    decidedBy: record.decidedBy ? personView(record.decidedBy) : null,
    previouslyRejected: record.previouslyRejected,
  };
}

/**
 * The proposal of a list row about `kinds` (one kind in the Proposed / Accepted sections, one or both
 * in Conflicts / Rejected): the known record of those kinds proposed earliest, or `null` when none is
 * known. `previouslyRejected` is true when any of them is a re-proposal.
 */
export function rowProposal(
  proposals: MilestoneProposals,
  kinds: readonly TrackerKind[],
): ProposalRecord | null {
  const records = kinds.flatMap((k) => (proposals[k] ? [proposals[k]] : []));
  if (records.length === 0) return null;
  const earliest = [...records].sort(
    (a, b) =>
      (a.proposedAt?.getTime() ?? Number.POSITIVE_INFINITY) -
      (b.proposedAt?.getTime() ?? Number.POSITIVE_INFINITY),
  )[0]!;
  return { ...earliest, previouslyRejected: records.some((r) => r.previouslyRejected) };
}

/**
 * The time a bug was proposed as one of `kinds` (the earliest known), for sorting by age; `null`
 * when not known.
 */
export function proposedTime(proposals: MilestoneProposals, kinds: readonly TrackerKind[]): Date | null {
  return rowProposal(proposals, kinds)?.proposedAt ?? null;
}

/**
 * One Pagure ticket re-read at once (a web-hook said it changed), so a vote shows within seconds instead
 * of at the next sync. The ticket is read through the API, like the Pagure step reads it, and stored
 * the same way (`writeTicket`): the web-hook's own payload is never trusted for votes.
 */
import type { Db } from "~/db/db.server";
import { ticketBugId } from "~/domain/discussion";
import type { PagureClient } from "~/upstream/pagure.server";
import { writeTicket } from "./pagure-step.server";

/** What re-reading a ticket did. */
export type TicketRefresh =
  | { outcome: "votes"; issueId: number; bugId: number; votes: number }
  /** The issue names no bug (`<bug id>: …` title), or a bug no active milestone tracks. */
  | { outcome: "untracked"; issueId: number; bugId: number | null }
  /** The bug's stored ticket is another issue: the next sync decides between them. */
  | { outcome: "other-ticket"; issueId: number; bugId: number }
  /** Pagure no longer shows it to us (403) or it is gone (404): a stored ticket keeps its votes. */
  | { outcome: "private" | "missing"; issueId: number; bugId: number | null };

/**
 * Re-reads Pagure issue `issueId` and, when it is the discussion ticket of a bug tracked for an active
 * milestone (its title starts with the bug id, and the bug has no other stored ticket), replaces that
 * ticket's votes and vote history in one transaction. Idempotent: reading the same ticket twice stores
 * the same votes. A stored ticket that turned private or went missing is marked so, its votes kept (as
 * the sync does).
 * @throws UpstreamError when Pagure cannot be read (nothing is changed).
 */
export async function refreshTicket(
  db: Db,
  client: PagureClient,
  issueId: number,
  now: () => Date = () => new Date(),
): Promise<TicketRefresh> {
  const lookup = await client.getIssue(issueId);
  if (lookup.state !== "ok") {
    const stored = await db.discussionTicket.findUnique({ where: { issueId }, select: { bugId: true } });
    if (stored)
      await db.discussionTicket.update({
        where: { bugId: stored.bugId },
        data: { status: lookup.state, fetchedAt: now() },
      });
    return { outcome: lookup.state, issueId, bugId: stored?.bugId ?? null };
  }
  const bugId = ticketBugId(lookup.issue.title);
  const tracked =
    bugId !== null &&
    (await db.milestoneBug.count({ where: { bugId, active: true, milestone: { active: true } } })) > 0;
  if (bugId === null || !tracked) return { outcome: "untracked", issueId, bugId };
  const stored = await db.discussionTicket.findUnique({ where: { bugId }, select: { issueId: true } });
  if (stored?.issueId != null && stored.issueId !== issueId)
    return { outcome: "other-ticket", issueId, bugId };
  const votes = await writeTicket(db, client, bugId, lookup.issue, lookup.issue.comments ?? [], now());
  return { outcome: "votes", issueId, bugId, votes };
}

import { hoursToMilliseconds } from "date-fns/hoursToMilliseconds";
import { minutesToMilliseconds } from "date-fns/minutesToMilliseconds";
import { randomBytes } from "node:crypto";
import type { Config } from "~/config.server";
import type { Db } from "~/db/db.server";
import { Prisma } from "~/generated/prisma/client";
import type { SessionUser } from "~/auth/session.server";
import { isClosed } from "~/domain/blocker-state";
import { milestoneName } from "~/domain/milestone-name";
import { proposalComment, proposalTrackers, type ProposeInput } from "~/domain/proposal";
import { logger } from "~/logger.server";
import { syncBugNow } from "~/sync/bugzilla-step.server";
import { BugzillaCode, type BugzillaClient } from "~/upstream/bugzilla.server";
import { UpstreamError } from "~/upstream/http.server";

/** A proposal refused before anything was written; `field` names the form field at fault (null: the form). */
export class ProposalRefused extends Error {
  override name = "ProposalRefused";
  constructor(
    message: string,
    readonly field: keyof ProposeInput | null,
  ) {
    super(message);
  }
}

/** What `proposeBug` needs. */
export interface ProposeContext {
  db: Db;
  config: Pick<Config, "PROPOSAL_RATE_LIMIT" | "BUGZILLA_API_KEY">;
  bugzilla: BugzillaClient;
}

const HOUR_MS = hoursToMilliseconds(1);

/** Why nobody can propose while Bugzilla refuses the configured key (revoked, mistyped). */
const KEY_REFUSED =
  "Bugzilla refused Blockerbugs' API key (BUGZILLA_API_KEY), so nothing can be proposed right now. Please tell its administrators.";

/** Why nobody can propose on a server without BUGZILLA_API_KEY (Bugzilla refuses anonymous writes). */
export const NO_API_KEY =
  "Proposing is not possible on this server: it has no Bugzilla API key (BUGZILLA_API_KEY) to write with. Please tell its administrators.";

/** A new submission key for one rendered propose form (128 random bits, URL-safe). */
export function newSubmissionKey(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * A proposal still "writing" after this long was cut short (the process died between recording it and
 * Bugzilla's answer): submitting its form again checks Bugzilla and finishes or redoes the write.
 */
const STALE_WRITE_MS = minutesToMilliseconds(10);

function staleWrite(p: { outcome: string; createdAt: Date }): boolean {
  return p.outcome === "writing" && Date.now() - p.createdAt.getTime() > STALE_WRITE_MS;
}

/**
 * Proposes a bug (product spec §6): repeats every check against Bugzilla and the database, then makes
 * ONE Bugzilla update adding the tracker(s) to `blocks`, the proposer's e-mail to `cc` (retried once
 * without cc when Bugzilla does not know the address: error 51) and the proposal comment; then re-syncs
 * the bug so it shows as proposed. The Proposal row (unique `submissionKey`) makes a double submit of
 * the same form write once: the second call returns the first proposal.
 * @returns the Proposal id (new or the earlier one for this submission key)
 * @throws ProposalRefused for anything the user can fix (unknown, private or closed bug, already
 *   proposed, a tracker bug, inactive milestone, too many proposals, Bugzilla refusing the update); nothing was written
 */
export async function proposeBug(
  ctx: ProposeContext,
  user: SessionUser,
  input: ProposeInput,
): Promise<number> {
  const { db, bugzilla } = ctx;
  if (!ctx.config.BUGZILLA_API_KEY) throw new ProposalRefused(NO_API_KEY, null);
  const earlier = await db.proposal.findUnique({ where: { submissionKey: input.submissionKey } });
  if (earlier && earlier.userId !== user.id)
    throw new ProposalRefused("The form is broken: reload the page", null);
  if (earlier && earlier.outcome !== "failed" && !staleWrite(earlier)) return sameForm(earlier, input);

  if (!earlier) await checkRateLimit(db, user.id, ctx.config.PROPOSAL_RATE_LIMIT);

  const milestone = await db.milestone.findUnique({
    where: { id: input.milestoneId },
    include: { release: true },
  });
  if (!milestone || !milestone.active) {
    throw new ProposalRefused(
      milestone
        ? `${milestoneName(milestone.release.number, milestone.version)} is no longer active: choose another milestone`
        : "Choose one of the listed milestones",
      "milestoneId",
    );
  }
  const name = milestoneName(milestone.release.number, milestone.version);
  const trackers = proposalTrackers(input, milestone);
  const tracking = await db.milestone.findFirst({
    where: { OR: [{ blockerTrackerId: input.bugId }, { feTrackerId: input.bugId }] },
    include: { release: true },
  });
  if (tracking) {
    const kind = tracking.blockerTrackerId === input.bugId ? "blocker" : "freeze exception";
    throw new ProposalRefused(
      `Bug ${input.bugId} is the ${kind} tracker of ${milestoneName(tracking.release.number, tracking.version)}: trackers are not proposed`,
      "bugId",
    );
  }

  let bug;
  try {
    bug = await bugzilla.getBug(input.bugId, ["id", "status", "resolution", "blocks"]);
  } catch (error) {
    throw refusalFor(error, input.bugId);
  }
  if (isClosed(bug.status ?? "")) {
    throw new ProposalRefused(
      `Bug ${bug.id} is CLOSED${bug.resolution ? ` (${bug.resolution})` : ""}: reopen it in Bugzilla before proposing it`,
      "bugId",
    );
  }
  const already = trackers.filter((t) => (bug.blocks ?? []).includes(t));
  if (already.length) {
    // The same form submitted at once (a double click) may have written it meanwhile: show that.
    const concurrent = await db.proposal.findUnique({ where: { submissionKey: input.submissionKey } });
    if (concurrent && concurrent.userId === user.id) {
      // A write cut short after Bugzilla took it (the process died): Bugzilla shows it was written.
      const id = sameForm(concurrent, input);
      if (staleWrite(concurrent))
        await db.proposal.update({ where: { id: concurrent.id }, data: { outcome: "written", error: null } });
      return id;
    }
    const what = already.map((t) => (t === milestone.blockerTrackerId ? "blocker" : "freeze exception"));
    throw new ProposalRefused(
      `Bug ${bug.id} is already proposed as a ${what.join(" and ")} for ${name} (it blocks tracker ${already.join(" and ")})`,
      "bugId",
    );
  }

  const comment = proposalComment({
    blocker: input.blocker,
    fe: input.fe,
    release: milestone.release.number,
    version: milestone.version,
    email: user.email || user.login,
    justification: input.justification,
  });
  const fields = {
    bugId: bug.id,
    milestoneId: milestone.id,
    blocker: !!input.blocker,
    fe: !!input.fe,
    justification: input.justification,
    comment,
    outcome: "writing",
    error: null,
  };
  let proposalId: number;
  if (earlier) {
    // A retry of a submission whose Bugzilla write failed: claim it (only one concurrent retry wins).
    const claimed = await db.proposal.updateMany({
      where: {
        id: earlier.id,
        OR: [
          { outcome: "failed" },
          { outcome: "writing", createdAt: { lt: new Date(Date.now() - STALE_WRITE_MS) } },
        ],
      },
      data: { ...fields, createdAt: new Date() },
    });
    if (claimed.count === 0) return earlier.id;
    proposalId = earlier.id;
  } else {
    try {
      // Counted again under a per-user lock: proposals sent at the same time cannot all pass the limit.
      proposalId = await db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RATE_LOCK_CLASS}::int, ${user.id}::int)`;
        await checkRateLimit(tx, user.id, ctx.config.PROPOSAL_RATE_LIMIT);
        // Another proposal of this bug for the same milestone and kind may have passed the Bugzilla check
        // at the same time (it may not have written yet): one of them writes, the other is refused.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BUG_LOCK_CLASS}::int, ${bug.id}::int)`;
        const rival = await tx.proposal.findFirst({
          where: {
            bugId: bug.id,
            milestoneId: milestone.id,
            submissionKey: { not: input.submissionKey },
            outcome: { in: ["writing", "written"] },
            createdAt: { gt: new Date(Date.now() - STALE_WRITE_MS) },
            OR: [...(input.blocker ? [{ blocker: true }] : []), ...(input.fe ? [{ fe: true }] : [])],
          },
          select: { id: true },
        });
        if (rival)
          throw new ProposalRefused(
            `Bug ${bug.id} was proposed for ${name} a moment ago by someone else: reload its page to see it`,
            "bugId",
          );
        const created = await tx.proposal.create({
          data: { ...fields, submissionKey: input.submissionKey, userId: user.id },
          select: { id: true },
        });
        return created.id;
      });
    } catch (error) {
      // The same form submitted twice at once: the other request owns the write.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        const other = await db.proposal.findUniqueOrThrow({ where: { submissionKey: input.submissionKey } });
        return other.id;
      }
      throw error;
    }
  }

  const update = { blocks: { add: trackers }, comment: { body: comment, is_private: false } };
  let ccAdded = false;
  try {
    if (user.email) {
      try {
        await bugzilla.updateBug(bug.id, { ...update, cc: { add: [user.email] } });
        ccAdded = true;
      } catch (error) {
        if (!(error instanceof UpstreamError && error.code === BugzillaCode.unknownObject)) throw error;
        logger.info(
          { bugId: bug.id, login: user.login },
          "Bugzilla does not know the proposer's e-mail; proposing without cc",
        );
        await bugzilla.updateBug(bug.id, update);
      }
    } else {
      await bugzilla.updateBug(bug.id, update);
    }
  } catch (error) {
    const message = (error as Error).message;
    await db.proposal.update({ where: { id: proposalId }, data: { outcome: "failed", error: message } });
    logger.warn({ bugId: bug.id, login: user.login, err: message }, "proposal failed in Bugzilla");
    if (error instanceof UpstreamError && error.code === BugzillaCode.invalidApiKey)
      throw new ProposalRefused(KEY_REFUSED, null);
    throw new ProposalRefused(`Bugzilla refused the proposal, nothing was changed: ${message}`, null);
  }
  await db.proposal.update({ where: { id: proposalId }, data: { outcome: "written", ccAdded } });
  logger.info({ bugId: bug.id, milestone: name, trackers, login: user.login }, "bug proposed");

  try {
    await syncBugNow(db, bugzilla, bug.id);
  } catch (error) {
    // The proposal is in Bugzilla; the next scheduled sync will show it.
    logger.warn({ bugId: bug.id, err: (error as Error).message }, "re-syncing the proposed bug failed");
  }
  return proposalId;
}

/**
 * The earlier proposal of this submission key when the form was sent again unchanged (a double
 * submit). A used form sent with other values (Back, edit, submit) is refused: showing the earlier
 * proposal would look as if the new bug had been proposed.
 * @throws ProposalRefused when the values differ
 */
function sameForm(
  earlier: {
    id: number;
    bugId: number;
    milestoneId: number;
    blocker: boolean;
    fe: boolean;
    justification: string;
  },
  input: ProposeInput,
): number {
  const same =
    earlier.bugId === input.bugId &&
    earlier.milestoneId === input.milestoneId &&
    earlier.blocker === !!input.blocker &&
    earlier.fe === !!input.fe &&
    earlier.justification === input.justification;
  if (!same)
    throw new ProposalRefused(
      `This form already proposed bug ${earlier.bugId}; reload the page to propose another bug.`,
      null,
    );
  return earlier.id;
}

/** First key of the per-bug advisory lock that serialises proposals of one bug (proposals sent at once). */
const BUG_LOCK_CLASS = 0x62627262; // "bbrb"

/** First key of the per-user advisory lock that serialises the rate-limit check and the new Proposal row. */
const RATE_LOCK_CLASS = 0x62627270; // "bbrp"

/**
 * Refuses a new proposal when the user already made PROPOSAL_RATE_LIMIT of them in the last hour.
 * @throws ProposalRefused (form-level) over the limit
 */
async function checkRateLimit(db: Pick<Db, "proposal">, userId: number, limit: number): Promise<void> {
  const recent = await db.proposal.count({
    where: { userId, createdAt: { gte: new Date(Date.now() - HOUR_MS) } },
  });
  if (recent >= limit) {
    throw new ProposalRefused(
      `You have proposed ${recent} ${recent === 1 ? "bug" : "bugs"} in the last hour; each user may propose ${limit} an hour. Please wait before proposing more.`,
      null,
    );
  }
}

/** The user-facing refusal for a failed bug lookup. */
function refusalFor(error: unknown, bugId: number): Error {
  if (!(error instanceof UpstreamError)) return error as Error;
  if (error.code === BugzillaCode.notFound || error.code === BugzillaCode.invalidAlias)
    return new ProposalRefused(`Bug ${bugId} does not exist in Bugzilla`, "bugId");
  if (error.code === BugzillaCode.invalidApiKey) return new ProposalRefused(KEY_REFUSED, null);
  if (error.code === BugzillaCode.accessDenied)
    return new ProposalRefused(
      `Bug ${bugId} is private: Blockerbugs cannot see it, so it cannot be proposed here. Propose it in Bugzilla by adding the tracker to its "Blocks" field.`,
      "bugId",
    );
  return new ProposalRefused(
    `Bugzilla could not be asked about bug ${bugId}, please try again: ${error.message}`,
    null,
  );
}

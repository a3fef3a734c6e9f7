/** The IRC meeting script of a milestone, shared by its page and its plain-text route. */
import type { Db } from "~/db/db.server";
import { ircScript } from "~/domain/meeting-script";
import type { MilestoneInfo } from "./milestones.server.js";
import { listMilestoneBugs } from "./bugs.server";
import { requireMilestone } from "./milestones.server";

/**
 * Loads the milestone of `params` and builds its meeting script (see `ircScript`).
 *
 * @returns `{ milestone: MilestoneInfo, text: string }` (text `\n`-separated, ending with a newline).
 * @throws Response 400/404 when the address names no milestone (see `requireMilestone`).
 */
export async function loadIrcScript(
  db: Db,
  params: { release?: string; version?: string },
  bugzillaUrl: string,
): Promise<{ milestone: MilestoneInfo; text: string }> {
  const milestone = await requireMilestone(db, params);
  const bugs = await listMilestoneBugs(db, milestone.id);
  return { milestone, text: ircScript(milestone, bugs, bugzillaUrl) };
}

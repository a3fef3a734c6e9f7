import { expect, test } from "@playwright/test";
import { currentVotes, milestoneBugs, ticketOf } from "./demo-data";

/**
 * The bug list shows each bug's discussion ticket: a link, the `meeting` badge, and the tally per voted
 * tracker with the voters — all derived here from the demo dataset's Pagure comments by the §4 rules.
 */
test("46 Beta: the discussion column shows each ticket's link, meeting badge and tallies", async ({
  page,
}) => {
  await page.goto("/milestone/46/beta/buglist");
  const section = page.getByRole("region", { name: /^Proposed Blockers/ });
  const bugs = milestoneBugs(46, "beta").filter((b) => b.blocker === "proposed");
  let tallies = 0;
  for (const bug of bugs) {
    const row = section
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: String(bug.id), exact: true }) });
    await expect(row).toHaveCount(1);
    const issue = ticketOf(bug.id);
    if (!issue) {
      await expect(row.getByRole("link", { name: "Vote" })).toHaveCount(0);
      continue;
    }
    await expect(row.getByRole("link", { name: "Vote" })).toHaveAttribute("href", issue.full_url);
    await expect(row.getByText("meeting", { exact: true })).toHaveCount(
      issue.tags.includes("meeting") ? 1 : 0,
    );
    const votes = currentVotes(issue);
    for (const tracker of new Set(votes.map((v) => v.tracker))) {
      const of = (value: number) =>
        votes
          .filter((v) => v.tracker === tracker && v.value === value)
          .map((v) => v.voter)
          .sort((a, b) => a.localeCompare(b));
      const [plus, zero, minus] = [of(1), of(0), of(-1)];
      // The list names a freeze-exception tracker the short way the vote grammar also accepts.
      const shown = tracker.replace(/FreezeException$/, "FE");
      const item = row.getByRole("listitem").filter({ hasText: new RegExp(`^${shown} `) });
      await expect(item).toContainText(`${shown} (+${plus.length}, ${zero.length}, -${minus.length})`);
      const voters = [...plus.map((n) => `+${n}`), ...zero.map((n) => `0${n}`), ...minus.map((n) => `-${n}`)];
      await expect(item).toHaveAttribute("title", voters.join(", "));
      tallies++;
    }
  }
  expect(tallies, "the dataset has votes on proposed blockers").toBeGreaterThan(0);
});

test("the bug page lists the votes per tracker and voter", async ({ page }) => {
  const bug = milestoneBugs(46, "beta").find((b) => {
    const issue = ticketOf(b.id);
    return issue !== undefined && currentVotes(issue).length > 1;
  })!;
  const votes = currentVotes(ticketOf(bug.id)!);
  await page.goto(`/bug/${bug.id}`);
  const table = page.getByRole("table", { name: "Votes per tracker" });
  for (const v of votes) {
    const row = table
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: v.tracker, exact: true }) });
    const column = v.value === 1 ? 2 : v.value === 0 ? 3 : 4;
    await expect(row.getByRole("cell").nth(column - 1)).toContainText(v.voter);
  }
});

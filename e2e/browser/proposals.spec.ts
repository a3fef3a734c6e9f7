import { expect, test, type Page } from "@playwright/test";
import { milestoneBugs, proposalOf, trackersOf } from "./demo-data";

/**
 * Who proposed each bug and when (from the demo dataset's Bugzilla history): the bug list's sortable
 * Proposed column, the "previously rejected" badge of a re-proposal, the bug page's proposal notes.
 */

/** The bug ids of one bug-list section, in page order. */
async function sectionIds(page: Page, name: string): Promise<number[]> {
  const section = page.getByRole("region", { name: new RegExp(`^${name}`) });
  return section
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => Number(r.querySelector("th a")?.textContent?.trim())));
}

const trackers = trackersOf(46, "beta");
const proposedBlockers = milestoneBugs(46, "beta").filter((b) => b.blocker === "proposed");
const proposedAt = (b: (typeof proposedBlockers)[number]) =>
  proposalOf(b, trackers, "blocker")?.proposedAt?.getTime() ?? Number.POSITIVE_INFINITY;

test("the Proposed column says who proposed each bug and how long ago, and sorts by it", async ({ page }) => {
  expect(proposedBlockers.length).toBeGreaterThan(2);
  await page.goto("/milestone/46/beta/buglist");
  const section = page.getByRole("region", { name: /^Proposed Blockers/ });
  for (const bug of proposedBlockers) {
    const who = proposalOf(bug, trackers, "blocker")!.proposedBy!;
    const row = section
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: String(bug.id), exact: true }) });
    await expect(row.getByRole("cell").nth(-2)).toContainText(/ago/);
    await expect(row.getByRole("cell").nth(-2)).toContainText(`by ${who.split("@")[0]}`);
    await expect(row.getByRole("cell").nth(-2).getByTitle(who)).toBeVisible();
  }

  const header = section.getByRole("columnheader", { name: /Proposed/ });
  await header.getByRole("link").click();
  await expect(page).toHaveURL(/sort=proposed&dir=asc/);
  await expect(section.getByRole("columnheader", { name: /Proposed/ })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );
  // Oldest proposal first; closed bugs last (each group in the same order).
  const byAge = (closed: boolean) =>
    proposedBlockers
      .filter((b) => (b.status === "CLOSED") === closed)
      .sort((a, b) => proposedAt(a) - proposedAt(b) || a.id - b.id)
      .map((b) => b.id);
  expect(await sectionIds(page, "Proposed Blockers")).toEqual([...byAge(false), ...byAge(true)]);

  await section
    .getByRole("columnheader", { name: /Proposed/ })
    .getByRole("link")
    .click();
  await expect(page).toHaveURL(/sort=proposed&dir=desc/);
  expect(await sectionIds(page, "Proposed Blockers")).toEqual([
    ...byAge(false).reverse(),
    ...byAge(true).reverse(),
  ]);
});

test("a bug proposed again after its rejection is under Proposed with its badge", async ({ page }) => {
  const milestones = [
    [46, "beta"],
    [46, "final"],
    [47, "beta"],
    [47, "final"],
  ] as const;
  const found = milestones.flatMap(([release, version]) =>
    milestoneBugs(release, version)
      .filter(
        (b) =>
          b.blocker === "proposed" &&
          proposalOf(b, trackersOf(release, version), "blocker")?.reAddedAfterRejection,
      )
      .map((b) => ({ release, version, bug: b })),
  );
  expect(found.length).toBeGreaterThan(0);
  const { release, version, bug } = found[0]!;
  expect(bug.whiteboard).toContain("RejectedBlocker");

  await page.goto(`/milestone/${release}/${version}/buglist`);
  const proposed = page.getByRole("region", { name: /^Proposed Blockers/ });
  const row = proposed
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: String(bug.id), exact: true }) });
  await expect(row.getByText("previously rejected")).toBeVisible();
  // Not in the Rejected section as a blocker.
  await page.locator("details > summary").first().click();
  const rejected = page.getByRole("region", { name: /^Rejected/ });
  await expect(rejected.getByRole("link", { name: String(bug.id), exact: true })).toHaveCount(0);

  await page.goto(`/bug/${bug.id}`);
  const facts = proposalOf(bug, trackersOf(release, version), "blocker")!;
  const milestoneRow = page
    .getByRole("table", { name: /per milestone/ })
    .getByRole("row", { name: new RegExp(`Fedora ${release} ${version}`, "i") });
  await expect(milestoneRow).toContainText("previously rejected");
  await expect(milestoneRow).toContainText(`proposed`);
  await expect(milestoneRow).toContainText(`by ${facts.proposedBy!.split("@")[0]}`);
});

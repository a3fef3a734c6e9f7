import { expect, test, type Page } from "@playwright/test";
import { milestoneBugs } from "./demo-data";

/** A demo bug's component (RHBZ sends it as a list). */
const componentOf = (b: { component: string | string[] }) =>
  Array.isArray(b.component) ? b.component.join(", ") : b.component;

// The bug list must be fully usable with JavaScript off: filters are a GET form, sorting is links.
test.use({ javaScriptEnabled: false });

/** The bug ids of a section's rows in page order (each row's header cell is its Bugzilla link). */
async function sectionIds(page: Page, name: RegExp): Promise<number[]> {
  const texts = await page.getByRole("region", { name }).locator("tbody tr > th a").allInnerTexts();
  return texts.map((t) => Number(t.trim()));
}

test("filtering by component and sorting work without JavaScript", async ({ page }) => {
  await page.goto("/milestone/46/beta/buglist");
  await page.getByLabel("Component").selectOption("openssh");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/component=openssh/);

  const name = /^Accepted Freeze Exceptions/;
  const accepted = page.getByRole("region", { name });
  const components = await accepted.locator("tbody tr td:nth-child(2)").allInnerTexts();
  expect(components.length).toBeGreaterThan(0);
  expect(new Set(components)).toEqual(new Set(["openssh"]));

  // The dataset's accepted openssh FEs: open ones first, then closed ones, each by id.
  const bugs = milestoneBugs(46, "beta").filter((b) => b.fe === "accepted" && componentOf(b) === "openssh");
  const byId = (closed: boolean, sign: number) =>
    bugs
      .filter((b) => (b.status === "CLOSED") === closed)
      .map((b) => b.id)
      .sort((a, b) => sign * (a - b));
  expect(bugs.length, "enough bugs for an order to show").toBeGreaterThan(1);
  expect(await sectionIds(page, name)).toEqual([...byId(false, 1), ...byId(true, 1)]);

  // Sort by bug id descending via the column header link, keeping the filter.
  await accepted.getByRole("link", { name: /^Bug/ }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page).toHaveURL(/component=openssh/);
  expect(await sectionIds(page, name)).toEqual([...byId(false, -1), ...byId(true, -1)]);
});

test("free-text search narrows every section", async ({ page }) => {
  await page.goto("/milestone/46/beta/buglist?q=Wi-Fi");
  const summaries = await page.locator('section[aria-labelledby^="section-"] tbody tr').allInnerTexts();
  expect(summaries.length).toBeGreaterThan(0);
  for (const row of summaries) expect(row).toMatch(/wi-fi/i);
});

import { expect, test } from "@playwright/test";

// The bug list must be fully usable with JavaScript off: filters are a GET form, sorting is links.
test.use({ javaScriptEnabled: false });

test("filtering by component and sorting work without JavaScript", async ({ page }) => {
  await page.goto("/milestone/46/beta/buglist");
  await page.getByLabel("Component").selectOption("openssh");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/component=openssh/);

  const accepted = page.getByRole("region", { name: /^Accepted Freeze Exceptions/ });
  const components = await accepted.locator("tbody tr td:nth-child(2)").allInnerTexts();
  expect(components.length).toBeGreaterThan(0);
  expect(new Set(components)).toEqual(new Set(["openssh"]));

  // Sort by bug id descending via the column header link, keeping the filter.
  await accepted.getByRole("link", { name: /^Bug/ }).click();
  await expect(page).toHaveURL(/component=openssh/);
  const ids = (
    await page
      .getByRole("region", { name: /^Accepted Freeze Exceptions/ })
      .locator("tbody tr td:first-child")
      .allInnerTexts()
  ).map((t) => Number(t.trim().split(/\s/)[0]));
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
});

test("free-text search narrows every section", async ({ page }) => {
  await page.goto("/milestone/46/beta/buglist?q=Wi-Fi");
  const summaries = await page.locator("section tbody tr").allInnerTexts();
  expect(summaries.length).toBeGreaterThan(0);
  for (const row of summaries) expect(row).toMatch(/wi-fi/i);
});

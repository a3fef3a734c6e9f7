import { expect, test } from "@playwright/test";
import type { ReviewState } from "../../app/domain/blocker-state";
import { dataset, milestoneBugs } from "./demo-data";

/**
 * Runs against `npm run demo` (see playwright.config.ts): the demo dataset is synced from the sandbox,
 * and every bug must show in the section product spec §3 puts it in (a re-proposal under Proposed) —
 * in the page and in the API.
 */

const MILESTONES = [
  [46, "beta"],
  [46, "final"],
  [47, "beta"],
  [47, "final"],
] as const;

/** The buglist sections a bug belongs to, by the rules of product spec §3. */
function expectedSections(blocker: ReviewState | null, fe: ReviewState | null): string[] {
  const sections: string[] = [];
  if (blocker === "proposed") sections.push("Proposed Blockers");
  if (blocker === "accepted") sections.push("Accepted Blockers");
  if (fe === "proposed") sections.push("Proposed Freeze Exceptions");
  if (fe === "accepted") sections.push("Accepted Freeze Exceptions");
  if (blocker === "conflict" || fe === "conflict") sections.push("Conflicts");
  if (blocker === "rejected" || fe === "rejected") sections.push("Rejected");
  return sections;
}

const ALL_SECTIONS = [
  "Proposed Blockers",
  "Accepted Blockers",
  "Proposed Freeze Exceptions",
  "Accepted Freeze Exceptions",
  "Conflicts",
  "Rejected",
];

for (const [release, version] of MILESTONES) {
  const bugs = milestoneBugs(release, version);

  test(`${release} ${version}: every bug is in the section §3 puts it`, async ({ page }) => {
    expect(bugs.length).toBeGreaterThan(0);
    await page.goto(`/milestone/${release}/${version}/buglist`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(
      `Fedora ${release} ${version === "beta" ? "Beta" : "Final"}`,
    );
    // Open the collapsed Rejected section so its rows are visible.
    for (const summary of await page.locator("details > summary").all()) await summary.click();

    for (const bug of bugs) {
      const wanted = expectedSections(bug.blocker, bug.fe);
      for (const name of ALL_SECTIONS) {
        const section = page.getByRole("region", { name: new RegExp(`^${name}`) });
        const link = section.getByRole("link", { name: String(bug.id), exact: true });
        if (wanted.includes(name)) await expect(link, `bug ${bug.id} in ${name}`).toHaveCount(1);
        else await expect(link, `bug ${bug.id} not in ${name}`).toHaveCount(0);
      }
    }
  });

  test(`${release} ${version}: the API agrees`, async ({ request }) => {
    const res = await request.get(`/api/v1/milestones/${release}/${version}/bugs`);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as {
      bugs: { bugId: number; blocker: string | null; fe: string | null; summary: string }[];
    };
    const got = Object.fromEntries(body.bugs.map((b) => [b.bugId, `${b.blocker}/${b.fe}`]));
    const want = Object.fromEntries(bugs.map((b) => [b.id, `${b.blocker}/${b.fe}`]));
    expect(got).toEqual(want);
    for (const b of body.bugs) expect(b.summary).toBe(bugs.find((x) => x.id === b.bugId)!.summary);
  });
}

test("summaries with markup are shown as text, escaped once", async ({ page }) => {
  const evil = dataset.bugzilla.bugs.find((b) => b.summary.includes("<script>"))!;
  await page.goto(`/bug/${evil.id}`);
  await expect(page.getByText(evil.summary, { exact: false }).first()).toBeVisible();
  expect(await page.content()).not.toContain("<script>alert");
});

test("/current goes to the current milestone's bug list", async ({ page }) => {
  await page.goto("/current");
  await expect(page).toHaveURL(/\/milestone\/46\/beta\/buglist$/);
});

test("the keyboard walks the rows in order: Tab reaches each row's bug link, and the row is highlighted", async ({
  page,
}) => {
  await page.goto("/milestone/46/beta/buglist");
  const links = page.getByRole("region", { name: /^Accepted Blockers/ }).locator("tbody tr > th a");
  const ids = (await links.allInnerTexts()).map((t) => t.trim());
  expect(ids.length).toBeGreaterThan(3);
  await links.first().focus();
  const visited: string[] = [];
  for (let i = 0; i < 300 && visited.length < ids.length; i++) {
    const row = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a?.closest("tbody tr > th")) return null;
      const tr = a.closest("tr")!;
      return { id: a.textContent!.trim(), background: getComputedStyle(tr).backgroundColor };
    });
    if (row) {
      visited.push(row.id);
      // The focused row is tinted (transparent rows are not).
      expect(row.background, `row ${row.id}`).not.toBe("rgba(0, 0, 0, 0)");
    }
    await page.keyboard.press("Tab");
  }
  expect(visited).toEqual(ids);
});

test("a link on a page with JavaScript opens the bug list as a document: its view stays on the server", async ({
  page,
}) => {
  await page.goto("/");
  // The home page hydrates: its links navigate inside the page unless the route says otherwise.
  await page.waitForFunction(() => "__remixRouter" in window);
  await page.locator('a[href$="/milestone/46/beta/buglist"]').first().click();
  await expect(page).toHaveURL(/\/milestone\/46\/beta\/buglist$/);
  await expect(page.getByRole("heading", { name: /Proposed Blockers/ })).toBeVisible();
  // A document load of the list, which loads no JavaScript (and so has no router).
  expect(await page.evaluate(() => "__remixRouter" in window)).toBe(false);
  expect(await page.locator("script[src]").count()).toBe(0);
});

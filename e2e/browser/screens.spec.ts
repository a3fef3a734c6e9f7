import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./accounts";
import type { MockUser } from "../oidc/mock-oidc";

/**
 * The main pages as a person sees them, on a 1440 px desktop and a 390 px phone: a full-page
 * screenshot of each is written to `screenshots/` (git-ignored; look at them after a layout change),
 * and the page is checked for what makes it hard to read: the document scrolls sideways, a visible
 * bug's summary runs out of the window, or (1440 px) the bug list's summary column is squeezed.
 */

const SCREENSHOTS = path.join(import.meta.dirname, "..", "..", "screenshots");

const WIDTHS = [1440, 390] as const;

const PAGES = [
  { name: "home", path: "/" },
  { name: "buglist", path: "/milestone/46/beta/buglist" },
  { name: "requests", path: "/milestone/46/beta/requests" },
  { name: "irc", path: "/milestone/46/beta/irc" },
  { name: "prioritized", path: "/prioritized" },
  { name: "bug", path: "/bug/2410177" },
  { name: "changes", path: "/milestone/46/beta/changes" },
  { name: "sync", path: "/sync" },
] as const;

const ADMIN: MockUser = {
  sub: "sub-screens-admin",
  preferred_username: "screens-admin",
  name: "Screens Admin",
  email: "screens-admin@example.com",
  groups: ["qa-admin"],
};

test.beforeAll(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));

/** How far the document is wider than the window (`scrollWidth − innerWidth`; ≤ 0 when nothing scrolls sideways). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * The visible bug summaries that do not lie within the window's width: a table row's link to the
 * bug page, or the bug page's heading. Returns their texts with their left and right edges.
 */
function summariesOutside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const summaries = [
      ...document.querySelectorAll<HTMLElement>('main tbody a[href*="/bug/"]:not([href*="#"])'),
      ...document.querySelectorAll<HTMLElement>("main h1"),
    ];
    return summaries
      .filter((el) => el.getClientRects().length > 0 && el.offsetParent !== null)
      .flatMap((el) => {
        const box = el.getBoundingClientRect();
        return box.left < 0 || box.right > window.innerWidth
          ? [`${el.textContent?.trim()} (${Math.round(box.left)}–${Math.round(box.right)} px)`]
          : [];
      });
  });
}

/** Saves the full page as `screenshots/<name>-<width>.png` and checks what a reader would trip over. */
async function lookAt(page: Page, name: string, width: number) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  expect(await sidewaysOverflow(page), `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
  expect(await summariesOutside(page), `${name} at ${width} px: summaries out of the window`).toEqual([]);
}

for (const width of WIDTHS) {
  test.describe(`${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    for (const p of PAGES) {
      test(`${p.name}: screenshot, no sideways scrolling, summaries on screen`, async ({ page }) => {
        await page.goto(p.path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await lookAt(page, p.name, width);
      });
    }

    test("admin: screenshot, no sideways scrolling", async ({ page }) => {
      await logIn(page, ADMIN, "/admin");
      await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
      await lookAt(page, "admin", width);
    });
  });
}

test.describe("the bug list at 1440 px", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("the summary is the widest column, at least 400 px, in every section", async ({ page }) => {
    await page.goto("/milestone/46/beta/buglist");
    const tables = page.locator("main table");
    const visible = await tables.evaluateAll((ts) => ts.filter((t) => t.getClientRects().length > 0).length);
    expect(visible).toBeGreaterThan(3);
    for (const table of await tables.all()) {
      if (!(await table.isVisible())) continue; // Rejected stays collapsed
      const widths = await table
        .getByRole("columnheader")
        .evaluateAll((ths) =>
          ths.map((th) => [th.textContent?.trim() ?? "", th.getBoundingClientRect().width]),
        );
      const summary = widths.find(([label]) => String(label).startsWith("Summary"));
      expect(summary, "a Summary column").toBeDefined();
      expect(summary![1]).toBeGreaterThanOrEqual(400);
      for (const [label, w] of widths)
        if (label !== summary![0]) expect(w, String(label)).toBeLessThan(summary![1] as number);
    }
  });
});

test.describe("the bug list at 390 px", () => {
  test.use({ viewport: { width: 390, height: 900 } });

  test("each bug is a card: id and status, then the summary in full, nothing scrolling sideways", async ({
    page,
  }) => {
    await page.goto("/milestone/46/beta/buglist");
    const section = page.getByRole("region", { name: /^Accepted Blockers/ });
    const frame = section.locator("table").locator("xpath=..");
    expect(await frame.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
    const rows = section.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(3);
    for (const row of await rows.all()) {
      const [rowBox, idBox, statusBox, summaryBox] = await Promise.all([
        row.boundingBox(),
        row.getByRole("rowheader").boundingBox(),
        row.locator("td").nth(1).boundingBox(),
        row.locator('a[href*="/bug/"]:not([href*="#"])').boundingBox(),
      ]);
      // Id and status on the first line, the summary on a line of its own below, all within the card.
      expect(statusBox!.y).toBeLessThan(idBox!.y + idBox!.height);
      expect(summaryBox!.y).toBeGreaterThanOrEqual(idBox!.y + idBox!.height - 1);
      for (const box of [idBox!, statusBox!, summaryBox!]) {
        expect(box.x).toBeGreaterThanOrEqual(rowBox!.x);
        expect(box.x + box.width).toBeLessThanOrEqual(rowBox!.x + rowBox!.width);
      }
      expect(rowBox!.x + rowBox!.width).toBeLessThanOrEqual(390);
    }
  });

  test("a card labels the assignee, the proposal's age and the last change, and hides empty cells", async ({
    page,
  }) => {
    await page.goto("/milestone/46/beta/buglist");
    const rows = page.getByRole("region", { name: /^Proposed Blockers/ }).locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(2);
    // The labels are the bug table's CSS, by column (app/tailwind.css): what a reader sees before each cell.
    const cards = await rows.evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.children].map((cell) => ({
          text: cell.textContent ?? "",
          label: getComputedStyle(cell, "::before").content,
          shown: getComputedStyle(cell).display !== "none",
        })),
      ),
    );
    for (const cells of cards) {
      const [assignee, proposed, changed] = [cells[4]!, cells[7]!, cells[8]!];
      expect(changed.label).toBe('"changed"');
      expect(changed.text).not.toBe("");
      if (assignee.text) expect(assignee.label).toBe('"assigned to"');
      expect(assignee.shown).toBe(assignee.text !== "");
      if (proposed.text) expect(proposed.label).toBe('"proposed"');
      expect(proposed.shown).toBe(proposed.text !== "");
      // The summary's cell has a line of its own; the others no label.
      for (const i of [0, 1, 2, 3, 5, 6]) expect(cells[i]!.label, `column ${i + 1}`).toBe("none");
    }
  });
});

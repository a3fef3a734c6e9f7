import { expect, test, type Page } from "@playwright/test";
import { SANDBOX_PORT } from "../../playwright.config";
import { clearFaults, setFaults } from "../setup/sandbox-client";
import { ADMIN, logIn } from "./accounts";

/**
 * The admin pages against `npm run demo`: every action ends on the clean `/admin` (post/redirect/get,
 * no `?index`) or on its own form's URL when refused, a change is confirmed by a notice shown once, and
 * "Sync now" names the kind of sync the server started while the sync status follows the run to its
 * end (by itself with JavaScript, with a Refresh link without). Run with and without JavaScript.
 * It adds releases 60 and 61 (no milestones) and syncs the demo again from the same sandbox data.
 */
const SANDBOX = `http://127.0.0.1:${SANDBOX_PORT}`;

/** The page's path and query as the address bar shows them. */
function shownPath(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** Expects the page the browser is on to be the clean `/admin` showing `notice`. */
async function expectNoticeOnAdmin(page: Page, notice: string | RegExp) {
  await expect(page.getByRole("status").filter({ hasText: notice })).toBeVisible();
  expect(shownPath(page)).toBe("/admin");
}

for (const javaScriptEnabled of [true, false]) {
  const release = javaScriptEnabled ? 60 : 61;

  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("each admin action ends on the clean URL; a change shows a notice once", async ({ page }) => {
      await logIn(page, ADMIN, "/admin");
      const main = page.getByRole("main");

      await page.getByLabel("Release number").fill(String(release));
      await page.getByRole("button", { name: "Add release", exact: true }).click();
      await expectNoticeOnAdmin(page, `Release ${release} added.`);

      const releaseRow = page.getByRole("row", { name: new RegExp(`^Fedora ${release}\\b`) });
      await releaseRow.getByRole("button", { name: "Deactivate release" }).click();
      await expectNoticeOnAdmin(page, `Release ${release} is now inactive.`);
      await releaseRow.getByRole("button", { name: "Activate release" }).click();
      await expectNoticeOnAdmin(page, `Release ${release} is now active;`);

      // Refused operations: the error, what was typed, and still the clean URL.
      // No F160 trackers in Bugzilla: nothing is created.
      await page.getByLabel("Release number").fill(String(release + 100));
      await page.getByRole("button", { name: "Add with Beta and Final" }).click();
      await expect(page.getByRole("alert").first()).toContainText(`Release ${release + 100} not created`);
      expect(shownPath(page)).toBe("/admin");
      await page.getByLabel("Release", { exact: true }).fill("46");
      await page.getByLabel(/^Blocker tracker/).fill("F46BetaBlocker");
      await page.getByLabel(/^FE tracker/).fill("F46BetaFreezeException");
      await page.getByRole("button", { name: "Add milestone" }).click();
      await expect(page.getByRole("alert").first()).toContainText("Fedora 46 Beta already exists");
      expect(shownPath(page)).toBe("/admin");
      await expect(main.getByRole("status").filter({ hasText: /added|now active/ })).toHaveCount(0);

      // Saving a milestone as it is: back on /admin, the notice names what was saved.
      await page
        .getByRole("row", { name: /Fedora 47 Final/ })
        .getByRole("link", { name: "Edit" })
        .click();
      await expect(page.getByRole("heading", { name: "Edit Fedora 47 Final" })).toBeVisible();
      const editPath = shownPath(page);
      expect(editPath).toMatch(/^\/admin\/milestones\/\d+$/);
      await page.getByRole("button", { name: "Save" }).click();
      await expectNoticeOnAdmin(
        page,
        "Fedora 47 Final saved: trackers F47FinalBlocker (2390107) and F47FinalFreezeException (2390108); active.",
      );
      // Once: the next visit has no notice.
      await page.reload();
      await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
      await expect(main.getByRole("status").filter({ hasText: "saved" })).toHaveCount(0);

      // A refused edit stays on the edit page's own URL.
      await page.goto(editPath);
      await page.getByLabel(/Blocker tracker/).fill("NoSuchAlias");
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.getByRole("alert")).toContainText("tracker NoSuchAlias not found in Bugzilla");
      expect(shownPath(page)).toBe(editPath);
    });

    test("Sync now names the kind the server started; the status follows the run to its end", async ({
      page,
    }) => {
      await logIn(page, ADMIN, "/admin");
      const status = page.getByTestId("sync-status");
      await expect(status).toContainText("No sync is running");
      const full = javaScriptEnabled;
      // Every upstream answer is slow until the page has shown the running sync, so it cannot end sooner.
      await setFaults(SANDBOX, { latencyMs: 2000, services: null });
      try {
        if (full) await page.getByLabel("Full (re-read every bug)").check();
        await page.getByRole("button", { name: "Sync now" }).click();
        await expectNoticeOnAdmin(
          page,
          full
            ? "Full sync started in the background: every source reads everything again."
            : "Incremental sync started in the background: Bugzilla reads what changed since the last sync.",
        );
        await expect(status).toContainText(
          `Sync running: Bugzilla is doing ${full ? "a full" : "an incremental"} sync, started`,
        );
        const bugzillaRun = page
          .getByRole("table", { name: "Recent sync runs" })
          .getByRole("row")
          .filter({ hasText: "bugzilla" })
          .first();
        await expect(bugzillaRun).toContainText(full ? "full" : "incremental");
        await expect(bugzillaRun).toContainText("running");
        if (javaScriptEnabled) {
          await expect(status).toContainText("This status updates itself.");
          // Marks this document: a reload would lose the mark.
          await page.evaluate(() => document.documentElement.setAttribute("data-no-reload", "yes"));
        } else {
          await expect(status.getByRole("link", { name: "Refresh" })).toHaveAttribute("href", "/admin");
        }
      } finally {
        await clearFaults(SANDBOX);
      }
      if (javaScriptEnabled) {
        await expect(status).toContainText("No sync is running", { timeout: 60_000 });
        expect(await page.locator("html").getAttribute("data-no-reload")).toBe("yes");
        // The notice of the Sync now stays while the page reloads its data.
        await expect(page.getByRole("status").filter({ hasText: "Full sync started" })).toBeVisible();
      } else {
        await expect(async () => {
          await page.goto("/admin");
          await expect(status).toContainText("No sync is running", { timeout: 1000 });
        }).toPass({ timeout: 60_000 });
      }
      const kind = full ? "full" : "incremental";
      const lastRuns = page.getByRole("table", { name: "Recent sync runs" }).getByRole("row");
      // Header row, then the newest run first: the four runs of this sync, all done, Bugzilla's the
      // oldest (Pagure runs alongside Bodhi and Koji, so their order varies).
      const newest = await Promise.all([1, 2, 3, 4].map((i) => lastRuns.nth(i).innerText()));
      expect(
        newest.map((row) => ["bugzilla", "bodhi", "koji", "pagure"].find((s) => row.includes(s))),
      ).toEqual(expect.arrayContaining(["bugzilla", "bodhi", "koji", "pagure"]));
      for (const row of newest) expect(row).toContain("success");
      await expect(lastRuns.nth(4)).toContainText("bugzilla");
      await expect(lastRuns.nth(4)).toContainText(kind);
    });
  });
}

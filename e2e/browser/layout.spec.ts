import { expect, test, type Page } from "@playwright/test";
import { OIDC_PORT } from "../../playwright.config";
import type { MockUser } from "../oidc/mock-oidc";

/**
 * Narrow screens (a 390 px wide phone): no page scrolls sideways as a whole (wide tables scroll inside
 * their own box), the main navigation wraps instead of running off the screen, and the home page's
 * milestone column stays readable.
 */
test.use({ viewport: { width: 390, height: 900 } });

const ADMIN: MockUser = {
  sub: "sub-layout-admin",
  preferred_username: "layout-admin",
  name: "Layout Admin",
  email: "layout-admin@example.com",
  groups: ["qa-admin"],
};

const PUBLIC_PAGES = [
  "/",
  "/milestone/46/beta/buglist",
  "/milestone/46/beta/requests",
  "/milestone/46/beta/irc",
  "/prioritized",
  "/sync",
  "/about",
  "/bug/2410177",
  "/login",
  "/no-such-page",
];

/** How far the document is wider than the viewport (0 when nothing scrolls sideways). */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("no public page scrolls sideways at 390 px, and every navigation link is on screen", async ({
  page,
}) => {
  for (const path of PUBLIC_PAGES) {
    await page.goto(path);
    expect(await sidewaysOverflow(page), path).toBe(0);
  }
  for (const link of await page.getByRole("navigation", { name: "Main" }).getByRole("link").all()) {
    const box = await link.boundingBox();
    expect(box, await link.innerText()).not.toBeNull();
    expect(box!.x + box!.width, await link.innerText()).toBeLessThanOrEqual(390);
  }
});

test("the home page's milestone names are not squeezed to one word per line at 390 px", async ({ page }) => {
  await page.goto("/");
  const name = page.getByRole("rowheader").getByRole("link", { name: "Fedora 46 Beta" });
  const box = await name.boundingBox();
  // One line of the link's text is about 20 px high; a squeezed column wraps it onto three.
  expect(box!.height).toBeLessThan(30);
});

test("the admin pages do not scroll sideways at 390 px", async ({ page }) => {
  const res = await page.request.post(`http://127.0.0.1:${OIDC_PORT}/_test/user`, { data: ADMIN });
  expect(res.status()).toBe(204);
  await page.goto("/login?redirectTo=%2Fadmin");
  await page.getByRole("button", { name: "Log in with Fedora Accounts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  expect(await sidewaysOverflow(page), "/admin").toBe(0);
  await page.goto("/admin/milestones/1");
  expect(await sidewaysOverflow(page), "/admin/milestones/1").toBe(0);
});

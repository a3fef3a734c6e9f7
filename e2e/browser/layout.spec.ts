import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./accounts";
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
  "/api",
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

test("on a 1024 px laptop screen the home page's tables fit without scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto("/");
  const boxes = page.locator("main table").locator("xpath=..");
  expect(await boxes.count()).toBeGreaterThan(0);
  for (const box of await boxes.all()) {
    expect(await box.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
  }
});

test("the admin pages do not scroll sideways at 390 px", async ({ page }) => {
  await logIn(page, ADMIN, "/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  expect(await sidewaysOverflow(page), "/admin").toBe(0);
  // Its tables have names, as every other table of the site does.
  await expect(page.getByRole("table", { name: "Releases and milestones" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Recent sync runs" })).toBeVisible();
  await page.goto("/admin/milestones/1");
  expect(await sidewaysOverflow(page), "/admin/milestones/1").toBe(0);
});

/** The WCAG contrast ratio of the text of `selector`'s first match against its nearest opaque background. */
async function contrastOf(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 1;
      const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
      const rgba = (colour: string) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = colour;
        ctx.fillRect(0, 0, 1, 1);
        return [...ctx.getImageData(0, 0, 1, 1).data];
      };
      const luminance = ([r, g, b]: number[]) => {
        const [R, G, B] = [r!, g!, b!].map((v) => {
          const c = v / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
      };
      let background = [255, 255, 255, 255];
      for (let a: Element | null = el; a; a = a.parentElement) {
        const bg = rgba(getComputedStyle(a).backgroundColor);
        if (bg[3]! > 128) {
          background = bg;
          break;
        }
      }
      const [l1, l2] = [luminance(rgba(getComputedStyle(el).color)), luminance(background)];
      return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    });
}

test.describe("legibility", () => {
  test.use({ viewport: { width: 1400, height: 900 } });

  test("greyed-out information still has a 4.5:1 contrast", async ({ page }) => {
    await page.goto("/milestone/46/beta/buglist");
    // "+1 obsolete": updates counted but not listed
    expect(await contrastOf(page, "a:text-matches('^\\\\+\\\\d+ obsolete')")).toBeGreaterThanOrEqual(4.5);
    await page.goto("/bug/2410177");
    // its obsolete update's row
    expect(await contrastOf(page, "tr:has-text('obsolete') td:nth-child(3)")).toBeGreaterThanOrEqual(4.5);
    await page.goto("/bug/2411860");
    // the heading of a private bug
    expect(await contrastOf(page, "h1")).toBeGreaterThanOrEqual(4.5);
  });
});

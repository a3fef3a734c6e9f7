import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, logIn } from "./accounts";
import { milestoneBugs } from "./demo-data";

/**
 * Every main page under the server's Content-Security-Policy (nonce-only inline scripts, `style-src
 * 'self'`): each one hydrates (Remix's inline scripts ran), its client code works (the Copy button,
 * client-side navigation) and the browser reports no CSP violation, neither as a
 * `securitypolicyviolation` event nor on the console.
 */

/** Violations seen on `page` so far, from the DOM event and from console messages. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction("reportCspViolation", (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation;
      report(
        `${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber}:${e.columnNumber})`,
      );
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
      seen.push(`console ${message.type()}: ${message.text()}`);
  });
  return seen;
}

/**
 * Opens `path`, checks its security headers, and waits until the page has hydrated (or, for the bug
 * list, which is plain HTML without hydration, checks that it has no scripts at all).
 */
async function visit(page: Page, path: string, status = 200) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(status);
  const headers = res!.headers();
  expect(headers["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
  expect(headers["x-frame-options"], path).toBe("DENY");
  await expect(page.getByRole("heading", { level: 1 }).first(), path).toBeVisible();
  if (/\/buglist(\?|$)/.test(path)) await expect(page.locator("script"), path).toHaveCount(0);
  else await page.waitForFunction(() => !!(window as unknown as { __remixRouter?: unknown }).__remixRouter);
}

test.describe("under the Content-Security-Policy", () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("every main page hydrates and works with no CSP violation", async ({ page }) => {
    const violations = await watchViolations(page);
    const bug = milestoneBugs(46, "beta")[0]!;
    for (const path of [
      "/",
      "/milestone/46/beta/buglist",
      "/milestone/46/beta/requests",
      "/milestone/46/beta/changes",
      "/milestone/46/beta/changes?since=30d",
      "/search?q=dnf5",
      `/bug/${bug.id}`,
      "/prioritized",
      "/sync",
      "/about",
      "/api",
      "/login",
    ])
      await visit(page, path);
    await visit(page, "/no/such/page", 404);

    // The bug list's filter form works as plain HTML; client-side navigation runs on the client.
    await visit(page, "/milestone/46/beta/buglist");
    await page.getByLabel("Component").selectOption({ index: 1 });
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/\/buglist\?component=/);
    await visit(page, "/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "About" }).click();
    await expect(page).toHaveURL(/\/about$/);

    // The IRC page's Copy button is client code: it shows and copies only when scripts run.
    await visit(page, "/milestone/46/beta/irc");
    await page.getByRole("button", { name: "Copy script" }).click();
    await expect(page.getByRole("status")).toHaveText("✓ Copied");

    // Logged in (through the provider: the login form's redirect to it is allowed), propose and admin.
    await logIn(page, ADMIN, "/propose");
    await visit(page, "/propose");
    await visit(page, "/admin");
    await visit(page, "/admin/milestones/1");

    expect(violations).toEqual([]);
  });

  test("the watcher does catch an inline script without the nonce", async ({ page }) => {
    const violations = await watchViolations(page);
    await visit(page, "/about");
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.body.append(script);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect(violations.join("\n")).toMatch(/script-src/);
  });

  test("no page can be framed by another site", async ({ page, baseURL }) => {
    const violations = await watchViolations(page);
    // Another site on this machine (another origin: another port) that frames a Blockerbugs page.
    const framer = http.createServer((_req, res) => {
      res.setHeader("Content-Type", "text/html");
      res.end(`<!doctype html><title>framer</title><iframe src="${baseURL}/about"></iframe>`);
    });
    await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
    try {
      await page.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`);
      await expect.poll(() => violations.join("\n")).toMatch(/frame-ancestors/);
      await expect(page.frameLocator("iframe").getByRole("heading", { level: 1 })).toHaveCount(0);
    } finally {
      framer.closeAllConnections();
      await new Promise((resolve) => framer.close(resolve));
    }
  });
});

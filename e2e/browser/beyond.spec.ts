import { expect, test } from "@playwright/test";
import { DEMO_DAY_46_BETA, DEMO_DAY_NEW_BUG } from "../fixtures/demo-day";
import { milestoneBugs } from "./demo-data";

/**
 * Beyond the original app: the changes page and its Atom feed after the demo's day of upstream changes,
 * the burndown chart with its text alternatives, the weekly summary, and the header's jump box.
 */
test.describe("46 Beta changes", () => {
  test("the changes page lists every bug the day changed, by day, newest first", async ({ page }) => {
    // Reached from the milestone's row on the home page.
    await page.goto("/");
    await page.getByRole("link", { name: "Changes since the last meeting in Fedora 46 Beta" }).click();
    await expect(page).toHaveURL(/\/milestone\/46\/beta\/changes$/);
    await expect(page.getByRole("heading", { level: 1, name: "Changes" })).toBeVisible();
    await expect(page.getByText(/since the last blocker review meeting/)).toBeVisible();
    await expect(page.getByRole("link", { name: "Since the last meeting" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    const table = page.getByRole("table", { name: /^Changes on / });
    // Each bug's newest change, told as what it was (a move, a rejection, a drop) by who made it.
    for (const change of DEMO_DAY_46_BETA) {
      const bug = page.getByRole("link", { name: String(change.bugId), exact: true });
      const newest = table.getByRole("row").filter({ has: bug }).first();
      await expect(newest, change.what).toBeVisible();
      await expect(newest, change.what).toContainText(change.label);
      await expect(newest.getByRole("cell").last(), change.what).toHaveText(change.by);
    }
    const times = await page
      .locator("table time")
      .evaluateAll((els) => els.map((e) => e.getAttribute("datetime")!));
    expect(times).toEqual([...times].sort().reverse());
    // Who proposed the new bug, and the QA lead's acceptance.
    const filed = table.getByRole("row").filter({ hasText: String(DEMO_DAY_NEW_BUG) });
    await expect(filed).toContainText("Proposed as a blocker");
    await expect(filed).toContainText("tester6");
    await expect(table.getByRole("row").filter({ hasText: "Accepted as a blocker" }).first()).toContainText(
      "qa-lead",
    );
  });

  test("other windows: the last 30 days and a date; a bad date is refused", async ({ page }) => {
    await page.goto("/milestone/46/beta/changes");
    await page.getByRole("link", { name: "Last 30 days" }).click();
    await expect(page).toHaveURL(/since=30d/);
    await expect(page.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByText(/in the last 30 days/)).toBeVisible();
    const res = await page.goto("/milestone/46/beta/changes?since=yesterday");
    expect(res?.status()).toBe(400);
    await expect(page.getByText(/is not a date/)).toBeVisible();
  });

  test("the page head and the bug list link the Atom feed, which lists the same bugs", async ({
    page,
    request,
  }) => {
    for (const path of ["/milestone/46/beta/changes", "/milestone/46/beta/buglist"]) {
      await page.goto(path);
      const alternate = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
      await expect(alternate).toHaveAttribute("href", "/milestone/46/beta/changes.atom");
    }
    await expect(page.getByRole("link", { name: "Changes feed" })).toHaveAttribute(
      "href",
      "/milestone/46/beta/changes.atom",
    );
    const feed = await request.get("/milestone/46/beta/changes.atom");
    expect(feed.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
    const xml = await feed.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    for (const change of DEMO_DAY_46_BETA) expect(xml, change.what).toContain(`/bug/${change.bugId}"`);
    const ids = [...xml.matchAll(/<entry>\s*<title[^>]*>[\s\S]*?<\/title>\s*<id>([^<]+)<\/id>/g)].map(
      (m) => m[1]!,
    );
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    // The same change keeps its id from one request to the next.
    expect(await (await request.get("/milestone/46/beta/changes.atom")).text()).toContain(ids[0]!);
  });
});

test.describe("burndown", () => {
  test("the bug list shows the chart with its title, description and numbers", async ({ page }) => {
    await page.goto("/milestone/46/beta/buglist");
    const chart = page.getByRole("img", { name: /Open blockers and freeze exceptions of Fedora 46 Beta/ });
    await expect(chart).toBeVisible();
    await expect(chart.locator("path[stroke]")).toHaveCount(4);
    const text = page.getByTestId("burndown-text");
    const bugs = milestoneBugs(46, "beta");
    const open = (f: (b: (typeof bugs)[number]) => boolean) =>
      bugs.filter((b) => f(b) && b.status !== "CLOSED").length;
    const accepted = open((b) => b.blocker === "accepted");
    await expect(text).toContainText(`Now: ${open((b) => b.blocker === "proposed")} proposed blocker`);
    await expect(text).toContainText(`${accepted} accepted blocker`);
    await page.getByText("The numbers per day").click();
    await expect(page.getByRole("table", { name: /Open bugs per day of Fedora 46 Beta/ })).toBeVisible();
  });

  test("burndown.svg is an SVG image with a title and a description", async ({ request }) => {
    const res = await request.get("/milestone/46/beta/burndown.svg");
    expect(res.headers()["content-type"]).toBe("image/svg+xml; charset=utf-8");
    const svg = await res.text();
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain(
      '<title id="burndown-title">Open blockers and freeze exceptions of Fedora 46 Beta, per day</title>',
    );
    expect(svg).toMatch(/<desc id="burndown-desc">Open bugs per day from \d{4}-\d{2}-\d{2} to/);
  });

  test("the home page shows a labelled sparkline per milestone", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("img", { name: /^Open blockers: \d+ proposed, \d+ accepted/ })).toHaveCount(
      4,
    );
  });
});

test.describe("weekly summary", () => {
  test("summary.md is Markdown for the mail, with the day's new proposals", async ({ request }) => {
    const res = await request.get("/milestone/46/beta/summary.md");
    expect(res.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
    const md = await res.text();
    expect(md).toMatch(/^# Fedora 46 Beta: blocker status, \d{4}-\d{2}-\d{2}\n/);
    expect(md).toContain("## New proposals");
    expect(md).toContain(`RHBZ#${DEMO_DAY_NEW_BUG} (dnf5)`);
    expect(md).toContain("## Accepted blockers still open");
    expect(md).toContain("## Waiting longest for a decision");
  });
});

test.describe("jump box", () => {
  test("a bug id goes to the bug's page", async ({ page }) => {
    await page.goto("/");
    const box = page.getByRole("searchbox", { name: "Bug number or words" });
    await box.fill("rhbz#2410101");
    await box.press("Enter");
    await expect(page).toHaveURL(/\/bug\/2410101$/);
  });

  test("words search summaries and components of the active milestones", async ({ page }) => {
    await page.goto("/milestone/46/beta/buglist");
    const box = page.getByRole("search", { name: "Jump to a bug" }).getByRole("searchbox");
    await box.fill("dnf5 btrfs");
    await page.getByRole("search", { name: "Jump to a bug" }).getByRole("button", { name: "Go" }).click();
    await expect(page).toHaveURL(/\/search\?q=dnf5\+btrfs/);
    await expect(page.getByRole("link", { name: String(DEMO_DAY_NEW_BUG), exact: true })).toBeVisible();
    await expect(page.getByText(/\d+ bugs? match.* “dnf5 btrfs”/)).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the jump box, the changes page and the chart work", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("searchbox", { name: "Bug number or words" }).fill("2410101");
    await page.getByRole("searchbox", { name: "Bug number or words" }).press("Enter");
    await expect(page).toHaveURL(/\/bug\/2410101$/);
    await page.goto("/milestone/46/beta/changes");
    await page.getByRole("textbox", { name: "Since" }).fill("2026-11-01");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/since=2026-11-01/);
    await expect(page.getByRole("table").first()).toBeVisible();
    await page.goto("/milestone/46/beta/buglist");
    await expect(page.getByRole("img", { name: /Open blockers and freeze exceptions/ })).toBeVisible();
  });
});

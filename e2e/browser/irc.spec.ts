import { expect, test } from "@playwright/test";
import { milestoneBugs } from "./demo-data";

/** The IRC meeting script page: the script, its Copy button and its plain-text twin. */
test.describe("46 Beta IRC script", () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("Copy puts the exact script on the clipboard and says Copied", async ({ page, request }) => {
    await page.goto("/milestone/46/beta/irc");
    const plain = await (await request.get("/milestone/46/beta/irc.txt")).text();
    await expect(page.getByRole("textbox", { name: "Meeting script" })).toHaveValue(plain);
    await page.getByRole("button", { name: "Copy script" }).click();
    await expect(page.getByRole("status")).toHaveText("✓ Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(plain);
  });

  test("the script lists every proposed bug of the dataset, and the counts", async ({ request }) => {
    const res = await request.get("/milestone/46/beta/irc.txt");
    expect(res.headers()["content-type"]).toBe("text/plain; charset=utf-8");
    const lines = (await res.text()).split("\n");
    const bugs = milestoneBugs(46, "beta");
    const count = (f: (b: (typeof bugs)[number]) => boolean) => bugs.filter(f).length;
    expect(lines.slice(0, 5)).toEqual([
      "#info for Beta, we have:",
      `#info ${count((b) => b.blocker === "proposed")} Proposed Blockers`,
      `#info ${count((b) => b.blocker === "accepted")} Accepted Blockers`,
      `#info ${count((b) => b.fe === "proposed")} Proposed Freeze Exceptions`,
      `#info ${count((b) => b.fe === "accepted")} Accepted Freeze Exceptions`,
    ]);
    const topics = lines.filter((l) => /^#topic \(\d+\)/.test(l)).map((l) => Number(/\((\d+)\)/.exec(l)![1]));
    expect(topics).toEqual([
      ...bugs.filter((b) => b.blocker === "proposed").map((b) => b.id),
      ...bugs.filter((b) => b.fe === "proposed").map((b) => b.id),
    ]);
  });
});

test("without JavaScript the script is still there to select, with the plain-text link", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/milestone/46/beta/irc");
  await expect(page.getByRole("textbox", { name: "Meeting script" })).toHaveValue(
    /^#info for Beta, we have:/,
  );
  await expect(page.getByRole("button", { name: "Copy script" })).toBeHidden();
  await expect(page.getByRole("link", { name: "Plain text" })).toHaveAttribute(
    "href",
    "/milestone/46/beta/irc.txt",
  );
  await context.close();
});

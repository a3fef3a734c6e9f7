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

  test("the script lists every open proposed bug and conflict of the dataset, and the counts", async ({
    request,
  }) => {
    const res = await request.get("/milestone/46/beta/irc.txt");
    expect(res.headers()["content-type"]).toBe("text/plain; charset=utf-8");
    const lines = (await res.text()).split("\n");
    const bugs = milestoneBugs(46, "beta");
    type Bug = (typeof bugs)[number];
    const closed = (b: Bug) => b.status === "CLOSED";
    const countLine = (f: (b: Bug) => boolean, what: string) => {
      const n = bugs.filter((b) => f(b) && !closed(b)).length;
      const c = bugs.filter((b) => f(b) && closed(b)).length;
      return `#info ${n} ${what}${c > 0 ? ` (+${c} closed)` : ""}`;
    };
    const conflict = (b: Bug) => b.blocker === "conflict" || b.fe === "conflict";
    expect(bugs.some(conflict)).toBe(true);
    expect(lines.slice(0, lines.indexOf(""))).toEqual([
      "#info for Fedora 46 Beta, we have:",
      countLine((b) => b.blocker === "proposed", "Proposed Blockers"),
      countLine((b) => b.blocker === "accepted", "Accepted Blockers"),
      countLine((b) => b.fe === "proposed", "Proposed Freeze Exceptions"),
      countLine((b) => b.fe === "accepted", "Accepted Freeze Exceptions"),
      countLine(conflict, "Conflicts"),
      "#info Closed bugs are counted apart and get no topic.",
    ]);
    const topics = lines.filter((l) => /^#topic \(\d+\)/.test(l)).map((l) => Number(/\((\d+)\)/.exec(l)![1]));
    const open = (f: (b: Bug) => boolean) => bugs.filter((b) => f(b) && !closed(b)).map((b) => b.id);
    expect(topics).toEqual([
      ...open((b) => b.blocker === "proposed"),
      ...open((b) => b.fe === "proposed"),
      ...open(conflict),
    ]);
    expect(lines).toContain("#topic Beta conflicts: these need a decision");
  });
});

test("without JavaScript the script is still there to select, with the plain-text link", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/milestone/46/beta/irc");
  await expect(page.getByRole("textbox", { name: "Meeting script" })).toHaveValue(
    /^#info for Fedora 46 Beta, we have:/,
  );
  await expect(page.getByRole("button", { name: "Copy script" })).toBeHidden();
  await expect(page.getByRole("link", { name: "Plain text" })).toHaveAttribute(
    "href",
    "/milestone/46/beta/irc.txt",
  );
  await context.close();
});

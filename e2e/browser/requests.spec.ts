import { expect, test, type Locator } from "@playwright/test";
import { buildInStableTag, milestoneBugs, updatesOf } from "./demo-data";

/** The rows of a requests group as `bug alias`. */
async function groupRows(region: Locator): Promise<string[]> {
  const got: string[] = [];
  for (const row of await region.locator("tbody tr").all()) {
    const bugId = (await row.getByRole("rowheader").getByRole("link").textContent())!.trim();
    const alias = (await row.getByRole("link", { name: /^FEDORA-/ }).textContent())!.trim();
    got.push(`${bugId} ${alias}`);
  }
  return got;
}

const DEAD = ["obsolete", "unpushed", "revoked"];

/**
 * The requests page of 46 Beta: every live F46 update of an accepted blocker/FE is in each group
 * whose action it needs, by Bodhi status/request and Koji tags read from the demo dataset.
 */
test("46 Beta requests: updates grouped by the action release engineering must take", async ({ page }) => {
  await page.goto("/milestone/46/beta/requests");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Release engineering requests");
  // The count in the introduction is of accepted bugs (open and closed), not of bugs that need action.
  const accepted = milestoneBugs(46, "beta").filter((b) => b.blocker === "accepted" || b.fe === "accepted");
  await expect(page.locator("main")).toContainText(
    `What release engineering still has to do for the updates fixing the ${accepted.length} accepted blockers and freeze exceptions (closed bugs included).`,
  );

  const expected: Record<string, string[]> = { tag: [], requestStable: [], pendingPush: [] };
  // The compose groups hold the fixes that go into the compose: accepted freeze exceptions and
  // blockers accepted plainly (not as 0-day or previous-release fixes).
  for (const bug of milestoneBugs(46, "beta").filter(
    (b) => b.fe === "accepted" || (b.blocker === "accepted" && !b.accepted0Day && !b.acceptedPreviousRelease),
  )) {
    for (const u of updatesOf(bug.id, 46).filter((x) => !DEAD.includes(x.status))) {
      const key = `${bug.id} ${u.alias}`;
      if (u.builds.some((b) => !buildInStableTag(b.nvr, u.release.stable_tag))) expected.tag!.push(key);
      if (["pending", "testing"].includes(u.status) && u.request !== "stable")
        expected.requestStable!.push(key);
      if (u.request === "stable" && u.status !== "stable") expected.pendingPush!.push(key);
    }
  }
  expect(Object.values(expected).flat().length, "the dataset has requests").toBeGreaterThan(0);

  const titles = {
    tag: "Builds not in the stable tag",
    requestStable: "Updates not yet submitted for stable",
    pendingPush: "Updates pending stable push",
  };
  for (const [key, title] of Object.entries(titles)) {
    const region = page.getByRole("region", { name: new RegExp(`^${title}`) });
    await expect(region).toBeVisible();
    expect(await groupRows(region), title).toEqual(expected[key]);
    if (expected[key]!.length === 0) await expect(region).toContainText("No ");
  }
});

test("requests: the tag group lists the builds missing the stable tag", async ({ page }) => {
  await page.goto("/milestone/46/beta/requests");
  const region = page.getByRole("region", { name: /^Builds not in the stable tag/ });
  for (const row of await region.locator("tbody tr").all()) {
    const alias = (await row.getByRole("link", { name: /^FEDORA-/ }).textContent())!.trim();
    const bugId = Number((await row.getByRole("rowheader").getByRole("link").textContent())!.trim());
    const update = updatesOf(bugId, 46).find((u) => u.alias === alias)!;
    for (const b of update.builds) {
      await expect(row.getByText(b.nvr, { exact: true })).toHaveCount(
        buildInStableTag(b.nvr, update.release.stable_tag) ? 0 : 1,
      );
    }
  }
});

test("requests of an unknown milestone is a 404 page", async ({ page }) => {
  const res = await page.goto("/milestone/99/beta/requests");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

/** The demo's AcceptedPreviousRelease and Accepted0Day blockers of 46 Beta (see the dataset). */
const PREVIOUS_RELEASE_BUG = milestoneBugs(46, "beta").find((b) => b.acceptedPreviousRelease)!;
const ZERO_DAY_BUG = milestoneBugs(46, "beta").find((b) => b.accepted0Day)!;

test.describe("46 Beta requests: previous-release and 0-day fixes", () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("an F45 update of an AcceptedPreviousRelease blocker is to be pushed to the stable release, not tagged into the compose", async ({
    page,
  }) => {
    const f45 = updatesOf(PREVIOUS_RELEASE_BUG.id, 45);
    expect(f45.length, "the dataset has an F45 fix").toBeGreaterThan(0);
    await page.goto("/milestone/46/beta/requests");
    const region = page.getByRole("region", { name: /^Push to the stable release\(s\)/ });
    await expect(region).toContainText("Previous stable releases now: Fedora 45.");
    expect(await groupRows(region)).toEqual(f45.map((u) => `${PREVIOUS_RELEASE_BUG.id} ${u.alias}`));
    await expect(region.getByText("F45", { exact: true })).toBeVisible();
    for (const title of [
      "Builds not in the stable tag",
      "Updates not yet submitted for stable",
      "Updates pending stable push",
    ]) {
      const compose = page.getByRole("region", { name: new RegExp(`^${title}`) });
      for (const u of f45) await expect(compose.getByRole("link", { name: u.alias })).toHaveCount(0);
    }
  });

  test("a 0-day fix is in '0-day updates' only", async ({ page }) => {
    const updates = updatesOf(ZERO_DAY_BUG.id, 46);
    await page.goto("/milestone/46/beta/requests");
    const region = page.getByRole("region", { name: /^0-day updates/ });
    expect(await groupRows(region)).toEqual(updates.map((u) => `${ZERO_DAY_BUG.id} ${u.alias}`));
    const tag = page.getByRole("region", { name: /^Builds not in the stable tag/ });
    for (const u of updates) await expect(tag.getByRole("link", { name: u.alias })).toHaveCount(0);
  });

  test("each group has a Markdown text for the release-engineering ticket, and Copy copies it", async ({
    page,
  }) => {
    const [update] = updatesOf(PREVIOUS_RELEASE_BUG.id, 45);
    await page.goto("/milestone/46/beta/requests");
    const region = page.getByRole("region", { name: /^Push to the stable release\(s\)/ });
    const text = region.getByRole("textbox", { name: "Text for the release-engineering ticket (Markdown)" });
    const markdown = await text.inputValue();
    // The bug's link, as the row shows it (the demo's Bugzilla is the sandbox).
    const bugUrl = await region.getByRole("rowheader").getByRole("link").first().getAttribute("href");
    expect(markdown.split("\n")).toEqual([
      "### Fedora 46 Beta: push to the stable release(s)",
      "",
      `- [${update!.alias}](https://bodhi.fedoraproject.org/updates/${update!.alias}) (F45) for [bug ${PREVIOUS_RELEASE_BUG.id}](${bugUrl})`,
      ...update!.builds.map((b) => `  - \`${b.nvr}\``),
      "",
    ]);
    await region.getByRole("button", { name: "Copy" }).click();
    await expect(region.getByRole("status")).toHaveText("✓ Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(markdown);
    // Every group with rows has its own text.
    const tag = page.getByRole("region", { name: /^Builds not in the stable tag/ });
    await expect(tag.getByRole("textbox", { name: /release-engineering ticket/ })).toHaveValue(
      /^### Fedora 46 Beta: builds not in the stable tag\n/,
    );
  });
});

test("without JavaScript the ticket text is there to select", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/milestone/46/beta/requests");
  const region = page.getByRole("region", { name: /^Push to the stable release\(s\)/ });
  await expect(region.getByRole("textbox", { name: /release-engineering ticket/ })).toHaveValue(
    /^### Fedora 46 Beta: push to the stable release\(s\)/,
  );
  await expect(region.getByRole("button", { name: "Copy" })).toBeHidden();
  await context.close();
});

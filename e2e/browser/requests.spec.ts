import { expect, test } from "@playwright/test";
import { buildInStableTag, milestoneBugs, updatesOf } from "./demo-data";

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
  for (const bug of milestoneBugs(46, "beta").filter(
    (b) => b.blocker === "accepted" || b.fe === "accepted",
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
    const rows = region.locator("tbody tr");
    const got: string[] = [];
    for (const row of await rows.all()) {
      const bugId = (await row.getByRole("rowheader").getByRole("link").textContent())!.trim();
      const alias = (await row.getByRole("link", { name: /^FEDORA-/ }).textContent())!.trim();
      got.push(`${bugId} ${alias}`);
    }
    expect(got, title).toEqual(expected[key]);
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

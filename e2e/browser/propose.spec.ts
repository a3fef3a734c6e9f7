import { expect, test, type APIRequestContext } from "@playwright/test";
import { SANDBOX_PORT } from "../../playwright.config";
import { ADMIN, logIn, providerUser, TESTER } from "./accounts";

/**
 * Accounts, proposing and administration against `npm run demo`, logging in through the mock OpenID
 * Connect provider (e2e/oidc) and checking what reached the sandbox's Bugzilla (`/_sandbox/requests`).
 * This file changes the demo's data (it proposes a bug), so it runs after the read-only specs
 * (Playwright runs files in name order with one worker).
 */
const SANDBOX = `http://127.0.0.1:${SANDBOX_PORT}`;

interface LoggedRequest {
  method: string;
  path: string;
  body: unknown;
}
async function sandboxRequests(request: APIRequestContext): Promise<LoggedRequest[]> {
  const res = await request.get(`${SANDBOX}/_sandbox/requests`);
  return ((await res.json()) as { log: LoggedRequest[] }).log;
}
const sandboxPuts = async (request: APIRequestContext) =>
  (await sandboxRequests(request)).filter((r) => r.method !== "GET");
async function clearSandboxLog(request: APIRequestContext) {
  await request.delete(`${SANDBOX}/_sandbox/requests`);
}

test("anonymous /propose goes to login and comes back; logout ends the session", async ({ page }) => {
  await providerUser(page.request, TESTER);
  await page.goto("/propose");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fpropose$/);
  await page.getByRole("button", { name: "Log in with Fedora Accounts" }).click();
  await expect(page).toHaveURL(/\/propose$/);
  await expect(page.getByRole("heading", { name: "Propose a bug" })).toBeVisible();
  await expect(page.getByTestId("logged-in-user")).toHaveText("tester");
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);

  const session = (await page.context().cookies()).find((c) => c.name === "bb_session")!;
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await page.goto("/propose");
  await expect(page).toHaveURL(/\/login/);
});

test("proposing a bug writes ONE update to Bugzilla and the bug shows as proposed", async ({ page }) => {
  await logIn(page, TESTER, "/propose");
  await clearSandboxLog(page.request);
  // Bug 2410158 is a proposed FE of Fedora 46 Beta; propose it as a blocker too.
  await page.getByLabel("Milestone").selectOption({ label: "Fedora 46 Beta (current)" });
  await page.getByLabel("Bug id").fill("2410158");
  await page.getByLabel("Blocker").check();
  await page
    .getByLabel("Justification")
    .fill("Violates the Beta criterion: conflicts break a default install.");
  await page.getByRole("button", { name: "Propose" }).click();

  await expect(page.getByRole("status")).toContainText(
    "Bug 2410158 is proposed as a Blocker for Fedora 46 Beta",
  );
  const comment =
    "Proposed as a Blocker for 46-beta by tester@example.com using the blocker tracking app because:\n\n" +
    "Violates the Beta criterion: conflicts break a default install.";
  await expect(page.locator("pre")).toHaveText(comment);

  const writes = await sandboxPuts(page.request);
  expect(writes).toHaveLength(1);
  expect(writes[0]).toMatchObject({
    method: "PUT",
    path: "/bugzilla/rest/bug/2410158",
    body: {
      blocks: { add: [2390101] },
      cc: { add: ["tester@example.com"] },
      comment: { body: comment, is_private: false },
    },
  });

  await page.getByRole("link", { name: "Fedora 46 Beta blocker list" }).click();
  const proposed = page.getByRole("region", { name: /^Proposed Blockers/ });
  await expect(proposed.getByRole("link", { name: "2410158", exact: true })).toHaveCount(1);
});

test("bad proposals show what is wrong, keep the input and write nothing", async ({ page }) => {
  await logIn(page, TESTER, "/propose");
  const cases: { bug: string; kind?: "Blocker" | "Freeze exception"; text?: string; message: RegExp }[] = [
    { bug: "abc", message: /The bug id must be a number/ },
    { bug: "9999999", message: /Bug 9999999 does not exist in Bugzilla/ },
    { bug: "2411860", message: /Bug 2411860 is private/ },
    { bug: "2410130", kind: "Freeze exception", message: /Bug 2410130 is CLOSED/ },
    { bug: "2410101", message: /Bug 2410101 is already proposed as a blocker for Fedora 46 Beta/ },
    { bug: "2410201", text: "", message: /Enter a justification \(at least 10 characters\)/ },
    { bug: "2410201", text: "x".repeat(5001), message: /at most 5000 characters/ },
    {
      bug: "2410201",
      text: "It breaks <script>alert('x')</script> the installer",
      message: /must be plain text/,
    },
  ];
  await clearSandboxLog(page.request);
  for (const c of cases) {
    // Wait for the page's scripts: the form keeps what was typed before hydration only without them.
    await page.goto("/propose", { waitUntil: "networkidle" });
    // Checkbox first: a message appearing when the bug id loses focus would move it under the pointer.
    await page.getByLabel(c.kind ?? "Blocker", { exact: true }).check();
    await page.getByLabel("Bug id").fill(c.bug);
    await page.getByLabel("Justification").fill(c.text ?? "A justification long enough to pass.");
    await page.getByRole("button", { name: "Propose" }).click();
    await expect(page.getByText(c.message), c.bug).toBeVisible();
    await expect(page.getByLabel("Bug id")).toHaveValue(c.bug);
    await expect(page).toHaveURL(/\/propose$/);
  }
  expect(await sandboxPuts(page.request)).toEqual([]);
});

test("markup in upstream text and in the justification is shown as text", async ({ page }) => {
  await logIn(page, TESTER, "/propose");
  await page.getByLabel("Bug id").fill("2410201");
  await page.getByLabel("Blocker").check();
  await page.getByLabel("Justification").fill("<b>bold</b> claims");
  await page.getByRole("button", { name: "Propose" }).click();
  await expect(page.getByLabel("Justification")).toHaveValue("<b>bold</b> claims");
  expect(await page.locator("main b").count()).toBe(0);
});

test("non-admins get 403 on every admin page and action", async ({ page, baseURL }) => {
  await logIn(page, TESTER);
  for (const path of ["/admin", "/admin/milestones/1"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Forbidden");
  }
  await clearSandboxLog(page.request);
  const origin = { Origin: baseURL! };
  for (const [path, form] of [
    ["/admin", { intent: "sync" }],
    ["/admin", { intent: "add-release", number: "48" }],
    ["/admin/milestones/1", { blockerTracker: "2390101", feTracker: "2390102", active: "on", current: "on" }],
  ] as const) {
    const res = await page.request.post(path, { form, headers: origin, maxRedirects: 0 });
    expect(res.status(), `${path} ${JSON.stringify(form)}`).toBe(403);
  }
  expect(await sandboxRequests(page.request)).toEqual([]);
});

test("admins see releases, milestones and sync runs, and can start a sync", async ({ page }) => {
  await logIn(page, ADMIN);
  await page.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Fedora 46 Beta/ })).toContainText("F46BetaBlocker (2390101)");
  await page.getByRole("button", { name: "Sync now" }).click();
  // The outcome notice; a "sync is running right now" notice may show beside it once the page reloads.
  await expect(page.getByText(/[Ss]ync started in the background|already running;/)).toBeVisible();
  await page
    .getByRole("row", { name: /Fedora 47 Final/ })
    .getByRole("link", { name: "Edit" })
    .click();
  await expect(page.getByLabel(/Blocker tracker/)).toHaveValue("F47FinalBlocker");
  await page.getByLabel(/Blocker tracker/).fill("NoSuchAlias");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert")).toContainText("tracker NoSuchAlias not found in Bugzilla");
});

test("a form posted from another site is refused", async ({ page }) => {
  await logIn(page, TESTER);
  const res = await page.request.post("/logout", {
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(403);
  await page.goto("/");
  await expect(page.getByTestId("logged-in-user")).toHaveText("tester");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("login and the propose form work; the server names the errors and keeps the input", async ({
    page,
  }) => {
    await logIn(page, TESTER, "/propose");
    await expect(page).toHaveURL(/\/propose$/);
    await clearSandboxLog(page.request);
    // The hint under "Justification" (what to write, how long) is read with the field.
    await expect(page.getByLabel("Justification")).toHaveAccessibleDescription(/10 to 5000 characters/);
    for (const [bug, message] of [
      ["12ab", /The bug id must be a number/],
      ["2411860", /Bug 2411860 is private/],
    ] as const) {
      await page.getByLabel("Bug id").fill(bug);
      await page.getByLabel("Freeze exception").check();
      await page.getByLabel("Justification").fill("Boot takes > 5 minutes & needs < 2 GB.");
      await page.getByRole("button", { name: "Propose" }).click();
      await expect(page.getByText(message)).toBeVisible();
      await expect(page.getByLabel("Bug id")).toHaveValue(bug);
      await expect(page.getByLabel("Freeze exception")).toBeChecked();
    }
    // Comparison signs are not markup: this justification passed the checks (the bug id did not).
    await expect(page.getByLabel("Justification")).toHaveValue("Boot takes > 5 minutes & needs < 2 GB.");
    expect(await sandboxPuts(page.request)).toEqual([]);
  });

  test("admin form errors name their field and are tied to it", async ({ page }) => {
    await logIn(page, ADMIN, "/admin");
    await page.getByLabel("Release", { exact: true }).fill("0");
    await page.getByLabel(/^Blocker tracker/).fill("F46BetaBlocker");
    await page.getByLabel(/^FE tracker/).fill("not an alias!");
    await page.getByRole("button", { name: "Add milestone" }).click();
    const summary = page.locator("main > div > [role=alert]").first();
    await expect(summary).toContainText("Release: From 1 to 9999");
    await expect(summary).toContainText("FE tracker: A bug id (2390101) or an alias (F46BetaBlocker)");
    await expect(page.getByLabel("Release", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Release", { exact: true })).toHaveAccessibleDescription("From 1 to 9999");
    await expect(page.getByLabel(/^FE tracker/)).toHaveAccessibleDescription(/A bug id \(2390101\)/);
    await expect(page.getByLabel(/^Blocker tracker/)).not.toHaveAttribute("aria-invalid", "true");

    await page.goto("/admin/milestones/1");
    // Its fields are called as on the form that adds a milestone, and as the message names them.
    await page.getByLabel(/^FE tracker/).fill("2390102");
    await page.getByLabel(/^Blocker tracker/).fill("two words");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.locator("main > div > [role=alert]").first()).toContainText(
      "Blocker tracker: A bug id",
    );
    await expect(page.getByLabel(/^Blocker tracker/)).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel(/^Blocker tracker/)).toHaveAccessibleDescription(/A bug id/);
  });

  test("admin forms keep what the admin typed when they are refused", async ({ page }) => {
    await logIn(page, ADMIN, "/admin");
    await page
      .getByRole("row", { name: /Fedora 47 Final/ })
      .getByRole("link", { name: "Edit" })
      .click();
    await page.getByLabel(/Blocker tracker/).fill("NoSuchAlias");
    await page.getByLabel(/Current milestone/).check();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("alert")).toContainText("tracker NoSuchAlias not found in Bugzilla");
    await expect(page.getByLabel(/Blocker tracker/)).toHaveValue("NoSuchAlias");
    await expect(page.getByLabel(/Current milestone/)).toBeChecked();

    await page.goto("/admin");
    await page.getByLabel("Release", { exact: true }).fill("46");
    await page.getByLabel("Version").selectOption("final");
    await page.getByLabel(/^Blocker tracker/).fill("F46FinalBlocker");
    await page.getByLabel(/^FE tracker/).fill("F46FinalFreezeException");
    await page.getByRole("button", { name: "Add milestone" }).click();
    await expect(page.getByRole("alert")).toContainText("Fedora 46 Final already exists");
    await expect(page.getByLabel("Release", { exact: true })).toHaveValue("46");
    await expect(page.getByLabel("Version")).toHaveValue("final");
    await expect(page.getByLabel(/^Blocker tracker/)).toHaveValue("F46FinalBlocker");
    await expect(page.getByLabel(/^FE tracker/)).toHaveValue("F46FinalFreezeException");
  });
});

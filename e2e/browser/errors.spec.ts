import { expect, test } from "@playwright/test";

/**
 * Runs against `npm run demo` (see playwright.config.ts): unknown addresses and requests a page or the
 * API cannot answer get the site's own error pages (HTML) or the API's error format (JSON), never the
 * router's internal texts.
 */

test("an unknown address shows the friendly 404 page with links home", async ({ page }) => {
  const res = await page.goto("/nothing");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page).toHaveTitle(/^Page not found/);
  const body = await page.locator("main").innerText();
  expect(body).not.toContain("No route matches");
  await page.getByRole("link", { name: /Home: the list of milestones/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Release milestones" })).toBeVisible();
});

test("a form POSTed to a page shows the friendly 405 page", async ({ page, request }) => {
  expect((await request.post("/milestone/46/beta/buglist", { form: { q: "x" } })).status()).toBe(405);

  await page.goto("/milestone/46/beta/buglist");
  // A plain HTML form posting to the page (as a stale bookmark or another site's form would).
  await Promise.all([
    page.waitForURL(/\/milestone\/46\/beta\/buglist$/, { waitUntil: "load" }),
    page.evaluate(() => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = "/milestone/46/beta/buglist";
      document.body.append(form);
      form.submit();
    }),
  ]);
  await expect(
    page.getByRole("heading", { level: 1, name: "This page cannot be submitted to" }),
  ).toBeVisible();
  const body = await page.locator("body").innerText();
  expect(body).not.toContain("did not provide an `action`");
  expect(body).not.toContain("Method Not Allowed");
  await page.getByRole("link", { name: "Open this page" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fedora 46 Beta");
});

test("a malformed milestone address answers 400, a missing milestone 404", async ({ page }) => {
  const bad = await page.goto("/milestone/abc/beta/buglist");
  expect(bad?.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1, name: "Bad request" })).toBeVisible();
  const missing = await page.goto("/milestone/99/beta/buglist");
  expect(missing?.status()).toBe(404);
  await expect(page.getByText("There is no milestone Fedora 99 Beta.")).toBeVisible();
});

test("the API answers other methods with a JSON 405 and Allow: GET", async ({ request }) => {
  const calls = [
    request.post("/api/v1/milestones"),
    request.put("/api/v1/milestones/46/beta/bugs"),
    request.delete("/api/v1/bugs/1"),
    request.patch("/api/v1/milestones"),
    request.post("/api/nothing"),
  ];
  for (const res of await Promise.all(calls)) {
    expect(res.status(), res.url()).toBe(405);
    expect(res.headers()["allow"]).toBe("GET");
    expect(res.headers()["content-type"]).toContain("application/json");
    expect(await res.json()).toEqual({ error: "Method not allowed: use GET" });
  }
  // GET still works, and an unknown endpoint is a JSON 404.
  expect((await request.get("/api/v1/milestones")).status()).toBe(200);
  const unknown = await request.get("/api/nothing");
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toEqual({ error: "No API endpoint at /api/nothing" });
});

test("a filter value no bug has stays selected instead of 'All'", async ({ page }) => {
  await page.goto("/milestone/46/beta/buglist?component=nope&status=bogus");
  const component = page.getByLabel("Component");
  await expect(component).toHaveValue("nope");
  await expect(component.locator("option:checked")).toHaveText("nope (no bugs)");
  const status = page.getByLabel("Status");
  await expect(status).toHaveValue("BOGUS");
  await expect(status.locator("option:checked")).toHaveText("BOGUS (no bugs)");
  await expect(page.getByText(/^0 of \d+ bugs match/)).toBeVisible();
});

test("a bug id outside 1–2147483647 is a 400 that says which ids exist, on the page and in the API", async ({
  page,
  request,
}) => {
  for (const id of ["2147483648", "0", "abc"]) {
    const api = await request.get(`/api/v1/bugs/${id}`);
    expect(api.status()).toBe(400);
    expect(await api.json()).toEqual({
      error: `"${id}" is not a bug id: bug ids are whole numbers from 1 to 2147483647`,
    });
    const res = await page.goto(`/bug/${id}`);
    expect(res?.status()).toBe(400);
    await expect(
      page.getByText(`"${id}" is not a bug id: bug ids are whole numbers from 1 to 2147483647.`),
    ).toBeVisible();
  }
});

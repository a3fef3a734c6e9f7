/** Logging in through the mock OpenID Connect provider (e2e/oidc) that `npm run demo` uses in the browser tests. */
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { OIDC_PORT } from "../../playwright.config";
import type { MockUser } from "../oidc/mock-oidc";

/** The mock provider's issuer URL. */
export const OIDC = `http://127.0.0.1:${OIDC_PORT}`;

/** A packager: may propose bugs, is no admin. */
export const TESTER: MockUser = {
  sub: "sub-tester",
  preferred_username: "tester",
  name: "Test User",
  email: "tester@example.com",
  groups: ["packager"],
};
/** A member of `qa-admin`: sees the admin pages. */
export const ADMIN: MockUser = {
  ...TESTER,
  sub: "sub-admin",
  preferred_username: "qa-boss",
  groups: ["qa-admin"],
};

/** Who the mock provider logs in next. */
export async function providerUser(request: APIRequestContext, user: MockUser): Promise<void> {
  const res = await request.post(`${OIDC}/_test/user`, { data: user });
  expect(res.status()).toBe(204);
}

/** Logs in from the login page through the provider; ends back where the login started. */
export async function logIn(page: Page, user: MockUser, from = "/"): Promise<void> {
  await providerUser(page.request, user);
  await page.goto(from === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(from)}`);
  await page.getByRole("button", { name: "Log in with Fedora Accounts" }).click();
  await expect(page.getByTestId("logged-in-user")).toHaveText(user.preferred_username);
}

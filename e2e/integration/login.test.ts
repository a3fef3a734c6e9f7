/**
 * Login through a real OpenID Connect provider on loopback (oauth2-mock-server): the route loaders and
 * actions are called with real Requests, the provider is reached over HTTP, sessions live in a real
 * PostgreSQL database.
 */
import net from "node:net";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../../app/config.server";
import { getUser, requireAdmin, SESSION_COOKIE } from "../../app/auth/session.server";
import { action as loginAction, loader as loginLoader } from "../../app/routes/login/route";
import { loader as callbackLoader } from "../../app/routes/auth.callback/route";
import { action as logoutAction } from "../../app/routes/logout/route";
import { startMockOidc, DEFAULT_MOCK_USER, type MockOidc } from "../oidc/mock-oidc";
import { createTestDatabase, type TestDatabase } from "../setup/test-db";

const APP = "http://blockerbugs.test";
let oidc: MockOidc;
let t: TestDatabase;
let config: Config;
const ctx = () => ({ db: t.db, config, databaseUrl: t.url });

beforeAll(async () => {
  oidc = await startMockOidc();
});
afterAll(async () => {
  await oidc.close();
});
beforeEach(async () => {
  t = await createTestDatabase();
  config = parseConfig({
    DATABASE_URL: t.url,
    OIDC_ISSUER: oidc.issuer,
    OIDC_CLIENT_ID: "blockerbugs-test",
    OIDC_CLIENT_SECRET: "client-secret",
    SESSION_SECRET: "test-session-secret",
    ADMIN_GROUPS: "qa-admin,other-admins",
  });
  oidc.setUser(DEFAULT_MOCK_USER);
});
afterEach(async () => {
  await t.drop();
});

/** Name=value pairs of a response's Set-Cookie headers (a cookie jar of one step). */
function cookiesOf(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return jar;
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** What a thrown or returned Response of a loader/action is. */
async function responseOf(promise: Promise<unknown>): Promise<Response> {
  try {
    const value = await promise;
    if (value instanceof Response) return value;
    throw new Error(`expected a Response, got ${JSON.stringify(value)}`);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** POST /login (intent oidc) → the provider's authorization URL and the login cookies. */
async function startLogin(redirectTo = "/propose") {
  const body = new URLSearchParams({ intent: "oidc", redirectTo });
  const request = new Request(`${APP}/login`, { method: "POST", body });
  const response = await responseOf(loginAction({ request, context: ctx(), params: {} } as never));
  expect(response.status).toBe(302);
  return { authorizeUrl: new URL(response.headers.get("Location")!), jar: cookiesOf(response) };
}

/** The provider's answer to the authorization request: the callback URL with code and state. */
async function authorize(url: URL): Promise<URL> {
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("Location")!);
}

async function callback(url: URL, jar: Map<string, string>) {
  const request = new Request(url, { headers: { Cookie: cookieHeader(jar) } });
  return callbackLoader({ request, context: ctx(), params: {} } as never);
}

/** The full login: returns the callback's redirect. */
async function login(redirectTo = "/propose") {
  const { authorizeUrl, jar } = await startLogin(redirectTo);
  const result = await callback(await authorize(authorizeUrl), jar);
  expect(result).toBeInstanceOf(Response);
  return result as Response;
}

const withSession = (response: Response) =>
  new Request(`${APP}/propose`, { headers: { Cookie: cookieHeader(cookiesOf(response)) } });

describe("OIDC login", () => {
  it("asks for a code with PKCE (S256) and state, and returns to the page the user came from", async () => {
    const { authorizeUrl, jar } = await startLogin("/milestone/46/beta/buglist?q=x");
    expect(authorizeUrl.origin).toBe(oidc.issuer);
    expect(authorizeUrl.searchParams.get("response_type")).toBe("code");
    expect(authorizeUrl.searchParams.get("client_id")).toBe("blockerbugs-test");
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(`${APP}/auth/callback`);
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizeUrl.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(authorizeUrl.searchParams.get("state")).toBeTruthy();
    expect(authorizeUrl.searchParams.get("scope")).toContain("openid");

    const response = (await callback(await authorize(authorizeUrl), jar)) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/milestone/46/beta/buglist?q=x");
    const setCookies = response.headers.getSetCookie();
    const session = setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    // The state cookie and the return path are cleared.
    expect(setCookies.filter((c) => /Max-Age=0/.test(c)).map((c) => c.split("=")[0])).toEqual(
      expect.arrayContaining([...jar.keys()]),
    );

    const user = await getUser(withSession(response), ctx());
    expect(user).toMatchObject({
      login: "tester",
      email: "tester@example.com",
      groups: ["packager"],
      isAdmin: false,
    });
    const stored = await t.db.user.findUniqueOrThrow({ where: { login: "tester" } });
    expect(stored.subject).toBe("sub-tester");
    // The cookie holds only the session id, signed.
    const value = decodeURIComponent(session.split(";")[0]!.split("=").slice(1).join("="));
    const [row] = await t.db.session.findMany();
    expect(value.startsWith(Buffer.from(JSON.stringify(row!.id)).toString("base64"))).toBe(true);
  });

  it("under BASE_PATH, scopes every cookie to it (other apps on the host never see the session)", async () => {
    config = { ...config, BASE_PATH: "/blockerbugs" };
    const { authorizeUrl, jar } = await startLogin();
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(`${APP}/blockerbugs/auth/callback`);
    const response = (await callback(await authorize(authorizeUrl), jar)) as Response;
    const logout = (await logoutAction({
      request: new Request(`${APP}/blockerbugs/logout`, {
        method: "POST",
        headers: { Cookie: cookieHeader(cookiesOf(response)) },
      }),
      context: ctx(),
      params: {},
    } as never)) as Response;
    const start = await responseOf(
      loginAction({
        request: new Request(`${APP}/blockerbugs/login`, {
          method: "POST",
          body: new URLSearchParams({ intent: "oidc", redirectTo: "/" }),
        }),
        context: ctx(),
        params: {},
      } as never),
    );
    const all = [start, response, logout].flatMap((r) => r.headers.getSetCookie());
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const c of all) expect(c, c).toMatch(/; Path=\/blockerbugs(;|$)/);
  });

  it("makes members of ADMIN_GROUPS admins and others not (403 on admin pages)", async () => {
    const member = await login();
    await expect(requireAdmin(withSession(member), ctx())).rejects.toMatchObject({ status: 403 });

    oidc.setUser({
      ...DEFAULT_MOCK_USER,
      sub: "sub-admin",
      preferred_username: "boss",
      groups: ["other-admins"],
    });
    const admin = await login();
    expect(await requireAdmin(withSession(admin), ctx())).toMatchObject({ login: "boss", isAdmin: true });
  });

  it("refuses a callback whose state does not match the login's cookie", async () => {
    const { authorizeUrl, jar } = await startLogin();
    const back = await authorize(authorizeUrl);
    back.searchParams.set("state", "forged-state");
    const result = (await callback(back, jar)) as { init: ResponseInit; data: { message: string } };
    expect(result.init.status).toBe(400);
    expect(result.data.message).toMatch(/could not be verified/);
    expect(await t.db.session.count()).toBe(0);

    // No login cookie at all (a callback opened in another browser).
    const again = await startLogin();
    const orphan = (await callback(await authorize(again.authorizeUrl), new Map())) as { init: ResponseInit };
    expect(orphan.init.status).toBe(400);
    expect(await t.db.session.count()).toBe(0);
  });

  it("says so when the user declines at the provider, instead of 'could not be verified'", async () => {
    const { authorizeUrl, jar } = await startLogin();
    const state = authorizeUrl.searchParams.get("state")!;
    const declined = new URL(`${APP}/auth/callback?error=access_denied&state=${state}`);
    const result = (await callback(declined, jar)) as { init: ResponseInit; data: { message: string } };
    expect(result.init.status).toBe(400);
    expect(result.data.message).toBe(
      "You did not let Blockerbugs use your Fedora account, so you are not logged in.",
    );
    const other = new URL(
      `${APP}/auth/callback?error=server_error&error_description=<b>call+us</b>&state=${state}`,
    );
    const failed = (await callback(other, jar)) as { data: { message: string } };
    expect(failed.data.message).toBe(
      "The identity provider refused the login (server_error). Please try again.",
    );
    expect(await t.db.session.count()).toBe(0);
  });

  it("refuses a code redeemed with another PKCE verifier (the provider checks it)", async () => {
    const { authorizeUrl, jar } = await startLogin();
    const back = await authorize(authorizeUrl);
    const [name, value] = [...jar].find(([k]) => k.startsWith("bb_oidc:"))!;
    const params = new URLSearchParams(decodeURIComponent(value));
    const state = params.get("state")!;
    params.set(state, "x".repeat(43)); // a well-formed verifier that does not match the challenge
    jar.set(name, encodeURIComponent(params.toString()));
    const result = (await callback(back, jar)) as { init: ResponseInit };
    expect(result.init.status).toBe(400);
    expect(await t.db.session.count()).toBe(0);
  });

  it("forgets expired sessions and deletes the session on logout", async () => {
    const first = await login();
    await t.db.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getUser(withSession(first), ctx())).toBeNull();

    const second = await login();
    const request = new Request(`${APP}/logout`, {
      method: "POST",
      headers: { Cookie: cookieHeader(cookiesOf(second)) },
    });
    const response = await responseOf(logoutAction({ request, context: ctx(), params: {} } as never));
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.getSetCookie().join()).toMatch(new RegExp(`${SESSION_COOKIE}=;.*Max-Age=0`));
    // Both the logged-out session and the expired one are gone.
    expect(await t.db.session.count()).toBe(0);
    expect(await getUser(withSession(second), ctx())).toBeNull();
  });

  it("explains on /login when the client is not configured, and refuses an unsafe return path", async () => {
    config = parseConfig({ DATABASE_URL: t.url, OIDC_ISSUER: oidc.issuer });
    const page = await loginLoader({
      request: new Request(`${APP}/login`),
      context: ctx(),
      params: {},
    } as never);
    expect((page as { problem: string }).problem).toMatch(/OIDC_CLIENT_ID/);
    const request = new Request(`${APP}/login`, {
      method: "POST",
      body: new URLSearchParams({ intent: "oidc" }),
    });
    const result = await loginAction({ request, context: ctx(), params: {} } as never);
    expect(result).toMatchObject({ error: expect.stringMatching(/not configured/) });

    config = { ...config, OIDC_CLIENT_ID: "blockerbugs-test" };
    const response = await login("https://evil.example/");
    expect(response.headers.get("Location")).toBe("/");
  });

  it("says so on /login when the identity provider cannot be reached", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve)); // nothing listens there now
    config = { ...config, OIDC_ISSUER: `http://127.0.0.1:${port}` };
    const request = new Request(`${APP}/login`, {
      method: "POST",
      body: new URLSearchParams({ intent: "oidc", redirectTo: "/propose" }),
    });
    const result = await loginAction({ request, context: ctx(), params: {} } as never);
    expect(result).toMatchObject({
      error: `The identity provider (http://127.0.0.1:${port}) cannot be reached right now, so logging in is not possible. Please try again later.`,
    });
  });
});

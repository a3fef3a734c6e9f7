import { createCookie, redirect } from "@remix-run/node";
import { decodeIdToken } from "arctic";
import { Authenticator } from "remix-auth";
import { CodeChallengeMethod, OAuth2Strategy } from "remix-auth-oauth2";
import { z } from "zod";
import type { Config } from "~/config.server";
import { logger } from "~/logger.server";
import { safeRedirect } from "~/auth/safe-redirect";
import { cookiePath, createUserSession, upsertUser, type AuthContext, type Identity } from "./session.server";

/** Path of the OIDC redirect URI below BASE_PATH (register `https://<host><BASE_PATH>/auth/callback`). */
export const CALLBACK_PATH = "/auth/callback";
/** Prefix of the short-lived cookies holding the OAuth state and PKCE verifier (remix-auth-oauth2). */
const STATE_COOKIE = "bb_oidc";

/** Where to go after login; set when the login starts, read at the callback. */
const returnToCookie = (config: Config) =>
  createCookie("bb_login_to", {
    httpOnly: true,
    sameSite: "lax",
    secure: config.NODE_ENV === "production",
    path: cookiePath(config),
    maxAge: 600,
  });

/** The parts of the provider's discovery document Blockerbugs uses (OpenID Connect Discovery 1.0 §3). */
const DiscoverySchema = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  userinfo_endpoint: z.url().optional(),
});
type Discovery = z.infer<typeof DiscoverySchema>;

/**
 * Claims read from the userinfo response or the ID token. Fedora Accounts sends `groups` (with the
 * `https://id.fedoraproject.org/scope/groups` scope) and `preferred_username`/`nickname` as the account name.
 */
const ClaimsSchema = z.looseObject({
  sub: z.string().min(1),
  preferred_username: z.string().min(1).optional(),
  nickname: z.string().min(1).optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  groups: z.array(z.string()).optional(),
});

/** Thrown when login cannot work with this configuration or provider; the message is for the login page. */
export class LoginUnavailableError extends Error {
  override name = "LoginUnavailableError";
}

/** Why OIDC login is not configured, or null when it is. */
export function oidcConfigProblem(config: Config): string | null {
  if (!config.OIDC_CLIENT_ID) {
    return "Login through Fedora Accounts is not configured on this server: the administrator has to set OIDC_CLIENT_ID (and OIDC_CLIENT_SECRET) to the client registered with the identity provider.";
  }
  return null;
}

const discoveries = new Map<string, Promise<Discovery>>();

/**
 * The provider's metadata from `<OIDC_ISSUER>/.well-known/openid-configuration`, cached per issuer
 * (a failed fetch is retried on the next login).
 * @throws LoginUnavailableError when the document cannot be fetched or is not valid
 */
export function discover(issuer: string): Promise<Discovery> {
  let pending = discoveries.get(issuer);
  if (!pending) {
    pending = (async () => {
      const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          signal: AbortSignal.timeout(10_000),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return DiscoverySchema.parse(await response.json());
      } catch (error) {
        logger.warn({ err: error, url }, "OIDC discovery failed");
        throw new LoginUnavailableError(
          `The identity provider (${issuer}) cannot be reached right now, so logging in is not possible. Please try again later.`,
        );
      }
    })();
    pending.catch(() => discoveries.delete(issuer));
    discoveries.set(issuer, pending);
  }
  return pending;
}

/** An authenticator for one request: code flow with PKCE (S256) and state, callback on this request's origin. */
async function authenticator(request: Request, config: Config): Promise<Authenticator<Identity>> {
  const problem = oidcConfigProblem(config);
  if (problem) throw new LoginUnavailableError(problem);
  const meta = await discover(config.OIDC_ISSUER);
  const strategy = new OAuth2Strategy<Identity>(
    {
      clientId: config.OIDC_CLIENT_ID!,
      clientSecret: config.OIDC_CLIENT_SECRET ?? null,
      authorizationEndpoint: meta.authorization_endpoint,
      tokenEndpoint: meta.token_endpoint,
      redirectURI: new URL(`${config.BASE_PATH}${CALLBACK_PATH}`, request.url).toString(),
      scopes: config.OIDC_SCOPES,
      codeChallengeMethod: CodeChallengeMethod.S256,
      cookie: {
        name: STATE_COOKIE,
        path: cookiePath(config),
        sameSite: "Lax",
        httpOnly: true,
        ...(config.NODE_ENV === "production" ? { secure: true as const } : {}),
      },
    },
    async ({ tokens }) => {
      const idToken = "id_token" in tokens.data ? tokens.idToken() : null;
      return identityFrom(meta, tokens.accessToken(), idToken);
    },
  );
  return new Authenticator<Identity>().use(strategy, "oidc");
}

/**
 * The user's identity: userinfo claims (when the provider has a userinfo endpoint) over the ID token's.
 * The ID token is not signature-checked: it came straight from the token endpoint over the
 * back channel (OpenID Connect Core §3.1.3.7 allows TLS server validation instead).
 */
async function identityFrom(meta: Discovery, accessToken: string, idToken: string | null): Promise<Identity> {
  const fromIdToken = idToken ? (decodeIdToken(idToken) as Record<string, unknown>) : {};
  let fromUserinfo: Record<string, unknown> = {};
  if (meta.userinfo_endpoint) {
    const response = await fetch(meta.userinfo_endpoint, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`the userinfo endpoint answered HTTP ${response.status}`);
    fromUserinfo = (await response.json()) as Record<string, unknown>;
  }
  const claims = ClaimsSchema.parse({ ...fromIdToken, ...fromUserinfo });
  return {
    login: claims.preferred_username ?? claims.nickname ?? claims.sub,
    subject: claims.sub,
    name: claims.name,
    email: claims.email,
    groups: claims.groups ?? [],
  };
}

/**
 * Starts the login: redirects to the provider's authorization endpoint (state and PKCE verifier in a
 * 5-minute cookie) and remembers where to come back to.
 * @throws the redirect Response (always); LoginUnavailableError when login is not configured or the
 *   provider is unreachable
 */
export async function startLogin(request: Request, config: Config, redirectTo: string): Promise<never> {
  const auth = await authenticator(request, config);
  try {
    // The strategy clones the request; the login form's body has been read already, so pass none.
    await auth.authenticate("oidc", new Request(request.url, { headers: request.headers }));
  } catch (thrown) {
    if (thrown instanceof Response) {
      thrown.headers.append("Set-Cookie", await returnToCookie(config).serialize(safeRedirect(redirectTo)));
      throw thrown;
    }
    throw thrown;
  }
  throw new Error("the OIDC strategy did not redirect to the provider");
}

/**
 * Finishes the login at the callback: checks state (against the cookie), exchanges the code with the
 * PKCE verifier, reads the user's claims, stores the user and starts a session.
 * @returns the redirect to where the login started, with the session cookie (and the state cookies removed)
 * @throws LoginUnavailableError (configuration); any other error means the login failed (bad or reused
 *   state, provider error, refused code)
 */
export async function finishLogin(request: Request, ctx: AuthContext): Promise<Response> {
  const auth = await authenticator(request, ctx.config);
  const identity = await auth.authenticate("oidc", request);
  const userId = await upsertUser(ctx, identity);
  const target = safeRedirect(await returnToCookie(ctx.config).parse(request.headers.get("Cookie")));
  const response = redirect(target);
  response.headers.append("Set-Cookie", await createUserSession(ctx, userId));
  for (const header of clearLoginCookies(request, ctx.config)) response.headers.append("Set-Cookie", header);
  logger.info({ login: identity.login, groups: identity.groups }, "user logged in");
  return response;
}

/**
 * What to tell the user when the provider sends them back with an OAuth `error` (RFC 6749 §4.1.2.1)
 * instead of a code. Only the error code is shown (safe characters only); `error_description` is not, as
 * anyone can put text in a link to the callback.
 */
export function providerErrorMessage(code: string): string {
  if (code === "access_denied")
    return "You did not let Blockerbugs use your Fedora account, so you are not logged in.";
  const safe = /^[\w.-]{1,64}$/.test(code) ? code : "unknown error";
  return `The identity provider refused the login (${safe}). Please try again.`;
}

/** `Set-Cookie` values removing the login's state cookies and its return path. */
export function clearLoginCookies(request: Request, config: Pick<Config, "BASE_PATH">): string[] {
  const names = (request.headers.get("Cookie") ?? "")
    .split(";")
    .map((part) => part.split("=")[0]!.trim())
    .filter((name) => name.startsWith(`${STATE_COOKIE}:`) || name === "bb_login_to");
  return names.map((name) => `${name}=; Path=${cookiePath(config)}; Max-Age=0; HttpOnly; SameSite=Lax`);
}

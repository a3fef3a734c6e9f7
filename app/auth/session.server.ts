import { millisecondsToSeconds } from "date-fns/millisecondsToSeconds";
import { randomBytes } from "node:crypto";
import { createCookie, redirect, type Cookie } from "@remix-run/node";
import type { Config } from "~/config.server";
import type { Db } from "~/db/db.server";
import { loginPath, returnPath } from "~/auth/safe-redirect";

/** Name of the cookie that holds the session id (signed with SESSION_SECRET). */
export const SESSION_COOKIE = "bb_session";

/** What a loader or action needs to read sessions: the database and the configuration. */
export interface AuthContext {
  db: Db;
  config: Config;
}

/** The logged-in user as pages see it. */
export interface SessionUser {
  id: number;
  login: string;
  name: string;
  email: string;
  groups: string[];
  /** Member of one of ADMIN_GROUPS (computed on each request, so a changed ADMIN_GROUPS applies at once). */
  isAdmin: boolean;
}

// Without SESSION_SECRET (refused in production) a random per-process secret signs cookies: logins then
// last until the process restarts, which is fine for development and tests.
const fallbackSecret = randomBytes(32).toString("hex");
const cookies = new Map<string, Cookie>();

/** The path every cookie of the app is scoped to: BASE_PATH, so other apps on the host never get them. */
export function cookiePath(config: Pick<Config, "BASE_PATH">): string {
  return config.BASE_PATH || "/";
}

/** The secret that signs the app's cookies: SESSION_SECRET, or a random one per process without it. */
export function cookieSecret(config: Pick<Config, "SESSION_SECRET">): string {
  return config.SESSION_SECRET ?? fallbackSecret;
}

/**
 * The app's cookie `name` for this configuration, lasting `maxAge` seconds: HttpOnly, SameSite=Lax,
 * Secure in production, scoped to BASE_PATH (cookiePath), signed with cookieSecret. One Cookie object
 * per name and configuration.
 */
export function appCookie(config: Config, name: string, maxAge: number): Cookie {
  const secret = cookieSecret(config);
  const key = `${name}|${secret}|${config.NODE_ENV}|${maxAge}|${config.BASE_PATH}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = createCookie(name, {
      httpOnly: true,
      sameSite: "lax",
      secure: config.NODE_ENV === "production",
      path: cookiePath(config),
      secrets: [secret],
      maxAge,
    });
    cookies.set(key, cookie);
  }
  return cookie;
}

/** The session cookie for this configuration (see appCookie), lasting SESSION_MAX_AGE. */
export function sessionCookie(config: Config): Cookie {
  return appCookie(config, SESSION_COOKIE, millisecondsToSeconds(config.SESSION_MAX_AGE));
}

/** Whether `groups` contains one of the configured ADMIN_GROUPS. */
export function isAdminGroups(groups: readonly string[], config: Pick<Config, "ADMIN_GROUPS">): boolean {
  return groups.some((g) => config.ADMIN_GROUPS.includes(g));
}

/**
 * Starts a session for `userId`: a new Session row (random 256-bit id, expiring after SESSION_MAX_AGE).
 * @returns the `Set-Cookie` header value carrying the session id
 */
export async function createUserSession(ctx: AuthContext, userId: number): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await ctx.db.session.create({
    data: { id, userId, expiresAt: new Date(Date.now() + ctx.config.SESSION_MAX_AGE) },
  });
  return sessionCookie(ctx.config).serialize(id);
}

/** The session id in the request's cookie, if its signature is valid. */
async function sessionId(request: Request, config: Config): Promise<string | null> {
  const value: unknown = await sessionCookie(config).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * The user of the request's session, or null (no cookie, bad signature, unknown or expired session).
 */
export async function getUser(request: Request, ctx: AuthContext): Promise<SessionUser | null> {
  const id = await sessionId(request, ctx.config);
  if (!id) return null;
  const session = await ctx.db.session.findUnique({
    where: { id },
    select: {
      expiresAt: true,
      user: { select: { id: true, login: true, name: true, email: true, groups: true } },
    },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return { ...session.user, isAdmin: isAdminGroups(session.user.groups, ctx.config) };
}

/**
 * The logged-in user.
 * @throws a redirect to `/login?redirectTo=<this page>` when nobody is logged in
 */
export async function requireUser(request: Request, ctx: AuthContext): Promise<SessionUser> {
  const user = await getUser(request, ctx);
  if (!user) throw redirect(loginPath(returnPath(request.url, ctx.config.BASE_PATH)));
  return user;
}

/**
 * The logged-in admin; call it in every admin loader and action.
 * @throws a redirect to login when nobody is logged in; a 403 response for users who are not admins
 */
export async function requireAdmin(request: Request, ctx: AuthContext): Promise<SessionUser> {
  const user = await requireUser(request, ctx);
  if (!user.isAdmin) {
    throw new Response(
      `Only administrators (members of ${ctx.config.ADMIN_GROUPS.join(", ")}) may use this page; you are logged in as ${user.login}.`,
      { status: 403, statusText: "Forbidden" },
    );
  }
  return user;
}

/**
 * Ends the request's session: deletes its row (and any expired sessions of anyone).
 * @returns the `Set-Cookie` header value that removes the cookie
 */
export async function destroyUserSession(request: Request, ctx: AuthContext): Promise<string> {
  const id = await sessionId(request, ctx.config);
  await ctx.db.session.deleteMany({
    where: { OR: [...(id ? [{ id }] : []), { expiresAt: { lt: new Date() } }] },
  });
  return sessionCookie(ctx.config).serialize("", { maxAge: 0, expires: new Date(0) });
}

/** A user as an identity provider (or the development login) describes them. */
export interface Identity {
  login: string;
  subject?: string;
  name?: string;
  email?: string;
  groups: string[];
}

/**
 * Creates or updates the user of `identity` (matched by OIDC subject, else by login) and records the login.
 * @returns the user's id
 */
export async function upsertUser(ctx: AuthContext, identity: Identity): Promise<number> {
  const data = {
    login: identity.login,
    name: identity.name ?? "",
    email: identity.email ?? "",
    groups: identity.groups,
    isAdmin: isAdminGroups(identity.groups, ctx.config),
    lastLoginAt: new Date(),
    ...(identity.subject ? { subject: identity.subject } : {}),
  };
  const existing = await ctx.db.user.findFirst({
    where: identity.subject
      ? { OR: [{ subject: identity.subject }, { login: identity.login }] }
      : { login: identity.login },
    select: { id: true },
  });
  const user = existing
    ? await ctx.db.user.update({ where: { id: existing.id }, data, select: { id: true } })
    : await ctx.db.user.create({ data, select: { id: true } });
  return user.id;
}

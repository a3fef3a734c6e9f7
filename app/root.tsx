/// <reference types="@remix-run/dev" />
import "~/components/zod-jitless";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useHref,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { getUser } from "~/auth/session.server";
import type { ReactNode } from "react";
import { withBase } from "~/server/base-path";
import { errorPageView, type ErrorPageView } from "~/components/error-view";
import { SITE_TITLE, pageTitle } from "~/components/format";
import { loginPath } from "~/auth/safe-redirect";
import { useNonce } from "~/components/nonce";
import stylesheet from "~/tailwind.css";

export const meta: MetaFunction = ({ error }) => [
  { title: error ? pageTitle(errorView(error).title) : SITE_TITLE },
  {
    name: "description",
    content: "Release-blocker and freeze-exception bugs of Fedora releases under development",
  },
];

const NAV: readonly { to: string; label: string; end?: boolean }[] = [
  { to: "/", label: "Home", end: true },
  { to: "/current", label: "Current" },
  { to: "/prioritized", label: "Prioritized" },
  { to: "/sync", label: "Sync" },
  { to: "/api", label: "API" },
  { to: "/about", label: "About" },
];

/** Who is logged in, for the header (null: nobody). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context);
  return { user: user ? { login: user.login, isAdmin: user.isAdmin } : null };
}

/** The header's account links: log in, or the user with Propose, Admin and Log out. */
function AccountMenu() {
  const user = useRouteLoaderData<typeof loader>("root")?.user;
  const location = useLocation();
  const link = "rounded px-3 py-1.5 font-medium text-sky-100 hover:bg-white/15";
  const propose = (
    <Link to="/propose" className={link}>
      Propose a bug
    </Link>
  );
  if (!user) {
    const target = location.pathname === "/login" ? "/login" : loginPath(location.pathname + location.search);
    return (
      <div className="flex flex-wrap items-center gap-1 text-sm">
        {propose}
        <Link to={target} className={link}>
          Log in
        </Link>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-1 text-sm">
      {propose}
      {user.isAdmin ? (
        <Link to="/admin" className={link}>
          Admin
        </Link>
      ) : null}
      <span className="px-2 text-sky-100" data-testid="logged-in-user">
        {user.login}
      </span>
      <Form method="post" action="/logout">
        <button type="submit" className={link}>
          Log out
        </button>
      </Form>
    </div>
  );
}

/**
 * The jump box: a bug id goes to the bug's page, words search the active milestones' bugs (`/search`).
 * A plain GET form: it works without JavaScript.
 */
function JumpBox() {
  return (
    <Form
      method="get"
      action="/search"
      role="search"
      className="flex items-center gap-1"
      aria-label="Jump to a bug"
    >
      <label htmlFor="jump-q" className="sr-only">
        Bug number or words
      </label>
      <input
        id="jump-q"
        type="search"
        name="q"
        required
        maxLength={200}
        placeholder="Bug number or words"
        className="w-44 rounded border border-white/30 bg-white/10 px-2 py-1 text-sm text-white placeholder:text-sky-100/80 focus:border-white focus:bg-white focus:text-slate-900 focus:outline-none focus:ring-1 focus:ring-white sm:w-48"
      />
      <button type="submit" className="rounded px-2 py-1 text-sm font-medium text-sky-100 hover:bg-white/15">
        Go
      </button>
    </Form>
  );
}

/** Header with the site title and the main navigation. */
function SiteHeader() {
  return (
    <header className="bg-[#294172] text-white shadow">
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-2.5">
        <Link
          to="/"
          className="flex items-center gap-2 text-lg font-semibold tracking-tight hover:text-sky-100"
        >
          <span
            aria-hidden="true"
            className="inline-flex h-7 w-7 items-center justify-center rounded-full bg-[#51a2da] text-sm font-bold"
          >
            f
          </span>
          {SITE_TITLE}
        </Link>
        <nav aria-label="Main">
          <ul className="flex flex-wrap gap-1 text-sm">
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.end}
                  prefetch="none"
                  className={({ isActive }) =>
                    `rounded px-3 py-1.5 font-medium hover:bg-white/15 ${isActive ? "bg-white/20" : "text-sky-100"}`
                  }
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <JumpBox />
        <AccountMenu />
      </div>
    </header>
  );
}

/** Footer: what this is, where the data comes from. */
function SiteFooter() {
  return (
    <footer className="mt-12 border-t border-slate-200 bg-white">
      <div className="mx-auto max-w-screen-2xl px-4 py-4 text-xs text-slate-500">
        Blockerbugs — the Fedora QA release-blocker tracker. Open source (GPL-2.0-or-later). Bug data is a
        periodically synced copy of Bugzilla; all times are UTC.{" "}
        <Link to="/about" className="underline hover:text-slate-700">
          About
        </Link>
      </div>
    </footer>
  );
}

/**
 * A route whose page works without JavaScript and is too large to ship its data twice exports
 * `handle = { hydrate: false }` (see {@link hydrates}).
 */
export interface RouteHandle {
  hydrate?: boolean;
}

/**
 * Whether the page loads Remix's scripts: not when a matched route says `hydrate: false`. Such a page
 * is plain HTML (links and GET forms work as they are), without the copy of its loader data that
 * hydration would embed; a client-side navigation to it still renders it from its data.
 */
function hydrates(matches: ReturnType<typeof useMatches>): boolean {
  return !matches.some((m) => (m.handle as RouteHandle | undefined)?.hydrate === false);
}

/** The HTML document around every page, including error pages. */
export function Layout({ children }: { children: ReactNode }) {
  // The router's basename (BASE_PATH) as a path, for asset URLs the router does not prefix itself.
  const root = useHref("/");
  const nonce = useNonce();
  const scripts = hydrates(useMatches());
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <link rel="stylesheet" href={withBase(root, stylesheet)} />
        <link rel="icon" href={withBase(root, "/favicon.svg")} type="image/svg+xml" />
        <Links />
      </head>
      <body className="flex min-h-full flex-col bg-slate-50 font-sans text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:text-slate-900"
        >
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-screen-2xl flex-1 px-4 py-6">
          {children}
        </main>
        <SiteFooter />
        {scripts ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** The error page of `error` (in development, exception messages are shown). */
function errorView(error: unknown): ErrorPageView {
  return errorPageView(error, { development: process.env.NODE_ENV === "development" });
}

const errorLink = "text-sky-800 underline hover:text-sky-950";

/**
 * Error page for every route: friendly 404 (unknown address), 405 (a form or POST sent to a page), 400
 * pages and a generic 500 page, never the router's internal texts.
 */
export function ErrorBoundary() {
  const { status, kind, title, message } = errorView(useRouteError());
  const location = useLocation();
  const here = useHref(location.pathname + location.search);
  return (
    <div className="mx-auto max-w-2xl py-12 text-center">
      <p className="font-mono text-5xl font-bold text-slate-300">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold">{title}</h1>
      <p className="mt-3 break-words text-slate-600">{message}</p>
      <ul className="mt-6 flex flex-wrap justify-center gap-x-6 gap-y-2 text-sm">
        {kind === "methodNotAllowed" ? (
          <li>
            <a href={here} className={errorLink}>
              Open this page
            </a>
          </li>
        ) : null}
        <li>
          <Link to="/" className={errorLink}>
            Home: the list of milestones
          </Link>
        </li>
        {kind === "notFound" ? (
          <li>
            <Link to="/current" className={errorLink}>
              The current milestone
            </Link>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

/// <reference types="@remix-run/dev" />
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import {
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { SITE_TITLE, pageTitle } from "~/lib/format";
import stylesheet from "~/tailwind.css";

/** A small inline icon, so browsers do not ask for /favicon.ico. */
const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="16" fill="#51a2da"/>' +
      '<text x="16" y="23" font-family="sans-serif" font-size="20" font-weight="bold" fill="#fff" text-anchor="middle">f</text></svg>',
  );

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: FAVICON, type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error }) => [
  { title: error ? pageTitle(errorText(error).title) : SITE_TITLE },
  {
    name: "description",
    content: "Release-blocker and freeze-exception bugs of Fedora releases under development",
  },
];

const NAV: readonly { to: string; label: string; end?: boolean }[] = [
  { to: "/", label: "Home", end: true },
  { to: "/current", label: "Current" },
  { to: "/api", label: "API" },
  { to: "/about", label: "About" },
];

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
          <ul className="flex gap-1 text-sm">
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

/** The HTML document around every page, including error pages. */
export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
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
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Status, title and message of an error page for a thrown response or exception. */
function errorText(error: unknown): { status: number; title: string; message: string } {
  let status = 500;
  let title = "Something went wrong";
  let message = "The server could not show this page. Please try again later.";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const detail = typeof error.data === "string" && error.data.trim() !== "" ? error.data : null;
    if (status === 404) {
      title = "Page not found";
      message = detail ?? "There is nothing at this address.";
    } else if (status === 400) {
      title = "Bad request";
      message = detail ?? "The address is not valid.";
    } else {
      title = error.statusText || title;
      message = detail ?? message;
    }
  } else if (process.env.NODE_ENV === "development" && error instanceof Error) {
    message = error.message;
  }
  return { status, title, message };
}

/** Error page for every route: friendly 404/400 pages, and a generic 500 page. */
export function ErrorBoundary() {
  const { status, title, message } = errorText(useRouteError());
  return (
    <div className="mx-auto max-w-2xl py-12 text-center">
      <p className="font-mono text-5xl font-bold text-slate-300">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold">{title}</h1>
      <p className="mt-3 text-slate-600">{message}</p>
      <p className="mt-6 text-sm">
        <Link to="/" className="text-sky-800 underline hover:text-sky-950">
          Back to the list of milestones
        </Link>
      </p>
    </div>
  );
}

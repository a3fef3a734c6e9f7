import { Link } from "@remix-run/react";

/** A link to an Atom feed with the feed icon (the page's `<link rel="alternate">` names the same feed). */
export function FeedLink({
  href,
  label = "Atom feed",
  className = "",
}: {
  href: string;
  label?: string;
  className?: string;
}) {
  return (
    <Link
      to={href}
      reloadDocument
      type="application/atom+xml"
      className={`inline-flex items-center gap-1.5 text-sm text-sky-800 hover:underline ${className}`}
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14" className="shrink-0">
        <rect width="16" height="16" rx="3" fill="#ea7d24" />
        <circle cx="4.5" cy="11.5" r="1.6" fill="#fff" />
        <path
          d="M3 7.2a5.8 5.8 0 0 1 5.8 5.8M3 3.4A9.6 9.6 0 0 1 12.6 13"
          fill="none"
          stroke="#fff"
          strokeWidth="1.9"
        />
      </svg>
      {label}
    </Link>
  );
}

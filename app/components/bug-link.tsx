/** A bug's id as a link to the bug in Bugzilla (`url`), in the monospace style of bug ids. */
export function BugzillaLink({ bugId, url }: { bugId: number; url: string }) {
  return (
    <a href={url} className="font-mono text-sky-800 hover:underline">
      {bugId}
    </a>
  );
}

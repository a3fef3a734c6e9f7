/**
 * A view model that only the server renders, in a loader's data: its content digest and when its
 * relative times next change travel with the data (the page cache hashes them, see `pageDataHash`),
 * the view itself is a property no serializer sees (not enumerable): Remix does not turn it into the
 * hydration stream of a page that loads no JavaScript, and no `.data` request sends it. Made by
 * `serverView` (app/server/server-view.server.ts).
 */
export interface ServerView<T> {
  /** The view's content digest (base64url): equal digests, equal views. */
  serverView: string;
  /** When a relative time in the view next reads differently (ms since the epoch); `null`: none. */
  timesChangeAt: number | null;
  /** The view; present on the server only. */
  readonly view: T;
}

/** Whether `value` is a {@link ServerView} (as data: its `view` may be absent). */
export function isServerView(value: unknown): value is ServerView<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.serverView === "string" && (v.timesChangeAt === null || typeof v.timesChangeAt === "number")
  );
}

/**
 * The view of a {@link ServerView}. Throws where it is absent (in the browser): a route that keeps its
 * view on the server sends client-side navigations to the server as document loads (`clientLoader`).
 */
export function viewOf<T>(data: ServerView<T>): T {
  if (data.view === undefined) throw new Error("this view is rendered on the server only");
  return data.view;
}

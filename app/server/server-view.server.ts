import { createHash } from "node:crypto";
import { timesChangeAt } from "~/components/format";
import type { ServerView } from "~/components/server-view";

const made = new WeakMap<object, ServerView<unknown>>();

/**
 * `view` as a {@link ServerView} for a loader's data: digest (SHA-256 of its JSON) and relative-time
 * bound are worked out once per view object (at `now`, the time it was built for; a view kept across
 * requests by `keptView` is the same object until its times change), so a page of 500 bugs costs its
 * loader a lookup, and Remix and the page cache a few bytes, per check.
 */
export function serverView<T extends object>(view: T, now: Date): ServerView<T> {
  const known = made.get(view);
  if (known) return known as ServerView<T>;
  const data = {
    serverView: createHash("sha256").update(JSON.stringify(view)).digest("base64url").slice(0, 22),
    timesChangeAt: timesChangeAt(view, now),
  } as ServerView<T>;
  Object.defineProperty(data, "view", { value: view, enumerable: false });
  made.set(view, data);
  return data;
}

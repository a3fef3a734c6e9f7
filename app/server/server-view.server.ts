import { createHash } from "node:crypto";
import type { ServerView } from "~/components/server-view";
import { keptPart, viewTimesChangeAt } from "./kept-views.server";

const made = new WeakMap<object, ServerView<unknown>>();

/**
 * `view` as a {@link ServerView} for a loader's data: digest (SHA-256 of its JSON, kept parts by their
 * keys, see `keptPart`) and relative-time
 * bound are worked out once per view object (at `now`, the time it was built for; a view kept across
 * requests by `keptView` is the same object until its times change), so a page of 500 bugs costs its
 * loader a lookup, and Remix and the page cache a few bytes, per check.
 */
export function serverView<T extends object>(view: T, now: Date): ServerView<T> {
  const known = made.get(view);
  if (known) return known as ServerView<T>;
  // A kept part (a row kept by its content key) counts by its key and time bound, not its JSON: the
  // same key and bound make the same JSON.
  const json = JSON.stringify(view, (_key, value: unknown) => {
    const part = typeof value === "object" && value !== null ? keptPart(value) : undefined;
    return part ? `\u0000${part.key}\u0000${part.freshUntil}` : value;
  });
  const data = {
    serverView: createHash("sha256").update(json).digest("base64url").slice(0, 22),
    timesChangeAt: viewTimesChangeAt(view, now),
  } as ServerView<T>;
  Object.defineProperty(data, "view", { value: view, enumerable: false });
  made.set(view, data);
  return data;
}

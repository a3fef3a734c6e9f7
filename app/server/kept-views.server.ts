import { LRUCache } from "lru-cache";
import { timesChangeAt } from "~/components/format";

/**
 * The views made by {@link keptViewByKey}, with their key and until when they hold: a view that holds
 * one is known by them (see {@link keptPart}).
 */
const parts = new WeakMap<object, { key: string; freshUntil: number }>();

/**
 * How a view made by {@link keptViewByKey} is known: its key and the instant its relative times next
 * change (its text at a given key differs only across those instants); `undefined` for anything else.
 * Views built of such views (a list of kept rows) are hashed and timed by them without walking them.
 */
export function keptPart(value: object): { key: string; freshUntil: number } | undefined {
  return parts.get(value);
}

/** {@link timesChangeAt} of a view, taking the kept parts in it as known. */
export function viewTimesChangeAt(view: unknown, now: Date): number | null {
  return timesChangeAt(view, now, (part) => {
    const known = parts.get(part);
    return known === undefined ? undefined : known.freshUntil === Infinity ? null : known.freshUntil;
  });
}

/** Views kept per input object, per key. */
const kept = new WeakMap<object, Map<string, { view: unknown; freshUntil: number }>>();

/** At most this many views are kept per input (query strings, sort orders…), the oldest dropped first. */
const VIEWS_PER_INPUT = 32;

/**
 * The view `build()` makes of `input` at `now`, kept and given again while `input` is the same object
 * (such as the array `listMilestoneBugs` returns while no bug changed) and `key` the same, until a
 * relative time in the view ("3 minutes ago") reads differently (see `timesChangeAt`): until then a
 * new build would be equal. `key` must name everything else `build` reads (the query, settings…);
 * the view must not be changed by its users. A view of a 500-bug milestone takes tens of milliseconds
 * to build; every check of the page after an unrelated write would otherwise pay it.
 */
export function keptView<V>(input: object, key: string, now: Date, build: () => V): V {
  let views = kept.get(input);
  if (!views) kept.set(input, (views = new Map()));
  const hit = views.get(key);
  if (hit && now.getTime() < hit.freshUntil) return hit.view as V;
  const view = build();
  views.delete(key);
  if (views.size >= VIEWS_PER_INPUT) views.delete(views.keys().next().value!);
  views.set(key, { view, freshUntil: viewTimesChangeAt(view, now) ?? Infinity });
  return view;
}

/** Views kept by key (see {@link keptViewByKey}): as many as the rows of a few 500-bug lists. */
const keptByKey = new LRUCache<string, { view: unknown; freshUntil: number }>({ max: 4096 });

/**
 * Like {@link keptView}, for a view of something known by a content key rather than by an object:
 * `key` must name everything `build` reads (see `bugContentKey`); the view is kept, among the 4,096
 * used last, until a relative time in it reads differently.
 */
export function keptViewByKey<V>(key: string, now: Date, build: () => V): V {
  const hit = keptByKey.get(key);
  if (hit && now.getTime() < hit.freshUntil) return hit.view as V;
  const view = build();
  const freshUntil = viewTimesChangeAt(view, now) ?? Infinity;
  keptByKey.set(key, { view, freshUntil });
  if (typeof view === "object" && view !== null) parts.set(view, { key, freshUntil });
  return view;
}

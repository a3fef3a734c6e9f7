import { createContext, useContext, type ReactElement } from "react";

/**
 * Rendered HTML of parts of a page, kept across renders on the server (app/server/html-fragments.ts):
 * `html(key, render)` is the static markup of `render()`, rendered once for a given `key`. The key must
 * name everything the markup is made of (the part's props, serialised).
 */
export interface HtmlFragments {
  html(key: string, render: () => ReactElement): string;
}

/**
 * The fragment store of the render in progress: set by entry.server.tsx only for pages that load no
 * JavaScript (`handle.hydrate === false`), whose markup React never has to hydrate; `null` otherwise
 * and in the browser.
 */
export const HtmlFragmentsContext = createContext<HtmlFragments | null>(null);

/**
 * A `<tbody>` of one row per item. On the server, for a page without hydration, each row's markup is
 * taken from the fragment store by `keyOf(item)` (rendered only when the store has none): a table
 * of hundreds of rows re-renders in the time of a lookup per row when few rows changed. Elsewhere the
 * rows render as usual. `row` must depend on nothing but its item (no context, no router hooks: the
 * markup is rendered on its own, outside the page), and `keyOf` must serialise all of that item.
 */
export function KeptRowsBody<T>({
  items,
  keyOf,
  row,
}: {
  items: readonly T[];
  keyOf: (item: T) => string;
  row: (item: T) => ReactElement;
}) {
  const fragments = useContext(HtmlFragmentsContext);
  if (!fragments) return <tbody>{items.map(row)}</tbody>;
  const html = items.map((item) => fragments.html(keyOf(item), () => row(item))).join("");
  return <tbody dangerouslySetInnerHTML={{ __html: html }} />;
}

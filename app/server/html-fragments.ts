import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { renderToStaticMarkup } from "react-dom/server";
import type { HtmlFragments } from "~/components/html-fragments";

/**
 * A store of rendered HTML fragments (see `KeptRowsBody`): the markup of each key, rendered with
 * `renderToStaticMarkup` the first time it is asked for, then kept in an LRU bounded by `maxBytes`
 * (two bytes a character counted). Keys are kept as their SHA-256.
 */
export function htmlFragmentStore(maxBytes: number): HtmlFragments {
  const kept = new LRUCache<string, string>({
    maxSize: Math.max(1, maxBytes),
    sizeCalculation: (html) => 2 * html.length + 64,
  });
  return {
    html(key, render) {
      const id = createHash("sha256").update(key).digest("base64url");
      let html = kept.get(id);
      if (html === undefined) {
        html = renderToStaticMarkup(render());
        kept.set(id, html);
      }
      return html;
    },
  };
}

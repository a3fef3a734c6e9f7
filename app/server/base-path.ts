/**
 * Serving under a path prefix (`BASE_PATH`, e.g. `/blockerbugs`) with one build for every prefix: the
 * Remix classic compiler bakes its `publicPath` (`/build/`) into the asset manifest, so the server copies
 * the manifest with every asset URL prefixed and sets the router's `basename`. Links, forms and redirects
 * then get the prefix from the router; stylesheet and icon URLs from `withBase`.
 */

/** The part of a Remix server build (`build/index.js`) that names URLs. */
export interface BuildUrls {
  publicPath: string;
  basename?: string;
  assets: {
    url: string;
    entry: { module: string; imports: string[] };
    routes: Record<string, { module: string; imports?: string[]; css?: string[] }>;
  };
}

/**
 * A copy of `build` served under `base` ("" = unchanged): `basename` set, and `publicPath`, the manifest
 * URL and every route module, import and CSS URL prefixed. The input is not modified.
 */
export function buildUnderBasePath<T extends BuildUrls>(build: T, base: string): T & { basename?: string } {
  if (!base) return build;
  const p = (url: string) => withBase(base, url);
  const routes = Object.fromEntries(
    Object.entries(build.assets.routes).map(([id, r]) => [
      id,
      { ...r, module: p(r.module), imports: r.imports?.map(p), css: r.css?.map(p) },
    ]),
  );
  return {
    ...build,
    basename: base,
    publicPath: p(build.publicPath),
    assets: {
      ...build.assets,
      url: p(build.assets.url),
      entry: {
        ...build.assets.entry,
        module: p(build.assets.entry.module),
        imports: build.assets.entry.imports.map(p),
      },
      routes,
    },
  };
}

/**
 * `path` (absolute, e.g. `/build/x.css` or `/favicon.svg`) under `base` (e.g. `/blockerbugs` or `/blockerbugs/`,
 * "" or "/" for none). Other URLs (`https://…`, `#x`) are returned unchanged.
 */
export function withBase(base: string, path: string): string {
  if (!path.startsWith("/") || path.startsWith("//")) return path;
  const prefix = base.replace(/\/+$/, "");
  return prefix && !path.startsWith(`${prefix}/`) ? `${prefix}${path}` : path;
}

/**
 * A client JS module of the build (public/build/**.js) served under `base`: esbuild writes the imports
 * between chunks as absolute `"/build/…"` URLs, so every `"/build/` becomes `"<base>/build/`.
 */
export function prefixModuleUrls(js: string, base: string): string {
  return base ? js.replaceAll('"/build/', `"${base}/build/`) : js;
}

import fs from "node:fs";
import path from "node:path";
import express, { type RequestHandler } from "express";
import { prefixModuleUrls } from "~/server/base-path";

/**
 * Serves the client build (public/build, fingerprinted files, cached for a year). Under a `base` prefix,
 * JS modules are served with their `/build/` import URLs prefixed (read once, kept in memory), so one
 * build works under any BASE_PATH.
 */
export function buildAssets(dir: string, base: string): RequestHandler[] {
  const statics = express.static(dir, { immutable: true, maxAge: "1y" });
  if (!base) return [statics];
  const cache = new Map<string, string>();
  const modules: RequestHandler = (req, res, next) => {
    if (!req.path.endsWith(".js")) return next();
    const file = path.join(dir, path.normalize(decodeURIComponent(req.path)));
    if (!file.startsWith(dir + path.sep)) return next();
    let body = cache.get(file);
    if (body === undefined) {
      if (!fs.existsSync(file)) return next();
      body = prefixModuleUrls(fs.readFileSync(file, "utf8"), base);
      cache.set(file, body);
    }
    res.set("Cache-Control", "public, max-age=31536000, immutable");
    res.type("application/javascript").send(body);
  };
  return [modules, statics];
}

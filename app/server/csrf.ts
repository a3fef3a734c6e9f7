import type { NextFunction, Request, Response } from "express";
import { crossSiteReason } from "~/lib/csrf";
import { logger } from "~/logger.server";

/**
 * Express middleware in front of every route: answers 403 to a request that may change something
 * (POST, PUT, DELETE, …) unless its Origin (or Referer) is this site (app/lib/csrf.ts). One central
 * check, so no action can forget it.
 */
export function refuseCrossSite(req: Request, res: Response, next: NextFunction): void {
  const reason = crossSiteReason({
    method: req.method,
    host: req.get("host"),
    origin: req.get("origin"),
    referer: req.get("referer"),
  });
  if (!reason) return next();
  logger.warn({ method: req.method, path: req.path, reason }, "cross-site request refused");
  res.status(403).type("text/plain").send(`Forbidden: ${reason}. Send forms from this site's own pages.\n`);
}

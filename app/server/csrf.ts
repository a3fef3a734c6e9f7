import type { NextFunction, Request, RequestHandler, Response } from "express";
import { crossSiteReason, isSignedWebhook, unsupportedBodyReason } from "~/server/csrf-rules";
import { logger } from "~/logger.server";

/**
 * Express middleware in front of every route, one central check so no action can forget it: a
 * request that may change something (POST, PUT, DELETE, …) is answered 403 unless its Origin (or
 * Referer) is this site, and 415 when its body is not a form (csrf-rules.ts). Under `${basePath}/api`
 * the answer is the API's JSON `{ error }`, elsewhere plain text. Signed web-hooks (`isSignedWebhook`)
 * pass: their route verifies the signature.
 */
export function requestGuard(basePath: string): RequestHandler {
  const refuse = (req: Request, res: Response, status: number, message: string) => {
    if (req.path === `${basePath}/api` || req.path.startsWith(`${basePath}/api/`))
      res.status(status).json({ error: message });
    else res.status(status).type("text/plain").send(`${message}\n`);
  };
  return (req: Request, res: Response, next: NextFunction) => {
    // Pagure's web-hook: JSON from a server, checked by its HMAC signature in the route instead.
    if (isSignedWebhook(req, basePath)) return next();
    const crossSite = crossSiteReason({
      method: req.method,
      host: req.get("host"),
      origin: req.get("origin"),
      referer: req.get("referer"),
    });
    if (crossSite) {
      logger.warn({ method: req.method, path: req.path, reason: crossSite }, "cross-site request refused");
      return refuse(req, res, 403, `Forbidden: ${crossSite}. Send forms from this site's own pages.`);
    }
    const badBody = unsupportedBodyReason({
      method: req.method,
      contentType: req.get("content-type"),
      hasBody: req.get("transfer-encoding") !== undefined || Number(req.get("content-length") ?? 0) > 0,
    });
    if (badBody) return refuse(req, res, 415, `Unsupported body: ${badBody}.`);
    next();
  };
}

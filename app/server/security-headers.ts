import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Browser features no page of Blockerbugs uses, switched off for the site and anything it could embed
 * (`Permissions-Policy`). The Copy button's clipboard write stays allowed (its default is this site).
 */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "usb=()",
].join(", ");

/** The per-request CSP nonce set by {@link securityHeaders} (`res.locals.cspNonce`), "" before it ran. */
export function cspNonce(res: { locals: Record<string, unknown> }): string {
  return typeof res.locals.cspNonce === "string" ? res.locals.cspNonce : "";
}

/**
 * The Content-Security-Policy directives (helmet's names). Scripts: this site's files and inline scripts
 * carrying the response's nonce (Remix's hydration and scroll-restoration scripts, React's streaming
 * scripts), never `unsafe-inline` or `eval`; styles: this site's stylesheet only (no page has inline
 * styles). Forms post to this site, and the login form's redirect may go on to the OpenID provider
 * (`OIDC_ISSUER`'s origin; browsers check `form-action` on the redirect too). Nothing may frame a page.
 */
export function cspDirectives(opts: { oidcIssuer: string; nonce: (res: ServerResponse) => string }) {
  const provider = new URL(opts.oidcIssuer).origin;
  return {
    defaultSrc: ["'self'"],
    baseUri: ["'none'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    formAction: ["'self'", provider],
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", "data:"],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'", (_req: unknown, res: ServerResponse) => `'nonce-${opts.nonce(res)}'`],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
  };
}

/** Random bytes read for nonces, 256 nonces at a time, and how many of them are used. */
let noncePool = Buffer.alloc(0);
let noncePoolUsed = 0;

/**
 * 16 fresh random bytes for one nonce. They are cut from a 4 KB block of `randomBytes`: one call per
 * 256 requests instead of one per request, which showed in the CPU profile of a busy server.
 */
function nonceBytes(): Buffer {
  if (noncePoolUsed + 16 > noncePool.length) {
    noncePool = randomBytes(4096);
    noncePoolUsed = 0;
  }
  noncePoolUsed += 16;
  return noncePool.subarray(noncePoolUsed - 16, noncePoolUsed);
}

/**
 * Express middleware setting the security headers of every response (pages, API, assets, probes,
 * errors): a fresh CSP nonce in `res.locals.cspNonce` (16 random bytes, base64) for the page renderer,
 * then helmet's headers — `Content-Security-Policy` ({@link cspDirectives}), `X-Frame-Options: DENY`,
 * `Referrer-Policy: strict-origin-when-cross-origin`, `X-Content-Type-Options: nosniff`,
 * `Cross-Origin-Opener-Policy` / `-Resource-Policy: same-origin` and helmet's other defaults — and
 * `Permissions-Policy` ({@link PERMISSIONS_POLICY}). `Strict-Transport-Security` is left to the
 * TLS-terminating proxy (the deploy role's nginx sends it): this server speaks plain HTTP.
 */
export function securityHeaders(opts: { oidcIssuer: string }): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = nonceBytes().toString("base64");
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: cspDirectives({
        oidcIssuer: opts.oidcIssuer,
        nonce: (res) => cspNonce(res as unknown as { locals: Record<string, unknown> }),
      }),
    },
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    strictTransportSecurity: false,
  });
  const permissions: RequestHandler = (_req, res, next) => {
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    next();
  };
  return [nonce, headers, permissions];
}

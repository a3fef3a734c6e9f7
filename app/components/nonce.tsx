import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the response being rendered (set by the server per request, see
 * app/server/security-headers.ts), for the inline scripts Remix and React write into the page. In the
 * browser it is "": scripts added after hydration are modules from this site, which the policy allows.
 */
export const NonceContext = createContext("");

/** The nonce for `<Scripts nonce>` and `<ScrollRestoration nonce>` ("" in the browser). */
export function useNonce(): string {
  return useContext(NonceContext);
}

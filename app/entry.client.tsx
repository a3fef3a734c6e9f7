/**
 * Browser entry: hydrates the server-rendered document. Every page also works without JavaScript;
 * hydration only adds client-side navigation.
 */
import { RemixBrowser } from "@remix-run/react";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});

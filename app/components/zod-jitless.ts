/**
 * Imported first by app/root.tsx, so it runs in the browser before any route module builds a zod schema.
 * The forms validate with zod in the browser too, and zod's fast path compiles each object schema's
 * parser with `new Function` when the schema is built: the Content-Security-Policy forbids that (no
 * 'unsafe-eval'), and even zod's probe for it is reported as a violation. Interpreted parsing is plenty
 * for a form. The server keeps the fast path (the upstream responses it validates are large).
 */
import { z } from "zod";

if (typeof document !== "undefined") z.config({ jitless: true });

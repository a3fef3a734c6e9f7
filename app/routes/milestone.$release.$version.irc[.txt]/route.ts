/** `GET /milestone/:release/:version/irc.txt`: the meeting script as `text/plain` (no page around it). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadIrcScript } from "~/db/meeting-script.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { text } = await loadIrcScript(context.db, params, context.config.BUGZILLA_URL);
  return new Response(text, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache" },
  });
}

import { redirect, type Cookie } from "@remix-run/node";
import { z } from "zod";
import type { Config } from "~/config.server";
import { appCookie } from "./session.server";

/** Name of the cookie that carries a one-time notice across a redirect (post/redirect/get). */
export const FLASH_COOKIE = "bb_flash";

/** What the flash cookie holds: the notice's text (signed, so only this server wrote it). */
const FlashSchema = z.object({ text: z.string().min(1).max(2000) });

/** The flash cookie: the app's cookie (see appCookie) for 1 minute. */
function flashCookie(config: Config): Cookie {
  // Read by the very next request; a notice never followed (the browser closed) goes stale soon.
  return appCookie(config, FLASH_COOKIE, 60);
}

/**
 * A redirect to `to` (a path below BASE_PATH, e.g. `/admin`) carrying `text` as a one-time notice:
 * the page there shows it once ({@link takeNotice}), with or without JavaScript, and the address bar
 * shows the page's own URL, not the form's.
 */
export async function redirectWithNotice(config: Config, to: string, text: string): Promise<Response> {
  return redirect(to, { headers: { "Set-Cookie": await flashCookie(config).serialize({ text }) } });
}

/**
 * The one-time notice the request carries (see {@link redirectWithNotice}), or null, and the headers
 * that clear it: a loader returns them with its data, so the notice shows once.
 */
export async function takeNotice(
  request: Request,
  config: Config,
): Promise<{ notice: string | null; headers: Headers }> {
  const cookie = flashCookie(config);
  const headers = new Headers();
  const value: unknown = await cookie.parse(request.headers.get("Cookie"));
  if (value === null || value === "") return { notice: null, headers };
  headers.append("Set-Cookie", await cookie.serialize("", { maxAge: 0, expires: new Date(0) }));
  const flash = FlashSchema.safeParse(value);
  return { notice: flash.success ? flash.data.text : null, headers };
}

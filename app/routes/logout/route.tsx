import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroyUserSession } from "~/auth/session.server";

/** `GET /logout` changes nothing (logging out is a POST from the header's button). */
export function loader() {
  return redirect("/");
}

/** Deletes the session row and the cookie, then goes home. */
export async function action({ request, context }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await destroyUserSession(request, context) } });
}

/** Any other `/api/…` path: a JSON 404 instead of the HTML error page. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "~/lib/api-view";

export function loader({ request }: LoaderFunctionArgs) {
  return apiError(404, `No API endpoint at ${new URL(request.url).pathname}`);
}

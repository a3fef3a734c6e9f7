/** Any other `/api/…` path: a JSON 404 (405 for non-GET methods) instead of the HTML error page. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiMethodNotAllowed } from "~/api/response";

export function loader({ request }: LoaderFunctionArgs) {
  return apiError(404, `No API endpoint at ${new URL(request.url).pathname}`);
}

/** The API is read-only: POST, PUT, PATCH and DELETE get `405 { "error": … }` with `Allow: GET`. */
export const action = apiMethodNotAllowed;

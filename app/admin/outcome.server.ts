import { AdminError } from "./milestones.server";
import { UpstreamError } from "~/upstream/http.server";

/**
 * Runs an admin operation and turns the errors an admin can act on into a message: AdminError (bad
 * input, conflicts) and UpstreamError (Bugzilla failed while resolving a tracker).
 * @returns `{ ok }` with the success message, or `{ error }`
 * @throws anything else (a bug: the error page)
 */
export async function adminOutcome(
  fn: () => Promise<string>,
): Promise<{ ok: string; error?: undefined } | { error: string; ok?: undefined }> {
  try {
    return { ok: await fn() };
  } catch (error) {
    if (error instanceof AdminError) return { error: error.message };
    if (error instanceof UpstreamError) return { error: `Bugzilla could not be asked: ${error.message}` };
    throw error;
  }
}

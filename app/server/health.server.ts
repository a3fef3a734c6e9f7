import type { Db } from "~/db/db.server";
import { shippedMigrations } from "~/db/migrate.server";
import { countOf } from "~/components/words";

/** Result of a readiness check: ready, or why not (one line for the load balancer's logs). */
export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * Whether this node can serve: the database answers within `timeoutMs` and every migration this
 * release ships is applied (Prisma's `_prisma_migrations`). Never throws.
 */
export async function checkReadiness(db: Db, timeoutMs = 3000): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const tables = await Promise.race([
      db.$queryRaw<{ t: string | null }[]>`SELECT to_regclass('public._prisma_migrations')::text AS t`,
      timeout,
    ]);
    if (!tables[0]?.t)
      return { ready: false, reason: "the database has no schema yet: run blockerbugs init_db" };
    const rows = await Promise.race([
      db.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      timeout,
    ]);
    const applied = new Set(rows.map((r) => r.migration_name));
    const pending = shippedMigrations().filter((m) => !applied.has(m));
    if (pending.length) {
      return {
        ready: false,
        reason: `${countOf(pending.length, "pending migration")} (${pending.join(", ")}): run blockerbugs upgrade_db`,
      };
    }
    return { ready: true };
  } catch (error) {
    return { ready: false, reason: `database unreachable: ${databaseErrorLine(error as Error)}` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The cause in a Prisma error message, on one line: Prisma's messages start with an empty line and
 * "Invalid `prisma.$queryRaw()` invocation:" and end with the cause, sometimes wrapped as
 * "Raw query failed. Code: `N/A`. Message: `Can't reach database server at …`".
 */
function databaseErrorLine(error: Error): string {
  const last =
    error.message
      .split("\n")
      .filter((line) => line.trim())
      .at(-1)
      ?.trim() ?? "unknown error";
  return /Message: `(.+)`$/.exec(last)?.[1] ?? last;
}

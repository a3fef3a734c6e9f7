import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { PROJECT_ROOT } from "~/config.server";

const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");

/** Names of the migrations shipped with this version (folder names, oldest first). */
export function shippedMigrations(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(MIGRATIONS_DIR, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
}

/**
 * Migrations recorded as applied in the database (Prisma's `_prisma_migrations` table), oldest first.
 * An empty list for a database Prisma never touched.
 */
export async function appliedMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query("SELECT to_regclass('public._prisma_migrations') AS t");
    if (!table.rows[0]?.t) return [];
    const rows = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
    );
    return rows.rows.map((r) => r.migration_name);
  } finally {
    await client.end();
  }
}

/** Schema state: applied and pending migration names. */
export async function migrationStatus(url: string): Promise<{ applied: string[]; pending: string[] }> {
  const applied = await appliedMigrations(url);
  const done = new Set(applied);
  return { applied, pending: shippedMigrations().filter((m) => !done.has(m)) };
}

/** Thrown when `prisma migrate deploy` fails; carries Prisma's own output. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * Applies pending migrations with `prisma migrate deploy` (JS engine, see prisma/prisma-cli.sh).
 * Safe to re-run: an up-to-date database is left unchanged.
 * @returns the names of the migrations this call applied (empty when none were pending).
 * @throws MigrationError with Prisma's output when a migration fails.
 */
export async function migrateDatabase(url: string): Promise<string[]> {
  const before = new Set(await appliedMigrations(url));
  if (shippedMigrations().every((m) => before.has(m))) return [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn("sh", [path.join(PROJECT_ROOT, "prisma", "prisma-cli.sh"), "migrate", "deploy"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    child.stdout.on("data", (c) => (text += c));
    child.stderr.on("data", (c) => (text += c));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new MigrationError(`prisma migrate deploy failed:\n${text.trim()}`)),
    );
  });
  return (await appliedMigrations(url)).filter((m) => !before.has(m));
}

// `npm run db:new-migration -- <name>`: writes prisma/migrations/<UTC timestamp>_<name>/migration.sql
// with the SQL that turns the last committed prisma/schema.prisma into the working copy.
// (`prisma migrate dev` does not work with Prisma's JS engine; see README "Database".)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getConfig, PROJECT_ROOT } from "../app/config.server";
import { openDatabase } from "../app/db/db.server";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <snake_case_name>");
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "blockerbugs-migration-"));
const previous = path.join(tmp, "previous.prisma");
let from = ["--from-empty"];
try {
  fs.writeFileSync(
    previous,
    execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: PROJECT_ROOT }),
  );
  from = ["--from-schema-datamodel", previous];
} catch {
  console.error("No committed prisma/schema.prisma: diffing from an empty database.");
}

// The JS engine needs a reachable database even to diff two schema files.
const database = await openDatabase(getConfig());
try {
  const sql = execFileSync(
    "sh",
    [
      "prisma/prisma-cli.sh",
      "migrate",
      "diff",
      ...from,
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ],
    { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: database.url }, encoding: "utf8" },
  );
  if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ""))) {
    console.log("The schema has not changed since the last commit: no migration written.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(PROJECT_ROOT, "prisma", "migrations", `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(
      `Wrote ${path.relative(PROJECT_ROOT, dir)}/migration.sql — review it, then commit it with the schema.`,
    );
  }
} finally {
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

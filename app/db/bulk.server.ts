import type { Prisma } from "~/generated/prisma/client";

/** A PostgreSQL column type as `json_to_recordset` reads it (our tables' types only). */
export type ColumnType =
  "text" | "text[]" | "integer" | "integer[]" | "boolean" | "timestamp(3)" | "jsonb" | '"ReviewState"';

/** A table's columns that a bulk statement writes, by name, with their types. */
export type Columns = Record<string, ColumnType>;

/** One row for a bulk statement: column name → value (Dates as instants, arrays, JSON, null). */
export type Row = Record<string, unknown>;

/** The transaction (or client) bulk statements run on. */
type Sql = Pick<Prisma.TransactionClient, "$executeRawUnsafe">;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The rows as one `json_to_recordset($1::json)` source, so a whole set travels as one parameter
 * (no limit on the number of rows, no per-row statement). Dates become ISO instants, which
 * `timestamp(3)` reads as UTC (PostgreSQL ignores the zone for columns without one, and Prisma
 * stores UTC).
 */
function recordset(columns: Columns): string {
  return `json_to_recordset($1::json) AS v(${Object.entries(columns)
    .map(([name, type]) => `${ident(name)} ${type}`)
    .join(", ")})`;
}

/**
 * `(t.a, t.b) IS DISTINCT FROM (v.a, v.b)` over `columns`: whether a write would change the row. A row
 * written with the values it holds would still get a new version (`xmin`, which page checks compare)
 * and fire the data-version trigger, so unchanged rows are not written at all.
 */
function differs(columns: readonly string[], table: string, values: string): string {
  const row = (alias: string) => `(${columns.map((n) => `${alias}.${ident(n)}`).join(", ")})`;
  // A one-column "row" would be a parenthesised value, which IS DISTINCT FROM compares just as well.
  return `${row(table)} IS DISTINCT FROM ${row(values)}`;
}

/**
 * Inserts `rows` into `table` in one statement (`INSERT … SELECT … FROM json_to_recordset … ON
 * CONFLICT`): a row whose `key` already exists gets the `update` columns overwritten (all non-key
 * columns by default; none: `DO NOTHING`) when one of them differs; a row that would stay the same is
 * not written, nor one that would differ only in `ignore` columns (e.g. a read time: they are written
 * with a change, not alone). Columns left out of `columns` keep their defaults on insert and their
 * values on update.
 * Keys must be unique among `rows` (PostgreSQL refuses to change one row twice in a statement). Table
 * and column names are ours (constants), never input.
 * @returns the number of rows inserted or changed.
 */
export async function upsertRows(
  sql: Sql,
  table: string,
  columns: Columns,
  rows: readonly Row[],
  opts: { key: readonly string[]; update?: readonly string[]; ignore?: readonly string[] },
): Promise<number> {
  if (rows.length === 0) return 0;
  const names = Object.keys(columns);
  const update = opts.update ?? names.filter((n) => !opts.key.includes(n));
  const compared = update.filter((n) => !opts.ignore?.includes(n));
  const onConflict =
    update.length === 0
      ? "DO NOTHING"
      : `DO UPDATE SET ${update.map((n) => `${ident(n)} = EXCLUDED.${ident(n)}`).join(", ")} ` +
        (compared.length ? `WHERE ${differs(compared, ident(table), "EXCLUDED")}` : "");
  const list = names.map(ident).join(", ");
  return sql.$executeRawUnsafe(
    `INSERT INTO ${ident(table)} (${list}) SELECT ${list} FROM ${recordset(columns)} ` +
      `ON CONFLICT (${opts.key.map(ident).join(", ")}) ${onConflict}`,
    JSON.stringify(rows),
  );
}

/**
 * Updates existing rows of `table` in one statement (`UPDATE … FROM json_to_recordset …`): each row
 * is matched on its `key` columns and gets its other `columns` set, unless it already holds those
 * values (then it is not written). Rows whose key is not in the table are ignored.
 * @returns the number of rows changed.
 */
export async function updateRows(
  sql: Sql,
  table: string,
  columns: Columns,
  rows: readonly Row[],
  key: readonly string[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const set = Object.keys(columns).filter((n) => !key.includes(n));
  return sql.$executeRawUnsafe(
    `UPDATE ${ident(table)} AS t SET ${set.map((n) => `${ident(n)} = v.${ident(n)}`).join(", ")} ` +
      `FROM ${recordset(columns)} WHERE ${key.map((k) => `t.${ident(k)} = v.${ident(k)}`).join(" AND ")} ` +
      `AND ${differs(set, "t", "v")}`,
    JSON.stringify(rows),
  );
}

/**
 * Inserts `rows` into `table` in one statement (`INSERT … SELECT … FROM json_to_recordset`), with
 * `skipDuplicates` leaving out rows that collide with a unique key (`ON CONFLICT DO NOTHING`).
 * Cheaper than Prisma's `createMany` for thousands of rows: one parameter, no per-row placeholders.
 * @returns the number of rows inserted.
 */
export async function insertRows(
  sql: Sql,
  table: string,
  columns: Columns,
  rows: readonly Row[],
  opts: { skipDuplicates?: boolean } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const list = Object.keys(columns).map(ident).join(", ");
  return sql.$executeRawUnsafe(
    `INSERT INTO ${ident(table)} (${list}) SELECT ${list} FROM ${recordset(columns)}` +
      (opts.skipDuplicates ? " ON CONFLICT DO NOTHING" : ""),
    JSON.stringify(rows),
  );
}

/**
 * Replaces the rows of `table` whose `key` column holds one of `keys` by `rows` (whose `key` values
 * should be among `keys`): one `DELETE`, then one `INSERT` as in insertRows. For child rows listed
 * whole upstream, e.g. an update's links to its builds; run it in a transaction so that no reader sees
 * a set half replaced. `key` must be one of `columns` (its type is read there).
 * @returns the number of rows inserted.
 */
export async function replaceRows(
  sql: Sql,
  table: string,
  columns: Columns,
  rows: readonly Row[],
  opts: { key: string; keys: readonly unknown[] },
): Promise<number> {
  const type = columns[opts.key];
  if (!type) throw new Error(`replaceRows: the key ${opts.key} is not one of the columns of ${table}`);
  if (opts.keys.length > 0) {
    await sql.$executeRawUnsafe(
      `DELETE FROM ${ident(table)} WHERE ${ident(opts.key)} IN ` +
        `(SELECT v.k FROM json_to_recordset($1::json) AS v(k ${type}))`,
      JSON.stringify(opts.keys.map((k) => ({ k }))),
    );
  }
  return insertRows(sql, table, columns, rows);
}

/**
 * Deletes the rows of `table` that match `where` in one statement: each entry is a column and either
 * one value (`=`) or a list (`= ANY(…)`, one parameter however long). Table and column names are ours
 * (constants), never input; an empty list matches nothing (no statement is sent).
 * @returns the number of rows deleted.
 */
export async function deleteRows(
  sql: Sql,
  table: string,
  where: Record<string, string | number | readonly (string | number)[]>,
): Promise<number> {
  const entries = Object.entries(where);
  if (entries.some(([, value]) => Array.isArray(value) && value.length === 0)) return 0;
  const conditions = entries.map(([column, value], i) =>
    Array.isArray(value) ? `${ident(column)} = ANY($${i + 1})` : `${ident(column)} = $${i + 1}`,
  );
  return sql.$executeRawUnsafe(
    `DELETE FROM ${ident(table)} WHERE ${conditions.join(" AND ")}`,
    ...entries.map(([, value]) => value),
  );
}

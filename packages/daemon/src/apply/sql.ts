import type { Queryable } from '@wallet-service/common';

/**
 * Multi-row statements valid on both MySQL 8 and MariaDB 10.11. Values go through mysql2's client-side
 * escaping (`VALUES ?` with an array of rows, `keyMatch` for composite keys); bigint amounts
 * are passed as decimal strings so they reach BIGINT columns exactly.
 */
const ROWS_PER_STATEMENT = 500;
/** Key lists stay short: past a few hundred keys MySQL stops using the primary key for them. */
const KEYS_PER_STATEMENT = 100;

/**
 * `(c1 = ? AND c2 = ?) OR (…)` for composite keys, with its values in order. Not `(c1, c2) IN (…)`:
 * MariaDB 10.11 answers a DELETE or UPDATE with a row-constructor IN by scanning the whole table (seen in
 * its slow log: one tuple, 52,000 rows examined), while an OR of equalities is a primary-key range on both
 * servers.
 */
export function keyMatch(columns: readonly string[], keys: readonly (readonly unknown[])[]): { sql: string; values: unknown[] } {
  const one = `(${columns.map((c) => `${c} = ?`).join(' AND ')})`;
  return { sql: `(${keys.map(() => one).join(' OR ')})`, values: keys.flat() };
}

/** Runs `statement` with the key match of each KEYS_PER_STATEMENT keys, in order. */
export async function forKeyChunks(
  columns: readonly string[],
  keys: readonly (readonly unknown[])[],
  statement: (match: { sql: string; values: unknown[] }) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) await statement(keyMatch(columns, keys.slice(i, i + KEYS_PER_STATEMENT)));
}

export type SqlValue = string | number | boolean | null;

export function sqlValue(v: string | number | boolean | bigint | null): SqlValue {
  return typeof v === 'bigint' ? v.toString() : v;
}

/** A column to overwrite with the new value, or [column, SQL expression] for anything else. */
export type UpdateColumn = string | [string, string];

export async function upsert(
  db: Queryable,
  table: string,
  columns: readonly string[],
  rows: SqlValue[][],
  update: readonly UpdateColumn[],
): Promise<void> {
  if (rows.length === 0) return;
  const cols = columns.map((c) => `\`${c}\``).join(', ');
  const assign = (u: UpdateColumn) => (typeof u === 'string' ? `\`${u}\` = VALUES(\`${u}\`)` : `\`${u[0]}\` = ${u[1]}`);
  const onDup = update.length ? ` ON DUPLICATE KEY UPDATE ${update.map(assign).join(', ')}` : '';
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await db.query(`INSERT INTO \`${table}\` (${cols}) VALUES ?${onDup}`, [rows.slice(i, i + ROWS_PER_STATEMENT)]);
  }
}

export async function deleteKeys(db: Queryable, table: string, keyColumns: readonly string[], keys: SqlValue[][]): Promise<void> {
  if (keys.length === 0) return;
  const cols = keyColumns.map((c) => `\`${c}\``);
  if (cols.length > 1) return forKeyChunks(cols, keys, (m) => db.query(`DELETE FROM \`${table}\` WHERE ${m.sql}`, m.values));
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
    await db.query(`DELETE FROM \`${table}\` WHERE ${cols[0]} IN (?)`, [keys.slice(i, i + KEYS_PER_STATEMENT).map((k) => k[0])]);
  }
}

/** Ends the tx proposal holds on these tx_output rows (keys are [tx_id, index]). */
export async function releaseKeys(db: Queryable, keys: SqlValue[][]): Promise<void> {
  await forKeyChunks(['tx_id', '`index`'], keys, (m) =>
    db.query(`UPDATE tx_output SET tx_proposal = NULL, tx_proposal_index = NULL WHERE ${m.sql} AND tx_proposal IS NOT NULL`, m.values),
  );
}

export { KEYS_PER_STATEMENT };

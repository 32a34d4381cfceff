import type { Queryable } from '@wallet-service/common';

/**
 * Multi-row statements valid on both MySQL 8 and MariaDB 10.11. Values go through mysql2's client-side
 * escaping (`VALUES ?` with an array of rows, `(a, b) IN (?)` with an array of tuples); bigint amounts
 * are passed as decimal strings so they reach BIGINT columns exactly.
 */
const ROWS_PER_STATEMENT = 500;
/** Tuple IN-lists stay short: past a few hundred tuples MySQL stops using the primary key for them. */
const KEYS_PER_STATEMENT = 100;

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
  const cols = keyColumns.map((c) => `\`${c}\``).join(', ');
  const single = keyColumns.length === 1;
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
    const chunk = keys.slice(i, i + KEYS_PER_STATEMENT);
    await db.query(`DELETE FROM \`${table}\` WHERE ${single ? cols : `(${cols})`} IN (?)`, [
      single ? chunk.map((k) => k[0]) : chunk,
    ]);
  }
}

/** Ends the tx proposal holds on these tx_output rows (keys are [tx_id, index]). */
export async function releaseKeys(db: Queryable, keys: SqlValue[][]): Promise<void> {
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
    await db.query('UPDATE tx_output SET tx_proposal = NULL, tx_proposal_index = NULL WHERE (tx_id, `index`) IN (?) AND tx_proposal IS NOT NULL', [
      keys.slice(i, i + KEYS_PER_STATEMENT),
    ]);
  }
}

export { KEYS_PER_STATEMENT };

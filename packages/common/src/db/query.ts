import type { Queryable } from './pool';

/**
 * The one place a query's result is given its row type. mysql2 types a result as a union of row packets,
 * result headers and arrays of either; every shared read (outputs, balances, history, wallets, tokens …)
 * goes through these helpers with a row type from rows.ts instead of casting at each call site.
 */
export type SqlParams = unknown[];

export async function selectRows<R>(db: Queryable, sql: string, params: SqlParams = []): Promise<R[]> {
  const [rows] = await db.query(sql, params);
  if (!Array.isArray(rows)) throw new Error(`expected rows from: ${sql.slice(0, 80)}`);
  return rows as R[];
}

/** The first row, or null when there is none. */
export async function selectOne<R>(db: Queryable, sql: string, params: SqlParams = []): Promise<R | null> {
  const rows = await selectRows<R>(db, sql, params);
  return rows[0] ?? null;
}

export interface WriteResult {
  affectedRows: number;
  changedRows: number;
  insertId: number;
}

/** INSERT / UPDATE / DELETE: how many rows it touched (a guarded UPDATE checks this). */
export async function executeWrite(db: Queryable, sql: string, params: SqlParams = []): Promise<WriteResult> {
  const [result] = await db.query(sql, params);
  if (Array.isArray(result) || typeof result !== 'object' || result === null || !('affectedRows' in result)) {
    throw new Error(`expected a write result from: ${sql.slice(0, 80)}`);
  }
  const r = result as { affectedRows: number; changedRows?: number; insertId?: number };
  return { affectedRows: r.affectedRows, changedRows: r.changedRows ?? 0, insertId: r.insertId ?? 0 };
}

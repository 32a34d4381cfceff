import { selectRows, type Pool } from '@wallet-service/common';
import type { Statement } from './queryLog';

/**
 * EXPLAIN of a recorded statement, with each plan row's alias resolved to its table, so a full scan
 * (type ALL) of a large table can be named whatever alias the query gave it.
 */
export interface PlanRow {
  table: string;
  alias: string;
  type: string;
  key: string | null;
  rows: number | null;
}

const KEYWORDS = new Set(['on', 'where', 'join', 'left', 'right', 'inner', 'straight_join', 'order', 'group', 'limit', 'using', 'set', 'for', 'union', 'cross']);

/** alias → table of every `FROM t [AS] x` / `JOIN t [AS] x` / `UPDATE t` / `INTO t` in the statement. */
export function aliasesOf(sql: string): Map<string, string> {
  const map = new Map<string, string>();
  const re = /\b(?:from|join|update|into)\s+`?(\w+)`?(?:\s+(?:as\s+)?(\w+))?/gi;
  for (const m of sql.matchAll(re)) {
    const [, table, alias] = m;
    map.set(table, table);
    if (alias && !KEYWORDS.has(alias.toLowerCase())) map.set(alias, table);
  }
  return map;
}

/** Statements worth explaining: reads and writes that look rows up (not transaction control, not INSERT … VALUES). */
export function explainable(sql: string): boolean {
  const s = sql.trim().toLowerCase();
  if (s.startsWith('select') || s.startsWith('update') || s.startsWith('delete')) return true;
  return s.startsWith('insert') && /\bselect\b/.test(s);
}

export async function explain(pool: Pool, st: Statement): Promise<PlanRow[]> {
  const aliases = aliasesOf(st.sql);
  const rows = await selectRows<{ table: string | null; type: string | null; key: string | null; rows: number | string | null }>(
    pool,
    `EXPLAIN ${st.sql}`,
    (st.params as unknown[] | undefined) ?? [],
  );
  return rows.map((r) => ({
    alias: r.table ?? '',
    table: aliases.get(r.table ?? '') ?? r.table ?? '',
    type: r.type ?? '',
    key: r.key,
    rows: r.rows === null ? null : Number(r.rows),
  }));
}

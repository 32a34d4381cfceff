import { selectRows, type DbConfig } from '@wallet-service/common';
import type { ExpectedTable } from './expected-schema';
import { withConnection } from './run';

/**
 * Reads a database's tables from information_schema into the text format of expected-schema.ts. Every
 * column is aliased because MySQL 8 names information_schema columns in upper case and MariaDB does not.
 */

interface ColumnInfo {
  table_name: string;
  column_name: string;
  column_type: string;
  is_nullable: string;
  column_default: string | null;
  extra: string;
}

interface IndexInfo {
  table_name: string;
  index_name: string;
  non_unique: number | string;
  column_name: string;
}

interface ForeignKeyInfo {
  table_name: string;
  constraint_name: string;
  referenced_table_name: string;
  delete_rule: string;
  update_rule: string;
  fk_columns: string;
}

export interface TableOptions {
  engine: string;
  collation: string;
}

function normalizeType(type: string): string {
  const t = type.toLowerCase();
  if (t === 'tinyint(1)') return 'boolean';
  return t.replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1');
}

function normalizeDefault(value: string | null): string | null {
  if (value === null || value === 'NULL') return null;
  if (/^current_timestamp(\(\))?$/i.test(value)) return 'CURRENT_TIMESTAMP';
  return value.replace(/^'(.*)'$/, '$1');
}

export function describeColumn(c: ColumnInfo): string {
  const parts = [c.column_name, normalizeType(c.column_type), c.is_nullable === 'YES' ? 'NULL' : 'NOT NULL'];
  const def = normalizeDefault(c.column_default);
  if (def !== null) parts.push(`DEFAULT ${def}`);
  if (/on update current_timestamp/i.test(c.extra)) parts.push('ON UPDATE CURRENT_TIMESTAMP');
  return parts.join(' ');
}

export async function readSchema(cfg: DbConfig): Promise<{ tables: Record<string, ExpectedTable>; options: Record<string, TableOptions> }> {
  return withConnection(cfg, async (conn) => {
    const schema = cfg.DB_NAME;
    const columns = await selectRows<ColumnInfo>(
      conn,
      `SELECT table_name AS table_name, column_name AS column_name, column_type AS column_type,
              is_nullable AS is_nullable, column_default AS column_default, extra AS extra
         FROM information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position`,
      [schema],
    );
    const indexes = await selectRows<IndexInfo>(
      conn,
      `SELECT table_name AS table_name, index_name AS index_name, non_unique AS non_unique, column_name AS column_name
         FROM information_schema.statistics WHERE table_schema = ? ORDER BY table_name, index_name, seq_in_index`,
      [schema],
    );
    const foreignKeys = await selectRows<ForeignKeyInfo>(
      conn,
      `SELECT rc.table_name AS table_name, rc.constraint_name AS constraint_name,
              rc.referenced_table_name AS referenced_table_name, rc.delete_rule AS delete_rule, rc.update_rule AS update_rule,
              (SELECT GROUP_CONCAT(k.column_name ORDER BY k.ordinal_position SEPARATOR ', ')
                 FROM information_schema.key_column_usage k
                WHERE k.constraint_schema = rc.constraint_schema AND k.constraint_name = rc.constraint_name
                  AND k.table_name = rc.table_name) AS fk_columns
         FROM information_schema.referential_constraints rc WHERE rc.constraint_schema = ?`,
      [schema],
    );
    const tableRows = await selectRows<{ table_name: string; engine: string; table_collation: string }>(
      conn,
      'SELECT table_name AS table_name, engine AS engine, table_collation AS table_collation ' +
        'FROM information_schema.tables WHERE table_schema = ?',
      [schema],
    );

    const tables: Record<string, ExpectedTable> = {};
    const options: Record<string, TableOptions> = {};
    for (const t of tableRows) {
      tables[t.table_name] = { columns: [], indexes: [] };
      options[t.table_name] = { engine: t.engine, collation: t.table_collation };
    }
    for (const c of columns) tables[c.table_name].columns.push(describeColumn(c));

    const grouped = new Map<string, { table: string; unique: boolean; columns: string[] }>();
    for (const i of indexes) {
      const key = `${i.table_name}.${i.index_name}`;
      const entry = grouped.get(key) ?? { table: i.table_name, unique: Number(i.non_unique) === 0, columns: [] };
      entry.columns.push(i.column_name);
      grouped.set(key, entry);
    }
    for (const [key, entry] of grouped) {
      const name = key.slice(entry.table.length + 1);
      tables[entry.table].indexes.push(`${entry.unique ? 'UNIQUE ' : ''}${name}(${entry.columns.join(', ')})`);
    }
    for (const f of foreignKeys) {
      const table = tables[f.table_name];
      table.foreignKeys = [
        ...(table.foreignKeys ?? []),
        `${f.constraint_name}: (${f.fk_columns}) -> ${f.referenced_table_name} ON DELETE ${f.delete_rule} ON UPDATE ${f.update_rule}`,
      ];
    }
    return { tables, options };
  });
}

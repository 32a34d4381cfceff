import { readdirSync } from 'fs';
import path from 'path';
import { ALL_TABLES, selectRows } from '@wallet-service/common';
import { createEmptyDatabase } from '@wallet-service/common/testing/database';
import { EXPECTED_SCHEMA, type ExpectedTable } from './expected-schema';
import { readSchema, type TableOptions } from './read-schema';
import { envFor, REPO_ROOT, sequelizeCli, tablesOf, withConnection, type RunResult } from './run';

const MIGRATION_FILES = readdirSync(path.join(REPO_ROOT, 'db', 'migrations'))
  .filter((f) => f.endsWith('.js'))
  .sort();

interface Snapshot {
  result: RunResult;
  tables: string[];
  meta: string[];
}

describe('sequelize-cli migrations (up from empty, undo:all, up again)', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  const steps: Record<'up' | 'down' | 'upAgain', Snapshot> = {} as Record<'up' | 'down' | 'upAgain', Snapshot>;
  let schema: { tables: Record<string, ExpectedTable>; options: Record<string, TableOptions> };

  async function step(command: string): Promise<Snapshot> {
    const result = await sequelizeCli(command, envFor(db.config));
    const tables = await tablesOf(db.config);
    const meta = tables.includes('SequelizeMeta')
      ? await withConnection(db.config, async (conn) => {
          const rows = await selectRows<{ name: string }>(conn, 'SELECT name FROM SequelizeMeta ORDER BY name');
          return rows.map((r) => r.name);
        })
      : [];
    return { result, tables, meta };
  }

  beforeAll(async () => {
    db = await createEmptyDatabase('migrations');
    steps.up = await step('db:migrate');
    steps.down = await step('db:migrate:undo:all');
    steps.upAgain = await step('db:migrate');
    schema = await readSchema(db.config);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const schemaTables = [...ALL_TABLES, 'SequelizeMeta'].sort();

  it('migrates an empty database up and records every migration file', () => {
    expect(steps.up.result.stderr).toBe('');
    expect(steps.up.result.code).toBe(0);
    expect(steps.up.tables).toEqual(schemaTables);
    expect(steps.up.meta).toEqual(MIGRATION_FILES);
  });

  it('undo:all leaves only an empty SequelizeMeta (sequelize-cli bookkeeping)', () => {
    expect(steps.down.result.code).toBe(0);
    expect(steps.down.tables).toEqual(['SequelizeMeta']);
    expect(steps.down.meta).toEqual([]);
  });

  it('migrates up again after undo:all', () => {
    expect(steps.upAgain.result.code).toBe(0);
    expect(steps.upAgain.tables).toEqual(schemaTables);
    expect(steps.upAgain.meta).toEqual(MIGRATION_FILES);
  });

  it('the expected list covers exactly the tables the services know', () => {
    expect(Object.keys(EXPECTED_SCHEMA).sort()).toEqual([...ALL_TABLES].sort());
  });

  it.each(Object.keys(EXPECTED_SCHEMA))('table %s has the expected columns, types, nullability and defaults', (table) => {
    expect(schema.tables[table]?.columns).toEqual(EXPECTED_SCHEMA[table].columns);
  });

  it.each(Object.keys(EXPECTED_SCHEMA))('table %s has the expected indexes and foreign keys', (table) => {
    expect([...(schema.tables[table]?.indexes ?? [])].sort()).toEqual([...EXPECTED_SCHEMA[table].indexes].sort());
    expect([...(schema.tables[table]?.foreignKeys ?? [])].sort()).toEqual(
      [...(EXPECTED_SCHEMA[table].foreignKeys ?? [])].sort(),
    );
  });

  it('every table is InnoDB with a binary collation (addresses and ids are case-sensitive)', () => {
    for (const table of ALL_TABLES) {
      expect({ table, ...schema.options[table] }).toEqual({ table, engine: 'InnoDB', collation: 'utf8mb4_bin' });
    }
  });
});

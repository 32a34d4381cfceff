import { readdirSync } from 'fs';
import path from 'path';
import { createEmptyDatabase, createTestDatabase, DB_DIR, type TestDatabase } from '../testing/database';
import { createPool } from './pool';
import { selectRows } from './query';
import { assertSchemaCurrent, REQUIRED_MIGRATION, SchemaError } from './schema';

describe('REQUIRED_MIGRATION', () => {
  it('is the newest file in db/migrations', () => {
    const files = readdirSync(path.join(DB_DIR, 'migrations')).filter((f) => f.endsWith('.js')).sort();
    expect(REQUIRED_MIGRATION).toBe(files[files.length - 1]);
  });
});

describe('assertSchemaCurrent', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('schema_current', { seed: false });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('accepts a fully migrated database', async () => {
    await expect(assertSchemaCurrent(db.pool, db.name)).resolves.toBeUndefined();
  });

  it('refuses an empty database, saying to run the migrations', async () => {
    const empty = await createEmptyDatabase('schema_empty');
    const pool = createPool(empty.config, { connectionLimit: 1 });
    try {
      const check = assertSchemaCurrent(pool, empty.name);
      await expect(check).rejects.toBeInstanceOf(SchemaError);
      await expect(check).rejects.toThrow(`database '${empty.name}' has no schema: run the migrations first`);
    } finally {
      await pool.end();
      await empty.drop();
    }
  });

  it('refuses a schema whose newest migration is older than REQUIRED_MIGRATION', async () => {
    await db.pool.query('DELETE FROM SequelizeMeta WHERE name = ?', [REQUIRED_MIGRATION]);
    try {
      await expect(assertSchemaCurrent(db.pool, db.name)).rejects.toThrow(
        new RegExp(`schema is older than this version expects \\(newest migration \\d+-[\\w-]+\\.js, needs ${REQUIRED_MIGRATION.replace(/\./g, '\\.')}\\)`),
      );
    } finally {
      await db.pool.query('INSERT INTO SequelizeMeta (name) VALUES (?)', [REQUIRED_MIGRATION]);
    }
  });

  it('refuses a database with a bookkeeping table but no migrations applied', async () => {
    const rows = await selectRows<{ name: string }>(db.pool, 'SELECT name FROM SequelizeMeta');
    await db.pool.query('DELETE FROM SequelizeMeta');
    try {
      await expect(assertSchemaCurrent(db.pool, db.name)).rejects.toThrow('(newest migration none, needs');
    } finally {
      await db.pool.query('INSERT INTO SequelizeMeta (name) VALUES ?', [rows.map((r) => [r.name])]);
    }
  });

  it('names a table that is missing although the migrations are recorded', async () => {
    await db.pool.query('DROP TABLE version_data');
    await expect(assertSchemaCurrent(db.pool, db.name)).rejects.toThrow(
      `database '${db.name}' is missing table(s) version_data: run the migrations`,
    );
  });
});

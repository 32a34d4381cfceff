import { readFileSync } from 'fs';
import path from 'path';
import { SCHEMA_TABLES, selectRows } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { envFor, REPO_ROOT, sequelizeCli } from './run';

/** The README's reset procedure, run as written: its SQL block, then the seed. */
function readmeResetSql(): string[] {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /### Reset[\s\S]*?```sql\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no ```sql block under "### Reset"');
  return block[1]
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

describe('README reset procedure', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('readme_reset');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('truncates exactly the data tables (not sync_lock)', () => {
    const truncated = readmeResetSql()
      .map((s) => /^TRUNCATE TABLE (\w+)$/.exec(s)?.[1])
      .filter((t): t is string => t !== undefined);
    expect(truncated.sort()).toEqual([...SCHEMA_TABLES].sort());
  });

  it('empties a database holding data, and the seed puts back only the HTR row', async () => {
    const q = (sql: string) => db.pool.query(sql);
    await q("INSERT INTO wallet (id, xpubkey, created_at, auth_xpubkey) VALUES ('w1', 'xpub', 1, 'xpub')");
    await q("INSERT INTO push_devices (device_id, push_provider, wallet_id) VALUES ('d1', 'ios', 'w1')");
    await q("INSERT INTO token (id, name, symbol) VALUES ('t1', 'Token', 'TKN')");
    await q("INSERT INTO token_creation (token_id, tx_id) VALUES ('t1', 'tx1')");
    await q("INSERT INTO `transaction` (tx_id, timestamp, version) VALUES ('tx1', 1, 2)");
    await q("INSERT INTO tx_output (tx_id, `index`, token_id, address, value) VALUES ('tx1', 0, '00', 'Haddr', 5)");
    await q('INSERT INTO sync_metadata (id, last_event_id) VALUES (0, 42)');

    const conn = await db.pool.getConnection();
    try {
      // One connection: FOREIGN_KEY_CHECKS is a session setting.
      for (const statement of readmeResetSql()) await conn.query(statement);
    } finally {
      conn.release();
    }
    const seed = await sequelizeCli('db:seed:all', envFor(db.config));
    expect(seed.code).toBe(0);

    for (const table of SCHEMA_TABLES) {
      const [count] = await selectRows<{ n: string }>(db.pool, `SELECT COUNT(*) AS n FROM \`${table}\``);
      expect({ table, n: Number(count.n) }).toEqual({ table, n: table === 'token' ? 1 : 0 });
    }
    // The daemon/load handshake row is not data and survives the reset.
    const [lock] = await db.pool.query('SELECT id FROM sync_lock');
    expect(lock).toEqual([{ id: 1 }]);
    const [token] = await db.pool.query('SELECT id, symbol, transactions FROM token');
    expect(token).toEqual([{ id: '00', symbol: 'HTR', transactions: 0 }]);
  });
});

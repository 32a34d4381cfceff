import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { envFor, errorLines, sequelizeCli, withConnection } from './run';

/**
 * The HTR seed counts the distinct non-voided transactions that create an HTR output or spend one.
 * The fixture below holds one case of each kind; the ones marked ✓ are counted.
 */
const TX = {
  htrOutput: 'a1', // ✓ creates an HTR output
  spendsHtrOnly: 'a2', // ✓ spends an HTR output, creates only custom-token outputs
  createsAndSpends: 'a3', // ✓ both (counted once)
  block: 'b1', // ✓ a block with its HTR reward
  voidedHtrOutput: 'c1', // voided, creates an HTR output
  voidedSpendsHtr: 'c2', // voided, spends an HTR output
  customOnly: 'c3', // creates and spends only custom-token outputs
  voidedBlock: 'c4', // voided block
} as const;
const EXPECTED_COUNT = 4;
const CUSTOM = 'cc'.repeat(32);

const txRow = (id: string, version: number, voided: boolean) => [id, 1_700_000_000, version, voided ? 1 : 0];
// [tx_id, index, token_id, value, spent_by]
const OUTPUTS: [string, number, string, bigint, string | null][] = [
  [TX.htrOutput, 0, '00', 100n, TX.spendsHtrOnly],
  [TX.htrOutput, 1, '00', 50n, TX.voidedSpendsHtr],
  [TX.htrOutput, 2, '00', 25n, TX.createsAndSpends],
  [TX.spendsHtrOnly, 0, CUSTOM, 1000n, TX.customOnly],
  [TX.createsAndSpends, 0, '00', 25n, null],
  [TX.block, 0, '00', 6400n, null],
  [TX.voidedHtrOutput, 0, '00', 7n, null],
  [TX.voidedSpendsHtr, 0, CUSTOM, 1n, null],
  [TX.customOnly, 0, CUSTOM, 1000n, null],
  [TX.voidedBlock, 0, '00', 6400n, null],
];

async function prefill(db: TestDatabase): Promise<void> {
  await db.pool.query('INSERT INTO `transaction` (tx_id, timestamp, version, voided) VALUES ?', [
    [
      txRow(TX.htrOutput, 1, false),
      txRow(TX.spendsHtrOnly, 1, false),
      txRow(TX.createsAndSpends, 1, false),
      txRow(TX.block, 0, false),
      txRow(TX.voidedHtrOutput, 1, true),
      txRow(TX.voidedSpendsHtr, 1, true),
      txRow(TX.customOnly, 1, false),
      txRow(TX.voidedBlock, 0, true),
    ],
  ]);
  await db.pool.query('INSERT INTO tx_output (tx_id, `index`, token_id, address, value, spent_by) VALUES ?', [
    OUTPUTS.map(([tx, index, token, value, spentBy]) => [tx, index, token, 'H' + 'x'.repeat(33), value.toString(), spentBy]),
  ]);
}

async function htrRows(db: TestDatabase) {
  const [rows] = await db.pool.query("SELECT id, name, symbol, version, transactions FROM token WHERE id = '00'");
  return rows;
}

describe('HTR seed (db:seed:all through sequelize-cli)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('htr_seed', { seed: false });
    await prefill(db);
  });
  afterAll(async () => {
    await db?.drop();
  });
  const seed = () => sequelizeCli('db:seed:all', envFor(db.config));

  it('counts distinct non-voided transactions that create or spend an HTR output', async () => {
    const result = await seed();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await htrRows(db)).toEqual([
      { id: '00', name: 'Hathor', symbol: 'HTR', version: 0, transactions: EXPECTED_COUNT },
    ]);
  });

  it('running it twice leaves one row with the same count', async () => {
    expect((await seed()).code).toBe(0);
    expect((await seed()).code).toBe(0);
    expect(await htrRows(db)).toEqual([
      { id: '00', name: 'Hathor', symbol: 'HTR', version: 0, transactions: EXPECTED_COUNT },
    ]);
  });

  it('corrects an existing HTR row with a wrong count (and wrong fields) without duplicating it', async () => {
    await db.pool.query("DELETE FROM token WHERE id = '00'");
    await db.pool.query("INSERT INTO token (id, name, symbol, version, transactions) VALUES ('00', 'x', 'X', 1, 99)");
    expect((await seed()).code).toBe(0);
    expect(await htrRows(db)).toEqual([
      { id: '00', name: 'Hathor', symbol: 'HTR', version: 0, transactions: EXPECTED_COUNT },
    ]);
  });

  it('leaves other tokens alone', async () => {
    await db.pool.query("INSERT INTO token (id, name, symbol, transactions) VALUES (?, 'Custom', 'CST', 3)", [CUSTOM]);
    expect((await seed()).code).toBe(0);
    const [rows] = await db.pool.query('SELECT id, transactions FROM token ORDER BY id');
    expect(rows).toEqual([
      { id: '00', transactions: EXPECTED_COUNT },
      { id: CUSTOM, transactions: 3 },
    ]);
  });
});

describe('HTR seed on a database without the schema', () => {
  it('names the missing table and exits non-zero', async () => {
    const db = await createEmptyDatabase('htr_seed_empty');
    try {
      const env = envFor(db.config);
      const empty = await sequelizeCli('db:seed:all', env);
      expect(empty.code).not.toBe(0);
      expect(errorLines(empty).join('\n')).toContain('table `token` is missing: run the migrations first');

      // Only some tables: the message names the one that is actually missing.
      await withConnection(db.config, async (conn) => {
        await conn.query('CREATE TABLE token (id VARCHAR(64) PRIMARY KEY)');
        await conn.query('CREATE TABLE `transaction` (tx_id VARCHAR(64) PRIMARY KEY)');
      });
      const partial = await sequelizeCli('db:seed:all', env);
      expect(partial.code).not.toBe(0);
      expect(errorLines(partial).join('\n')).toContain('table `tx_output` is missing');
    } finally {
      await db.drop();
    }
  });
});

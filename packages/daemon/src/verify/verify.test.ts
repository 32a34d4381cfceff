import { selectRows, type AddressBalanceRow } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { describeWithFixtures, FIXTURE_SCENARIOS, fixturePath } from '@wallet-service/common/testing/fixtures';
import { readStreamFile } from '../__tests__/support/events';
import { applyEvents, resetData } from '../__tests__/support/sync';
import { verify } from './run';

describeWithFixtures('verify on databases synced from the recorded streams', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('verify');
  });
  afterAll(async () => db.drop());

  test.each(FIXTURE_SCENARIOS)('%s: every aggregate agrees with the outputs', async (scenario) => {
    await resetData(db.pool);
    const { events, identity } = readStreamFile(fixturePath(scenario, 'jsonl'));
    await applyEvents(db.pool, events, identity);
    const report = await verify(db.pool);
    expect(report.differences).toEqual([]);
    expect(report.checks).toBeGreaterThan(5);
  });

  test('reports each corrupted aggregate by check, owner and the expected value', async () => {
    await resetData(db.pool);
    const { events, identity } = readStreamFile(fixturePath('SINGLE_CHAIN_BLOCKS_AND_TRANSACTIONS', 'jsonl'));
    await applyEvents(db.pool, events, identity);
    const [row] = await selectRows<Pick<AddressBalanceRow, 'address' | 'token_id'>>(
      db.pool,
      'SELECT address, token_id FROM address_balance WHERE unlocked_balance > 0 LIMIT 1',
    );
    await db.pool.query('UPDATE address_balance SET unlocked_balance = unlocked_balance + 1 WHERE address = ? AND token_id = ?', [
      row.address,
      row.token_id,
    ]);
    await db.pool.query("UPDATE token SET transactions = transactions + 3 WHERE id = '00'");
    await db.pool.query('UPDATE address SET transactions = transactions + 1 WHERE address = ?', [row.address]);
    const report = await verify(db.pool);
    const byCheck = report.differences.map((d) => [d.check, d.row.owner]);
    expect(byCheck).toEqual(
      expect.arrayContaining([
        ['address_balance', row.address],
        ['token.transactions', '00'],
        ['address.transactions', row.address],
      ]),
    );
    expect(report.differences).toHaveLength(3);
    const balance = report.differences.find((d) => d.check === 'address_balance')!.row;
    expect(BigInt(balance.unlocked_balance as string)).toBe(BigInt(balance.expected_unlocked as string) + 1n);
  });
});

import { createLogger } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { describeWithFixtures, FIXTURE_SCENARIOS, fixturePath } from '@wallet-service/common/testing/fixtures';
import { createAddressDeriver } from '../hathor/derive';
import { snapshot } from '../__tests__/support/dump';
import { readStreamFile } from '../__tests__/support/events';
import { compareWithExpected, readExpectedFile } from '../__tests__/support/expected';
import { createStore } from './store';

const log = createLogger({ service: 'test', level: 'error' });

describeWithFixtures('store applied to the recorded full-node streams', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('store_fixtures');
  });
  afterAll(async () => db.drop());

  for (const scenario of FIXTURE_SCENARIOS) {
    for (const batch of [1, 5, 1000]) {
      test(`${scenario} in batches of ${batch} ends at the expected state`, async () => {
        await db.pool.query('DELETE FROM sync_metadata');
        for (const t of ['address_tx_history', 'address_balance', 'address', 'tx_output', 'transaction', 'miner', 'token_creation']) {
          await db.pool.query(`DELETE FROM \`${t}\``);
        }
        await db.pool.query("DELETE FROM token WHERE id <> '00'");
        const { events, identity } = readStreamFile(fixturePath(scenario, 'jsonl'));
        const store = createStore({
          pool: db.pool,
          log,
          rewardSpendMinBlocks: 10,
          deriveAddress: createAddressDeriver('mainnet'),
        });
        for (let i = 0; i < events.length; i += batch) await store.applyBatch(events.slice(i, i + batch), identity);
        const diffs = compareWithExpected(await snapshot(db.pool), readExpectedFile(fixturePath(scenario, 'expected.json')));
        expect(diffs).toEqual([]);
      });
    }
  }
});

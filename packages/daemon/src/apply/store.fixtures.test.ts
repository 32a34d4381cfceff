import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { describeWithFixtures, FIXTURE_SCENARIOS, fixturePath } from '@wallet-service/common/testing/fixtures';
import { dumpTables, snapshot } from '../__tests__/support/dump';
import { readStreamFile } from '../__tests__/support/events';
import { compareWithExpected, readExpectedFile } from '../__tests__/support/expected';
import { applyEvents, resetData } from '../__tests__/support/sync';

describeWithFixtures('store applied to the recorded full-node streams', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('store_fixtures');
  });
  afterAll(async () => db.drop());

  test.each(FIXTURE_SCENARIOS)('%s: any batch size and row cache ends at the expected state with identical tables', async (scenario) => {
    const { events, identity } = readStreamFile(fixturePath(scenario, 'jsonl'));
    const expected = readExpectedFile(fixturePath(scenario, 'expected.json'));
    let reference: Record<string, unknown[]> | null = null;
    // A cache of 2 rows per kind evicts all the time; 10,000 holds these streams whole.
    for (const sync of [{ batch: 1 }, { batch: 5 }, { batch: 1000 }, { batch: 5, cache: 2 }, { batch: 100, cache: 10_000 }]) {
      await resetData(db.pool);
      await applyEvents(db.pool, events, identity, sync);
      expect(compareWithExpected(await snapshot(db.pool), expected)).toEqual([]);
      const tables = await dumpTables(db.pool);
      if (reference) expect(tables).toEqual(reference);
      reference = tables;
    }
  });
});

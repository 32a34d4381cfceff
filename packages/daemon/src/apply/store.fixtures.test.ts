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

  test.each(FIXTURE_SCENARIOS)('%s: any batch size ends at the expected state with identical tables', async (scenario) => {
    const { events, identity } = readStreamFile(fixturePath(scenario, 'jsonl'));
    const expected = readExpectedFile(fixturePath(scenario, 'expected.json'));
    let reference: Record<string, unknown[]> | null = null;
    for (const batch of [1, 5, 1000]) {
      await resetData(db.pool);
      await applyEvents(db.pool, events, identity, { batch });
      expect(compareWithExpected(await snapshot(db.pool), expected)).toEqual([]);
      const tables = await dumpTables(db.pool);
      if (reference) expect(tables).toEqual(reference);
      reference = tables;
    }
  });
});

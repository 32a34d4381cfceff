import { FullNodeEvent, parseJson } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { generateRandom } from 'fullnode-simulator';
import { snapshot } from '../__tests__/support/dump';
import { compareExtras, compareWithExpected } from '../__tests__/support/expected';
import { resetData, testStore } from '../__tests__/support/sync';
import { registerWallets } from '../__tests__/support/wallets';

/**
 * The row cache (TX_CACHE_SIZE) trusts that its process is the only writer of the rows it keeps. When
 * another writer commits batches in between (a second daemon, a restore), the cursor is not where the
 * cache left it, and the cache must start over rather than plan on rows that are no longer stored.
 */
describe('row cache and another writer', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('row_cache');
  });
  afterAll(async () => db.drop());

  test.each([3, 5])('batches committed by another store in between leave the cached store exact (seed %i)', async (seed) => {
    const { stream, truth } = generateRandom({ seed, blocks: 30, txsPerBlock: 4, wallets: 2, reorgRate: 0.15, conflictRate: 0.15 });
    await resetData(db.pool);
    await registerWallets(db.pool, truth.setup?.wallets ?? []);
    const events = stream.events.map((t) => FullNodeEvent.parse(parseJson(t)));
    const identity = { streamId: stream.meta.streamId, peerId: stream.meta.peerId, network: stream.meta.network };
    const options = { rewardSpendMinBlocks: stream.meta.rewardSpendMinBlocks };
    const cached = testStore(db.pool, { ...options, cache: 100_000 });
    const other = testStore(db.pool, options);
    // Turns of 40 events: the cached store takes two, the other one, so each of its turns starts elsewhere.
    const turn = 40;
    for (let i = 0, n = 0; i < events.length; i += turn, n++) {
      await (n % 3 === 2 ? other : cached).applyBatch(events.slice(i, i + turn), identity);
    }
    const snap = await snapshot(db.pool);
    expect([...compareWithExpected(snap, truth), ...compareExtras(snap, truth)]).toEqual([]);
  });
});

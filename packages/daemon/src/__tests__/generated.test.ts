import { FullNodeEvent, parseJson } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { generateRandom, generateScenario, SCENARIOS, type Generated } from 'fullnode-simulator';
import { verify } from '../verify/run';
import { snapshot } from './support/dump';
import { compareExtras, compareWithExpected } from './support/expected';
import { applyEvents, resetData } from './support/sync';
import { registerWallets } from './support/wallets';

/**
 * Streams from the simulator's generator — reorgs, double spends, twins, removals, tokens and
 * authorities, timelocks, nano contracts, registered wallets with gap-limit discovery — applied to the
 * store and held to the generator's own ground truth, then audited by `verify`.
 */
async function syncGenerated(db: TestDatabase, generated: Generated, batch: number, cache = 0): Promise<string[]> {
  const { stream, truth } = generated;
  await resetData(db.pool);
  await registerWallets(db.pool, truth.setup?.wallets ?? []);
  const events = stream.events.map((text) => FullNodeEvent.parse(parseJson(text)));
  const identity = { streamId: stream.meta.streamId, peerId: stream.meta.peerId, network: stream.meta.network };
  await applyEvents(db.pool, events, identity, { batch, cache, rewardSpendMinBlocks: stream.meta.rewardSpendMinBlocks });
  const snap = await snapshot(db.pool);
  const report = await verify(db.pool);
  return [
    ...compareWithExpected(snap, truth),
    ...compareExtras(snap, truth),
    ...report.differences.map((d) => `verify ${d.check}: ${JSON.stringify(d.row)}`),
  ];
}

describe('store on generated streams', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('generated');
  });
  afterAll(async () => db.drop());

  test.each([...SCENARIOS])('scenario %s reaches the generator truth', async (name) => {
    expect(await syncGenerated(db, generateScenario(name), 50)).toEqual([]);
  });

  test.each([...SCENARIOS])('scenario %s reaches the generator truth with a row cache of 2 under eviction', async (name) => {
    expect(await syncGenerated(db, generateScenario(name), 3, 2)).toEqual([]);
  });

  const seeds = Array.from({ length: 50 }, (_, i) => i + 1);
  const batches = [1, 7, 64, 500];
  // Row cache sizes from none through constant eviction (1, 3) to holding everything: the tables must not tell.
  const caches = [0, 1, 3, 10_000, 0];
  test.each(seeds)('random seed %i reaches the generator truth', async (seed) => {
    const generated = generateRandom({ seed, blocks: 14, txsPerBlock: 3, wallets: 2, reorgRate: 0.15, conflictRate: 0.15 });
    expect(await syncGenerated(db, generated, batches[seed % batches.length], caches[seed % caches.length])).toEqual([]);
  });
});

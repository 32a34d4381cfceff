import { FIXTURE_SCENARIOS, describeWithFixtures, fixturePath } from '@wallet-service/common/testing/fixtures';
import { readExpected } from '../../../checker';
import { generateRandom, generateScenario } from '../../../generator';
import { loadReplayFile } from '../../../replay/load';
import type { EventStream } from '../../../stream';
import { syntheticStream } from '../../__tests__/ws-client';
import { finalVertices, get, withSimulator } from './helpers';

type Json = Record<string, unknown>;

async function dagOf(stream: EventStream): Promise<Json> {
  return withSimulator(stream, async (sim) => (await get(sim, '/v1a/status')).body.dag as Json);
}

function newestTimestamp(stream: EventStream): number {
  return Math.max(...[...finalVertices(stream).values()].map((v) => (v.data as unknown as { timestamp: number }).timestamp));
}

describeWithFixtures('GET /v1a/status dag on the recorded streams', () => {
  it.each(FIXTURE_SCENARIOS)('%s: best_block is the expected best block, reorgs and removals included', async (scenario) => {
    const stream = loadReplayFile(fixturePath(scenario, 'jsonl'));
    const { best_block } = readExpected(fixturePath(scenario, 'expected.json'));
    const dag = await dagOf(stream);
    expect(dag.best_block).toEqual(best_block);
    expect(dag.best_block_tips).toEqual([best_block]);
    expect((dag.best_blockchain as unknown[])[0]).toEqual([best_block.height, best_block.hash]);
    expect(dag.latest_timestamp).toBe(newestTimestamp(stream));
    expect(dag.first_timestamp).toBe(1572636343);
  });
});

describe('GET /v1a/status dag on generated streams', () => {
  it.each([
    ['DEEP_REORG', () => generateScenario('DEEP_REORG')],
    ['random seed 11', () => generateRandom({ seed: 11, blocks: 50, reorgRate: 0.3 })],
  ])('%s: best_block is the truth\'s, best_blockchain the ten blocks below it', async (_name, make) => {
    const { stream, truth } = make();
    const dag = await dagOf(stream);
    expect(dag.best_block).toEqual(truth.best_block);
    const chain = dag.best_blockchain as Array<[number, string]>;
    expect(chain.map(([h]) => h)).toEqual(Array.from({ length: 10 }, (_, i) => truth.best_block.height - i));
    for (const [height, hash] of chain) {
      expect({ hash, voided: truth.vertices[hash].voided_by.length > 0, height: truth.vertices[hash].height }).toEqual({ hash, voided: false, height });
    }
  });

  it('answers at once from what is indexed so far while a big log is still indexing', async () => {
    const { stream, truth } = generateRandom({ seed: 2, blocks: 250 });
    expect(stream.events.length).toBeGreaterThan(4000);
    await withSimulator(stream, async (sim) => {
      const early = (await get(sim, '/v1a/status')).body.dag as { best_block: { height: number } };
      expect(early.best_block.height).toBeLessThan(truth.best_block.height);
      expect((await get(sim, `/v1a/transaction?id=${truth.best_block.hash}`)).body.success).toBe(true);
      expect(((await get(sim, '/v1a/status')).body.dag as Json).best_block).toEqual(truth.best_block);
    });
  });

  it('a log without blocks reports no best block', async () => {
    const dag = await dagOf(syntheticStream(3));
    expect(dag).toMatchObject({ best_block: null, best_block_tips: [], best_blockchain: [] });
    expect(typeof dag.latest_timestamp).toBe('number');
  });
});

describe('GET /v1a/health', () => {
  it('passes with the node\'s healthcheck shape', async () => {
    await withSimulator(generateScenario('SINGLE_CHAIN_ONE_BLOCK').stream, async (sim) => {
      const { status, body } = await get(sim, '/v1a/health');
      expect(status).toBe(200);
      expect(body).toEqual({
        status: 'pass',
        description: 'Hathor-core v0.67.0',
        checks: {
          sync: [{ componentName: 'sync', componentType: 'internal', status: 'pass', output: 'Healthy', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) }],
        },
      });
    });
  });
});

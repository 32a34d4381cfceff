import { createLogger } from '@wallet-service/common';
import { generateScenario } from '../../../generator';
import { EventLog } from '../../event-log';
import { startSimulator } from '../../simulator';
import { VertexIndex } from '../vertex-index';
import { finalVertices } from './helpers';

const indexOf = (events: string[]) => new VertexIndex(new EventLog(events), { rewardSpendMinBlocks: 10 });

describe('VertexIndex', () => {
  it('keeps the latest metadata, the removals and the best chain of a reorged stream', () => {
    const { stream, truth } = generateScenario('DEEP_REORG');
    const index = indexOf(stream.events).sync();
    for (const [hash, v] of Object.entries(truth.vertices)) {
      const vid = index.lookup(hash);
      if (vid === undefined) throw new Error(`vertex ${hash} not indexed`);
      expect({ hash, voided: index.isVoided(vid), event: index.data(vid).metadata.voided_by }).toEqual({
        hash,
        voided: v.voided_by.length > 0,
        event: v.voided_by,
      });
    }
    for (const hash of truth.removed) expect(index.lookup(hash)).toBeUndefined();
    const best = index.bestBlock() as number;
    expect({ hash: index.hashOf(best), height: index.height(best) }).toEqual(truth.best_block);
    for (let h = 0; h <= truth.best_block.height; h++) {
      const vid = index.blockAt(h) as number;
      expect(truth.vertices[index.hashOf(vid)]).toMatchObject({ kind: 'block', height: h, voided_by: [] });
    }
  });

  it('lists children in arrival order and gives a reward spender the reward lock as min_height', () => {
    const stream = generateScenario('SINGLE_CHAIN_BLOCKS_AND_TRANSACTIONS').stream;
    const index = indexOf(stream.events).sync();
    const order = [...finalVertices(stream).keys()];
    for (const hash of order) {
      const children = index.children(index.lookup(hash) as number).map((c) => index.hashOf(c));
      const expected = order.filter((h) => finalVertices(stream).get(h)?.data.parents.includes(hash));
      expect({ hash, children }).toEqual({ hash, children: expected });
    }
    const spender = [...finalVertices(stream).values()].find((v) =>
      v.data.inputs.some((i) => finalVertices(stream).get(i.tx_id)?.data.version === 0),
    );
    if (spender === undefined) throw new Error('scenario spends no block reward');
    const block = index.lookup(spender.data.inputs[0].tx_id) as number;
    expect(index.minHeight(index.lookup(spender.data.hash) as number)).toBeGreaterThanOrEqual(index.height(block) + 11);
  });

  it('catches up in slices, yielding between them, and picks up events appended meanwhile', async () => {
    const { events } = generateScenario('DOUBLE_SPEND_STORM').stream;
    const log = new EventLog(events.slice(0, 100));
    const index = new VertexIndex(log, { rewardSpendMinBlocks: 10 });
    const first = index.catchUp(10);
    const second = index.catchUp(10);
    const seenAfterFirstSlice = index.size;
    log.append(events.slice(100));
    await Promise.all([first, second]);
    const all = indexOf(events).sync();
    expect(seenAfterFirstSlice).toBeLessThan(all.size);
    expect(index.size).toBe(all.size);
    for (let vid = 0; vid < all.size; vid++) expect(index.isVoided(vid)).toBe(all.isVoided(vid));
    log.append([]);
    expect(index.size).toBe(all.size);
  });

  it('skips what is not a vertex, token or nano event outline instead of trusting it', () => {
    const index = indexOf([
      '{"id":0,"timestamp":1,"type":"NEW_VERTEX_ACCEPTED","data":{"hash":"00"},"group_id":null}',
      '{"id":1,"timestamp":1,"type":"TOKEN_CREATED","data":{},"group_id":null}',
      '{"id":2,"timestamp":1,"type":"LOAD_STARTED","data":{},"group_id":null}',
    ]).sync();
    expect({ size: index.size, skipped: index.skipped }).toEqual({ size: 0, skipped: 2 });
  });
});

describe('startSimulator({indexInBackground})', () => {
  it('indexes the stream without waiting for a request', async () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 'test', level: 'info', write: (line) => lines.push(line) });
    const sim = await startSimulator({ stream: generateScenario('WALLET_ACTIVITY').stream, indexInBackground: true, logger });
    try {
      for (let i = 0; i < 100 && !lines.some((l) => l.includes('vertices indexed')); i++) await new Promise((r) => setTimeout(r, 20));
      const line = JSON.parse(lines.find((l) => l.includes('vertices indexed')) ?? '{}') as { vertices?: number };
      expect(line.vertices).toBe(finalVertices(generateScenario('WALLET_ACTIVITY').stream).size);
    } finally {
      await sim.close();
    }
  });
});

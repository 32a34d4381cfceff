import { fullNodeTxConfirmationDataResponseSchema } from '@hathor/wallet-lib/lib/wallet/api/schemas/walletApi';
import { describeWithFixtures, fixturePath } from '@wallet-service/common/testing/fixtures';
import { parseJson } from '@wallet-service/common';
import { generateScenario } from '../../../generator';
import { loadReplayFile } from '../../../replay/load';
import type { EventStream } from '../../../stream';
import { get, withSimulator } from './helpers';

interface V {
  hash: string;
  version: number;
  weight: number;
  timestamp: number;
  parents: string[];
  metadata?: { first_block?: string | null; voided_by: string[]; height: number; spent_outputs: Array<{ index: number; tx_ids: string[] }> };
  order: number;
  removed: boolean;
}

function finalState(stream: EventStream): Map<string, V> {
  const out = new Map<string, V>();
  for (const raw of stream.events) {
    const e = parseJson(raw) as { type: string; data: V };
    if (e.type !== 'NEW_VERTEX_ACCEPTED' && e.type !== 'VERTEX_METADATA_CHANGED' && e.type !== 'VERTEX_REMOVED') continue;
    const order = out.get(e.data.hash)?.order ?? out.size;
    const metadata = e.data.metadata ?? out.get(e.data.hash)?.metadata;
    out.set(e.data.hash, { ...e.data, metadata, order, removed: e.type === 'VERTEX_REMOVED' });
  }
  return out;
}

const work = (w: number) => Math.floor(0.5 + 2 ** w);

/**
 * The expected accumulated weight, found differently from the route: every vertex reachable through
 * children and spenders, taken in timestamp order (a walk that always takes the oldest reachable vertex
 * visits them in exactly that order, since timestamps grow along every edge), summed until past the stop.
 */
function expected(all: Map<string, V>, v: V): { weight: number; stop: number; bigger: boolean; level: number } {
  const live = [...all.values()].filter((x) => !x.removed);
  const descendants = new Set<string>();
  const frontier = [v.hash];
  while (frontier.length > 0) {
    const h = frontier.pop() as string;
    const next = [
      ...live.filter((x) => x.parents.includes(h)).map((x) => x.hash),
      ...(all.get(h)?.metadata?.spent_outputs.flatMap((s) => s.tx_ids) ?? []).filter((id) => all.get(id)?.removed === false),
    ];
    for (const n of next) {
      if (descendants.has(n)) continue;
      descendants.add(n);
      frontier.push(n);
    }
  }
  const ordered = [...descendants].map((h) => all.get(h) as V).sort((a, b) => a.timestamp - b.timestamp || a.order - b.order);
  const firstBlock = v.metadata?.first_block ? all.get(v.metadata.first_block) : undefined;
  const best = live
    .filter((x) => x.version === 0 && x.metadata?.voided_by.length === 0)
    .sort((a, b) => (b.metadata?.height ?? 0) - (a.metadata?.height ?? 0));
  const stop = (firstBlock ?? best[0]).weight + Math.log2(6);
  let sum = work(v.weight);
  const limit = firstBlock ? work(stop) : Infinity;
  if (sum <= limit) {
    for (const d of ordered) {
      sum += work(d.weight);
      if (sum > limit) break;
    }
  }
  const weight = Math.log2(sum);
  return firstBlock
    ? { weight, stop, bigger: weight > stop, level: Math.min(weight / stop, 1) }
    : { weight, stop, bigger: false, level: 0 };
}

async function checkAll(stream: EventStream): Promise<number> {
  const all = finalState(stream);
  let checked = 0;
  await withSimulator(stream, async (sim) => {
    for (const v of all.values()) {
      const { status, body } = await get(sim, `/v1a/transaction_acc_weight?id=${v.hash}`);
      expect(status).toBe(200);
      if (v.removed) {
        expect(body).toEqual({ success: false, message: 'Transaction not found' });
        continue;
      }
      if (v.version === 0) {
        expect(body).toEqual({ success: false, message: 'not allowed on blocks' });
        continue;
      }
      const parsed = fullNodeTxConfirmationDataResponseSchema.safeParse(body);
      expect({ hash: v.hash, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ hash: v.hash, issues: [] });
      const want = expected(all, v);
      expect(body.accumulated_weight).toBeCloseTo(want.weight, 9);
      expect(body.stop_value).toBeCloseTo(want.stop, 9);
      expect(body.accumulated_bigger).toBe(want.bigger);
      expect(body.confirmation_level).toBeCloseTo(want.level, 9);
      checked++;
    }
  });
  return checked;
}

describeWithFixtures('GET /v1a/transaction_acc_weight on recorded streams', () => {
  it.each(['SINGLE_CHAIN_BLOCKS_AND_TRANSACTIONS', 'UNVOIDED_TRANSACTION', 'INVALID_MEMPOOL_TRANSACTION'])(
    '%s: every tx against the timestamp-ordered sum of its descendants; blocks refused',
    async (scenario) => {
      expect(await checkAll(loadReplayFile(fixturePath(scenario, 'jsonl')))).toBeGreaterThanOrEqual(2);
    },
  );
});

describe('GET /v1a/transaction_acc_weight on generated streams', () => {
  it.each(['DEEP_REORG', 'WALLET_ACTIVITY'])('%s: every tx against the timestamp-ordered sum of its descendants', async (scenario) => {
    expect(await checkAll(generateScenario(scenario).stream)).toBeGreaterThan(10);
  });

  it('a genesis tx (weight 2) adds the blocks that confirm it until past the first block weight + log2(6)', async () => {
    const stream = generateScenario('SINGLE_CHAIN_BLOCKS_AND_TRANSACTIONS').stream;
    const genesisTx = [...finalState(stream).values()].find((v) => v.version === 1 && v.parents.length === 0) as V;
    await withSimulator(stream, async (sim) => {
      const { body } = await get(sim, `/v1a/transaction_acc_weight?id=${genesisTx.hash}`);
      expect(body.accumulated_weight as number).toBeGreaterThan(genesisTx.weight);
      expect(body).toMatchObject({ success: true, accumulated_bigger: true, confirmation_level: 1 });
    });
  });

  it('answers a missing or malformed id with the node\'s messages', async () => {
    await withSimulator(generateScenario('SINGLE_CHAIN_ONE_BLOCK').stream, async (sim) => {
      expect((await get(sim, '/v1a/transaction_acc_weight')).body).toEqual({ success: false, message: 'Missing parameter: id' });
      expect((await get(sim, '/v1a/transaction_acc_weight?id=xyz')).body).toEqual({ success: false, message: 'Invalid hash' });
      expect((await get(sim, `/v1a/transaction_acc_weight?id=${'0'.repeat(64)}`)).body).toEqual({ success: false, message: 'Transaction not found' });
    });
  });
});

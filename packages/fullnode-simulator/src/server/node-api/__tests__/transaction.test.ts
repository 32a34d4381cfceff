import { helpersUtils, Network } from '@hathor/wallet-lib';
import { transactionApiSchema } from '@hathor/wallet-lib/lib/api/schemas/txApi';
import { fullNodeTxResponseSchema } from '@hathor/wallet-lib/lib/wallet/api/schemas/walletApi';
import { FIXTURE_SCENARIOS, describeWithFixtures, fixturePath } from '@wallet-service/common/testing/fixtures';
import { generateScenario } from '../../../generator';
import { loadReplayFile } from '../../../replay/load';
import type { EventStream } from '../../../stream';
import { startSimulator } from '../../simulator';
import { finalVertices, get, withSimulator, type FinalVertex } from './helpers';

type Json = Record<string, unknown>;

/** What the response must say about each vertex, derived from the stream's final events alone. */
function expectedChildren(all: Map<string, FinalVertex>, hash: string): string[] {
  return [...all.values()].filter((v) => !v.removed && v.data.parents.includes(hash)).map((v) => v.data.hash).sort();
}

function expectedSpentBy(all: Map<string, FinalVertex>, v: FinalVertex, index: number): string | null {
  const entry = v.data.metadata?.spent_outputs.find((s) => s.index === index);
  for (const id of entry?.tx_ids ?? []) {
    const spender = all.get(id);
    if (spender && !spender.removed && spender.data.metadata?.voided_by.length === 0) return id;
  }
  return null;
}

/** Every vertex the stream names: live ones answer in both of wallet-lib's schemas, removed ones are not found. */
async function checkEveryVertex(stream: EventStream): Promise<number> {
  const all = finalVertices(stream);
  let checked = 0;
  await withSimulator(stream, async (sim) => {
    for (const [hash, v] of all) {
      const { status, body } = await get(sim, `/v1a/transaction?id=${hash}`);
      expect(status).toBe(200);
      if (v.removed) {
        expect(body).toEqual({ success: false, message: 'Transaction not found' });
        continue;
      }
      const lib = transactionApiSchema.safeParse(body);
      const walletLib = fullNodeTxResponseSchema.safeParse(body);
      expect({ hash, issues: lib.success ? [] : lib.error.issues }).toEqual({ hash, issues: [] });
      expect({ hash, issues: walletLib.success ? [] : walletLib.error.issues }).toEqual({ hash, issues: [] });
      const tx = body.tx as Json;
      const meta = body.meta as Json;
      expect(tx.hash).toBe(hash);
      expect(meta.voided_by).toEqual(v.data.metadata?.voided_by);
      expect(meta.first_block).toEqual(v.data.metadata?.first_block ?? null);
      expect([...(meta.children as string[])].sort()).toEqual(expectedChildren(all, hash));
      const outputs = tx.outputs as Json[];
      outputs.forEach((o, i) => expect({ hash, i, spent_by: o.spent_by }).toEqual({ hash, i, spent_by: expectedSpentBy(all, v, i) }));
      checked++;
    }
  });
  return checked;
}

describeWithFixtures('GET /v1a/transaction on the recorded streams', () => {
  it.each(FIXTURE_SCENARIOS)('%s: every vertex passes wallet-lib 4.1.0 schemas and matches the stream', async (scenario) => {
    const checked = await checkEveryVertex(loadReplayFile(fixturePath(scenario, 'jsonl')));
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});

describe('GET /v1a/transaction on generated streams', () => {
  it.each(['TOKEN_LIFECYCLE', 'NANO_CONTRACTS', 'DEEP_REORG', 'DOUBLE_SPEND_STORM', 'INVALID_MEMPOOL_TRANSACTION', 'WALLET_ACTIVITY'])(
    '%s: every vertex passes wallet-lib 4.1.0 schemas and matches the stream',
    async (scenario) => {
      const checked = await checkEveryVertex(generateScenario(scenario).stream);
      expect(checked).toBeGreaterThan(10);
    },
  );

  it('a nano tx carries its nc_* fields, a token creation its name, symbol and token list', async () => {
    const stream = generateScenario('NANO_CONTRACTS').stream;
    const all = finalVertices(stream);
    const init = [...all.values()].find((v) => v.data.headers?.[0]?.nc_method === 'initialize');
    const hybrid = [...all.values()].find((v) => v.data.version === 2 && (v.data.headers?.length ?? 0) > 0);
    if (!init || !hybrid) throw new Error('scenario lacks an initialize call or a hybrid token creation');
    await withSimulator(stream, async (sim) => {
      const tx = (await get(sim, `/v1a/transaction?id=${init.data.hash}`)).body.tx as Json;
      expect(tx).toMatchObject({
        nc_id: init.data.hash,
        nc_blueprint_id: init.data.headers?.[0]?.nc_id,
        nc_method: 'initialize',
        nc_args: '',
        nc_context: { actions: [], caller_id: tx.nc_address },
      });
      const call = (await get(sim, `/v1a/transaction?id=${hybrid.data.hash}`)).body.tx as Json;
      expect(call).toMatchObject({ nc_id: init.data.hash, nc_blueprint_id: init.data.headers?.[0]?.nc_id, token_name: 'Hybrid', token_symbol: 'HYB' });
      expect(call.tokens).toEqual([{ uid: hybrid.data.hash, name: 'Hybrid', symbol: 'HYB' }]);
    });
  });

  it('amounts above 2^53 are written as exact JSON integers', async () => {
    const stream = generateScenario('TOKEN_LIFECYCLE').stream;
    const big = [...finalVertices(stream).values()].find((v) => !v.removed && v.data.outputs.some((o) => typeof o.value === 'bigint'));
    if (!big) throw new Error('scenario has no output above 2^53');
    const index = big.data.outputs.findIndex((o) => typeof o.value === 'bigint');
    await withSimulator(stream, async (sim) => {
      const { text, body } = await get(sim, `/v1a/transaction?id=${big.data.hash}`);
      const value = big.data.outputs[index].value;
      expect(((body.tx as Json).outputs as Json[])[index].value).toBe(value);
      expect(text).toContain(`"value":${value}`);
    });
  });

  it('raw is the vertex in the node layout: wallet-lib parses it back to the same fields', async () => {
    const stream = generateScenario('TOKEN_LIFECYCLE').stream;
    const txs = [...finalVertices(stream).values()].filter((v) => !v.removed && (v.data.version === 1 || v.data.version === 2));
    expect(txs.some((v) => v.data.version === 2)).toBe(true);
    const network = new Network('mainnet');
    await withSimulator(stream, async (sim) => {
      for (const v of txs) {
        const tx = (await get(sim, `/v1a/transaction?id=${v.data.hash}`)).body.tx as Json;
        const parsed = helpersUtils.createTxFromHex(tx.raw as string, network);
        expect(parsed.version).toBe(v.data.version);
        expect(parsed.timestamp).toBe(tx.timestamp);
        expect(parsed.weight).toBe(tx.weight);
        expect(parsed.parents).toEqual(v.data.parents);
        expect(parsed.inputs.map((i) => [i.hash, i.index])).toEqual(v.data.inputs.map((i) => [i.tx_id, i.index]));
        expect(parsed.outputs.map((o) => [o.value, o.tokenData])).toEqual(v.data.outputs.map((o) => [BigInt(o.value), o.token_data]));
        if (v.data.version === 1) expect(parsed.tokens).toEqual(v.data.tokens);
        else expect([(parsed as unknown as Json).name, (parsed as unknown as Json).symbol]).toEqual([tx.token_name, tx.token_symbol]);
      }
    });
  });
});

describe('GET /v1a/transaction failure answers (the node\'s messages, status 200)', () => {
  it('names what is wrong with the id', async () => {
    await withSimulator(generateScenario('SINGLE_CHAIN_ONE_BLOCK').stream, async (sim) => {
      const hex = 'ab'.repeat(32);
      for (const [query, message] of [
        ['id=abc', 'Invalid hash'],
        ['id=', 'Invalid hash'],
        [`id=${hex}z`, 'Invalid hash format'],
        [`id=${hex}a`, 'Invalid hash format'],
        [`id=${hex}`, 'Transaction not found'],
        [`id=${hex}abcd`, 'Transaction not found'],
        ['', 'Missing parameter: count, type'],
        ['type=tx', 'Missing parameter: count'],
      ]) {
        const { status, body } = await get(sim, `/v1a/transaction?${query}`);
        expect({ query, status, body }).toEqual({ query, status: 200, body: { success: false, message } });
      }
      const list = await get(sim, '/v1a/transaction?type=tx&count=10');
      expect(list.status).toBe(400);
      expect(list.body.message).toContain('?id=<hash>');
    });
  });

  it('accepts an upper-case id like the node', async () => {
    const stream = generateScenario('SINGLE_CHAIN_ONE_BLOCK').stream;
    const [hash] = finalVertices(stream).keys();
    await withSimulator(stream, async (sim) => {
      const { body } = await get(sim, `/v1a/transaction?id=${hash.toUpperCase()}`);
      expect((body.tx as Json).hash).toBe(hash);
    });
  });
});

describe('the vertex index follows appends to the event log', () => {
  it('a vertex appears, and its latest metadata wins, as events are appended', async () => {
    const { stream, truth } = generateScenario('SINGLE_CHAIN_BLOCKS_AND_TRANSACTIONS');
    const { events, meta } = stream;
    const all = finalVertices({ meta, events });
    const confirmed = [...all.values()].find((v) => v.data.version === 1 && v.data.metadata?.first_block);
    if (!confirmed) throw new Error('scenario has no confirmed tx');
    const block = confirmed.data.metadata?.first_block as string;
    // Up to the first event about the confirming block: the node announces the block before the tx it confirms.
    const cut = events.findIndex((e) => e.includes(`"data":{"hash":"${block}"`));
    const sim = await startSimulator({ stream: { meta, events: events.slice(0, cut) } });
    try {
      const before = await get(sim, `/v1a/transaction?id=${confirmed.data.hash}`);
      expect((before.body.meta as Json).first_block).toBeNull();
      expect((await get(sim, `/v1a/transaction?id=${block}`)).body).toEqual({ success: false, message: 'Transaction not found' });
      expect(((await get(sim, '/v1a/status')).body.dag as Json).best_block).not.toEqual(truth.best_block);
      sim.append(events.slice(cut));
      const after = await get(sim, `/v1a/transaction?id=${confirmed.data.hash}`);
      expect((after.body.meta as Json).first_block).toBe(block);
      expect((await get(sim, `/v1a/transaction?id=${block}`)).body.success).toBe(true);
      expect(((await get(sim, '/v1a/status')).body.dag as Json).best_block).toEqual(truth.best_block);
    } finally {
      await sim.close();
    }
  });
});

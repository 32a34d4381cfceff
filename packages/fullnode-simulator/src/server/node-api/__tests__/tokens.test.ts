import { parseJson } from '@wallet-service/common';
import { generateRandom, generateScenario, type Generated } from '../../../generator';
import { finalVertices, get, withSimulator } from './helpers';

type Json = Record<string, unknown>;

/** Initial amounts of nano-created tokens, from the stream's TOKEN_CREATED events (the last one wins). */
function nanoInitialAmounts(generated: Generated): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const raw of generated.stream.events) {
    const e = parseJson(raw) as { type: string; data: { token_uid: string; nc_exec_info: unknown; initial_amount: number | bigint } };
    if (e.type === 'TOKEN_CREATED' && e.data.nc_exec_info) out.set(e.data.token_uid, BigInt(e.data.initial_amount));
  }
  return out;
}

/** Non-voided, non-removed vertices with an output of `uid` or spending one, counted from the final events. */
function transactionsTouching(generated: Generated, uid: string): number {
  const all = finalVertices(generated.stream);
  const tokenOf = (tokenData: number, tokens: string[]) => ((tokenData & 0x7f) === 0 ? '00' : tokens[(tokenData & 0x7f) - 1]);
  const listOf = (hash: string) => {
    const v = all.get(hash)?.data;
    return v === undefined ? [] : v.version === 2 && v.tokens.length === 0 ? [v.hash] : v.tokens;
  };
  let count = 0;
  for (const v of all.values()) {
    if (v.removed || (v.data.metadata?.voided_by.length ?? 0) > 0) continue;
    const own = listOf(v.data.hash);
    const spent = v.data.inputs;
    const touches =
      v.data.outputs.some((o) => tokenOf(o.token_data, own) === uid) || spent.some((i) => tokenOf(i.spent_output.token_data, listOf(i.tx_id)) === uid);
    if (touches) count++;
  }
  return count;
}

/** Every custom token of the truth, and HTR, against what the ground truth's utxos say. */
async function checkTokens(generated: Generated): Promise<void> {
  const { truth } = generated;
  const tokens = truth.tokens ?? {};
  const utxos = [...truth.utxos, ...truth.unaddressed_utxos];
  const nano = nanoInitialAmounts(generated);
  await withSimulator(generated.stream, async (sim) => {
    const list = (await get(sim, '/v1a/thin_wallet/token')).body;
    expect(list.success).toBe(true);
    expect((list.tokens as Json[]).map((t) => t.uid).sort()).toEqual(Object.keys(tokens).sort());
    for (const uid of ['00', ...Object.keys(tokens)]) {
      const { body } = await get(sim, `/v1a/thin_wallet/token?id=${uid}`);
      const mine = utxos.filter((u) => u.token === uid);
      const authorities = (bit: number) =>
        mine
          .filter((u) => u.authority && (Number(u.value) & bit) !== 0)
          .map((u) => ({ tx_id: u.tx_id, index: u.index }))
          .sort((a, b) => (a.tx_id + a.index < b.tx_id + b.index ? -1 : 1));
      const sorted = (list: unknown) => [...(list as Array<{ tx_id: string; index: number }>)].sort((a, b) => (a.tx_id + a.index < b.tx_id + b.index ? -1 : 1));
      const total = nano.get(uid) ?? mine.filter((u) => !u.authority).reduce((sum, u) => sum + u.value, 0n);
      const info = uid === '00' ? { name: 'Hathor', symbol: 'HTR', version: 0 } : tokens[uid];
      expect({ uid, name: body.name, symbol: body.symbol, version: body.version }).toEqual({ uid, name: info.name, symbol: info.symbol, version: info.version });
      expect({ uid, total: BigInt(body.total as number | bigint) }).toEqual({ uid, total });
      expect({ uid, mint: sorted(body.mint), melt: sorted(body.melt) }).toEqual({ uid, mint: authorities(1), melt: authorities(2) });
      expect({ uid, can_mint: body.can_mint, can_melt: body.can_melt }).toEqual({ uid, can_mint: authorities(1).length > 0, can_melt: authorities(2).length > 0 });
      expect({ uid, count: body.transactions_count }).toEqual({ uid, count: transactionsTouching(generated, uid) });
    }
  });
}

describe('GET /v1a/thin_wallet/token against the generator\'s ground truth', () => {
  it.each(['TOKEN_LIFECYCLE', 'NANO_CONTRACTS', 'DOUBLE_SPEND_STORM', 'DEEP_REORG'])(
    '%s: the token list, and per token name, symbol, version, total, authorities and transactions',
    async (scenario) => {
      await checkTokens(generateScenario(scenario));
    },
  );

  it.each([3, 17])('random stream (seed %i): the same, after reorgs, voids and removals', async (seed) => {
    const generated = generateRandom({ seed, blocks: 40, tokenRate: 0.3, nanoRate: 0.1 });
    expect(Object.keys(generated.truth.tokens ?? {}).length).toBeGreaterThan(2);
    await checkTokens(generated);
  });

  it('answers bad and unknown ids with the node\'s messages', async () => {
    await withSimulator(generateScenario('SINGLE_CHAIN_ONE_BLOCK').stream, async (sim) => {
      for (const [id, message] of [
        ['xyz', 'Invalid token id'],
        ['abc', 'Invalid token id'],
        ['abcd', 'Invalid token id format'],
        ['ab'.repeat(32), 'Unknown token'],
      ]) {
        expect({ id, body: (await get(sim, `/v1a/thin_wallet/token?id=${id}`)).body }).toEqual({ id, body: { success: false, message } });
      }
    });
  });

  it('a token whose creation was voided is unknown', async () => {
    const generated = generateRandom({ seed: 5, blocks: 60, tokenRate: 0.4, conflictRate: 0.3 });
    const all = finalVertices(generated.stream);
    const voided = [...all.values()].find((v) => v.data.version === 2 && (v.removed || (v.data.metadata?.voided_by.length ?? 0) > 0));
    if (voided === undefined) throw new Error('seed 5 has no voided or removed token creation; pick another seed');
    await withSimulator(generated.stream, async (sim) => {
      expect((await get(sim, `/v1a/thin_wallet/token?id=${voided.data.hash}`)).body).toEqual({ success: false, message: 'Unknown token' });
    });
  });
});

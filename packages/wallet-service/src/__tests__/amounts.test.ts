import { generateRandom } from 'fullnode-simulator';
import { walletBalancesRoute } from '../routes/balances';
import { walletHistory } from '../routes/history/list';
import { walletTxOutputs } from '../routes/outputs/txOutputs';
import { tokenDetails } from '../routes/tokens/details';
import { createTestApi, type TestApi } from './support/api';
import { call } from './support/http';
import { createAndLoad, syncEvents } from './support/scenario';

/**
 * Amounts leave as exact JSON integers, beyond 2^53 too: never rounded through a double, never turned
 * into strings. (wallet-lib 4.1.0 reads answers with plain JSON.parse, so that client itself rounds
 * amounts beyond 2^53 — a limitation of the client, see the README.)
 */
const LIMIT = BigInt(Number.MAX_SAFE_INTEGER);
/** Every integer literal beyond 2^53 in a JSON text, and whether any amount went out as a string. */
const bigLiterals = (text: string) => [...text.matchAll(/:(\d{16,})[,}\]]/g)].map((m) => BigInt(m[1])).filter((v) => v > LIMIT);
const quotedAmounts = (text: string) => [...text.matchAll(/"(unlocked|locked|balance|value|totalSupply)":"/g)].length;

describe('amounts beyond 2^53', () => {
  let api: TestApi;
  let walletId: string;
  let bigToken: string;
  let truthBalance: { unlocked: bigint; locked: bigint };
  beforeAll(async () => {
    api = await createTestApi('amounts');
    // Random stream 2 gives both known wallets a custom token balance beyond 2^53.
    const g = generateRandom({ seed: 2, wallets: 2 });
    await syncEvents(api.db.pool, g);
    const w = g.truth.setup!.wallets[0];
    walletId = await createAndLoad(api.app, w);
    const balances = g.truth.wallets![walletId].balances;
    bigToken = Object.keys(balances).find((t) => balances[t].unlocked > LIMIT)!;
    truthBalance = balances[bigToken];
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  test('balances: the exact integer, as a JSON number', async () => {
    const res = await call(walletBalancesRoute, api.app, { as: { walletId, mode: 'ro' }, query: { token_id: bigToken } });
    expect(bigLiterals(res.text)).toContain(truthBalance.unlocked);
    expect(quotedAmounts(res.text)).toBe(0);
    const [entry] = res.body.balances as { balance: { unlocked: bigint } }[];
    expect(entry.balance.unlocked).toBe(truthBalance.unlocked);
  });

  test('history, outputs and token supply: exact integers', async () => {
    const as = { walletId, mode: 'ro' as const };
    for (const res of [
      await call(walletHistory, api.app, { as, query: { token_id: bigToken } }),
      await call(walletTxOutputs, api.app, { as, query: { tokenId: bigToken } }),
      await call(tokenDetails, api.app, { as, params: { token_id: bigToken } }),
    ]) {
      expect(res.status).toBe(200);
      expect(bigLiterals(res.text).length).toBeGreaterThan(0);
      expect(quotedAmounts(res.text)).toBe(0);
    }
    const outputs = (await call(walletTxOutputs, api.app, { as, query: { tokenId: bigToken } })).body.txOutputs as { value: bigint | number }[];
    const sum = outputs.reduce((s, o) => s + BigInt(o.value), 0n);
    expect(sum).toBe(truthBalance.unlocked + truthBalance.locked);
  });
});

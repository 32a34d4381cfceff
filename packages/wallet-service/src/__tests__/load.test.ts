import { executeWrite } from '@wallet-service/common';
import { verify } from 'daemon';
import { generateRandom, type Generated } from 'fullnode-simulator';
import { walletIdOf } from '../auth/signature';
import { insertWallet } from '../data/wallets';
import { runWalletLoad } from '../load/loadWallet';
import { walletBalancesRoute } from '../routes/balances';
import { walletHistory } from '../routes/history/list';
import { walletTokens } from '../routes/tokens/list';
import { walletInit } from '../routes/wallet/init';
import { createTestApi, rows, type TestApi } from './support/api';
import { call } from './support/http';
import { freshWallet } from './support/keys';
import { createAndLoad, expectedAddresses, scenario, syncEvents } from './support/scenario';
import { waitFor } from './support/wait';

/**
 * The wallet load and the daemon, side by side. The load takes the sync lock (as the daemon's batches
 * do) for its claim-build-ready transaction, so however their work interleaves the wallet ends with the
 * generator's truth: no transaction missed, none counted twice.
 */
// The outbox too: each case re-syncs the same stream, whose notification ids (stream:event:tx:kind) recur.
const DATA = ['address_tx_history', 'wallet_tx_history', 'address_balance', 'wallet_balance', 'address', 'tx_output', 'transaction', 'miner', 'token_creation', 'sync_metadata', 'notification_outbox', 'wallet'];

async function reset(api: TestApi): Promise<void> {
  for (const t of DATA) await api.db.pool.query(`DELETE FROM \`${t}\``);
  await api.db.pool.query("DELETE FROM token WHERE id <> '00'");
  await api.db.pool.query("UPDATE token SET transactions = 0 WHERE id = '00'");
}

async function walletState(api: TestApi, walletId: string) {
  const as = { walletId, mode: 'ro' as const };
  const balances = ((await call(walletBalancesRoute, api.app, { as })).body.balances as { token: { id: string }; balance: { unlocked: number; locked: number } }[])
    .map((e) => ({ token: e.token.id, unlocked: BigInt(e.balance.unlocked), locked: BigInt(e.balance.locked) }))
    .filter((e) => e.unlocked !== 0n || e.locked !== 0n);
  const txs = new Set<string>();
  for (const token of (await call(walletTokens, api.app, { as })).body.tokens as string[]) {
    for (const h of (await call(walletHistory, api.app, { as, query: { token_id: token, count: '50' } })).body.history as { txId: string }[]) txs.add(h.txId);
  }
  return { balances: Object.fromEntries(balances.map((b) => [b.token, { unlocked: b.unlocked, locked: b.locked }])), txs: [...txs].sort() };
}

describe('wallet load while the daemon syncs', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('load');
  });
  afterAll(async () => {
    await api?.close();
  });

  async function interleaved(g: Generated, startLoadsAfterBatch: number[], batch: number): Promise<void> {
    await reset(api);
    const setup = g.truth.setup!.wallets;
    const loads: Promise<unknown>[] = [];
    const total = g.stream.events.length;
    let b = 0;
    for (let from = 0; from < total; from += batch, b++) {
      startLoadsAfterBatch.forEach((k, i) => {
        if (k === b && setup[i]) loads.push(createAndLoad(api.app, setup[i]));
      });
      await syncEvents(api.db.pool, g, { from, to: Math.min(total, from + batch), batch });
    }
    setup.forEach((w, i) => {
      if ((startLoadsAfterBatch[i] ?? Infinity) >= b) loads.push(createAndLoad(api.app, w));
    });
    await Promise.all(loads);
    for (const w of setup) {
      const id = walletIdOf(w.xpubkey);
      const t = g.truth.wallets![id];
      const state = await walletState(api, id);
      expect({ wallet: id, balances: state.balances }).toEqual({ wallet: id, balances: t.balances });
      expect({ wallet: id, txs: state.txs }).toEqual({ wallet: id, txs: t.tx_ids });
    }
    const report = await verify(api.db.pool);
    expect(report.differences).toEqual([]);
  }

  test.each([
    ['before the first event', [0, 0]],
    ['a third and two thirds in', [0.33, 0.66]],
    ['at the very end', [1, 1]],
  ])('WALLET_ACTIVITY, loads started %s, small batches', async (_name, at) => {
    const g = scenario('WALLET_ACTIVITY');
    const batches = Math.ceil(g.stream.events.length / 7);
    await interleaved(g, at.map((f) => Math.floor(f * batches)), 7);
  }, 120_000);

  test.each([3, 11, 29])('random stream %i with two wallets, loads racing every few batches', async (seed) => {
    const g = generateRandom({ seed, wallets: 2 });
    const batches = Math.ceil(g.stream.events.length / 5);
    await interleaved(g, [Math.floor(batches / 4), Math.floor(batches / 2)], 5);
  }, 180_000);

  test('a load derives past several gap windows when the wallet used addresses far out', async () => {
    await reset(api);
    const g = scenario('WALLET_ACTIVITY');
    await syncEvents(api.db.pool, g);
    const w = g.truth.setup!.wallets[0];
    const id = await createAndLoad(api.app, w);
    const expected = expectedAddresses(g.truth, g.truth.wallets![id]);
    const [{ n }] = await rows<{ n: number }>(api.db.pool, 'SELECT COUNT(*) AS n FROM address WHERE wallet_id = ?', [id]);
    expect(Number(n)).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(3 * 20);
    const [wallet] = await rows<{ last_used_address_index: number; status: string }>(api.db.pool, 'SELECT status, last_used_address_index FROM wallet WHERE id = ?', [id]);
    expect(wallet).toEqual({ status: 'ready', last_used_address_index: Math.max(...expected.filter((a) => a.transactions > 0).map((a) => a.index)) });
  });

  describe('status machine', () => {
    const initBody = (k: ReturnType<typeof freshWallet>) => {
      const ts = Math.floor(Date.now() / 1000);
      return { xpubkey: k.xpubkey, authXpubkey: k.authXpubkey, xpubkeySignature: k.signAccount(ts), authXpubkeySignature: k.signAuth(ts), timestamp: ts };
    };
    const statusOf = async (id: string) => (await rows<{ status: string; retry_count: number }>(api.db.pool, 'SELECT status, retry_count FROM wallet WHERE id = ?', [id]))[0];

    test('an invoke that fails leaves the wallet in error; init retries it until MAX_LOAD_WALLET_RETRIES, then wallet-max-retries', async () => {
      const failing = api.withApp({ MAX_LOAD_WALLET_RETRIES: '2' }, { loadInvoker: { invoke: () => Promise.reject(new Error('lambda down')) } });
      const k = freshWallet();
      const first = await call(walletInit, failing, { body: initBody(k) });
      expect(first).toMatchObject({ status: 200, body: { status: { status: 'error', retryCount: 1 } } });
      const second = await call(walletInit, failing, { body: initBody(k) });
      expect(second).toMatchObject({ status: 200, body: { status: { status: 'error', retryCount: 2 } } });
      const third = await call(walletInit, failing, { body: initBody(k) });
      expect(third).toMatchObject({ status: 400, body: { error: 'wallet-max-retries', status: { status: 'error', retryCount: 2 } } });
      const working = api.withApp({ MAX_LOAD_WALLET_RETRIES: '3' });
      const retried = await call(walletInit, working, { body: initBody(k) });
      expect(retried.status).toBe(200);
      await waitFor('ready', async () => ((await statusOf(k.walletId)).status === 'ready' ? true : undefined));
      expect(await statusOf(k.walletId)).toEqual({ status: 'ready', retry_count: 0 });
    });

    test('concurrent inits of an errored wallet: one flips it to creating and starts one load', async () => {
      let invokes = 0;
      const counting = api.withApp({}, { loadInvoker: { invoke: async () => void invokes++ } });
      const k = freshWallet();
      await insertWallet(api.db.pool, { id: k.walletId, xpubkey: k.xpubkey, authXpubkey: k.authXpubkey, maxGap: 20, now: 1 });
      await executeWrite(api.db.pool, "UPDATE wallet SET status = 'error', retry_count = 1 WHERE id = ?", [k.walletId]);
      await Promise.all(Array.from({ length: 6 }, () => call(walletInit, counting, { body: initBody(k) })));
      expect(invokes).toBe(1);
      expect((await statusOf(k.walletId)).status).toBe('creating');
    });

    test('a load for a wallet already ready changes nothing', async () => {
      await reset(api);
      const g = scenario('WALLET_ACTIVITY');
      await syncEvents(api.db.pool, g);
      const id = await createAndLoad(api.app, g.truth.setup!.wallets[0]);
      const before = await rows(api.db.pool, 'SELECT * FROM wallet_balance WHERE wallet_id = ? ORDER BY token_id', [id]);
      const again = await runWalletLoad(api.app, { xpubkey: g.truth.setup!.wallets[0].xpubkey, maxGap: 20 });
      expect(again).toMatchObject({ success: true, message: 'wallet is ready' });
      expect(await rows(api.db.pool, 'SELECT * FROM wallet_balance WHERE wallet_id = ? ORDER BY token_id', [id])).toEqual(before);
    });
  });
});

import { HTR_UID } from '@wallet-service/common';
import type { Truth, TruthWallet } from 'fullnode-simulator';
import { walletAddressInfo } from '../routes/addresses/info';
import { walletAddressesList } from '../routes/addresses/list';
import { walletCheckMine } from '../routes/addresses/checkMine';
import { walletHasTxOutsideFirstAddress } from '../routes/addresses/hasTxOutsideFirst';
import { walletNewAddresses } from '../routes/addresses/fresh';
import { walletBalancesRoute } from '../routes/balances';
import { walletHistory } from '../routes/history/list';
import { walletTxOutputs } from '../routes/outputs/txOutputs';
import { tokenDetails } from '../routes/tokens/details';
import { walletTokens } from '../routes/tokens/list';
import { walletTransaction } from '../routes/transactions/byId';
import { walletStatus } from '../routes/wallet/status';
import { createTestApi, type TestApi } from './support/api';
import { call } from './support/http';
import { createAndLoad, expectedAddresses, scenario, syncEvents } from './support/scenario';

/**
 * Every read route against the generator's ground truth for WALLET_ACTIVITY: wallet 0 is created after
 * its addresses were used (the load claims them), wallet 1 before its first transaction (the daemon keeps
 * its tables from the start).
 */
type Entry = { token: { id: string; name: string; symbol: string; version: number }; balance: { unlocked: number | bigint; locked: number | bigint }; tokenAuthorities: { unlocked: { mint: boolean; melt: boolean }; locked: { mint: boolean; melt: boolean } }; transactions: number };
const big = (v: unknown) => BigInt(v as number);

describe('read routes against the generator truth (WALLET_ACTIVITY)', () => {
  let api: TestApi;
  let truth: Truth;
  const ids: string[] = [];
  const wallet = (n: number): TruthWallet => truth.wallets![ids[n]];
  const as = (n: number) => ({ walletId: ids[n], mode: 'ro' as const });

  beforeAll(async () => {
    api = await createTestApi('reads');
    const g = scenario('WALLET_ACTIVITY');
    truth = g.truth;
    const setup = truth.setup!.wallets;
    const before = await createAndLoad(api.app, setup[1]);
    await syncEvents(api.db.pool, g);
    const after = await createAndLoad(api.app, setup[0]);
    ids.push(after, before);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  test.each([0, 1])('wallet %i: status ready', async (n) => {
    const res = await call(walletStatus, api.app, { as: as(n) });
    expect(res.body.status).toMatchObject({ walletId: ids[n], status: 'ready', maxGap: 20 });
  });

  test.each([0, 1])('wallet %i: balances and authorities per token equal the truth', async (n) => {
    const res = await call(walletBalancesRoute, api.app, { as: as(n) });
    expect(res.status).toBe(200);
    const entries = res.body.balances as Entry[];
    const w = wallet(n);
    const got = Object.fromEntries(entries.filter((e) => big(e.balance.unlocked) !== 0n || big(e.balance.locked) !== 0n).map((e) => [e.token.id, { unlocked: big(e.balance.unlocked), locked: big(e.balance.locked) }]));
    expect(got).toEqual(w.balances);
    for (const e of entries) {
      const a = w.authorities[e.token.id] ?? { unlocked_mask: 0, locked_mask: 0 };
      expect({ token: e.token.id, ...e.tokenAuthorities }).toEqual({
        token: e.token.id,
        unlocked: { mint: (a.unlocked_mask & 1) !== 0, melt: (a.unlocked_mask & 2) !== 0 },
        locked: { mint: (a.locked_mask & 1) !== 0, melt: (a.locked_mask & 2) !== 0 },
      });
      if (e.token.id === HTR_UID) expect(e.token).toEqual({ id: '00', name: 'Hathor', symbol: 'HTR', version: 0 });
      else expect(e.token).toMatchObject({ name: truth.tokens![e.token.id].name, symbol: truth.tokens![e.token.id].symbol });
    }
    expect(Object.keys(w.authorities).every((t) => entries.some((e) => e.token.id === t))).toBe(true);
  });

  test.each([0, 1])('wallet %i: history over every token is the truth\'s transactions, paged without overlap', async (n) => {
    const tokens = (await call(walletTokens, api.app, { as: as(n) })).body.tokens as string[];
    const seen: string[] = [];
    for (const token of tokens) {
      const all = (await call(walletHistory, api.app, { as: as(n), query: { token_id: token, count: '50' } })).body.history as { txId: string; timestamp: number; voided: number }[];
      const paged: string[] = [];
      for (let skip = 0; ; skip += 2) {
        const page = (await call(walletHistory, api.app, { as: as(n), query: { token_id: token, count: '2', skip: String(skip) } })).body.history as { txId: string }[];
        if (page.length === 0) break;
        paged.push(...page.map((h) => h.txId));
      }
      expect(paged).toEqual(all.map((h) => h.txId));
      expect(all.every((h, i) => i === 0 || all[i - 1].timestamp >= h.timestamp)).toBe(true);
      expect(all.every((h) => h.voided === 0)).toBe(true);
      seen.push(...all.map((h) => h.txId));
    }
    expect([...new Set(seen)].sort()).toEqual(wallet(n).tx_ids);
  });

  test('wallet 0 (created after use): its addresses are exactly 0..last used + gap, with their counts', async () => {
    const res = await call(walletAddressesList, api.app, { as: as(0) });
    const expected = expectedAddresses(truth, wallet(0));
    expect((res.body.addresses as { address: string; index: number; transactions: number }[]).map(({ address, index, transactions }) => ({ address, index, transactions }))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(40);
    const one = await call(walletAddressesList, api.app, { as: as(0), query: { index: '5' } });
    expect(one.body.addresses).toEqual([expect.objectContaining({ address: expected[5].address, index: 5 })]);
    const none = await call(walletAddressesList, api.app, { as: as(0), query: { index: '100000' } });
    expect(none).toMatchObject({ status: 404, body: { error: 'address-not-found' } });
  });

  test('wallet 1 (created before use): every address with a transaction is there, at its index', async () => {
    const listed = (await call(walletAddressesList, api.app, { as: as(1) })).body.addresses as { address: string; index: number; transactions: number }[];
    for (const e of expectedAddresses(truth, wallet(1))) expect(listed[e.index]).toMatchObject(e);
  });

  test.each([0, 1])('wallet %i: new addresses are the unused ones after the last used, gap-many, in the strict shape', async (n) => {
    const res = await call(walletNewAddresses, api.app, { as: as(n) });
    const fresh = res.body.addresses as { address: string; index: number; addressPath: string }[];
    const expected = expectedAddresses(truth, wallet(n));
    const lastUsed = Math.max(...expected.filter((a) => a.transactions > 0).map((a) => a.index));
    expect(fresh).toHaveLength(20);
    expect(fresh[0].index).toBe(lastUsed + 1);
    for (const a of fresh) expect(Object.keys(a).sort()).toEqual(['address', 'addressPath', 'index']);
    expect(fresh[3].addressPath).toBe(`m/44'/280'/0'/0/${fresh[3].index}`);
  });

  test.each([0, 1])('wallet %i: unspent outputs per token equal the truth, with lock state and signing path', async (n) => {
    const mine = new Set(expectedAddresses(truth, wallet(n)).map((a) => a.address));
    const tokens = (await call(walletTokens, api.app, { as: as(n) })).body.tokens as string[];
    for (const token of tokens) {
      const values = (await call(walletTxOutputs, api.app, { as: as(n), query: { tokenId: token } })).body.txOutputs as { txId: string; index: number; value: number; locked: boolean; addressPath: string; address: string }[];
      const expected = truth.utxos.filter((u) => u.address && mine.has(u.address) && u.token === token && !u.authority);
      expect(values.map((o) => `${o.txId}:${o.index}`).sort()).toEqual(expected.map((u) => `${u.tx_id}:${u.index}`).sort());
      for (const o of values) {
        const u = expected.find((e) => e.tx_id === o.txId && e.index === o.index)!;
        expect({ o: `${o.txId}:${o.index}`, value: big(o.value), locked: o.locked }).toEqual({ o: `${u.tx_id}:${u.index}`, value: u.value, locked: u.reward_locked || (u.timelock ?? 0) > 2e9 });
        expect(o.addressPath).toMatch(/^m\/44'\/280'\/0'\/0\/\d+$/);
      }
      expect(values.every((o, i) => i === 0 || big(values[i - 1].value) >= big(o.value))).toBe(true);
      for (const mask of [1, 2]) {
        const held = (await call(walletTxOutputs, api.app, { as: as(n), query: { tokenId: token, authority: String(mask) } })).body.txOutputs as { txId: string; index: number; authorities: number }[];
        const want = truth.utxos.filter((u) => u.address && mine.has(u.address) && u.token === token && u.authority && (Number(u.value) & mask) !== 0);
        expect(held.map((o) => `${o.txId}:${o.index}:${o.authorities}`).sort()).toEqual(want.map((u) => `${u.tx_id}:${u.index}:${Number(u.value)}`).sort());
      }
    }
  });

  test('token details: name, symbol, version and authorities from the truth; supply is the sum of its unspent outputs', async () => {
    for (const [uid, t] of Object.entries(truth.tokens ?? {})) {
      const res = await call(tokenDetails, api.app, { as: as(0), params: { token_id: uid } });
      expect(res.status).toBe(200);
      // This route's `details` is an object, not the validation list Answer types it as.
      const d = res.body.details as unknown as { tokenInfo: unknown; totalSupply: number; authorities: { mint: boolean; melt: boolean }; totalTransactions: number };
      expect(d.tokenInfo).toEqual({ id: uid, name: t.name, symbol: t.symbol, version: t.version });
      const supply = truth.utxos.filter((u) => u.token === uid && !u.authority && u.address).reduce((s, u) => s + u.value, 0n);
      expect(big(d.totalSupply)).toBe(supply);
      const masks = truth.utxos.filter((u) => u.token === uid && u.authority).reduce((m, u) => m | Number(u.value), 0);
      expect(d.authorities).toEqual({ mint: (masks & 1) !== 0, melt: (masks & 2) !== 0 });
      expect(d.totalTransactions).toBe(t.transactions);
    }
    const unknown = await call(tokenDetails, api.app, { as: as(0), params: { token_id: 'ab'.repeat(32) } });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'token-not-found' } });
  });

  test('transaction by id: one entry per token the wallet moved, matching its history', async () => {
    const w = wallet(0);
    for (const txId of w.tx_ids.slice(0, 8)) {
      const res = await call(walletTransaction, api.app, { as: as(0), params: { txId } });
      expect(res.status).toBe(200);
      for (const t of res.body.txTokens as { txId: string; tokenId: string; balance: number; voided: boolean }[]) {
        const history = (await call(walletHistory, api.app, { as: as(0), query: { token_id: t.tokenId } })).body.history as { txId: string; balance: number }[];
        expect(t).toMatchObject({ txId, voided: false });
        expect(big(t.balance)).toBe(big(history.find((h) => h.txId === txId)!.balance));
      }
    }
    const voided = truth.voided.find((id) => !w.tx_ids.includes(id));
    if (voided) expect((await call(walletTransaction, api.app, { as: as(0), params: { txId: voided } })).body.error).toBe('tx-not-found');
  });

  test('check_mine, address info and has-transactions-outside-first-address', async () => {
    const mine = expectedAddresses(truth, wallet(0));
    const theirs = expectedAddresses(truth, wallet(1));
    const res = await call(walletCheckMine, api.app, { as: { walletId: ids[0], mode: 'full' }, body: { addresses: [mine[0].address, mine[30].address, theirs[0].address] } });
    expect(res.body.addresses).toEqual({ [mine[0].address]: true, [mine[30].address]: true, [theirs[0].address]: false });
    const info = await call(walletAddressInfo, api.app, { as: as(0), query: { address: mine[3].address } });
    expect(info.body.data).toEqual({ address: mine[3].address, index: 3, transactions: mine[3].transactions, seqnum: 0 });
    expect((await call(walletAddressInfo, api.app, { as: as(0), query: { address: theirs[0].address } })).body.error).toBe('address-not-found');
    expect((await call(walletHasTxOutsideFirstAddress, api.app, { as: as(0) })).body.hasTransactions).toBe(true);
  });
});

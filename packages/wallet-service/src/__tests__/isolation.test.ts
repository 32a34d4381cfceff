import type { Truth } from 'fullnode-simulator';
import type { RouteSpec } from '../http/route';
import { ROUTES } from '../routes';
import { createTestApi, type TestApi } from './support/api';
import { call, type CallOptions } from './support/http';
import { createAndLoad, expectedAddresses, scenario, syncEvents } from './support/scenario';

/**
 * A token for wallet A never reads anything of wallet B: A's full and read-only tokens against every
 * wallet route, with B's addresses, transactions, outputs and tokens in every slot a route takes. Nothing
 * that is B's alone may appear in an answer (B's wallet id, xpubs, addresses, transactions), except what
 * the request itself named (check_mine echoes the addresses it was asked about, address-not-in-wallet
 * lists them back).
 */
const route = (name: string): RouteSpec => ROUTES.find((r) => r.name === name)!;

describe('cross-wallet isolation', () => {
  let api: TestApi;
  let truth: Truth;
  let a: string;
  let b: string;
  let bAddresses: string[];
  let bOnlyTxs: string[];
  let bOutput: { tx_id: string; index: number };
  let bXpubs: string[];

  beforeAll(async () => {
    api = await createTestApi('isolation');
    const g = scenario('WALLET_ACTIVITY');
    truth = g.truth;
    await syncEvents(api.db.pool, g);
    const [wa, wb] = truth.setup!.wallets;
    a = await createAndLoad(api.app, wa);
    b = await createAndLoad(api.app, wb);
    const tw = truth.wallets!;
    const aAddresses = new Set(expectedAddresses(truth, tw[a]).map((x) => x.address));
    bAddresses = expectedAddresses(truth, tw[b]).map((x) => x.address).filter((x) => !aAddresses.has(x));
    bOnlyTxs = tw[b].tx_ids.filter((t) => !tw[a].tx_ids.includes(t));
    bOutput = truth.utxos.find((u) => u.address && bAddresses.includes(u.address))!;
    bXpubs = [wb.xpubkey, wb.auth_xpubkey];
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  /** Requests that put B's identifiers into each route's inputs. */
  function probes(r: RouteSpec): CallOptions[] {
    const tx = bOnlyTxs[0];
    const token = Object.keys(truth.tokens ?? {})[0];
    switch (r.name) {
      case 'walletAddresses':
        return [{}, { query: { index: '0' } }];
      case 'walletAddressInfo':
        return [{ query: { address: bAddresses[0] } }];
      case 'walletCheckAddressesMine':
        return [{ body: { addresses: bAddresses.slice(0, 5) } }];
      case 'walletTxOutputs':
      case 'walletUtxos':
        return [{}, { query: { 'addresses[]': [bAddresses[0]] } }, { query: { txId: bOutput.tx_id, index: String(bOutput.index) } }, { query: { tokenId: token } }];
      case 'walletTransaction':
        return bOnlyTxs.slice(0, 3).map((txId) => ({ params: { txId } }));
      case 'walletHistory':
        return [{}, { query: { token_id: token } }];
      case 'walletBalances':
        return [{}, { query: { token_id: token } }];
      case 'tokenDetails':
        return [{ params: { token_id: token } }];
      case 'proxyTransaction':
      case 'proxyConfirmationData':
        return [{ params: { txId: tx } }];
      default:
        return [{}];
    }
  }

  const walletRoutes = ROUTES.filter((r) => (r.auth === 'wallet' || r.auth === 'full') && !r.name.startsWith('proxy'));

  test.each(walletRoutes.flatMap((r) => (['full', 'ro'] as const).map((mode) => [r.name, mode] as const)))('%s with a %s token of A shows nothing of B', async (name, mode) => {
    const r = route(name);
    for (const probe of probes(r)) {
      const res = await call(r, api.app, { ...probe, as: { walletId: a, mode } });
      const echoed = new Set([...(probe.body ? JSON.stringify(probe.body).match(/[1-9A-HJ-NP-Za-km-z]{34,35}/g) ?? [] : []), ...Object.values(probe.query ?? {}).flat()]);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toContain(b);
      for (const x of bXpubs) expect(res.text).not.toContain(x);
      for (const addr of bAddresses) if (!echoed.has(addr)) expect({ route: name, leaked: res.text.includes(addr) ? addr : null }).toEqual({ route: name, leaked: null });
      for (const t of bOnlyTxs) if (!Object.values(probe.params ?? {}).includes(t) && !echoed.has(t)) expect({ route: name, leaked: res.text.includes(t) ? t : null }).toEqual({ route: name, leaked: null });
    }
  });

  test("B's ids get refusals, not B's data", async () => {
    const as = { walletId: a, mode: 'full' as const };
    expect((await call(route('walletAddressInfo'), api.app, { as, query: { address: bAddresses[0] } })).body.error).toBe('address-not-found');
    expect((await call(route('walletTxOutputs'), api.app, { as, query: { 'addresses[]': [bAddresses[0]] } })).body).toMatchObject({ error: 'address-not-in-wallet', missing: [bAddresses[0]] });
    // The client's getUtxoFromId reads an empty list as "not this wallet's" (and names the bad input).
    expect((await call(route('walletTxOutputs'), api.app, { as, query: { txId: bOutput.tx_id, index: String(bOutput.index) } })).body).toEqual({ success: true, txOutputs: [] });
    expect((await call(route('walletTransaction'), api.app, { as, params: { txId: bOnlyTxs[0] } })).body.error).toBe('tx-not-found');
    const mine = (await call(route('walletCheckAddressesMine'), api.app, { as, body: { addresses: bAddresses.slice(0, 3) } })).body.addresses;
    expect(Object.values(mine as Record<string, boolean>)).toEqual([false, false, false]);
  });
});

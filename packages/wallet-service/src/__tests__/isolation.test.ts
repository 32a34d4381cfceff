import { randomUUID } from 'crypto';
import { DEV_SEED } from '@wallet-service/common';
import { buildTx, type Truth } from 'fullnode-simulator';
import { createProposal } from '../data/proposals';
import type { RouteSpec } from '../http/route';
import { ROUTES } from '../routes';
import { createTestApi, rows, type TestApi } from './support/api';
import { call, type CallOptions } from './support/http';
import { cacheNodeVersion } from './support/nodeVersion';
import { createAndLoad, expectedAddresses, scenario, syncEvents } from './support/scenario';

/**
 * A token for wallet A never reads anything of wallet B: A's full and read-only tokens against every
 * wallet route, with B's addresses, transactions, outputs and tokens in every slot a route takes. Nothing
 * that is B's alone may appear in an answer (B's wallet id, xpubs, addresses, transactions), except what
 * the request itself named (check_mine echoes the addresses it was asked about, address-not-in-wallet
 * lists them back).
 */
const route = (name: string): RouteSpec => ROUTES.find((r) => r.name === name)!;
const B_DEVICE = 'b-phone-fcm-token';

describe('cross-wallet isolation', () => {
  let api: TestApi;
  let truth: Truth;
  let a: string;
  let b: string;
  let bAddresses: string[];
  let bOnlyTxs: string[];
  let bOutput: { tx_id: string; index: number };
  let bXpubs: string[];
  /** An open proposal of B's, holding bOutput. */
  const bProposal = randomUUID();
  let spendB: string;

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
    await cacheNodeVersion(api.db.pool, api.app.clock());
    await api.db.pool.query("INSERT INTO push_devices (device_id, wallet_id, push_provider, enable_push, enable_show_amounts) VALUES (?, ?, 'ios', TRUE, TRUE)", [B_DEVICE, b]);
    await createProposal(api.db.pool, { id: bProposal, walletId: b, inputs: [{ txId: bOutput.tx_id, index: bOutput.index }], now: api.app.clock() });
    // A tx spending B's output (unsigned: the API never gets as far as the node with it).
    spendB = buildTx({ inputs: [{ txId: bOutput.tx_id, index: bOutput.index, key: null }], outputs: [{ address: DEV_SEED.addresses.mainnet[0], value: 1n }], parents: [], timestamp: api.app.clock() }).hex;
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
      case 'txProposalCreate':
        return [{ body: { txHex: spendB } }];
      case 'txProposalSend':
        return [{ params: { txProposalId: bProposal }, body: { txHex: spendB } }];
      case 'txProposalDestroy':
        return [{ params: { txProposalId: bProposal } }];
      // Register takes a device for A by its id (the phone's FCM token, which only that phone knows and no
      // route returns): probed with A's own device; B's device goes into update and unregister.
      case 'pushRegister':
        return [{ body: { pushProvider: 'android', deviceId: 'a-phone', enablePush: true } }];
      case 'pushUpdate':
        return [{ body: { deviceId: B_DEVICE, enablePush: false } }];
      case 'pushUnregister':
        return [{ params: { deviceId: B_DEVICE } }];
      default:
        return [{}];
    }
  }

  const walletRoutes = ROUTES.filter((r) => (r.auth === 'wallet' || r.auth === 'full') && !r.name.startsWith('proxy'));

  test.each(walletRoutes.flatMap((r) => (['full', 'ro'] as const).map((mode) => [r.name, mode] as const)))('%s with a %s token of A shows nothing of B', async (name, mode) => {
    const r = route(name);
    for (const probe of probes(r)) {
      const res = await call(r, api.app, { ...probe, as: { walletId: a, mode } });
      const body = probe.body ? JSON.stringify(probe.body) : '';
      // What the request itself named: addresses in the body, query values, and tx ids inside a tx's hex.
      const echoed = new Set([...(body.match(/[1-9A-HJ-NP-Za-km-z]{34,35}/g) ?? []), ...Object.values(probe.query ?? {}).flat(), ...bOnlyTxs.filter((t) => body.includes(t))]);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toContain(b);
      for (const x of bXpubs) expect(res.text).not.toContain(x);
      for (const addr of bAddresses) if (!echoed.has(addr)) expect({ route: name, leaked: res.text.includes(addr) ? addr : null }).toEqual({ route: name, leaked: null });
      for (const t of bOnlyTxs) if (!Object.values(probe.params ?? {}).includes(t) && !echoed.has(t)) expect({ route: name, leaked: res.text.includes(t) ? t : null }).toEqual({ route: name, leaked: null });
    }
  });

  test("B's proposal and outputs are out of A's reach: refusals, and B's proposal still holds its input", async () => {
    const as = { walletId: a, mode: 'full' as const };
    expect((await call(route('txProposalCreate'), api.app, { as, body: { txHex: spendB } })).body).toMatchObject({
      error: 'inputs-not-in-wallet',
      missing: [{ txId: bOutput.tx_id, index: bOutput.index }],
    });
    expect((await call(route('txProposalSend'), api.app, { as, params: { txProposalId: bProposal }, body: { txHex: spendB } })).status).toBe(403);
    expect((await call(route('txProposalDestroy'), api.app, { as, params: { txProposalId: bProposal } })).status).toBe(403);
    expect(await rows(api.db.pool, 'SELECT status FROM tx_proposal WHERE id = ?', [bProposal])).toEqual([{ status: 'open' }]);
    expect(await rows(api.db.pool, 'SELECT tx_id, `index` FROM tx_output WHERE tx_proposal = ?', [bProposal])).toEqual([{ tx_id: bOutput.tx_id, index: bOutput.index }]);
  });

  test("B's push device is out of A's reach: update is a 404, unregister changes nothing", async () => {
    const before = await rows(api.db.pool, 'SELECT * FROM push_devices WHERE device_id = ?', [B_DEVICE]);
    expect(before).toHaveLength(1);
    for (const mode of ['full', 'ro'] as const) {
      const as = { walletId: a, mode };
      expect((await call(route('pushUpdate'), api.app, { as, body: { deviceId: B_DEVICE, enablePush: false } })).body.error).toBe('device-not-found');
      expect((await call(route('pushUnregister'), api.app, { as, params: { deviceId: B_DEVICE } })).status).toBe(200);
    }
    expect(await rows(api.db.pool, 'SELECT * FROM push_devices WHERE device_id = ?', [B_DEVICE])).toEqual(before);
    expect(await rows(api.db.pool, 'SELECT wallet_id, enable_push, enable_show_amounts FROM push_devices WHERE device_id = ?', [B_DEVICE])).toEqual([{ wallet_id: b, enable_push: 1, enable_show_amounts: 1 }]);
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

import { createPool, HTR_UID, silentLogger, type Pool } from '@wallet-service/common';
import { buildTx } from 'fullnode-simulator';
import { benchCases } from '../bench/cases';
import { finishPopulation, insertWhale, type InsertedWhale } from '../bench/populate';
import type { App } from '../app';
import type { FullNode } from '../fullnode/client';
import { ROUTES } from '../routes';
import { createTestApi, type TestApi } from './support/api';
import { explain, explainable, type PlanRow } from './support/explain';
import { call, type CallOptions } from './support/http';
import { cacheNodeVersion } from './support/nodeVersion';
import { freshWallet } from './support/keys';
import { recordingPool, type Statement } from './support/queryLog';
import { createAndLoad } from './support/scenario';

/**
 * Every statement the API issues — each route with the parameters a client sends, and the wallet load —
 * recorded through the app's pool and EXPLAINed against a populated database (three whale wallets of
 * the bench's shape, the others with more addresses, so that as on a real chain no one wallet is most of
 * any table). None may scan a big table whole.
 */
const BIG_TABLES = new Set(['tx_output', 'address_tx_history', 'wallet_tx_history', 'address']);

const node: FullNode = {
  baseUrl: 'http://node.invalid/v1a/',
  get: () => Promise.resolve({ status: 200, contentType: 'application/json', text: '{"success":true}' }),
  post: () => Promise.resolve({ status: 200, contentType: 'application/json', text: '{"success":true,"message":""}' }),
};

const signedBody = (k: ReturnType<typeof freshWallet>, ts: number) => ({
  xpubkey: k.xpubkey,
  authXpubkey: k.authXpubkey,
  xpubkeySignature: k.signAccount(ts),
  authXpubkeySignature: k.signAuth(ts),
  timestamp: ts,
});

/** Requests by route name, beyond the bench's read cases; a route of ROUTES missing here fails the test. */
function requests(whale: InsertedWhale, txId: string, app: App): [string, CallOptions][] {
  const as = { walletId: whale.keys.walletId, mode: 'full' as const };
  const k = freshWallet();
  const ts = app.clock();
  const reads: [string, CallOptions][] = benchCases({ tokenId: whale.tokenId, addresses: whale.addresses }).map((c) => [c.route.name, { query: c.query, params: c.params, as }]);
  return [
    ...reads,
    ['walletInit', { body: signedBody(k, ts) }],
    ['walletChangeAuth', { body: signedBody(k, ts) }],
    ['authToken', { body: { ts, xpub: k.authXpubkey, sign: k.signAuth(ts), walletId: k.walletId } }],
    ['authReadOnlyToken', { body: { xpubkey: whale.keys.xpubkey } }],
    ['walletStatus', { as }],
    ['walletCheckAddressesMine', { body: { addresses: [whale.addresses[3], whale.addresses[700]] }, as }],
    ['walletHasTxOutsideFirstAddress', { as }],
    ['walletTransaction', { params: { txId }, as }],
    ['walletUtxos', { query: { tokenId: HTR_UID, txId, index: '0' }, as }],
    ['proxyTransaction', { params: { txId }, as }],
    ['proxyConfirmationData', { params: { txId }, as }],
    ['proxyGraphvizNeighbours', { query: { txId, graphType: 'funds', maxLevel: '1' }, as }],
    ['proxyNanoContractState', { query: { id: txId }, as }],
    ['proxyNanoContractHistory', { query: { id: txId }, as }],
    ['proxyBlueprintInfo', { query: { blueprint_id: txId }, as }],
    ['pushRegister', { body: { pushProvider: 'android', deviceId: 'explain-phone', enablePush: true }, as }],
    ['pushUpdate', { body: { deviceId: 'explain-phone', enablePush: true, enableShowAmounts: true }, as }],
    ['pushUnregister', { params: { deviceId: 'explain-phone' }, as }],
    ['version', {}],
    ['health', {}],
    ['metrics', {}],
    ['openapi', {}],
  ];
}

/** A proposal held and sent, and another held and cancelled, over two of the whale's unspent outputs. */
async function proposalRequests(app: App, db: Pool, whale: InsertedWhale): Promise<[string, number][]> {
  const as = { walletId: whale.keys.walletId, mode: 'full' as const };
  const [utxos] = (await db.query(
    'SELECT o.tx_id, o.`index`, o.value FROM tx_output o JOIN address a ON a.address = o.address ' +
      "WHERE a.wallet_id = ? AND o.token_id = '00' AND o.spent_by IS NULL AND o.voided = FALSE AND o.locked = FALSE AND o.authorities = 0 LIMIT 2",
    [whale.keys.walletId],
  )) as unknown as [{ tx_id: string; index: number; value: string }[]];
  const hexOf = (u: (typeof utxos)[number]) =>
    buildTx({ inputs: [{ txId: u.tx_id, index: u.index, key: null }], outputs: [{ address: whale.addresses[0], value: BigInt(u.value) }], parents: [], timestamp: app.clock() }).hex;
  const route = (name: string) => ROUTES.find((r) => r.name === name)!;
  const out: [string, number][] = [];
  for (const [i, u] of utxos.entries()) {
    const txHex = hexOf(u);
    const created = await call(route('txProposalCreate'), app, { body: { txHex }, as });
    out.push(['txProposalCreate', created.status]);
    const params = { txProposalId: String(created.body.txProposalId) };
    const next = i === 0 ? await call(route('txProposalSend'), app, { params, body: { txHex }, as }) : await call(route('txProposalDestroy'), app, { params, as });
    out.push([i === 0 ? 'txProposalSend' : 'txProposalDestroy', next.status]);
  }
  return out;
}

describe('EXPLAIN of every statement the API issues, on a populated database', () => {
  let api: TestApi;
  let pool: Pool;
  const log: Statement[] = [];
  const answered = new Map<string, number[]>();

  beforeAll(async () => {
    api = await createTestApi('explain');
    pool = recordingPool(createPool(api.db.config, { connectionLimit: 4 }), log);
    const app = api.withApp({}, { pool, fullNode: node });
    const whales: InsertedWhale[] = [];
    for (const [label, txs, addresses] of [['explain-a', 20_000, 1_000], ['explain-b', 6_000, 3_000], ['explain-c', 6_000, 3_000]] as const) {
      whales.push(await insertWhale(api.db.pool, silentLogger, { txs, addresses }, label));
      await createAndLoad(app, { xpubkey: whales[whales.length - 1].keys.xpubkey });
    }
    await finishPopulation(api.db.pool, 1);
    const [whale] = whales;
    const [{ tx_id: txId }] = (await api.db.pool.query('SELECT tx_id FROM tx_output WHERE address = ? LIMIT 1', [whale.addresses[5]]))[0] as { tx_id: string }[];
    await cacheNodeVersion(api.db.pool, app.clock());
    for (const [name, options] of requests(whale, txId, app)) {
      const route = ROUTES.find((r) => r.name === name);
      if (!route) throw new Error(`no route named ${name}`);
      const res = await call(route, app, options);
      answered.set(name, [...(answered.get(name) ?? []), res.status]);
    }
    for (const [name, status] of await proposalRequests(app, api.db.pool, whale)) answered.set(name, [...(answered.get(name) ?? []), status]);
    // The init above started a load in the background: let its statements land in the log too.
    await new Promise((r) => setTimeout(r, 1_000));
  }, 240_000);
  afterAll(async () => {
    // api.close ends every app's pool, the recording one included.
    await api?.close();
  });

  it('sends a request to every route, and the wallet routes answer with success', () => {
    expect(ROUTES.map((r) => r.name).filter((n) => !answered.has(n))).toEqual([]);
    const failing = ROUTES.filter((r) => r.auth === 'wallet' || r.auth === 'full').flatMap((r) =>
      (answered.get(r.name) ?? []).filter((s) => s !== (r.successStatus ?? 200)).map((s) => `${r.name}: ${s}`),
    );
    expect(failing).toEqual([]);
  });

  it('no statement scans tx_output, address_tx_history, wallet_tx_history or address whole', async () => {
    const seen = new Set<string>();
    const scans: { sql: string; plan: PlanRow[] }[] = [];
    let explained = 0;
    for (const st of log) {
      const key = `${st.sql} ${JSON.stringify(st.params)}`;
      if (!explainable(st.sql) || seen.has(key)) continue;
      seen.add(key);
      const plan = await explain(api.db.pool, st);
      explained++;
      if (plan.some((p) => p.type === 'ALL' && BIG_TABLES.has(p.table))) scans.push({ sql: st.sql, plan });
    }
    expect(explained).toBeGreaterThan(30);
    expect(scans).toEqual([]);
  });
});

import { selectOne } from '@wallet-service/common';
import { KNOWN_WALLETS, type Truth } from 'fullnode-simulator';
import { scenario } from '../support/scenario';
import * as check from './checks';
import { claimsOf, PASSWORD, PIN, startClientProcess, type Claims, type ClientProcess, type RemoteWallet } from './client';
import { startStack, type Stack } from './stack';
import { seqnumOf, vertexBodies, voidedTouching, walletView, type WalletView } from './truth';

/**
 * End to end with the real client: @hathor/wallet-lib 4.1.0's HathorWalletServiceWallet against the API
 * bundle under serverless-offline, on the database the real daemon process fills from the simulator's
 * event websocket. The simulator serves WALLET_ACTIVITY in two parts (cut at its checkpoint
 * WALLET_ACTIVITY_PART_1). Both known wallets hold HTR, a deposit token and a fee token (amounts above
 * 2^50), authorities, expired and future timelocks, and addresses beyond the first gap window; the first
 * also height-locked rewards, a locked authority and a reward lost in a reorg, the second a payment that
 * lost a double spend and a nano call (the first test checks the scenario has all of it).
 *
 * - "late" (KNOWN_WALLETS[0]) is started after the daemon synced part 1: its addresses were used before
 *   the wallet existed, so its load finds them.
 * - "early" (KNOWN_WALLETS[1]) is started on an empty database, before the daemon runs at all: the daemon
 *   keeps its tables from its first transaction on.
 * - "watch" is late's xpub started read-only.
 * - "listener" is early's xpub started read-only with its websocket on, before the daemon runs: the
 *   daemon's notifications reach it through the offline queue, and the client emits each tx of early
 *   (voided ones last as voided) — frames its own schema accepted.
 *
 * Tokens live 70 s (AUTH_TOKEN_LIFETIME_S), so the client renews them after 10 s — read-only, because
 * start() drops the auth key (client-contract §3.3); the auth renewal test shows what that means for
 * check_mine and how the wallet gets a full token again.
 */
jest.setTimeout(180_000);

const g = scenario('WALLET_ACTIVITY');
const part1 = g.checkpoints?.WALLET_ACTIVITY_PART_1 as Truth;
const bodies = vertexBodies(g);
const idOf = (xpubkey: string) => (g.truth.setup?.wallets ?? []).find((w) => w.xpubkey === xpubkey)?.id as string;
const LATE = { known: KNOWN_WALLETS[0], id: idOf(KNOWN_WALLETS[0].xpubkey) };
const EARLY = { known: KNOWN_WALLETS[1], id: idOf(KNOWN_WALLETS[1].xpubkey) };


let stack: Stack;
let client: ClientProcess;
let late: RemoteWallet;
let early: RemoteWallet;
let watch: RemoteWallet;
let listener: RemoteWallet;
/** Chain rows in the database when early's start() returned (nothing synced yet). */
let rowsWhenEarlyStarted = -1;

/** The address early's start() offered to receive at (the database knew no transaction). */
let earlyFirstAddress: { address: string; index: number } | undefined;
/** The token each wallet held right after start(). */
const startClaims = new Map<string, Claims>();
const started = Date.now();

beforeAll(async () => {
  expect(part1.events).toBeLessThan(g.truth.events);
  stack = await startStack(g, part1.events, { AUTH_TOKEN_LIFETIME_S: '70' });
  client = await startClientProcess(stack.api.baseUrl, undefined, `ws://127.0.0.1:${stack.api.wsPort}/`);
  try {
    early = await client.wallet('early', { seed: EARLY.known.words });
    await early.call('start', { pinCode: PIN, password: PASSWORD });
    // Early's xpub with the websocket on, joined before the daemon stores anything: it hears every tx.
    listener = await client.wallet('listener', { xpub: EARLY.known.xpubkey }, { ws: true });
    await listener.call('startReadOnly');
    startClaims.set('early', await claimsOf(early));
    earlyFirstAddress = await early.call('getCurrentAddress');
    rowsWhenEarlyStarted = Number((await selectOne<{ n: number }>(stack.db.pool, 'SELECT COUNT(*) AS n FROM `transaction`'))?.n);
    await stack.startDaemon();
    await stack.synced();
    late = await client.wallet('late', { seed: LATE.known.words });
    await late.call('start', { pinCode: PIN, password: PASSWORD });
    startClaims.set('late', await claimsOf(late));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${stack.logs()}\n--- client ---\n${client.output().slice(-2000)}`);
  }
}, 300_000);

afterAll(async () => {
  await client?.stop();
  await stack?.stop();
  const slowest = [...(client?.timings ?? [])].sort((a, b) => b.ms - a.ms).slice(0, 5);
  process.stderr.write(`e2e: ${client?.timings.length} client calls, ${Math.round((Date.now() - started) / 1000)} s; slowest ${JSON.stringify(slowest)}\n`);
}, 60_000);

/**
 * Every check of one wallet against one truth. `startedOnThisState`: the wallet started after this
 * state was synced, so the receive address start() cached (addresses/new) must follow its last used
 * one; without the websocket the client never refreshes that cache.
 */
async function checkEverything(w: RemoteWallet, view: WalletView, other: WalletView, startedOnThisState: boolean): Promise<void> {
  const counts = await check.checkBalances(w, view);
  await check.checkHistory(w, view, bodies, counts, 4);
  await check.checkAllAddresses(w, view);
  if (startedOnThisState) await check.checkCurrentAddress(w, view);
  const tokens = check.tokensOf(view, bodies);
  await check.checkUtxos(w, view, tokens, bodies);
  await check.checkUtxosForAmount(w, view, tokens);
  await check.checkUtxoFromId(w, view, other, bodies);
  await check.checkTokenDetails(w, view);
  await check.checkTxById(w, view, bodies, voidedTouching(bodies, view.truth, new Set(view.indexOf.keys())));
  await check.checkAddressDetails(w, view, (a) => seqnumOf(bodies, view.truth, a), other.addresses[0].address);
  // check_mine needs a full token, and after start() the client renews only read-only ones: renew with
  // the PIN first, as an app must (see the auth renewal test).
  await w.call('validateAndRenewAuthToken', PIN);
  await check.checkAddressesMine(w, view, [other.addresses[0].address, other.addresses[5].address]);
}

describe('part 1 of the stream', () => {
  const lateView = () => walletView(part1, LATE.id);
  const earlyView = () => walletView(part1, EARLY.id);

  test('early was started before the daemon synced anything; late after its addresses were used', async () => {
    expect(rowsWhenEarlyStarted).toBe(0);
    expect(earlyFirstAddress).toMatchObject({ index: 0, address: earlyView().addresses[0].address });
    expect(lateView().addresses.length).toBeGreaterThan(2 * 20);
    expect(earlyView().addresses.length).toBeGreaterThan(2 * 20);
    for (const v of [lateView(), earlyView()]) {
      // HTR, a deposit token and a fee token with amounts above 2^50
      expect(Object.keys(v.balances)).toHaveLength(3);
      expect(Object.values(v.balances).some((b) => b.unlocked > 1n << 50n)).toBe(true);
      expect(Object.keys(v.authorities).length).toBeGreaterThan(0);
      expect(v.utxos.some((u) => u.timelock !== null && u.timelock < 1.7e9)).toBe(true);
      expect(v.utxos.some((u) => u.timelock !== null && u.timelock > 3e9)).toBe(true);
      expect(voidedTouching(bodies, part1, new Set(v.indexOf.keys())).length).toBeGreaterThan(0);
    }
    expect(lateView().utxos.some((u) => u.reward_locked)).toBe(true);
    // early called a nano contract from one of its addresses: address details carry that seqnum
    expect(earlyView().addresses.some((a) => seqnumOf(bodies, part1, a.address) > 0)).toBe(true);
  });

  test('late (created after its addresses were used): every read equals the truth', async () => {
    await checkEverything(late, lateView(), earlyView(), true);
  });

  test('early (created before its first transaction): every read equals the truth', async () => {
    await checkEverything(early, earlyView(), lateView(), false);
  });

  test('a read-only start from the xpub alone sees what late sees, and cannot use check_mine', async () => {
    watch = await client.wallet('watch', { xpub: LATE.known.xpubkey });
    await watch.call('startReadOnly');
    const view = lateView();
    const counts = await check.checkBalances(watch, view);
    await check.checkHistory(watch, view, bodies, counts, 4);
    await check.checkAllAddresses(watch, view);
    await check.checkCurrentAddress(watch, view);
    await check.checkUtxos(watch, view, check.tokensOf(view, bodies), bodies);
    await expect(watch.call('checkAddressesMine', [view.addresses[0].address])).rejects.toMatchObject({ kind: 'WalletRequestError' });
  });

  test('full node proxies: getFullTxById, getTxConfirmationData and graphvizNeighborsQuery relay the node', async () => {
    const view = lateView();
    const node = async (path: string, txId: string) => (await fetch(`${stack.sim.httpUrl}/v1a/${path}?id=${txId}`)).json() as Promise<Record<string, unknown>>;
    // Some blocks and txs, the fee token's (large amounts must arrive exact), the voided ones.
    const big = view.txIds.filter((id) => bodies.get(id)?.outputs.some((o) => o.value > 1n << 50n));
    expect(big.length).toBeGreaterThan(0);
    const txIds = [...new Set([...view.txIds.slice(0, 6), ...big, ...voidedTouching(bodies, part1, new Set(view.indexOf.keys()))])];
    expect(txIds.filter((id) => part1.vertices[id].kind === 'tx').length).toBeGreaterThan(1);
    for (const txId of txIds) {
      const full = await late.call('getFullTxById', txId);
      const tx = bodies.get(txId);
      const truthVertex = part1.vertices[txId];
      expect(full.success).toBe(true);
      expect({ hash: full.tx.hash, outputs: full.tx.outputs.map((o) => BigInt(o.value)) }).toEqual({ hash: txId, outputs: tx?.outputs.map((o) => o.value) });
      expect({ voided_by: full.meta.voided_by, first_block: full.meta.first_block }).toEqual({ voided_by: truthVertex.voided_by, first_block: truthVertex.first_block });
      const direct = await node('transaction', txId);
      expect(full.tx.raw).toBe((direct.tx as { raw: string }).raw);
      for (const graphType of ['funds', 'verification']) {
        const dot = await (await fetch(`${stack.sim.httpUrl}/v1a/graphviz/neighbours.dot?tx=${txId}&graph_type=${graphType}&max_level=2`)).text();
        expect(dot).toMatch(/^digraph/);
        expect(await late.call('graphvizNeighborsQuery', txId, graphType, 2)).toBe(dot);
      }
      const directConfirmation = await node('transaction_acc_weight', txId);
      if (truthVertex.kind === 'block') {
        // The node refuses blocks (success:false, "not allowed on blocks"); relayed, the client says so.
        expect(directConfirmation.success).toBe(false);
        await expect(late.call('getTxConfirmationData', txId)).rejects.toMatchObject({ kind: 'WalletRequestError' });
        continue;
      }
      const confirmation = await late.call('getTxConfirmationData', txId);
      expect(confirmation).toEqual({
        success: true,
        accumulated_weight: directConfirmation.accumulated_weight,
        accumulated_bigger: directConfirmation.accumulated_bigger,
        stop_value: directConfirmation.stop_value,
        confirmation_level: directConfirmation.confirmation_level,
      });
    }
  });
});

describe('auth renewal', () => {
  test('after start() the client renews read-only: check_mine is refused (403) until validateAndRenewAuthToken(pin) gets a full token', async () => {
    // start() authenticated with the auth key: full tokens, living AUTH_TOKEN_LIFETIME_S.
    for (const [name, id] of [['early', EARLY.id], ['late', LATE.id]]) {
      const c = startClaims.get(name);
      expect({ name, mode: c?.mode, wid: c?.wid, lifetime: (c?.exp ?? 0) - (c?.iat ?? 0) }).toEqual({ name, mode: 'full', wid: id, lifetime: 70 });
    }
    const own = walletView(part1, EARLY.id).addresses[3].address;
    // A fresh full token to time the renewal from (with the PIN the client signs with its stored key).
    await early.call('validateAndRenewAuthToken', PIN);
    const full = await claimsOf(early);
    expect(full.mode).toBe('full');
    expect(await early.call('checkAddressesMine', [own])).toEqual({ [own]: true });
    // The client renews once fewer than 60 s are left (here: 10 s after issue). It has no key any more
    // (start() cleared it), so any call renews through POST /auth/token/readonly.
    await new Promise((r) => setTimeout(r, Math.max(0, (full.iat + 11) * 1000 - Date.now())));
    await early.call('getBalance');
    const ro = await early.call('getAuthToken');
    expect(await claimsOf(early)).toMatchObject({ mode: 'ro', wid: EARLY.id });
    expect((await claimsOf(early)).iat).toBeGreaterThan(full.iat);
    await expect(early.call('checkAddressesMine', [own])).rejects.toMatchObject({ kind: 'WalletRequestError' });
    // What the client got, first hand: the same request with that token is a 403.
    const refused = await fetch(`${stack.api.baseUrl}wallet/addresses/check_mine`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ro}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ addresses: [own] }),
    });
    expect(refused.status).toBe(403);
    // Read routes keep working with the read-only token.
    expect((await early.call('getBalance')).length).toBeGreaterThan(0);
    // With the PIN the client decrypts its auth key from storage and signs: a full token again.
    await early.call('validateAndRenewAuthToken', PIN);
    expect(await claimsOf(early)).toMatchObject({ mode: 'full', wid: EARLY.id });
    expect(await early.call('checkAddressesMine', [own])).toEqual({ [own]: true });
  });
});

describe('part 2 of the stream: the daemon syncs more and every balance moves to the new truth', () => {
  beforeAll(async () => {
    stack.serveUpTo(g.truth.events);
    await stack.synced();
  });

  test('late started again (an app restart): init answers wallet-already-loaded, the client skips the load and sees the new state', async () => {
    const row = () => selectOne<{ status: string; ready_at: number }>(stack.db.pool, 'SELECT status, ready_at FROM wallet WHERE id = ?', [LATE.id]);
    // The API logs every 4xx answer with its route and status.
    const refusedInits = () => stack.api.output().split('\n').filter((l) => l.includes('"route":"walletInit"') && l.includes('"status":400')).length;
    const before = await row();
    const refusedBefore = refusedInits();
    const again = await client.wallet('late-again', { seed: LATE.known.words });
    await again.call('start', { pinCode: PIN, password: PASSWORD });
    const view = walletView(g.truth, LATE.id);
    expect(await claimsOf(again)).toMatchObject({ mode: 'full', wid: LATE.id });
    await check.checkCurrentAddress(again, view);
    await check.checkBalances(again, view);
    // init answered wallet-already-loaded, and the wallet was not loaded again.
    expect(refusedInits()).toBe(refusedBefore + 1);
    expect(await row()).toEqual(before);
    expect(before?.status).toBe('ready');
  });

  test("the listener (early's xpub, websocket on) heard each of early's txs as the client accepts them, and each voided one last as voided", async () => {
    const view = walletView(g.truth, EARLY.id);
    const voided = voidedTouching(bodies, g.truth, new Set(view.indexOf.keys()));
    expect(voided.length).toBeGreaterThan(0);
    const heard = () => new Set(client.events.filter((e) => e.wallet === 'listener' && e.event === 'new-tx').map((e) => e.data.tx_id));
    // The server sends a voided tx's update-tx after its new-tx; the lib may emit them the other way
    // round (client-process.cjs), so the order is judged on the frames as they arrived.
    const lastOf = (txId: string) => client.frames.filter((e) => e.wallet === 'listener' && e.data.tx_id === txId).at(-1);
    const settled = () => [...view.txIds, ...voided].every((t) => heard().has(t)) && voided.every((t) => lastOf(t)?.data.voided === true);
    const deadline = Date.now() + 30_000;
    while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect([...view.txIds, ...voided].filter((t) => !heard().has(t))).toEqual([]);
    for (const txId of voided) expect({ txId, voided: lastOf(txId)?.data.voided }).toEqual({ txId, voided: true });
    // update-tx frames pass the client's schema too (it drops those that do not).
    expect(client.events.some((e) => e.wallet === 'listener' && e.event === 'update-tx')).toBe(true);
  });

  test('the truth itself moved for both wallets (the second part is about them)', () => {
    for (const id of [LATE.id, EARLY.id]) expect(walletView(g.truth, id).balances).not.toEqual(walletView(part1, id).balances);
  });

  test.each([
    ['late', () => late, LATE.id],
    ['early', () => early, EARLY.id],
    ['watch (read-only)', () => watch, LATE.id],
  ])('%s: balances, history, addresses and outputs equal the final truth', async (_name, wallet, id) => {
    const view = walletView(g.truth, id);
    const w = wallet();
    const counts = await check.checkBalances(w, view);
    await check.checkHistory(w, view, bodies, counts, 5);
    await check.checkAllAddresses(w, view);
    const tokens = check.tokensOf(view, bodies);
    await check.checkUtxos(w, view, tokens, bodies);
    await check.checkUtxosForAmount(w, view, tokens);
  });
});

import { walletUtils } from '@hathor/wallet-lib';
import { DEV_SEED, selectOne } from '@wallet-service/common';
import { walletIdOf } from '../../auth/signature';
import { startLiveStack, type LiveStack } from '../../offline/liveStack';
import { PASSWORD, PIN, startClientProcess, type ClientProcess, type RemoteWallet, type WalletEvent } from './client';

/**
 * Realtime with the real client: B's HathorWalletServiceWallet 4.1.0 runs with its websocket, joined to
 * serverless-offline's websocket API; A pays B through the proposal routes and the live node; the
 * daemon commits the tx, publishes its notification to the offline queue after the commit, and the
 * consumer posts it to B's connection. The client emits `new-tx` only for a frame its own schema
 * accepts, so an event here is one the app sees. Mining the block that confirms the tx reaches B as
 * `update-tx`.
 */
jest.setTimeout(120_000);

let stack: LiveStack;
let client: ClientProcess;
let a: RemoteWallet;
let b: RemoteWallet;
let bId = '';

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms\n${stack.logs()}\n--- client ---\n${client.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const eventOf = (kind: WalletEvent['event'], txId: string) => client.events.find((e) => e.wallet === 'B' && e.event === kind && e.data.tx_id === txId);

beforeAll(async () => {
  stack = await startLiveStack({ dbPrefix: 'e2e_realtime' });
  client = await startClientProcess(stack.api.baseUrl, stack.node.txMiningUrl, `ws://127.0.0.1:${stack.api.wsPort}/`);
  a = await client.wallet('A', { seed: DEV_SEED.words });
  const bSeed = walletUtils.generateWalletWords();
  b = await client.wallet('B', { seed: bSeed }, { ws: true });
  for (const w of [a, b]) await w.call('start', { pinCode: PIN, password: PASSWORD });
  bId = walletIdOf(walletUtils.getXPubKeyFromSeed(bSeed, { networkName: 'mainnet' }));
  // The client joins as its websocket opens: the join is stored before anything is sent to it.
  await waitFor('B never joined', async () =>
    (await selectOne<{ n: number }>(stack.db.pool, 'SELECT COUNT(*) AS n FROM ws_wallet_connection WHERE wallet_id = ?', [bId]))?.n ? true : undefined,
  );
}, 240_000);

afterAll(async () => {
  await client?.stop();
  await stack?.stop();
});

test("B's client emits new-tx for A's payment, once, after the daemon committed it; the confirming block reaches it as update-tx", async () => {
  const address = await b.call('getAddressAtIndex', 0);
  const tx = await a.call('sendTransaction', address, 150n, { pinCode: PIN });
  const txId = tx.hash as string;
  const seen = await waitFor(`B's client emitted no new-tx for ${txId}`, () => eventOf('new-tx', txId));
  // The notification leaves the daemon only after its commit: the tx is in the database by then.
  const row = await selectOne<{ tx_id: string; voided: number }>(stack.db.pool, 'SELECT tx_id, voided FROM `transaction` WHERE tx_id = ?', [txId]);
  expect(row).toMatchObject({ tx_id: txId, voided: 0 });
  expect(seen.data).toMatchObject({ tx_id: txId, voided: false });
  const outputs = seen.data.outputs as { value: bigint | number; decoded: { address?: string } }[];
  expect(outputs.filter((o) => o.decoded.address === address).map((o) => BigInt(o.value))).toEqual([150n]);

  stack.node.mine();
  await stack.synced();
  const confirmed = await waitFor(`B's client emitted no update-tx for ${txId} after its block`, () => eventOf('update-tx', txId));
  expect(confirmed.data).toMatchObject({ tx_id: txId, voided: false });
  expect(typeof confirmed.data.height).toBe('number');
  // Idempotent delivery: one event of each kind for this tx, whatever the queue resent.
  await new Promise((r) => setTimeout(r, 1_000));
  expect(client.events.filter((e) => e.wallet === 'B' && e.data.tx_id === txId).map((e) => e.event)).toEqual(['new-tx', 'update-tx']);
});

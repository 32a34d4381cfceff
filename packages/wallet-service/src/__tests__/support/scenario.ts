import { createLogger, FullNodeEvent, parseJson, receivingAddressDeriver, type Pool } from '@wallet-service/common';
import { createAddressDeriver, createStore } from 'daemon';
import { generateScenario, type Generated, type Truth, type TruthWallet } from 'fullnode-simulator';
import type { App } from '../../app';
import { insertWallet } from '../../data/wallets';
import { runWalletLoad } from '../../load/loadWallet';
import { walletIdOf } from '../../auth/signature';

/**
 * Data for the read routes comes from where production's does: a generated stream, applied by the
 * daemon's own store (in process, no websocket), and wallets created and loaded by the API's load.
 */
const generated = new Map<string, Generated>();

export function scenario(name: string, seed?: number): Generated {
  const key = `${name}:${seed ?? ''}`;
  let g = generated.get(key);
  if (!g) {
    g = generateScenario(name, seed === undefined ? {} : { seed });
    generated.set(key, g);
  }
  return g;
}

const log = createLogger({ service: 'test-daemon', level: 'fatal' });

/** The part of a stream's meta the daemon's store checks. */
export interface StreamIdentity {
  peerId: string;
  streamId: string;
  network: string;
  rewardSpendMinBlocks: number;
}

/** Applies events [from, to) of a stream (generated, recorded or a live node's) with the daemon's store, `batch` at a time. */
export async function syncStream(
  pool: Pool,
  stream: { meta: StreamIdentity; events: readonly string[] },
  range: { from?: number; to?: number; batch?: number; pushNotifications?: boolean } = {},
): Promise<void> {
  const { meta } = stream;
  const store = createStore({
    pool,
    log,
    rewardSpendMinBlocks: meta.rewardSpendMinBlocks,
    deriveAddress: createAddressDeriver('mainnet'),
    pushNotifications: range.pushNotifications ?? false,
  });
  const identity = { streamId: meta.streamId, peerId: meta.peerId, network: meta.network };
  const events = stream.events.slice(range.from ?? 0, range.to ?? stream.events.length).map((t) => FullNodeEvent.parse(parseJson(t)));
  const batch = range.batch ?? 100;
  for (let i = 0; i < events.length; i += batch) await store.applyBatch(events.slice(i, i + batch), identity);
}

/** Applies events [from, to) of a generated stream. */
export const syncEvents = (pool: Pool, g: Generated, range: Parameters<typeof syncStream>[2] = {}) => syncStream(pool, g.stream, range);

/** A wallet created as /wallet/init creates it, then loaded by the load function (run here, awaited). */
export async function createAndLoad(app: App, w: { xpubkey: string; auth_xpubkey?: string; authXpubkey?: string }, maxGap = 20): Promise<string> {
  const id = walletIdOf(w.xpubkey);
  await insertWallet(app.pool, { id, xpubkey: w.xpubkey, authXpubkey: w.authXpubkey ?? w.auth_xpubkey ?? w.xpubkey, maxGap, now: app.clock() });
  const outcome = await runWalletLoad(app, { xpubkey: w.xpubkey, maxGap });
  if (!outcome.success) throw new Error(`load of ${id} failed: ${outcome.message}`);
  return id;
}

/** What a wallet's address list must be: indices 0 .. (last index with a transaction) + gap. */
export function expectedAddresses(truth: Truth, w: TruthWallet, network: 'mainnet' = 'mainnet'): { address: string; index: number; transactions: number }[] {
  const derive = receivingAddressDeriver(w.xpubkey, network);
  let lastUsed = -1;
  const out: { address: string; index: number; transactions: number }[] = [];
  for (let i = 0; i <= lastUsed + w.max_gap; i++) {
    const address = derive(i);
    const transactions = truth.address_tx_ids[address]?.length ?? 0;
    if (transactions > 0) lastUsed = i;
    out.push({ address, index: i, transactions });
  }
  return out;
}

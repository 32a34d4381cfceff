import { receivingAddressDeriver, withSyncLock } from '@wallet-service/common';
import type { App } from '../app';
import { walletIdOf } from '../auth/signature';
import { findWallet, markLoadFailed, markReady } from '../data/wallets';
import { scanGap, type GapScan } from './scan';
import { claimAddresses, rebuildWalletTables } from './settle';

/**
 * The asynchronous wallet load (api-spec §5). Derivation and a first gap scan run without locks; then one
 * transaction that first takes the sync lock (common's withSyncLock — the daemon's batches take it too)
 * rescans with fresh data, claims the addresses, builds wallet_balance / wallet_tx_history from the
 * address tables and flips the wallet to ready. Batches committed before it are in the tables it sums;
 * batches after it see the wallet ready and keep its tables themselves: no transaction is missed or
 * counted twice. Idempotent: only a wallet still `creating` is loaded.
 */
export interface LoadRequest {
  xpubkey: string;
  maxGap: number;
}

export interface LoadOutcome {
  success: boolean;
  walletId: string;
  xpubkey: string;
  addresses?: number;
  message?: string;
}

/** Attempts at the locked transaction when InnoDB picks it as a deadlock victim. */
const ATTEMPTS = 3;

type Settled = GapScan | 'not-creating';

/** One transaction, the sync lock first (common's withSyncLock, which the daemon's batches use too). */
function settleUnderLock(app: App, walletId: string, derived: string[], derive: (i: number) => string, maxGap: number): Promise<Settled> {
  return withSyncLock(app.pool, async (conn): Promise<Settled> => {
    const wallet = await findWallet(conn, walletId, true);
    if (!wallet || wallet.status !== 'creating') return 'not-creating';
    const scan = await scanGap(conn, derived, derive, maxGap);
    const foreign = await claimAddresses(conn, walletId, scan);
    if (foreign.length > 0) app.log.error('derived addresses already belong to another wallet', { walletId, addresses: foreign });
    await rebuildWalletTables(conn, walletId);
    await markReady(conn, walletId, scan.lastUsed, app.clock());
    return scan;
  });
}

async function settleWithRetries(app: App, walletId: string, derived: string[], derive: (i: number) => string, maxGap: number): Promise<Settled> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await settleUnderLock(app, walletId, derived, derive, maxGap);
    } catch (err) {
      if (attempt >= ATTEMPTS || (err as { code?: string }).code !== 'ER_LOCK_DEADLOCK') throw err;
    }
  }
}

export async function runWalletLoad(app: App, request: LoadRequest): Promise<LoadOutcome> {
  const walletId = walletIdOf(request.xpubkey);
  const base = { walletId, xpubkey: request.xpubkey };
  const started = Date.now();
  const wallet = await findWallet(app.pool, walletId);
  if (!wallet) return { ...base, success: false, message: 'no such wallet' };
  if (wallet.status !== 'creating') return { ...base, success: wallet.status === 'ready', message: `wallet is ${wallet.status}` };
  try {
    const derived: string[] = [];
    const derive = receivingAddressDeriver(request.xpubkey, app.config.NETWORK);
    // Most of the work (derivation) happens here, before the lock, so the daemon waits only for the writes.
    await scanGap(app.pool, derived, derive, request.maxGap);
    const result = await settleWithRetries(app, walletId, derived, derive, request.maxGap);
    if (result === 'not-creating') return { ...base, success: true, message: 'already loaded by another run' };
    app.log.info('wallet loaded', { walletId, addresses: result.addresses.length, lastUsed: result.lastUsed, ms: Date.now() - started });
    return { ...base, success: true, addresses: result.addresses.length };
  } catch (err) {
    app.log.error('wallet load failed', { walletId, err });
    await markLoadFailed(app.pool, walletId, app.clock());
    return { ...base, success: false, message: (err as Error).message };
  }
}

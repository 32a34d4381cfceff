import { z } from 'zod';
import type { App } from '../../app';
import { ApiError } from '../../http/errors';
import { defineRoute } from '../../http/route';
import { findWallet, insertWallet, markLoadFailed, retryErroredWallet } from '../../data/wallets';
import { statusSchema, toStatus } from '../../shape/status';
import { checkWalletProofs } from './checks';
import { walletProofBody } from './proofBody';

/**
 * POST /wallet/init: create a wallet and start its asynchronous load (api-spec §4.1). Concurrent inits
 * of one wallet are safe: the row is inserted once (INSERT IGNORE) and an errored wallet is flipped back
 * to creating by one compare-and-set, so exactly one request starts the load.
 */
async function startLoad(app: App, db: Parameters<typeof findWallet>[0], walletId: string, xpubkey: string): Promise<void> {
  try {
    await app.loadInvoker.invoke({ xpubkey, maxGap: app.config.MAX_ADDRESS_GAP });
  } catch (err) {
    app.log.error('wallet load could not be started', { walletId, err });
    await markLoadFailed(db, walletId, app.clock());
  }
}

export const walletInit = defineRoute({
  name: 'walletInit',
  method: 'POST',
  path: '/wallet/init',
  summary: 'Create (or load) a wallet from its xpub, proven by signatures of its account and auth keys',
  auth: 'none',
  db: 'write',
  body: walletProofBody,
  response: z.object({ success: z.literal(true), status: statusSchema }),
  async run({ app, db, body, now }) {
    const walletId = checkWalletProofs(body, app.config, now);
    let wallet = await findWallet(db, walletId);
    if (!wallet) {
      const inserted = await insertWallet(db, {
        id: walletId,
        xpubkey: body.xpubkey,
        authXpubkey: body.authXpubkey,
        maxGap: app.config.MAX_ADDRESS_GAP,
        now,
      });
      if (inserted) await startLoad(app, db, walletId, body.xpubkey);
      wallet = await findWallet(db, walletId);
      if (!wallet) throw new Error(`wallet ${walletId} vanished after its insert`);
      if (!inserted) throw new ApiError('wallet-already-loaded', { status: toStatus(wallet) });
      return { success: true, status: toStatus(wallet) };
    }
    if (wallet.status === 'ready' || wallet.status === 'creating') {
      throw new ApiError('wallet-already-loaded', { status: toStatus(wallet) });
    }
    if (wallet.retry_count >= app.config.MAX_LOAD_WALLET_RETRIES) {
      app.log.error('wallet load gave up after its retries', { walletId, retries: wallet.retry_count });
      throw new ApiError('wallet-max-retries', { status: toStatus(wallet) });
    }
    if (await retryErroredWallet(db, walletId, app.config.MAX_LOAD_WALLET_RETRIES)) {
      await startLoad(app, db, walletId, wallet.xpubkey);
    }
    wallet = (await findWallet(db, walletId)) ?? wallet;
    return { success: true, status: toStatus(wallet) };
  },
});

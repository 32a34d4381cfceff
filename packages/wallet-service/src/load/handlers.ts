import type { SNSEvent } from 'aws-lambda';
import { containerApp } from '../app';
import { walletIdOf } from '../auth/signature';
import { runWalletLoad, type LoadOutcome, type LoadRequest } from './loadWallet';
import { pinLoadFailed } from '../data/wallets';

/** The load function (async invoke from /wallet/init). It never throws, so AWS does not retry it blindly. */
export async function loadWalletAsync(event: LoadRequest & { source?: string }): Promise<LoadOutcome | string> {
  if (event?.source === 'serverless-plugin-warmup') return 'OK';
  const app = containerApp();
  if (typeof event?.xpubkey !== 'string' || typeof event.maxGap !== 'number') {
    app.log.error('wallet load invoked without {xpubkey, maxGap}', { keys: Object.keys(event ?? {}) });
    return { success: false, walletId: '', xpubkey: '', message: 'expected {xpubkey, maxGap}' };
  }
  return runWalletLoad(app, { xpubkey: event.xpubkey, maxGap: event.maxGap });
}

/**
 * The load function's onError target (SNS): a load that crashed outside its own error handling (killed,
 * out of memory) pins its wallet at error with no retries left, rather than leaving it creating forever.
 */
export async function loadWalletFailed(event: SNSEvent): Promise<void> {
  const app = containerApp();
  for (const record of event.Records ?? []) {
    let xpubkey: unknown;
    try {
      // An async-invocation failure destination wraps the invoke's payload in `requestPayload`.
      const message = JSON.parse(record.Sns.Message) as { xpubkey?: unknown; requestPayload?: { xpubkey?: unknown } };
      xpubkey = message.xpubkey ?? message.requestPayload?.xpubkey;
    } catch {
      xpubkey = undefined;
    }
    if (typeof xpubkey !== 'string') {
      app.log.error('failed-load notification without an xpubkey', { messageId: record.Sns.MessageId });
      continue;
    }
    const walletId = walletIdOf(xpubkey);
    await pinLoadFailed(app.pool, walletId, app.config.MAX_LOAD_WALLET_RETRIES, app.clock());
    app.log.warn('wallet load crashed; wallet pinned at error', { walletId });
  }
}

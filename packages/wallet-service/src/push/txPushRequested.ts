import { containerApp, type App } from '../app';
import { pushProvidersOf } from '../config';
import { pushTargets, unregisterDevice } from '../data/pushDevices';
import { pushMessage, receivedTokens } from './message';
import { parsePushRequest } from './request';
import { createPushSender, type PushNotification, type PushSender } from './sender';

/**
 * txPushRequested (api-spec §8): the daemon, after committing a tx, invokes this with each touched
 * wallet's balance for it; every device of those wallets that wants push, and whose wallet received
 * something, gets one notification.
 *
 * It sends itself, through the PushSender, instead of invoking a sendNotificationToDevice function per
 * device as the API we replace does: FCM's sendEach takes up to 500 messages per call and answers for each
 * one, so a dead token costs only its own message, and one invocation per tx replaces one per device (its
 * cold start, its extra IAM grant, its re-read of a device row this function has just read).
 */
export interface PushRequestSummary {
  wallets: number;
  invalid: number;
  /** Wallets of the request that received something. */
  receiving: number;
  devices: number;
  sent: number;
  skipped: number;
  failed: number;
  /** Devices FCM reports unregistered, deleted. */
  removed: number;
}

export async function handlePushRequest(app: Pick<App, 'pool' | 'log' | 'config'>, sender: PushSender, event: unknown): Promise<PushRequestSummary> {
  const started = performance.now();
  const { wallets, invalid } = parsePushRequest(event);
  for (const bad of invalid) app.log.error('push request entry refused', bad);
  const receiving = wallets.filter((w) => receivedTokens(w).length > 0);
  const byWallet = new Map(receiving.map((w) => [w.walletId, w]));
  const targets = byWallet.size ? await pushTargets(app.pool, [...byWallet.keys()], pushProvidersOf(app.config)) : [];
  const notifications: PushNotification[] = targets.map((t) => ({
    deviceId: t.deviceId,
    walletId: t.walletId,
    provider: t.provider,
    message: pushMessage(byWallet.get(t.walletId)!, t.enableShowAmounts),
  }));
  const results = notifications.length ? await sender.send(notifications) : [];
  const summary: PushRequestSummary = { wallets: wallets.length + invalid.length, invalid: invalid.length, receiving: receiving.length, devices: targets.length, sent: 0, skipped: 0, failed: 0, removed: 0 };
  for (const r of results) {
    if (r.outcome === 'sent') summary.sent++;
    else if (r.outcome === 'skipped') summary.skipped++;
    else if (r.outcome === 'failed') {
      summary.failed++;
      app.log.warn('push notification failed', { walletId: r.walletId, error: r.error });
    } else if (await unregisterDevice(app.pool, r.walletId, r.deviceId)) summary.removed++;
  }
  const txIds = [...new Set(wallets.map((w) => w.txId))];
  app.log.info('push request handled', { ...summary, txIds, sender: sender.kind, durationMs: Math.round(performance.now() - started) });
  return summary;
}

let containerSender: Promise<PushSender> | undefined;

/** The invoked function. A failure to send at all throws, so the async invoke's own retries try again. */
export async function txPushRequested(event: unknown): Promise<PushRequestSummary | string> {
  if ((event as { source?: unknown } | null)?.source === 'serverless-plugin-warmup') return 'OK';
  const app = containerApp();
  containerSender ??= createPushSender(app.config, app.log).catch((err: unknown) => {
    containerSender = undefined;
    throw err;
  });
  return handlePushRequest(app, await containerSender, event);
}

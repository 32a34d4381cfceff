import { isDbOutage, type Logger } from '@wallet-service/common';
import type { SyncObserver } from './ops/contract';
import type { EventStore } from './sync/contract';

/**
 * One run of the timelock timer through the store (see EventStore.settleTimelocks). Like a batch's, an
 * outage is retried — here simply at the next tick, since nothing was committed and no event waits on it.
 */

/** Settling expired timelocks failed for a reason other than an outage (the next batch would fail too). */
export class SettleError extends Error {
  override name = 'SettleError';
  constructor(override readonly cause: unknown) {
    super(`settling expired timelocks failed: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

export interface SettleDeps {
  store: EventStore;
  observer: SyncObserver;
  log: Logger;
}

/** Resolves with a SettleError to stop on, or undefined (settled, nothing due, or an outage to retry). */
export async function settleOnce({ store, observer, log }: SettleDeps): Promise<SettleError | undefined> {
  const startedAt = performance.now();
  let result;
  try {
    result = await store.settleTimelocks();
  } catch (err) {
    if (isDbOutage(err)) {
      log.warn('settling expired timelocks failed (nothing committed); trying again later', { err });
      return undefined;
    }
    const error = new SettleError(err);
    log.error(error.message, { err });
    return error;
  }
  if (!result || result.unlocked === 0) return undefined;
  const durationMs = performance.now() - startedAt;
  log.info('expired timelocks settled', { unlocked: result.unlocked, bestHeight: result.bestHeight, now: result.now, durationMs });
  observer.timelocksSettled({ unlocked: result.unlocked, durationMs });
  return undefined;
}

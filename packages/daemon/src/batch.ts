import { isDbOutage, type Logger } from '@wallet-service/common';
import { createBackoff, sleep, type BackoffSettings } from './source/backoff';
import { countByType, type BatchResult, type EventStore, type StreamEvent, type StreamIdentity } from './sync/contract';

/**
 * Applying one batch through the store, with the only retry that is safe: a database outage, where the
 * store's transaction did not commit. If the connection died after COMMIT was sent, the batch may have
 * landed anyway, so before each retry the cursor is read again and a batch that is already committed is
 * not applied a second time.
 */

/** A batch failed for a reason other than an outage: the daemon stops and the log names the event. */
export class BatchError extends Error {
  override name = 'BatchError';
  constructor(
    readonly firstEventId: number,
    readonly lastEventId: number,
    /** The failing event, when the store said which one (an `eventId` on its error) or the batch has one. */
    readonly failedEvent: { id: number; type: string } | undefined,
    override readonly cause: unknown,
  ) {
    const at = failedEvent ? ` at event ${failedEvent.id} (${failedEvent.type})` : '';
    const range = firstEventId === lastEventId ? `event ${firstEventId}` : `events ${firstEventId}..${lastEventId}`;
    super(`applying ${range} failed${at}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

export function batchError(batch: readonly StreamEvent[], cause: unknown): BatchError {
  const first = batch[0].id;
  const last = batch[batch.length - 1].id;
  const named = (cause as { eventId?: unknown } | null)?.eventId;
  const failed =
    batch.length === 1 ? batch[0] : typeof named === 'number' ? batch.find((e) => e.id === named) : undefined;
  return new BatchError(first, last, failed && { id: failed.id, type: failed.type }, cause);
}


export interface ApplyOptions {
  store: EventStore;
  identity: StreamIdentity;
  log: Logger;
  retry: BackoffSettings;
  signal: AbortSignal;
  /** Called with a description while the database is out, and with undefined once it is back. */
  onOutage(detail: string | undefined): void;
}

/**
 * Resolves with the store's result, or null when stopped while waiting out an outage (nothing committed).
 * Rejects with a BatchError for anything that is not an outage.
 */
export async function applyWithRetry(batch: readonly StreamEvent[], opts: ApplyOptions): Promise<BatchResult | null> {
  const backoff = createBackoff(opts.retry);
  const last = batch[batch.length - 1].id;
  let outage = false;
  for (;;) {
    try {
      if (outage) {
        const cursor = await opts.store.readCursor();
        if (cursor && cursor.lastEventId >= last) {
          opts.log.warn('the batch was committed before the database connection was lost; not applying it again', {
            firstEventId: batch[0].id,
            lastEventId: last,
          });
          opts.onOutage(undefined);
          return { lastEventId: last, alerts: [], eventsByType: countByType(batch) };
        }
      }
      const result = await opts.store.applyBatch(batch, opts.identity);
      if (outage) opts.onOutage(undefined);
      return result;
    } catch (err) {
      if (!isDbOutage(err)) throw batchError(batch, err);
      outage = true;
      const delayMs = backoff.next();
      const message = (err as Error).message || (err as { code?: string }).code || String(err);
      opts.log.warn('database unreachable while applying a batch (nothing committed); retrying', {
        firstEventId: batch[0].id,
        lastEventId: last,
        attempt: backoff.attempts,
        delayMs,
        err,
      });
      opts.onOutage(`database unreachable: ${message}`);
      if (!(await sleep(delayMs, opts.signal))) return null;
    }
  }
}

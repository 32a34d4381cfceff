import type { Logger } from '@wallet-service/common';
import type { Alert, CacheReport, StageSeconds } from '../sync/contract';

/**
 * What the sync loop reports as it runs. The operations side (health endpoint, Prometheus metrics,
 * progress output, idle/stuck/storm monitors, alert delivery) implements it; the loop only calls it and
 * never waits on it, so a slow or broken alert queue can never stall syncing.
 */
export type SyncState =
  | 'initializing'
  | 'connecting'
  | 'streaming'
  | 'reconnecting'
  | 'stopping'
  | 'stopped'
  | 'error';

export interface BatchReport {
  firstEventId: number;
  lastEventId: number;
  size: number;
  eventsByType: Record<string, number>;
  /** Time spent planning and applying, and the COMMIT alone. */
  durationMs: number;
  commitMs: number;
  /** Seconds per stage, decode included (the frames of this batch). */
  stageSeconds: StageSeconds;
  cache?: CacheReport;
}

/** A timelock settle that unlocked something (settles that found nothing to unlock are not reported). */
export interface SettleReport {
  unlocked: number;
  durationMs: number;
}

export interface SyncObserver {
  stateChanged(state: SyncState, detail?: string): void;
  /** Every frame that decoded into an event, with the node's newest id from the envelope. */
  eventReceived(eventId: number, latestEventId: number): void;
  batchStarted(firstEventId: number, size: number): void;
  batchCommitted(report: BatchReport): void;
  reconnecting(attempt: number, delayMs: number, reason: string): void;
  timelocksSettled(report: SettleReport): void;
  /** Alerts are handed over only after the commit of the event that caused them. */
  alert(alert: Alert): void;
}

/** An observer that ignores everything (tools and tests that do not watch the loop). */
export const nullObserver: SyncObserver = {
  stateChanged: () => undefined,
  eventReceived: () => undefined,
  batchStarted: () => undefined,
  batchCommitted: () => undefined,
  reconnecting: () => undefined,
  timelocksSettled: () => undefined,
  alert: () => undefined,
};

/** The observer with every call guarded: whatever the observer does, its caller (the loop) never breaks. */
export function guardedObserver(observer: SyncObserver, log: Logger): SyncObserver {
  const wrap =
    <A extends unknown[]>(name: string, fn: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn(...args);
      } catch (err) {
        log.error('sync observer failed', { method: name, err });
      }
    };
  return {
    stateChanged: wrap('stateChanged', observer.stateChanged.bind(observer)),
    eventReceived: wrap('eventReceived', observer.eventReceived.bind(observer)),
    batchStarted: wrap('batchStarted', observer.batchStarted.bind(observer)),
    batchCommitted: wrap('batchCommitted', observer.batchCommitted.bind(observer)),
    reconnecting: wrap('reconnecting', observer.reconnecting.bind(observer)),
    timelocksSettled: wrap('timelocksSettled', observer.timelocksSettled.bind(observer)),
    alert: wrap('alert', observer.alert.bind(observer)),
  };
}

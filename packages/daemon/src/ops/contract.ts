import type { Alert } from '../sync/contract';

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
}

export interface SyncObserver {
  stateChanged(state: SyncState, detail?: string): void;
  /** Every frame that decoded into an event, with the node's newest id from the envelope. */
  eventReceived(eventId: number, latestEventId: number): void;
  batchStarted(firstEventId: number, size: number): void;
  batchCommitted(report: BatchReport): void;
  reconnecting(attempt: number, delayMs: number, reason: string): void;
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
  alert: () => undefined,
};

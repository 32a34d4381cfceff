import type { Logger } from '@wallet-service/common';
import type { Alert, Severity } from '../sync/contract';
import type { SyncState } from './contract';
import type { SyncTracker } from './tracker';

/**
 * Watches the loop for the three ways it can go quiet or thrash without failing outright, and raises an
 * alert for each. Unlike the upstream daemon it never kills the process on an idle stream (on a quiet
 * network that only produced restart loops): idleness is alerted once per episode and reported by the
 * health endpoint, which is where orchestration decides.
 */
export interface MonitorOptions {
  tracker: SyncTracker;
  alert: (alert: Alert) => void;
  log: Logger;
  idleTimeoutMs: number;
  idleSeverity: Severity;
  stuckTimeoutMs: number;
  stormThreshold: number;
  stormWindowMs: number;
  /** After a storm alert, no further storm alert for this long. */
  stormSuppressMs: number;
  now?: () => number;
}

export interface Monitor {
  stateChanged(state: SyncState): void;
  eventReceived(): void;
  batchStarted(firstEventId: number, size: number): void;
  batchCommitted(): void;
  reconnecting(): void;
  stop(): void;
}

export function createMonitor(o: MonitorOptions): Monitor {
  const now = o.now ?? Date.now;
  const log = o.log.child({ component: 'monitor' });
  let idleTimer: NodeJS.Timeout | null = null;
  let idleAlerted = false;
  let stuckTimer: NodeJS.Timeout | null = null;
  let reconnects: number[] = [];
  let lastStormAlertAt: number | null = null;

  const clearIdle = () => {
    if (idleTimer) clearInterval(idleTimer);
    idleTimer = null;
  };
  const clearStuck = () => {
    if (stuckTimer) clearTimeout(stuckTimer);
    stuckTimer = null;
  };

  const checkIdle = () => {
    const s = o.tracker.snapshot();
    if (s.state !== 'streaming' || s.lastActivityAt === null || idleAlerted) return;
    const quietMs = now() - s.lastActivityAt;
    if (quietMs < o.idleTimeoutMs) return;
    idleAlerted = true;
    log.warn('no event received while connected', { quietMs, lastEventId: s.lastEventId });
    o.alert({
      title: 'Daemon Idle — No Events Received',
      message: `No event arrived from the full node for ${Math.round(quietMs / 1000)} s while connected.`,
      severity: o.idleSeverity,
      metadata: { idle_ms: quietMs, last_event_id: s.lastEventId, latest_event_id: s.latestEventId },
    });
  };

  return {
    stateChanged(state) {
      if (state === 'streaming') {
        if (!idleTimer) {
          idleTimer = setInterval(checkIdle, Math.max(1, Math.floor(o.idleTimeoutMs / 2)));
          idleTimer.unref();
        }
      } else {
        // Idle means "connected but silent"; a batch that ends without a commit was rolled back.
        clearIdle();
        clearStuck();
        idleAlerted = false;
      }
    },
    eventReceived() {
      idleAlerted = false;
    },
    batchStarted(firstEventId, size) {
      clearStuck();
      const startedAt = now();
      stuckTimer = setTimeout(() => {
        stuckTimer = null;
        const elapsedMs = now() - startedAt;
        log.error('batch still in flight', { firstEventId, size, elapsedMs });
        o.alert({
          title: 'Daemon Stuck Processing',
          message: `A batch of ${size} event(s) starting at event ${firstEventId} has not committed after ${Math.round(elapsedMs / 1000)} s.`,
          severity: 'major',
          metadata: { first_event_id: firstEventId, batch_size: size, elapsed_ms: elapsedMs },
        });
      }, o.stuckTimeoutMs);
      stuckTimer.unref();
    },
    batchCommitted() {
      clearStuck();
    },
    reconnecting() {
      const t = now();
      reconnects = reconnects.filter((at) => at > t - o.stormWindowMs);
      reconnects.push(t);
      if (reconnects.length < o.stormThreshold) return;
      if (lastStormAlertAt !== null && t - lastStormAlertAt < o.stormSuppressMs) return;
      lastStormAlertAt = t;
      o.alert({
        title: 'Reconnection Storm',
        message: `${reconnects.length} reconnections to the full node within ${Math.round(o.stormWindowMs / 1000)} s.`,
        severity: 'major',
        metadata: { reconnections: reconnects.length, window_ms: o.stormWindowMs },
      });
    },
    stop() {
      clearIdle();
      clearStuck();
    },
  };
}

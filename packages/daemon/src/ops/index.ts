import type { Env, Logger } from '@wallet-service/common';
import type { Alert } from '../sync/contract';
import { placeholderCredentialsFor } from '@wallet-service/common';
import { createAlertSender, type AlertSender, type AlertSenderOptions } from './alerts';
import type { SyncObserver } from './contract';
import { createHealthServer, healthReport, type HealthLimits, type HealthReport } from './health';
import { createMetrics, type Metrics, type PoolStats } from './metrics';
import { createMonitor } from './monitor';
import { createPinger, type Pinger } from './ping';
import { createProgress, type ProgressOutput } from './progress';
import { gradeReorgAlert } from './reorg';
import { checkOpsConfig, reorgThresholds, type OpsConfig } from './settings';
import { createTracker } from './tracker';

export { gradeReorg, gradeReorgAlert } from './reorg';
export { opsSpec, checkOpsConfig, type OpsConfig } from './settings';
export type { HealthReport } from './health';
export type { PoolStats } from './metrics';

/** The alert sender the settings describe (also used by tools such as `verify`). */
export function alertSenderFor(
  c: OpsConfig & { NETWORK?: string },
  log: Logger,
  env: Env = process.env,
  onOutcome?: AlertSenderOptions['onOutcome'],
): AlertSender {
  return createAlertSender({
    queueUrl: c.ALERT_QUEUE_URL,
    endpoint: c.ALERT_SQS_ENDPOINT,
    region: c.AWS_REGION,
    environment: c.ENVIRONMENT ?? c.NETWORK ?? 'unknown',
    application: c.APPLICATION_NAME,
    retries: c.ALERT_SEND_RETRIES,
    retryDelayMs: c.ALERT_RETRY_DELAY_MS,
    bufferSize: c.ALERT_BUFFER_SIZE,
    credentials: placeholderCredentialsFor(c.ALERT_SQS_ENDPOINT, env),
    log,
    onOutcome,
  });
}

export interface OpsDeps {
  /** The ops settings; NETWORK (from the daemon's config) is the alert environment unless ENVIRONMENT is set. */
  config: OpsConfig & { NETWORK?: string };
  log: Logger;
  /** Database pool use, read at every metrics scrape (or push it with metrics.setPoolStats). */
  poolStats?: () => PoolStats;
  /** Where the live progress bar goes when it is a terminal; default process.stdout. */
  stdout?: ProgressOutput;
  /** Consulted only for AWS_ACCESS_KEY_ID (placeholder credentials for a loopback SQS endpoint). */
  env?: Env;
  /** How long stop() waits for queued alerts to go out; default 5 s. */
  alertFlushMs?: number;
  /** Collect process metrics (CPU, memory, event loop); default true. */
  processMetrics?: boolean;
}

export interface Ops {
  /** Hand this to the sync loop. Its methods never throw and never wait. */
  observer: SyncObserver;
  /** Opens the health/metrics server (rejects naming the port if taken) and starts the timers. */
  start(): Promise<void>;
  /** Stops timers, flushes queued alerts for a bounded time, closes the server. Idempotent. */
  stop(): Promise<void>;
  health(): HealthReport;
  metrics: Metrics;
  alerts: AlertSender;
  /** Port the health server listens on (after start). */
  port(): number;
}

/**
 * The operations side of the daemon: one tracker of the loop's progress feeding health, metrics,
 * progress output and the idle/stuck/storm monitors; alerts graded (reorg size) and queued for SQS.
 */
export function createOps(deps: OpsDeps): Ops {
  const { config: c } = deps;
  checkOpsConfig(c);
  const log = deps.log.child({ component: 'ops' });
  const tracker = createTracker();
  const metrics = createMetrics({ tracker, poolStats: deps.poolStats, defaultMetrics: deps.processMetrics });
  const alerts = alertSenderFor(c, deps.log, deps.env ?? process.env, metrics.alertOutcome);
  const thresholds = reorgThresholds(c);
  const raise = (alert: Alert) => {
    const graded = gradeReorgAlert(alert, thresholds);
    if (graded) alerts.send(graded);
  };
  const monitor = createMonitor({
    tracker,
    alert: raise,
    log: deps.log,
    idleTimeoutMs: c.IDLE_EVENT_TIMEOUT_MS,
    idleSeverity: c.IDLE_EVENT_SEVERITY,
    stuckTimeoutMs: c.STUCK_PROCESSING_TIMEOUT_MS,
    stormThreshold: c.RECONNECTION_STORM_THRESHOLD,
    stormWindowMs: c.RECONNECTION_STORM_WINDOW_MS,
    stormSuppressMs: c.RECONNECTION_STORM_SUPPRESS_MS,
  });
  const limits: HealthLimits = {
    maxDisconnectedMs: c.HEALTH_MAX_DISCONNECTED_MS,
    stuckMs: c.HEALTH_STUCK_MS,
    idleMs: c.IDLE_EVENT_TIMEOUT_MS,
  };
  const health = () => healthReport(tracker, limits);
  const server = createHealthServer({ port: c.HEALTH_PORT, tracker, limits, metrics, log: deps.log });
  const progress = createProgress({ tracker, intervalMs: c.PROGRESS_INTERVAL_MS, log: deps.log, out: deps.stdout });
  const pinger: Pinger | null =
    c.HEALTHCHECK_ENABLED && c.HEALTHCHECK_SERVER_URL
      ? createPinger({
          url: c.HEALTHCHECK_SERVER_URL,
          apiKey: c.HEALTHCHECK_SERVER_API_KEY,
          intervalMs: c.HEALTHCHECK_PING_INTERVAL,
          healthy: () => health().healthy,
          log: deps.log,
        })
      : null;

  /** The loop must never see an exception from its observer. */
  const guarded =
    <A extends unknown[]>(name: string, fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (err) {
        log.error('observer failed', { hook: name, err });
      }
    };

  const observer: SyncObserver = {
    stateChanged: guarded('stateChanged', (state, detail) => {
      tracker.stateChanged(state, detail);
      monitor.stateChanged(state);
      log.debug('sync state', { state, detail });
    }),
    eventReceived: guarded('eventReceived', (eventId, latestEventId) => {
      tracker.eventReceived(eventId, latestEventId);
      monitor.eventReceived();
    }),
    batchStarted: guarded('batchStarted', (firstEventId, size) => {
      tracker.batchStarted(firstEventId, size);
      monitor.batchStarted(firstEventId, size);
    }),
    batchCommitted: guarded('batchCommitted', (report) => {
      tracker.batchCommitted(report);
      monitor.batchCommitted();
      metrics.batchCommitted(report);
    }),
    reconnecting: guarded('reconnecting', () => {
      monitor.reconnecting();
      metrics.reconnecting();
    }),
    timelocksSettled: guarded('timelocksSettled', (report) => metrics.timelocksSettled(report)),
    alert: guarded('alert', raise),
  };

  let stopped: Promise<void> | null = null;
  return {
    observer,
    async start() {
      await server.start();
      progress.start();
      pinger?.start();
    },
    stop() {
      stopped ??= (async () => {
        progress.stop();
        pinger?.stop();
        monitor.stop();
        await alerts.close(deps.alertFlushMs ?? 5_000);
        await server.stop();
      })();
      return stopped;
    },
    health,
    metrics,
    alerts,
    port: () => server.port(),
  };
}

import { SendMessageCommand, type SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import type { Logger } from '@wallet-service/common';
import type { Alert, Severity } from '../sync/contract';
import { createSqsClient } from './sqs';

/**
 * Alert delivery to an SQS queue. `send` only appends to a bounded in-memory queue and returns: one
 * worker delivers alerts in order, retrying each a bounded number of times with exponential backoff.
 * Nothing here ever throws into the caller or makes it wait, so a slow or unreachable queue can never
 * stall syncing; undeliverable alerts are logged and counted. Without a queue URL alerts are only logged.
 */
export interface AlertSenderOptions {
  queueUrl?: string;
  /** Endpoint override for SQS-compatible servers. */
  endpoint?: string;
  region: string;
  environment: string;
  application: string;
  /** Attempts after the first one. */
  retries: number;
  /** Delay before the first retry; doubles on each further retry. */
  retryDelayMs: number;
  /** Alerts waiting beyond this many are dropped, oldest first. */
  bufferSize: number;
  /** Per-request time limit (connection and response). */
  requestTimeoutMs?: number;
  credentials?: SQSClientConfig['credentials'];
  log: Logger;
  onOutcome?: (outcome: AlertOutcome, alert: Alert) => void;
}

export type AlertOutcome = 'sent' | 'failed' | 'dropped' | 'logged';

export interface AlertStats {
  sent: number;
  failed: number;
  dropped: number;
  /** Only logged (no queue configured). */
  logged: number;
  /** Delivery attempts made, including retries. */
  attempts: number;
  pending: number;
}

export interface AlertSender {
  send(alert: Alert): void;
  stats(): AlertStats;
  /** Resolves true once every queued alert is delivered or given up, false if `timeoutMs` ran out first. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Flushes for at most `timeoutMs`, then stops delivering and releases the client. */
  close(timeoutMs: number): Promise<void>;
}

export interface AlertBody {
  title: string;
  message: string;
  severity: Severity;
  metadata: Record<string, unknown>;
  environment: string;
  application: string;
}

const MAX_BACKOFF_MS = 30_000;

const LOG_LEVEL: Record<Severity, 'error' | 'warn' | 'info'> = {
  critical: 'error',
  major: 'error',
  medium: 'warn',
  minor: 'warn',
  warning: 'warn',
  info: 'info',
};

/** Alert metadata may carry bigint values (amounts): written as strings, readable by any JSON consumer. */
const bigintAsString = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

export function alertBody(alert: Alert, environment: string, application: string): string {
  const body: AlertBody = {
    title: alert.title,
    message: alert.message,
    severity: alert.severity,
    metadata: alert.metadata ?? {},
    environment,
    application,
  };
  return JSON.stringify(body, bigintAsString);
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export function createAlertSender(o: AlertSenderOptions): AlertSender {
  const log = o.log.child({ component: 'alerts' });
  const client =
    o.queueUrl === undefined
      ? null
      : createSqsClient({ region: o.region, endpoint: o.endpoint, credentials: o.credentials, requestTimeoutMs: o.requestTimeoutMs });
  const queue: Alert[] = [];
  const stats: AlertStats = { sent: 0, failed: 0, dropped: 0, logged: 0, attempts: 0, pending: 0 };
  let working = false;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const outcome = (what: AlertOutcome, alert: Alert) => {
    stats[what]++;
    try {
      o.onOutcome?.(what, alert);
    } catch (err) {
      log.warn('alert outcome hook failed', { err });
    }
  };

  async function deliver(alert: Alert, sqs: SQSClient, queueUrl: string): Promise<void> {
    const body = alertBody(alert, o.environment, o.application);
    for (let attempt = 0; attempt <= o.retries; attempt++) {
      if (closed && attempt > 0) break;
      stats.attempts++;
      try {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
        outcome('sent', alert);
        return;
      } catch (err) {
        const last = attempt === o.retries;
        log.warn('alert delivery attempt failed', { title: alert.title, attempt: attempt + 1, err, willRetry: !last });
        if (!last) await sleep(Math.min(MAX_BACKOFF_MS, o.retryDelayMs * 2 ** attempt));
      }
    }
    log.error('alert could not be delivered', { title: alert.title, severity: alert.severity, queueUrl });
    outcome('failed', alert);
  }

  async function work(sqs: SQSClient, queueUrl: string): Promise<void> {
    working = true;
    try {
      while (queue.length > 0 && !closed) {
        const alert = queue.shift() as Alert;
        await deliver(alert, sqs, queueUrl);
      }
    } finally {
      working = false;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  async function flush(timeoutMs: number): Promise<boolean> {
    if (!working && queue.length === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<boolean>((resolve) => idleWaiters.push(() => resolve(true)));
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    return done;
  }

  return {
    send(alert) {
      try {
        log[LOG_LEVEL[alert.severity] ?? 'warn']('alert', {
          title: alert.title,
          severity: alert.severity,
          alertMessage: alert.message,
          metadata: alert.metadata,
        });
        if (client === null || o.queueUrl === undefined) {
          outcome('logged', alert);
          return;
        }
        if (closed) {
          outcome('dropped', alert);
          return;
        }
        queue.push(alert);
        while (queue.length > o.bufferSize) {
          const dropped = queue.shift() as Alert;
          log.error('alert buffer full: dropping the oldest alert', { title: dropped.title, bufferSize: o.bufferSize });
          outcome('dropped', dropped);
        }
        // work() does not reject: deliver() catches every failed send and counts the alert as failed.
        if (!working) void work(client, o.queueUrl);
      } catch (err) {
        log.error('alert could not be queued', { err });
      }
    },
    stats: () => ({ ...stats, pending: queue.length + (working ? 1 : 0) }),
    flush,
    async close(timeoutMs) {
      const done = await flush(timeoutMs);
      closed = true;
      if (!done) log.error('stopping with undelivered alerts', { undelivered: queue.length + (working ? 1 : 0) });
      for (const alert of queue.splice(0)) outcome('dropped', alert);
      client?.destroy();
    },
  };
}

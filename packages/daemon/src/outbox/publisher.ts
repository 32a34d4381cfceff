import { selectRows, type Logger, type Pool } from '@wallet-service/common';
import { createBackoff, sleep, type BackoffSettings } from '../source/backoff';
import type { PendingRow, Sink } from './sinks';
import type { Channel } from './write';

/**
 * The read side of the outbox: after each commit (and at start, for what a previous process left), every
 * channel drains its rows in id order — commit order — to its destination, deleting each row once the
 * destination accepted it. A failure (destination down, database down) keeps the rows and retries with
 * capped backoff, so nothing is lost; a crash between the send and the delete resends, so delivery is
 * at least once and consumers dedupe on the notification id. Each channel drains on its own, so an
 * unreachable push endpoint never delays the websocket queue.
 */
export interface OutboxHooks {
  published(channel: Channel, latenciesSeconds: number[]): void;
  /** One failed publish attempt (the rows stay and are retried). */
  failed(channel: Channel): void;
  depth(channel: Channel, rows: number): void;
}

export interface PublisherOptions {
  pool: Pool;
  sinks: Sink[];
  log: Logger;
  retry: BackoffSettings;
  hooks?: OutboxHooks;
  /** Injectable for latency measurements in tests. */
  nowMs?: () => number;
}

export interface Publisher {
  start(): void;
  /** Something was committed: drain again. Never throws, never waits. */
  wake(): void;
  /** Stops after the request in flight; rows not yet deleted stay for the next start. */
  stop(): Promise<void>;
}

const PAGE = 200;
const DEPTH_EVERY_MS = 1_000;

class SendFailed extends Error {
  override name = 'SendFailed';
}

export function createPublisher(o: PublisherOptions): Publisher {
  const log = o.log.child({ component: 'outbox' });
  const now = o.nowMs ?? Date.now;
  const stopper = new AbortController();
  const workers: Promise<void>[] = [];

  function worker(sink: Sink) {
    const backoff = createBackoff(o.retry);
    let woken = true;
    let notify: (() => void) | undefined;
    let lastDepthAt = 0;

    const refreshDepth = async (force: boolean) => {
      if (!o.hooks || (!force && now() - lastDepthAt < DEPTH_EVERY_MS)) return;
      lastDepthAt = now();
      const [row] = await selectRows<{ n: number }>(o.pool, 'SELECT COUNT(*) AS n FROM notification_outbox WHERE channel = ?', [sink.channel]);
      o.hooks.depth(sink.channel, Number(row?.n ?? 0));
    };

    const drain = async () => {
      for (;;) {
        if (stopper.signal.aborted) return;
        const rows = await selectRows<{ id: number | string; notification_id: string; body: string; created_at_ms: number | string }>(
          o.pool,
          'SELECT id, notification_id, body, created_at_ms FROM notification_outbox WHERE channel = ? ORDER BY id LIMIT ?',
          [sink.channel, PAGE],
        );
        if (rows.length === 0) return;
        const pending: PendingRow[] = rows.map((r) => ({
          id: Number(r.id),
          notificationId: r.notification_id,
          body: r.body,
          createdAtMs: Number(r.created_at_ms),
        }));
        for (const chunk of sink.chunk(pending)) {
          if (stopper.signal.aborted) return;
          const result = await sink.send(chunk);
          if (result.accepted.length > 0) {
            await o.pool.query('DELETE FROM notification_outbox WHERE id IN (?)', [result.accepted]);
            const at = now();
            const accepted = new Set(result.accepted);
            o.hooks?.published(sink.channel, chunk.filter((r) => accepted.has(r.id)).map((r) => Math.max(0, at - r.createdAtMs) / 1000));
          }
          if (result.failed.length > 0) {
            throw new SendFailed(`${result.failed.length} of ${chunk.length} rejected: ${result.failed[0].reason}`);
          }
          await refreshDepth(false);
        }
      }
    };

    const run = async () => {
      while (!stopper.signal.aborted) {
        if (!woken) {
          await new Promise<void>((resolve) => {
            const onAbort = () => resolve();
            notify = () => {
              stopper.signal.removeEventListener('abort', onAbort);
              resolve();
            };
            stopper.signal.addEventListener('abort', onAbort, { once: true });
          });
          notify = undefined;
          continue;
        }
        woken = false;
        try {
          await drain();
          backoff.reset();
          await refreshDepth(true);
        } catch (err) {
          woken = true;
          o.hooks?.failed(sink.channel);
          const delayMs = backoff.next();
          log.warn('publishing notifications failed; retrying', { channel: sink.channel, attempt: backoff.attempts, delayMs, err });
          await refreshDepth(false).catch(() => undefined);
          await sleep(delayMs, stopper.signal);
        }
      }
    };

    return {
      wake() {
        woken = true;
        notify?.();
      },
      run,
    };
  }

  const running = o.sinks.map((sink) => ({ sink, w: worker(sink) }));
  let started = false;

  return {
    start() {
      if (started) return;
      started = true;
      for (const { w } of running) workers.push(w.run());
      log.info('publishing notifications', { channels: o.sinks.map((s) => s.channel) });
    },
    wake() {
      for (const { w } of running) w.wake();
    },
    async stop() {
      stopper.abort();
      await Promise.all(workers);
      for (const { sink } of running) sink.close();
    },
  };
}

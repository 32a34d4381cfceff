import type { Logger } from '@wallet-service/common';

/**
 * Periodic liveness ping to an external health-check service (HEALTHCHECK_* settings, as the upstream
 * daemon has): POST `{}` with an `X-Api-Key` header. Pings are skipped while the daemon is unhealthy, so
 * the external service notices a stuck or disconnected daemon, not only a dead one. Failures are logged.
 */
export interface PingerOptions {
  url: string;
  apiKey?: string;
  intervalMs: number;
  healthy: () => boolean;
  log: Logger;
  /** Per-request time limit; default: the interval (at most 10 s). */
  timeoutMs?: number;
}

export interface Pinger {
  start(): void;
  stop(): void;
  /** One ping now (also what each tick does); resolves to whether the service accepted it. */
  ping(): Promise<boolean>;
}

export function createPinger(o: PingerOptions): Pinger {
  const log = o.log.child({ component: 'healthcheck-ping' });
  let timer: NodeJS.Timeout | null = null;
  let inFlight = false;

  const ping = async (): Promise<boolean> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (o.apiKey !== undefined) headers['x-api-key'] = o.apiKey;
    try {
      const res = await fetch(o.url, {
        method: 'POST',
        headers,
        body: '{}',
        signal: AbortSignal.timeout(o.timeoutMs ?? Math.min(o.intervalMs, 10_000)),
      });
      await res.arrayBuffer();
      if (res.status >= 400) {
        log.warn('health-check service refused the ping', { status: res.status, url: o.url });
        return false;
      }
      return true;
    } catch (err) {
      log.warn('health-check ping failed', { err, url: o.url });
      return false;
    }
  };

  const tick = () => {
    if (inFlight) return;
    if (!o.healthy()) {
      log.debug('unhealthy: health-check ping skipped');
      return;
    }
    inFlight = true;
    // ping() never rejects: a failed ping is logged and resolves to false.
    void ping().finally(() => {
      inFlight = false;
    });
  };

  return {
    start() {
      if (timer) return;
      timer = setInterval(tick, o.intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    ping,
  };
}

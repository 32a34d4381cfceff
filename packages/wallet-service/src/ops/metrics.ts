import { executeWrite, selectRows, type Logger, type Queryable } from '@wallet-service/common';

/**
 * Request counts and latencies per route. Each Lambda container counts in memory and adds its counts to
 * api_route_stats at most every METRICS_FLUSH_INTERVAL_MS (on the request that finds the interval over:
 * a Lambda has no background timers), so GET /metrics can report the whole API.
 */
export const BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000] as const;
/** le_ms of the +Inf bucket. */
export const INF_BUCKET = 4_294_967_295;

interface Cell {
  count: number;
  sumMs: number;
}

export interface RouteMetrics {
  observe(route: string, status: number, ms: number): void;
  /** Writes pending counts if the flush interval has passed (or `force`); never throws. */
  flush(db: Queryable, nowMs: number, force?: boolean): Promise<void>;
}

const bucketOf = (ms: number) => BUCKETS_MS.find((b) => ms <= b) ?? INF_BUCKET;

export function createRouteMetrics(intervalMs: number, log: Logger): RouteMetrics {
  let pending = new Map<string, Cell>();
  let lastFlush = 0;
  return {
    observe(route, status, ms) {
      const key = `${route}\u0000${status}\u0000${bucketOf(ms)}`;
      const cell = pending.get(key) ?? { count: 0, sumMs: 0 };
      cell.count += 1;
      cell.sumMs += ms;
      pending.set(key, cell);
    },
    async flush(db, nowMs, force = false) {
      if (pending.size === 0 || (!force && nowMs - lastFlush < intervalMs)) return;
      const rows = [...pending].map(([key, c]) => {
        const [route, status, le] = key.split('\u0000');
        return [route, Number(status), Number(le), c.count, c.sumMs];
      });
      const taken = pending;
      pending = new Map();
      lastFlush = nowMs;
      try {
        await executeWrite(
          db,
          'INSERT INTO api_route_stats (route, status, le_ms, count, sum_ms) VALUES ? ' +
            'ON DUPLICATE KEY UPDATE count = count + VALUES(count), sum_ms = sum_ms + VALUES(sum_ms)',
          [rows],
        );
      } catch (err) {
        // Counts are not worth failing a request over; keep them for the next attempt.
        for (const [key, c] of taken) {
          const cell = pending.get(key) ?? { count: 0, sumMs: 0 };
          pending.set(key, { count: cell.count + c.count, sumMs: cell.sumMs + c.sumMs });
        }
        log.warn('route metrics not flushed', { err });
      }
    },
  };
}

interface StatRow {
  route: string;
  status: number;
  le_ms: number;
  count: string;
  sum_ms: number;
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const seconds = (ms: number) => String(ms / 1000);

/** Prometheus text for the stored counts: a counter by (route, status) and a latency histogram by route. */
export async function renderRouteStats(db: Queryable): Promise<string[]> {
  const rows = await selectRows<StatRow>(db, 'SELECT route, status, le_ms, count, sum_ms FROM api_route_stats ORDER BY route, status, le_ms');
  const byStatus = new Map<string, number>();
  const byRoute = new Map<string, { buckets: Map<number, number>; count: number; sumMs: number }>();
  for (const r of rows) {
    const n = Number(r.count);
    const sk = `${r.route}\u0000${r.status}`;
    byStatus.set(sk, (byStatus.get(sk) ?? 0) + n);
    const h = byRoute.get(r.route) ?? { buckets: new Map(), count: 0, sumMs: 0 };
    h.buckets.set(r.le_ms, (h.buckets.get(r.le_ms) ?? 0) + n);
    h.count += n;
    h.sumMs += r.sum_ms;
    byRoute.set(r.route, h);
  }
  const out = [
    '# HELP wallet_api_requests_total Requests the wallet API answered, by route and HTTP status.',
    '# TYPE wallet_api_requests_total counter',
  ];
  for (const [key, n] of byStatus) {
    const [route, status] = key.split('\u0000');
    out.push(`wallet_api_requests_total{route="${esc(route)}",status="${status}"} ${n}`);
  }
  out.push(
    '# HELP wallet_api_request_duration_seconds Time from the request reaching the handler to its answer, by route.',
    '# TYPE wallet_api_request_duration_seconds histogram',
  );
  for (const [route, h] of byRoute) {
    let cumulative = 0;
    for (const b of BUCKETS_MS) {
      cumulative += h.buckets.get(b) ?? 0;
      out.push(`wallet_api_request_duration_seconds_bucket{route="${esc(route)}",le="${seconds(b)}"} ${cumulative}`);
    }
    out.push(`wallet_api_request_duration_seconds_bucket{route="${esc(route)}",le="+Inf"} ${h.count}`);
    out.push(`wallet_api_request_duration_seconds_sum{route="${esc(route)}"} ${seconds(h.sumMs)}`);
    out.push(`wallet_api_request_duration_seconds_count{route="${esc(route)}"} ${h.count}`);
  }
  return out;
}

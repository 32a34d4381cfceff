import { selectRows } from '@wallet-service/common';
import { z } from 'zod';
import { Reply } from '../../http/response';
import { defineRoute } from '../../http/route';
import { renderRouteStats } from '../../ops/metrics';
import { readBestBlock, readSyncPoint } from '../../data/sync';

/** GET /metrics: Prometheus text — requests and latencies per route (all containers), sync position, wallets. */
export const metrics = defineRoute({
  name: 'metrics',
  method: 'GET',
  path: '/metrics',
  summary: 'Prometheus metrics: requests and latency per route, sync position, wallets by status',
  auth: 'none',
  db: 'none',
  query: z.strictObject({}),
  response: z.string(),
  async run({ app, now }) {
    await app.metrics.flush(app.pool, Date.now(), true);
    const [routes, best, point, wallets] = await Promise.all([
      renderRouteStats(app.pool),
      readBestBlock(app.pool),
      readSyncPoint(app.pool),
      selectRows<{ status: string; n: number }>(app.pool, 'SELECT status, COUNT(*) AS n FROM wallet GROUP BY status'),
    ]);
    const network = app.config.NETWORK;
    const lines = [
      ...routes,
      '# HELP wallet_api_best_block_height Height of the best block in the database.',
      '# TYPE wallet_api_best_block_height gauge',
      `wallet_api_best_block_height{network="${network}"} ${best?.height ?? -1}`,
      '# HELP wallet_api_last_event_id Last full-node event whose effects the database holds.',
      '# TYPE wallet_api_last_event_id gauge',
      `wallet_api_last_event_id{network="${network}"} ${point?.lastEventId ?? -1}`,
      '# HELP wallet_api_seconds_since_last_commit Seconds since the sync daemon last committed.',
      '# TYPE wallet_api_seconds_since_last_commit gauge',
      `wallet_api_seconds_since_last_commit{network="${network}"} ${point ? Math.max(0, now - point.committedAt) : -1}`,
      '# HELP wallet_api_wallets Wallets by load status.',
      '# TYPE wallet_api_wallets gauge',
      ...['creating', 'ready', 'error'].map((s) => `wallet_api_wallets{status="${s}"} ${Number(wallets.find((w) => w.status === s)?.n ?? 0)}`),
    ];
    return new Reply(200, `${lines.join('\n')}\n`, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' });
  },
});

import { silentLogger } from '@wallet-service/common';
import { createOps, type Ops } from '../index';
import { freePort, opsConfig } from './support';

/** The value of one sample line of a Prometheus text exposition, e.g. `name{label="x"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let ops: Ops;
  let scrape: () => Promise<string>;
  let pool = { used: 2, free: 8, queued: 0 };

  beforeEach(async () => {
    const port = await freePort();
    ops = createOps({ config: opsConfig({ HEALTH_PORT: String(port) }), log: silentLogger, poolStats: () => pool });
    await ops.start();
    scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  });
  afterEach(() => ops.stop());

  it('counts events by type, batch sizes, durations, reconnects, timelock settles and alerts after observer calls', async () => {
    const o = ops.observer;
    o.stateChanged('streaming');
    o.eventReceived(1, 500);
    o.batchStarted(1, 100);
    o.batchCommitted({ firstEventId: 1, lastEventId: 100, size: 100, eventsByType: { NEW_VERTEX_ACCEPTED: 60, VERTEX_METADATA_CHANGED: 40 }, durationMs: 250, commitMs: 20, stageSeconds: { decode: 0.01, load: 0.05, plan: 0.1, write: 0.07, recount: 0.01, commit: 0.02 } });
    o.batchStarted(101, 10);
    o.batchCommitted({ firstEventId: 101, lastEventId: 110, size: 10, eventsByType: { NEW_VERTEX_ACCEPTED: 10 }, durationMs: 30, commitMs: 2, stageSeconds: { decode: 0.002, plan: 0.02, commit: 0.002 } });
    o.reconnecting(1, 100, 'closed');
    o.reconnecting(2, 200, 'closed');
    o.timelocksSettled({ unlocked: 3, durationMs: 12 });
    o.timelocksSettled({ unlocked: 1, durationMs: 4 });
    o.alert({ title: 'x', message: 'y', severity: 'warning' });

    const text = await scrape();
    expect(sample(text, 'daemon_events_processed_total{type="NEW_VERTEX_ACCEPTED"}')).toBe(70);
    expect(sample(text, 'daemon_events_processed_total{type="VERTEX_METADATA_CHANGED"}')).toBe(40);
    expect(sample(text, 'daemon_batch_size_events_count')).toBe(2);
    expect(sample(text, 'daemon_batch_size_events_sum')).toBe(110);
    expect(sample(text, 'daemon_batch_size_events_bucket{le="10"}')).toBe(1);
    expect(sample(text, 'daemon_batch_duration_seconds_sum')).toBeCloseTo(0.28);
    expect(sample(text, 'daemon_commit_duration_seconds_count')).toBe(2);
    expect(sample(text, 'daemon_stage_seconds_total{stage="decode"}')).toBeCloseTo(0.012);
    expect(sample(text, 'daemon_stage_seconds_total{stage="load"}')).toBeCloseTo(0.05);
    expect(sample(text, 'daemon_stage_seconds_total{stage="plan"}')).toBeCloseTo(0.12);
    expect(sample(text, 'daemon_stage_seconds_total{stage="write"}')).toBeCloseTo(0.07);
    expect(sample(text, 'daemon_stage_seconds_total{stage="recount"}')).toBeCloseTo(0.01);
    expect(sample(text, 'daemon_stage_seconds_total{stage="commit"}')).toBeCloseTo(0.022);
    expect(sample(text, 'daemon_reconnects_total')).toBe(2);
    expect(sample(text, 'daemon_timelock_settles_total')).toBe(2);
    expect(sample(text, 'daemon_timelock_outputs_unlocked_total')).toBe(4);
    expect(sample(text, 'daemon_alerts_total{outcome="logged",severity="warning"}')).toBe(1);
    expect(sample(text, 'daemon_last_event_id')).toBe(110);
    expect(sample(text, 'daemon_latest_event_id')).toBe(500);
    expect(sample(text, 'daemon_lag_events')).toBe(390);
    expect(sample(text, 'daemon_lag_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'daemon_events_per_second')).toBeGreaterThan(0);
    expect(sample(text, 'daemon_state{state="streaming"}')).toBe(1);
    expect(sample(text, 'daemon_state{state="error"}')).toBe(0);
  });

  it('exposes the outbox: depth, publish latency and published count per channel, failures', async () => {
    const { outbox } = ops.metrics;
    outbox.depth('new-tx', 7);
    outbox.depth('push', 0);
    outbox.published('new-tx', [0.02, 0.3, 4]);
    outbox.published('push', [0.5]);
    outbox.failed('new-tx');
    outbox.failed('new-tx');
    const text = await scrape();
    expect(sample(text, 'daemon_outbox_depth{channel="new-tx"}')).toBe(7);
    expect(sample(text, 'daemon_outbox_depth{channel="push"}')).toBe(0);
    expect(sample(text, 'daemon_outbox_published_total{channel="new-tx"}')).toBe(3);
    expect(sample(text, 'daemon_outbox_published_total{channel="push"}')).toBe(1);
    expect(sample(text, 'daemon_outbox_publish_latency_seconds_count{channel="new-tx"}')).toBe(3);
    expect(sample(text, 'daemon_outbox_publish_latency_seconds_sum{channel="new-tx"}')).toBeCloseTo(4.32);
    expect(sample(text, 'daemon_outbox_publish_latency_seconds_bucket{le="0.5",channel="new-tx"}')).toBe(2);
    expect(sample(text, 'daemon_outbox_publish_failures_total{channel="new-tx"}')).toBe(2);
  });

  it('reads database pool use at each scrape', async () => {
    expect(sample(await scrape(), 'daemon_db_pool_connections{state="used"}')).toBe(2);
    pool = { used: 9, free: 1, queued: 4 };
    const text = await scrape();
    expect(sample(text, 'daemon_db_pool_connections{state="used"}')).toBe(9);
    expect(sample(text, 'daemon_db_pool_connections{state="free"}')).toBe(1);
    expect(sample(text, 'daemon_db_pool_connections{state="queued"}')).toBe(4);
  });

  it('includes process metrics', async () => {
    const text = await scrape();
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });
});

describe('metrics without a pool function', () => {
  it('exposes pool use pushed with setPoolStats', async () => {
    const ops = createOps({ config: opsConfig(), log: silentLogger, processMetrics: false });
    expect(await ops.metrics.render()).not.toMatch(/daemon_db_pool_connections\{/);
    ops.metrics.setPoolStats({ used: 3, free: 7, queued: 1 });
    expect(sample(await ops.metrics.render(), 'daemon_db_pool_connections{state="queued"}')).toBe(1);
    await ops.stop();
  });
});

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { STAGES, type Alert } from '../sync/contract';
import type { OutboxHooks } from '../outbox/publisher';
import type { AlertOutcome } from './alerts';
import type { BatchReport, SettleReport, SyncState } from './contract';
import type { SyncTracker } from './tracker';

/** Connections of the database pool, as the pool reports them. */
export interface PoolStats {
  used: number;
  free: number;
  queued: number;
}

export interface MetricsOptions {
  tracker: SyncTracker;
  /** Read at every scrape; setPoolStats is the push alternative. */
  poolStats?: () => PoolStats;
  /** Process metrics (CPU, memory, event loop); off in tests that build many registries. */
  defaultMetrics?: boolean;
}

export interface Metrics {
  registry: Registry;
  batchCommitted(report: BatchReport): void;
  reconnecting(): void;
  timelocksSettled(report: SettleReport): void;
  alertOutcome(outcome: AlertOutcome, alert: Alert): void;
  setPoolStats(stats: PoolStats): void;
  /** The notification outbox's publisher reports here. */
  outbox: OutboxHooks;
  /** Prometheus text exposition. */
  render(): Promise<string>;
  contentType: string;
}

const STATES: readonly SyncState[] = ['initializing', 'connecting', 'streaming', 'reconnecting', 'stopping', 'stopped', 'error'];

export function createMetrics(o: MetricsOptions): Metrics {
  const registry = new Registry();
  if (o.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const { tracker } = o;
  let pushedPool: PoolStats | null = null;

  const eventsProcessed = new Counter({
    name: 'daemon_events_processed_total',
    help: 'Events committed, by full-node event type',
    labelNames: ['type'],
    registers,
  });
  new Gauge({
    name: 'daemon_events_per_second',
    help: 'Committed events per second over the last 30 s',
    registers,
    collect() {
      this.set(tracker.eventsPerSecond());
    },
  });
  new Gauge({
    name: 'daemon_last_event_id',
    help: 'Id of the last committed event',
    registers,
    collect() {
      const id = tracker.snapshot().lastEventId;
      if (id !== null) this.set(id);
    },
  });
  new Gauge({
    name: 'daemon_latest_event_id',
    help: "The full node's newest event id",
    registers,
    collect() {
      const id = tracker.snapshot().latestEventId;
      if (id !== null) this.set(id);
    },
  });
  new Gauge({
    name: 'daemon_lag_events',
    help: "Events behind the full node's latest_event_id",
    registers,
    collect() {
      const lag = tracker.lag();
      if (lag !== null) this.set(lag);
    },
  });
  new Gauge({
    name: 'daemon_lag_seconds',
    help: 'Estimated time to catch up at the current rate (NaN while stalled behind)',
    registers,
    collect() {
      const s = tracker.lagSeconds();
      this.set(s === null ? NaN : s);
    },
  });
  new Gauge({
    name: 'daemon_state',
    help: 'Current sync state (1 for the state the loop is in)',
    labelNames: ['state'],
    registers,
    collect() {
      const current = tracker.snapshot().state;
      for (const state of STATES) this.set({ state }, state === current ? 1 : 0);
    },
  });
  const batchSize = new Histogram({
    name: 'daemon_batch_size_events',
    help: 'Events per committed batch',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
    registers,
  });
  const batchDuration = new Histogram({
    name: 'daemon_batch_duration_seconds',
    help: 'Time to plan and apply a batch, commit included',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const commitDuration = new Histogram({
    name: 'daemon_commit_duration_seconds',
    help: 'Time of the COMMIT of a batch',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers,
  });
  const stageTime = new Counter({
    name: 'daemon_stage_seconds_total',
    help: 'Time spent per stage of syncing: decode (frames), load (rows read), plan, write (rows, outbox, cursor), recount (authorities, timelocks, token counts, miners), commit',
    labelNames: ['stage'],
    registers,
  });
  for (const stage of STAGES) stageTime.inc({ stage }, 0);
  const cacheLookups = new Counter({
    name: 'daemon_row_cache_lookups_total',
    help: 'Keys a batch needed, by whether the row cache (TX_CACHE_SIZE) held them (hit) or they were read from the database (miss)',
    labelNames: ['outcome'],
    registers,
  });
  for (const outcome of ['hit', 'miss']) cacheLookups.inc({ outcome }, 0);
  const cacheEntries = new Gauge({ name: 'daemon_row_cache_entries', help: 'Entries held by the row cache, all kinds together', registers });
  const reconnects = new Counter({ name: 'daemon_reconnects_total', help: 'Reconnections to the full node', registers });
  const settles = new Counter({
    name: 'daemon_timelock_settles_total',
    help: 'Transactions between batches that unlocked outputs whose timelock had passed',
    registers,
  });
  const settledOutputs = new Counter({
    name: 'daemon_timelock_outputs_unlocked_total',
    help: 'Outputs unlocked between batches because their timelock had passed',
    registers,
  });
  const alerts = new Counter({
    name: 'daemon_alerts_total',
    help: 'Alerts by outcome (sent, failed, dropped, logged) and severity',
    labelNames: ['outcome', 'severity'],
    registers,
  });
  new Gauge({
    name: 'daemon_db_pool_connections',
    help: 'Database pool connections by state (used, free, queued requests)',
    labelNames: ['state'],
    registers,
    collect() {
      const stats = o.poolStats ? o.poolStats() : pushedPool;
      if (!stats) return;
      this.set({ state: 'used' }, stats.used);
      this.set({ state: 'free' }, stats.free);
      this.set({ state: 'queued' }, stats.queued);
    },
  });

  const outboxDepth = new Gauge({
    name: 'daemon_outbox_depth',
    help: 'Notifications committed and not yet accepted by their destination, by channel (new-tx queue, push)',
    labelNames: ['channel'],
    registers,
  });
  const outboxLatency = new Histogram({
    name: 'daemon_outbox_publish_latency_seconds',
    help: 'From the commit that wrote a notification to its destination accepting it, by channel',
    labelNames: ['channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600],
    registers,
  });
  const outboxPublished = new Counter({
    name: 'daemon_outbox_published_total',
    help: 'Notifications accepted by their destination, by channel',
    labelNames: ['channel'],
    registers,
  });
  const outboxFailures = new Counter({
    name: 'daemon_outbox_publish_failures_total',
    help: 'Failed publish attempts (the notifications stay in the outbox and are retried), by channel',
    labelNames: ['channel'],
    registers,
  });

  return {
    registry,
    outbox: {
      published(channel, latencies) {
        outboxPublished.inc({ channel }, latencies.length);
        for (const l of latencies) outboxLatency.observe({ channel }, l);
      },
      failed: (channel) => outboxFailures.inc({ channel }),
      depth: (channel, rows) => outboxDepth.set({ channel }, rows),
    },
    batchCommitted(report) {
      for (const [type, count] of Object.entries(report.eventsByType)) eventsProcessed.inc({ type }, count);
      batchSize.observe(report.size);
      batchDuration.observe(report.durationMs / 1000);
      commitDuration.observe(report.commitMs / 1000);
      for (const [stage, seconds] of Object.entries(report.stageSeconds)) if (seconds) stageTime.inc({ stage }, seconds);
      if (report.cache) {
        cacheLookups.inc({ outcome: 'hit' }, report.cache.hits);
        cacheLookups.inc({ outcome: 'miss' }, report.cache.misses);
        cacheEntries.set(report.cache.entries);
      }
    },
    reconnecting: () => reconnects.inc(),
    timelocksSettled(report) {
      settles.inc();
      settledOutputs.inc(report.unlocked);
    },
    alertOutcome: (outcome, alert) => alerts.inc({ outcome, severity: alert.severity }),
    setPoolStats(stats) {
      pushedPool = stats;
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

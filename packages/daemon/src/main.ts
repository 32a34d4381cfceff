import {
  SchemaError,
  assertSchemaCurrent,
  createLogger,
  createPool,
  describeDbError,
  ensureSyncLockRow,
  isDbOutage,
  type Logger,
  type Pool,
} from '@wallet-service/common';
import { createStore } from './apply/store';
import { loadDaemonConfigOrExit, type DaemonConfig } from './config';
import { createAddressDeriver } from './hathor/derive';
import { createLoop, type LoopSettings, type SyncLoop } from './loop';
import { createOps, type Ops } from './ops';
import { acquireDaemonLock, type DaemonLock } from './ops/daemonLock';
import { createPublisher, type Publisher } from './outbox/publisher';
import { lambdaSink, sqsSink, type Sink } from './outbox/sinks';
import { AbortedError, createBackoff, retry, type BackoffSettings } from './source/backoff';
import { createNodeHttp, isRetryableHttp, retryingProbe, type NodeHttp } from './source/missed';
import type { ExpectedIdentity } from './source/settings';
import type { EventStore } from './sync/contract';

/**
 * The daemon process: settings → ops (health answers from the first second) → database (schema checked,
 * retried while unreachable) → node (/v1a/version, retried while unreachable) → store → loop. SIGTERM /
 * SIGINT stop the loop after the batch in flight and close everything; exit codes: 0 stopped, 1 fatal
 * (the log line says why), 2 bad settings.
 */

/** Waiting for the database or the node at start: patient, but never silent. */
const STARTUP_RETRY: BackoffSettings = { baseMs: 1_000, maxMs: 30_000 };
/** Probing for missed events: a few quick tries, then wait for the next quiet period. */
const PROBE_RETRY: BackoffSettings = { baseMs: 500, maxMs: 5_000 };
const PROBE_ATTEMPTS = 5;

export interface StoreDeps {
  pool: Pool;
  log: Logger;
  rewardSpendMinBlocks: number;
  /** wallet-lib network of wallet addresses (gap-limit discovery). */
  network: DaemonConfig['NETWORK'];
  pushNotifications: boolean;
  /** TX_CACHE_SIZE */
  cacheSize: number;
}

const defaultStore = (d: StoreDeps): EventStore =>
  createStore({
    pool: d.pool,
    log: d.log,
    rewardSpendMinBlocks: d.rewardSpendMinBlocks,
    deriveAddress: createAddressDeriver(d.network),
    pushNotifications: d.pushNotifications,
    cacheSize: d.cacheSize,
  });

/** The outbox is drained right after each commit, not on a timer: notifications go out as soon as they may. */
function wakingAfterCommit(store: EventStore, publisher: Publisher): EventStore {
  return {
    readCursor: () => store.readCursor(),
    settleTimelocks: () => store.settleTimelocks(),
    async applyBatch(events, identity) {
      const result = await store.applyBatch(events, identity);
      publisher.wake();
      return result;
    },
  };
}

function outboxPublisher(config: DaemonConfig, pool: Pool, log: Logger, ops: Ops): Publisher {
  const sinks: Sink[] = [sqsSink(config.NEW_TX_SQS, config.AWS_REGION, config.OUTBOX_REQUEST_TIMEOUT_MS, process.env)];
  if (config.PUSH_NOTIFICATION_ENABLED) sinks.push(lambdaSink(config, config.AWS_REGION, process.env));
  return createPublisher({
    pool,
    sinks,
    log,
    retry: { baseMs: config.OUTBOX_RETRY_BASE_MS, maxMs: config.OUTBOX_RETRY_MAX_MS },
    hooks: ops.metrics.outbox,
  });
}

export function loopSettings(config: DaemonConfig, expected: ExpectedIdentity): LoopSettings {
  const s = config.source;
  return {
    wsUrl: s.wsUrl,
    expected,
    batchSize: config.SYNC_BATCH_SIZE,
    windowSize: config.SYNC_WINDOW_SIZE,
    lingerMs: config.SYNC_LINGER_MS,
    ackTimeoutMs: s.ackTimeoutMs,
    pingIntervalMs: s.pingIntervalMs,
    pongTimeoutMs: s.pongTimeoutMs,
    connectTimeoutMs: s.connectTimeoutMs,
    reconnect: s.reconnect,
    dbRetry: { baseMs: s.reconnect.baseMs, maxMs: s.reconnect.maxMs },
    maxDecodeFailures: config.SYNC_MAX_DECODE_FAILURES,
    timelockSettleIntervalMs: config.TIMELOCK_SETTLE_INTERVAL_MS,
  };
}

/** mysql2 keeps its counters on the inner callback pool; read them defensively (metrics only). */
function poolStats(pool: Pool) {
  const inner = (pool as unknown as { pool?: Record<string, { length?: number } | undefined> }).pool ?? {};
  const all = inner._allConnections?.length ?? 0;
  const free = inner._freeConnections?.length ?? 0;
  return { used: all - free, free, queued: inner._connectionQueue?.length ?? 0 };
}

export interface DaemonOptions {
  log?: Logger;
  /** Overrides for tests: another EventStore than apply/store.ts, an ops instance. */
  store?: (deps: StoreDeps) => EventStore | Promise<EventStore>;
  ops?: Ops;
}

export interface DaemonHandle {
  /** Settles with the exit code: 0 after a stop, 1 after a fatal error. */
  done: Promise<number>;
  /** Graceful stop; bounded by DAEMON_SHUTDOWN_TIMEOUT_MS. */
  stop(reason: string): void;
}

export function startDaemon(config: DaemonConfig, opts: DaemonOptions = {}): DaemonHandle {
  const log = opts.log ?? createLogger({ service: 'daemon', level: config.LOG_LEVEL });
  const stopper = new AbortController();
  let loop: SyncLoop | undefined;
  let pool: Pool | undefined;
  let ops: Ops | undefined;
  let publisher: Publisher | undefined;
  let lock: DaemonLock | undefined;
  let forced: (code: number) => void = () => undefined;
  const forcedExit = new Promise<number>((resolve) => (forced = resolve));

  const startupRetry = (what: string, describe: (err: unknown) => string) => ({
    backoff: createBackoff(STARTUP_RETRY),
    signal: stopper.signal,
    onRetry: (err: unknown, attempt: number, delayMs: number) => {
      const detail = `${what}: ${describe(err)}`;
      log.warn(`${detail}; retrying`, { attempt, delayMs });
      ops?.observer.stateChanged('initializing', detail);
    },
  });

  const run = async (): Promise<number> => {
    ops = opts.ops ?? createOps({ config, log, poolStats: () => (pool ? poolStats(pool) : { used: 0, free: 0, queued: 0 }) });
    await ops.start();
    ops.observer.stateChanged('initializing', 'waiting for the database');
    const db = createPool(config);
    pool = db;
    const prepare = async () => {
      await assertSchemaCurrent(db, config.DB_NAME);
      // Without the row, the sync lock would exclude nothing (see common's syncLock.ts).
      await ensureSyncLockRow(db);
    };
    await retry(prepare, {
      ...startupRetry('database unreachable', (err) => describeDbError(err, config)),
      isRetryable: isDbOutage,
    });
    ops.observer.stateChanged('initializing', 'taking the daemon lock');
    lock = await acquireDaemonLock(config, {
      log,
      signal: stopper.signal,
      onWait: (detail) => ops?.observer.stateChanged('initializing', detail),
    });

    const http: NodeHttp = createNodeHttp({ baseUrl: config.source.httpBase, timeoutMs: config.source.httpTimeoutMs, log });
    const nodeRetry = startupRetry(`full node at ${config.source.httpBase} unreachable`, (err) => (err as Error).message);
    ops.observer.stateChanged('initializing', 'reading the full node version');
    const rewardSpendMinBlocks = await retry(() => http.rewardSpendMinBlocks(), { ...nodeRetry, isRetryable: isRetryableHttp });
    const expected: ExpectedIdentity = config.source.fetchIds
      ? { peerId: await retry(() => http.peerId(), { ...nodeRetry, isRetryable: isRetryableHttp }) }
      : { peerId: config.FULLNODE_PEER_ID, streamId: config.FULLNODE_STREAM_ID, network: config.FULLNODE_NETWORK };
    if (config.source.fetchIds) log.warn('FETCH_FULLNODE_IDS=true: stream identity is taken from the node (development only)', { ...expected });

    const storeDeps: StoreDeps = {
      pool: db,
      log,
      rewardSpendMinBlocks,
      network: config.NETWORK,
      pushNotifications: config.PUSH_NOTIFICATION_ENABLED,
      cacheSize: config.TX_CACHE_SIZE,
    };
    // What a previous process committed and did not get to publish goes out first.
    publisher = outboxPublisher(config, db, log, ops);
    publisher.start();
    const store = wakingAfterCommit(await (opts.store ?? defaultStore)(storeDeps), publisher);
    log.info('starting sync', { wsUrl: config.source.wsUrl, rewardSpendMinBlocks, batchSize: config.SYNC_BATCH_SIZE, windowSize: config.SYNC_WINDOW_SIZE });
    loop = createLoop({
      store,
      observer: ops.observer,
      log,
      settings: loopSettings(config, expected),
      missed: retryingProbe(http, PROBE_RETRY, PROBE_ATTEMPTS, log),
    });
    if (stopper.signal.aborted) return 0;
    const running = loop;
    await Promise.race([
      running.run(),
      lock.lost.then(async (err) => {
        await running.stop();
        throw err;
      }),
    ]);
    return 0;
  };

  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await publisher?.stop().catch((err: unknown) => log.warn('stopping the outbox publisher failed', { err }));
      await ops?.stop().catch((err: unknown) => log.warn('stopping ops failed', { err }));
      await lock?.release();
      await pool?.end().catch((err: unknown) => log.warn('closing the database pool failed', { err }));
    })());

  const outcome = run().then(
    (code) => code,
    (err: unknown) => {
      if (err instanceof AbortedError) return 0;
      const message = err instanceof SchemaError ? err.message : (err as Error)?.message ?? String(err);
      log.fatal(`daemon stopped: ${message}`, { err });
      return 1;
    },
  );
  const done = Promise.race([outcome.then(async (code) => (await cleanup(), code)), forcedExit]);

  return {
    done,
    stop(reason) {
      if (stopper.signal.aborted) return;
      log.info('stopping', { reason, timeoutMs: config.DAEMON_SHUTDOWN_TIMEOUT_MS });
      stopper.abort();
      void loop?.stop();
      setTimeout(() => {
        log.warn('shutdown took too long; exiting (a batch still in flight is rolled back by the database)', {
          timeoutMs: config.DAEMON_SHUTDOWN_TIMEOUT_MS,
        });
        void cleanup();
        forced(0);
      }, config.DAEMON_SHUTDOWN_TIMEOUT_MS).unref();
    },
  };
}

export async function main(): Promise<void> {
  const config = loadDaemonConfigOrExit();
  const daemon = startDaemon(config);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => daemon.stop(signal));
  const code = await daemon.done;
  process.exit(code);
}

if (require.main === module) void main();

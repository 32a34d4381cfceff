import { createLogger, silentLogger, type Logger } from '@wallet-service/common';
import { startSimulator, type EventStream, type Simulator, type SimulatorOptions, type StreamMeta } from 'fullnode-simulator';
import { createLoop, type LoopSettings, type SyncLoop } from '../../loop';
import type { BatchReport, SettleReport, SyncObserver, SyncState } from '../../ops/contract';
import { createNodeHttp } from '../../source/missed';
import type { Alert, BatchResult, Cursor, EventStore, SettleResult, StreamEvent, StreamIdentity } from '../../sync/contract';

/** Test support for the stream side: small synthetic streams, an in-memory EventStore, a recording observer. */

export const META: StreamMeta = { peerId: 'peer-a', network: 'unittests', streamId: 'stream-a', rewardSpendMinBlocks: 10 };
export const IDENTITY: StreamIdentity = { peerId: META.peerId, network: META.network, streamId: META.streamId };

const hash = (n: number) => n.toString(16).padStart(64, '0');

/** The raw text of event `id` in the synthetic streams (valid against the node's schemas). */
export function eventText(id: number, last: number): string {
  const wrap = (type: string, data: string) => `{"id":${id},"timestamp":${1700000000 + id}.5,"type":"${type}","data":${data},"group_id":null}`;
  if (id === 0) return wrap('LOAD_STARTED', '{}');
  if (id === last) return wrap('LOAD_FINISHED', '{}');
  if (id % 3 === 0) return wrap('REORG_FINISHED', '{}');
  return wrap(
    'VERTEX_REMOVED',
    `{"hash":"${hash(id)}","nonce":${id},"timestamp":${id},"signal_bits":0,"version":1,"weight":2.0,"inputs":[],` +
      `"outputs":[{"value":${id * 100},"token_data":0,"script":"","decoded":{}}],"parents":[],"tokens":[],` +
      `"token_name":null,"token_symbol":null,"aux_pow":null,"headers":[],"name":null}`,
  );
}

export function syntheticStream(count: number, meta: StreamMeta = META): EventStream {
  return { meta, events: Array.from({ length: count }, (_, i) => eventText(i, count - 1)) };
}

export function envelopeText(rawEvent: string, latest: number, meta: StreamMeta = META): string {
  return `{"type":"EVENT","peer_id":"${meta.peerId}","network":"${meta.network}","event":${rawEvent},"latest_event_id":${latest},"stream_id":"${meta.streamId}"}`;
}

/**
 * A real EventStore kept in memory. It enforces the contract the loop must honour (each batch starts right
 * after the committed cursor, ids consecutive, identity constant), so a loop that applies an event twice,
 * skips one, or resumes from the wrong place makes applyBatch throw and the test fail.
 */
export class MemoryStore implements EventStore {
  cursor: Cursor | null;
  readonly applied: StreamEvent[] = [];
  readonly batches: number[][] = [];
  applyCalls = 0;
  /** Each apply waits this long before committing (to hold a batch in flight). */
  delayMs = 0;
  /** Runs before each apply; throw from it to make the apply fail without committing. */
  beforeApply: (events: readonly StreamEvent[], call: number) => void = () => undefined;
  /** Runs after the batch is committed; throwing from it models a COMMIT whose reply was lost. */
  afterCommit: (events: readonly StreamEvent[], call: number) => void = () => undefined;
  /** Alerts to return from the batch that contains a given event id. */
  alertsAt = new Map<number, Alert>();
  /** Resolvers waiting for the cursor to reach an id. */
  private waiters: { id: number; resolve: () => void }[] = [];
  /** What each settleTimelocks call answers (null: nothing due); it waits `settleDelayMs` first. */
  settleResult: SettleResult | null = null;
  settleDelayMs = 0;
  /** Errors the next settleTimelocks calls throw (after their delay), one per call. */
  settleFailures: Error[] = [];
  settleCalls = 0;
  settlesFinished = 0;

  constructor(cursor: Cursor | null = null) {
    this.cursor = cursor;
  }

  async readCursor(): Promise<Cursor | null> {
    return this.cursor ? { ...this.cursor } : null;
  }

  async settleTimelocks(): Promise<SettleResult | null> {
    this.settleCalls++;
    if (this.settleDelayMs > 0) await new Promise((r) => setTimeout(r, this.settleDelayMs).unref());
    this.settlesFinished++;
    const failure = this.settleFailures.shift();
    if (failure) throw failure;
    return this.settleResult && { ...this.settleResult };
  }

  async applyBatch(events: readonly StreamEvent[], identity: StreamIdentity): Promise<BatchResult> {
    const call = ++this.applyCalls;
    this.beforeApply(events, call);
    const expectedFirst = (this.cursor?.lastEventId ?? -1) + 1;
    if (events.length === 0) throw new Error('contract: empty batch');
    if (events[0].id !== expectedFirst) throw new Error(`contract: batch starts at ${events[0].id}, cursor expects ${expectedFirst}`);
    events.forEach((e, i) => {
      if (e.id !== expectedFirst + i) throw new Error(`contract: ids not consecutive at ${e.id}`);
    });
    if (this.cursor && this.cursor.streamId !== '' && this.cursor.streamId !== identity.streamId) throw new Error('contract: identity changed');
    // unref: a test may leave a batch hanging on purpose (shutdown timeout) without keeping jest alive.
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs).unref());
    const last = events[events.length - 1].id;
    this.applied.push(...events);
    this.batches.push(events.map((e) => e.id));
    this.cursor = { ...identity, lastEventId: last };
    const eventsByType: Record<string, number> = {};
    for (const e of events) eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
    const alerts = events.flatMap((e) => (this.alertsAt.has(e.id) ? [this.alertsAt.get(e.id) as Alert] : []));
    this.waiters = this.waiters.filter((w) => (w.id <= last ? (w.resolve(), false) : true));
    this.afterCommit(events, call);
    return { lastEventId: last, alerts, eventsByType };
  }

  /** Resolves once event `id` is committed. */
  committed(id: number): Promise<void> {
    if (this.cursor && this.cursor.lastEventId >= id) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ id, resolve }));
  }

  appliedIds(): number[] {
    return this.applied.map((e) => e.id);
  }
}

/**
 * Any store, watched: a call that starts while another has not settled is recorded. The loop promises the
 * store one call at a time (a batch or a timelock settle), so a test asserts `overlaps` stays empty.
 */
export class OverlapWatch implements EventStore {
  readonly overlaps: string[] = [];
  batches = 0;
  settles = 0;
  private busy: string | null = null;

  constructor(readonly inner: EventStore) {}

  readCursor(): Promise<Cursor | null> {
    return this.inner.readCursor();
  }

  applyBatch(events: readonly StreamEvent[], identity: StreamIdentity): Promise<BatchResult> {
    this.batches++;
    return this.exclusive(`batch from event ${events[0]?.id}`, () => this.inner.applyBatch(events, identity));
  }

  settleTimelocks(): Promise<SettleResult | null> {
    this.settles++;
    return this.exclusive(`settle ${this.settles}`, () => this.inner.settleTimelocks());
  }

  private async exclusive<T>(what: string, call: () => Promise<T>): Promise<T> {
    if (this.busy) this.overlaps.push(`${what} started during ${this.busy}`);
    this.busy = what;
    try {
      return await call();
    } finally {
      this.busy = null;
    }
  }
}

export type ObserverCall =
  | { kind: 'state'; state: SyncState; detail?: string }
  | { kind: 'received'; eventId: number; latestEventId: number }
  | { kind: 'batchStarted'; firstEventId: number; size: number }
  | { kind: 'batchCommitted'; report: BatchReport }
  | { kind: 'reconnecting'; attempt: number; delayMs: number; reason: string }
  | { kind: 'timelocksSettled'; report: SettleReport }
  | { kind: 'alert'; alert: Alert };

export class RecordingObserver implements SyncObserver {
  readonly calls: ObserverCall[] = [];
  stateChanged(state: SyncState, detail?: string) {
    this.calls.push({ kind: 'state', state, detail });
  }
  eventReceived(eventId: number, latestEventId: number) {
    this.calls.push({ kind: 'received', eventId, latestEventId });
  }
  batchStarted(firstEventId: number, size: number) {
    this.calls.push({ kind: 'batchStarted', firstEventId, size });
  }
  batchCommitted(report: BatchReport) {
    this.calls.push({ kind: 'batchCommitted', report });
  }
  reconnecting(attempt: number, delayMs: number, reason: string) {
    this.calls.push({ kind: 'reconnecting', attempt, delayMs, reason });
  }
  timelocksSettled(report: SettleReport) {
    this.calls.push({ kind: 'timelocksSettled', report });
  }
  alert(alert: Alert) {
    this.calls.push({ kind: 'alert', alert });
  }
  states(): SyncState[] {
    return this.calls.flatMap((c) => (c.kind === 'state' ? [c.state] : []));
  }
  alerts(): Alert[] {
    return this.calls.flatMap((c) => (c.kind === 'alert' ? [c.alert] : []));
  }
  reconnects(): number {
    return this.calls.filter((c) => c.kind === 'reconnecting').length;
  }
}

/** Settings that keep tests fast: tiny delays everywhere. */
export function fastSettings(wsUrl: string, overrides: Partial<LoopSettings> = {}): LoopSettings {
  return {
    wsUrl,
    expected: { ...IDENTITY },
    batchSize: 500,
    windowSize: 500,
    lingerMs: 2,
    ackTimeoutMs: 5_000,
    pingIntervalMs: 1_000,
    pongTimeoutMs: 5_000,
    connectTimeoutMs: 2_000,
    reconnect: { baseMs: 5, maxMs: 50, resetAfterMs: 60_000 },
    dbRetry: { baseMs: 5, maxMs: 20 },
    maxDecodeFailures: 3,
    timelockSettleIntervalMs: 0,
    ...overrides,
  };
}

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Logs of the loop under test: silent unless TEST_LOG=1. */
export function testLogger(): Logger {
  return process.env.TEST_LOG === '1' ? createLogger({ service: 'test', level: 'debug', write: (l) => process.stderr.write(l + '\n') }) : silentLogger;
}

export interface Harness {
  sim: Simulator;
  store: MemoryStore;
  /** What the loop was given: `store`, watched for calls that overlap. */
  watch: OverlapWatch;
  observer: RecordingObserver;
  loop: SyncLoop;
  /** Settles when run() does: 'stopped', or the error it rejected with. */
  outcome: Promise<'stopped' | Error>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  stream?: EventStream;
  simulator?: Omit<SimulatorOptions, 'stream'>;
  store?: MemoryStore;
  settings?: Partial<LoopSettings>;
  /** Probe /v1a/event when quiet (default true). */
  probe?: boolean;
}

/** The real loop against the real simulator over a real websocket, with an in-memory store. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ stream: opts.stream ?? syntheticStream(60), ...opts.simulator });
  const store = opts.store ?? new MemoryStore();
  const watch = new OverlapWatch(store);
  const observer = new RecordingObserver();
  const log = testLogger();
  const loop = createLoop({
    store: watch,
    observer,
    log,
    settings: fastSettings(sim.wsUrl, opts.settings),
    missed: opts.probe === false ? undefined : createNodeHttp({ baseUrl: sim.httpUrl, timeoutMs: 2000, log }),
  });
  const outcome = loop.run().then(
    () => 'stopped' as const,
    (err: unknown) => err as Error,
  );
  const harness: Harness = {
    sim,
    store,
    watch,
    observer,
    loop,
    outcome,
    async close() {
      await loop.stop();
      // A test may have closed the simulator itself, or replaced it.
      await harness.sim.close().catch(() => undefined);
    },
  };
  return harness;
}

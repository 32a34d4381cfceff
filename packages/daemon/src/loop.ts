import { isDbOutage, type Logger } from '@wallet-service/common';
import { applyWithRetry } from './batch';
import { GuardError, checkDatabaseIdentity, createIdentityGuard, guardAlert, type IdentityGuard } from './decode/guards';
import { runMachine, streamingSubState, type StateActions, type StreamingSubState, type Trigger } from './machine';
import { guardedObserver, type SyncObserver, type SyncState } from './ops/contract';
import { settleOnce } from './settle';
import { AbortedError, createBackoff, retry, sleep, type BackoffSettings } from './source/backoff';
import type { MissedEventsProbe } from './source/missed';
import type { ExpectedIdentity } from './source/settings';
import { createQuietProbe } from './source/quietProbe';
import { openSocket, type SocketConnection } from './source/socket';
import { startStreamSession, type SessionEnd, type StreamSession } from './source/stream';
import { countByType, type EventStore, type StreamEvent, type StreamIdentity } from './sync/contract';

/**
 * source → decode → batch → store → ACK, driven by the state machine of machine.ts. This file implements
 * what each state does; machine.ts says where each outcome leads.
 */

export interface LoopSettings {
  wsUrl: string;
  /** Fields left undefined are learned from the node's first event (FETCH_FULLNODE_IDS, development only). */
  expected: ExpectedIdentity;
  batchSize: number;
  windowSize: number;
  /** How long a partial batch waits for more events while the window is still open. */
  lingerMs: number;
  /** Quiet time while streaming after which the node is asked for events we may have missed. */
  ackTimeoutMs: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  connectTimeoutMs: number;
  reconnect: BackoffSettings;
  /** Waiting out a database outage (reading the cursor, applying a batch). */
  dbRetry: BackoffSettings;
  /** Malformed frames in a row (no commit in between) resumed from before stopping. */
  maxDecodeFailures: number;
  /** While streaming and idle, how often to settle expired timelocks (0: only batches settle them). */
  timelockSettleIntervalMs: number;
}

export interface LoopDeps {
  store: EventStore;
  observer: SyncObserver;
  log: Logger;
  settings: LoopSettings;
  /** Asked, when the stream is quiet, whether the node has events we did not get; omitted: never asked. */
  missed?: MissedEventsProbe;
}

export interface SyncLoop {
  /**
   * Runs until stop() (then resolves) or a fatal error (then rejects with it: GuardError, BatchError,
   * StreamError…). The batch in flight, if any, has settled and the socket is closed either way.
   */
  run(): Promise<void>;
  /** Asks the loop to stop after the batch in flight; resolves when run() has settled. */
  stop(): Promise<void>;
  /** The last committed event id as the loop knows it (undefined: nothing committed yet). */
  committedEventId(): number | undefined;
  state(): SyncState;
}

/** The node keeps sending frames we cannot use. */
export class StreamError extends Error {
  override name = 'StreamError';
}

type Outcome = { trigger: Extract<Trigger, 'disconnected' | 'resume' | 'stop'>; reason: string } | { fatal: Error };

export function createLoop(deps: LoopDeps): SyncLoop {
  const { store, log, settings } = deps;
  const observer = guardedObserver(deps.observer, log);
  const stopper = new AbortController();
  const reconnectBackoff = createBackoff(settings.reconnect);
  let state: SyncState = 'initializing';
  let committed: number | undefined;
  let guard: IdentityGuard | undefined;
  let conn: SocketConnection | null = null;
  let connectedAt = 0;
  let lastReason = '';
  let decodeFailures = 0;
  /** The event id the last unusable frame stood for: only committing past it ends a run of failures. */
  let badFrameAt = -1;
  /** Seconds spent decoding frames since the last committed batch (the decode stage of the metrics). */
  let decodedSeconds = 0;
  let running: Promise<void> | undefined;

  const fail = (err: Error): Error => {
    if (err instanceof GuardError) observer.alert(guardAlert(err));
    return err;
  };

  async function initializing(): Promise<Trigger> {
    let cursor;
    try {
      cursor = await retry(() => store.readCursor(), {
        backoff: createBackoff(settings.dbRetry),
        isRetryable: isDbOutage,
        signal: stopper.signal,
        onRetry: (err, attempt, delayMs) => {
          log.warn('database unreachable; retrying', { err, attempt, delayMs });
          observer.stateChanged('initializing', `database unreachable: ${(err as Error).message}`);
        },
      });
    } catch (err) {
      if (err instanceof AbortedError) return 'stop';
      throw err;
    }
    const stored: StreamIdentity | null = cursor ? { streamId: cursor.streamId, peerId: cursor.peerId, network: cursor.network } : null;
    if (stored) {
      try {
        checkDatabaseIdentity(stored, settings.expected);
      } catch (err) {
        throw fail(err as Error);
      }
    }
    committed = cursor?.lastEventId;
    guard = createIdentityGuard(settings.expected, stored, log);
    log.info(committed === undefined ? 'empty database: streaming from the first event' : 'resuming after the committed event', {
      lastEventId: committed ?? null,
    });
    return 'ready';
  }

  async function connecting(): Promise<Trigger> {
    if (stopper.signal.aborted) return 'stop';
    try {
      conn = await openSocket({
        url: settings.wsUrl,
        pingIntervalMs: settings.pingIntervalMs,
        pongTimeoutMs: settings.pongTimeoutMs,
        connectTimeoutMs: settings.connectTimeoutMs,
        log,
      });
    } catch (err) {
      lastReason = (err as Error).message;
      log.warn('cannot connect to the node', { error: lastReason });
      return 'connectFailed';
    }
    if (stopper.signal.aborted) {
      await conn.close('stopping');
      conn = null;
      return 'stop';
    }
    connectedAt = Date.now();
    log.info('connected to the node', { url: settings.wsUrl });
    return 'opened';
  }

  async function streaming(): Promise<Trigger> {
    const socket = conn as SocketConnection;
    const identityGuard = guard as IdentityGuard;
    const pending: StreamEvent[] = [];
    let inFlight: Promise<void> | null = null;
    let fatal: Error | undefined;
    let outcome: Outcome | undefined;
    let settle!: (o: Outcome) => void;
    const ended = new Promise<Outcome>((resolve) => (settle = resolve));
    let linger: NodeJS.Timeout | undefined;
    let settleTimer: NodeJS.Timeout | undefined;
    let lastFrameAt = Date.now();
    let sub: StreamingSubState = 'idle';

    const finish = (o: Outcome) => {
      if ('fatal' in o) fatal ??= o.fatal;
      if (outcome) return;
      outcome = o;
      settle(o);
    };
    // A closure: at the call sites TypeScript narrows inFlight to null (it is only set inside flush).
    const batchesSettled = async () => {
      while (inFlight) await inFlight;
    };
    const trackSub = () => {
      const next = streamingSubState(inFlight !== null, pending.length);
      if (next !== sub) log.debug('streaming', { from: sub, to: next });
      sub = next;
    };

    const onEnd = (end: SessionEnd) => {
      if (end.kind === 'fatal') return finish({ fatal: fail(end.error) });
      if (end.kind === 'unavailable') return finish({ trigger: 'disconnected', reason: end.reason });
      if (end.decodeError) {
        decodeFailures++;
        badFrameAt = end.atEventId;
        if (decodeFailures > settings.maxDecodeFailures) {
          return finish({
            fatal: new StreamError(`stopping: ${decodeFailures} unusable frames in a row from the node at event ${end.atEventId}; last: ${end.reason}`),
          });
        }
      }
      finish({ trigger: 'resume', reason: end.reason });
    };

    let session: StreamSession | undefined = undefined;
    const flush = (session: StreamSession) => {
      clearTimeout(linger);
      linger = undefined;
      const batch = pending.splice(0, settings.batchSize);
      inFlight = applyOne(batch, session).finally(() => {
        inFlight = null;
        trackSub();
        maybeFlush();
      });
      trackSub();
    };

    const maybeFlush = () => {
      if (outcome || inFlight || pending.length === 0 || !session) return;
      const latest = session.latestEventId();
      const caughtUp = latest !== undefined && pending[pending.length - 1].id >= latest;
      if (pending.length >= settings.batchSize || session.windowExhausted() || caughtUp || settings.lingerMs === 0) {
        flush(session);
        return;
      }
      clearTimeout(linger);
      const s = session;
      linger = setTimeout(() => {
        linger = undefined;
        if (!outcome && !inFlight && pending.length > 0) flush(s);
      }, settings.lingerMs);
    };

    const applyOne = async (batch: StreamEvent[], session: StreamSession) => {
      const first = batch[0].id;
      const last = batch[batch.length - 1].id;
      observer.batchStarted(first, batch.length);
      const startedAt = performance.now();
      let result;
      try {
        result = await applyWithRetry(batch, {
          store,
          identity: identityGuard.identity() as StreamIdentity,
          log,
          retry: settings.dbRetry,
          signal: stopper.signal,
          onOutage: (detail) => observer.stateChanged(state, detail ?? 'database reachable again'),
        });
      } catch (err) {
        log.error((err as Error).message, { err });
        return finish({ fatal: err as Error });
      }
      if (result === null) return;
      if (result.lastEventId !== last) {
        return finish({ fatal: new Error(`store bug: applied events ${first}..${last} but reports cursor ${result.lastEventId}`) });
      }
      committed = last;
      // Events received before the bad frame may commit after it: they do not show the node recovered.
      if (last >= badFrameAt) decodeFailures = 0;
      const durationMs = performance.now() - startedAt;
      session.committed(last);
      // The frames decoded since the last batch: this one's, give or take those already buffered for the next.
      const stageSeconds = { ...result.stageSeconds, decode: decodedSeconds };
      decodedSeconds = 0;
      observer.batchCommitted({
        firstEventId: first,
        lastEventId: last,
        size: batch.length,
        eventsByType: Object.keys(result.eventsByType).length > 0 ? result.eventsByType : countByType(batch),
        durationMs,
        commitMs: 1000 * (stageSeconds.commit ?? 0),
        stageSeconds,
        cache: result.cache,
      });
      for (const alert of result.alerts) observer.alert(alert);
    };

    // A settle occupies the same slot as a batch (inFlight), so the two never overlap, events arriving
    // meanwhile wait for it like for a batch, and shutdown waits for it like for a batch.
    const armSettle = () => {
      clearTimeout(settleTimer);
      if (outcome || settings.timelockSettleIntervalMs <= 0) return;
      settleTimer = setTimeout(onSettleTick, settings.timelockSettleIntervalMs);
    };
    const onSettleTick = () => {
      settleTimer = undefined;
      if (outcome) return;
      // Buffered events will be a batch soon, and a batch settles timelocks too.
      if (inFlight || pending.length > 0) return armSettle();
      const settling = settleOnce({ store, observer, log }).then((error) => {
        if (error) finish({ fatal: error });
      });
      inFlight = settling.finally(() => {
        inFlight = null;
        trackSub();
        armSettle();
        maybeFlush();
      });
      trackSub();
    };

    const quiet = createQuietProbe({
      quietMs: settings.ackTimeoutMs,
      missed: deps.missed,
      log,
      busy: () => inFlight !== null || pending.length > 0,
      committed: () => committed,
      lastFrameAt: () => lastFrameAt,
      onMissed: () => finish({ trigger: 'resume', reason: 'missed events found past the cursor' }),
    });

    session = startStreamSession({
      conn: socket,
      fromEventId: committed,
      windowSize: settings.windowSize,
      guard: identityGuard,
      log,
      handlers: {
        onEvent(event) {
          pending.push(event);
          trackSub();
          maybeFlush();
        },
        onFrame(eventId, latestEventId, decodeSeconds) {
          lastFrameAt = Date.now();
          decodedSeconds += decodeSeconds;
          observer.eventReceived(eventId, latestEventId);
          quiet.arm();
        },
        onEnd,
      },
    });
    const onStop = () => finish({ trigger: 'stop', reason: 'stop requested' });
    stopper.signal.addEventListener('abort', onStop, { once: true });
    if (stopper.signal.aborted) onStop();
    void socket.closed.then((info) => finish({ trigger: 'disconnected', reason: info.reason }));
    quiet.arm();
    armSettle();
    maybeFlush();

    const o = await ended;
    stopper.signal.removeEventListener('abort', onStop);
    clearTimeout(linger);
    quiet.stop();
    clearTimeout(settleTimer);
    // The old socket is gone before anything else happens; the batch in flight is never abandoned.
    await socket.close('trigger' in o ? o.trigger : 'fatal error');
    conn = null;
    await batchesSettled();
    // Events received before a disconnect or a bad frame are valid and in order: commit them rather than
    // fetch them again (not when stopping: shutdown should be quick; not after a fatal error).
    while (session && pending.length > 0 && !fatal && 'trigger' in o && !stopper.signal.aborted) {
      flush(session);
      await batchesSettled();
    }
    pending.length = 0;
    if (Date.now() - connectedAt >= (settings.reconnect.resetAfterMs ?? Infinity)) reconnectBackoff.reset();
    if (fatal) throw fatal;
    if ('fatal' in o) throw o.fatal;
    lastReason = o.reason;
    if (o.trigger !== 'stop') log.info('stream ended; resuming from the committed event', { reason: o.reason, lastEventId: committed ?? null });
    return o.trigger;
  }

  async function reconnecting(): Promise<Trigger> {
    const delayMs = reconnectBackoff.next();
    observer.reconnecting(reconnectBackoff.attempts, delayMs, lastReason);
    log.info('reconnecting', { attempt: reconnectBackoff.attempts, delayMs, reason: lastReason });
    return (await sleep(delayMs, stopper.signal)) ? 'retry' : 'stop';
  }

  async function stopping(): Promise<Trigger> {
    if (conn) await conn.close('stopping');
    conn = null;
    return 'stopped';
  }

  const actions: StateActions = { initializing, connecting, streaming, reconnecting, stopping };

  return {
    run() {
      running ??= runMachine(actions, (next, trigger, error) => {
        state = next;
        const detail = next === 'error' ? (error as Error)?.message : next === 'reconnecting' ? lastReason : undefined;
        if (next === 'error') log.fatal('sync stopped on an error', { error: detail, err: error });
        else log.info('state', { state: next, trigger, ...(detail ? { detail } : {}) });
        observer.stateChanged(next, detail);
      }).then((result) => {
        if (result.state === 'error') throw result.error;
      });
      return running;
    },
    stop() {
      stopper.abort();
      return (running ?? Promise.resolve()).then(
        () => undefined,
        () => undefined,
      );
    },
    committedEventId: () => committed,
    state: () => state,
  };
}

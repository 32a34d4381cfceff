import { selectOne, withSyncLock, type Connection, type Logger, type Pool, type Queryable, type SyncMetadataRow } from '@wallet-service/common';
import { planEvent } from '../plan';
import { reconcileLocks } from '../plan/locks';
import type { Rules } from '../plan/rules';
import { RowCache } from '../state/cache';
import { load } from '../state/load';
import { prefetchRequests } from '../state/prefetch';
import { State } from '../state/state';
import { Missing, type LoadRequest } from '../state/view';
import { countByType, type BatchResult, type Cursor, type EventStore, type SettleResult, type Stage, type StageSeconds, type StreamEvent, type StreamIdentity } from '../sync/contract';
import { bestHeightAfter, committedBestHeight, hasExpiredTimelock, loadLockCandidates } from './chain';
import { outboxRows, writeOutbox } from '../outbox/write';
import { flush } from './flush';
import { OutputIds } from './outputIds';
import { recompute } from './recompute';

export interface StoreOptions {
  pool: Pool;
  log: Logger;
  rewardSpendMinBlocks: number;
  deriveAddress: Rules['deriveAddress'];
  /** Unix seconds; injectable so tests can pin time. */
  clock?: () => number;
  /** PUSH_NOTIFICATION_ENABLED: new transactions also queue push requests in the outbox. */
  pushNotifications?: boolean;
  /** TX_CACHE_SIZE: rows of each kind kept between batches (state/cache.ts); 0 or absent keeps none. */
  cacheSize?: number;
}

/** Raised when the stream and the database disagree about where we are: never applied, never skipped. */
export class CursorError extends Error {
  override name = 'CursorError';
}

/** A planner that keeps asking for more after this many rounds is stuck (a bug), not slow. */
const MAX_LOAD_ROUNDS = 20;

/** Accumulates a batch's seconds per stage; `time` attributes an awaited step to one stage. */
class StageClock {
  readonly seconds: StageSeconds = {};
  add(stage: Stage, since: number): void {
    this.seconds[stage] = (this.seconds[stage] ?? 0) + (performance.now() - since) / 1000;
  }
  async time<T>(stage: Stage, step: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await step();
    } finally {
      this.add(stage, started);
    }
  }
}

async function planWithLoads(conn: Connection, root: State, run: (layer: State) => void, stages: StageClock, cache: RowCache): Promise<void> {
  for (let round = 0; ; round++) {
    const layer = root.child();
    const started = performance.now();
    try {
      run(layer);
      layer.commit();
      stages.add('plan', started);
      return;
    } catch (err) {
      stages.add('plan', started);
      if (!(err instanceof Missing) || round >= MAX_LOAD_ROUNDS) throw err;
      await stages.time('load', () => load(conn, root, err.requests, cache));
    }
  }
}

/** Once per spent output and event: a vertex may be (de)activated more than once by one event. */
function logUnknownSpends(log: Logger, event: StreamEvent, spends: State['unknownSpends']): void {
  const seen = new Set<string>();
  for (const u of spends) {
    const key = `${u.spender}:${u.txId}:${u.index}`;
    if (seen.has(key)) continue;
    seen.add(key);
    log.warn('input spends an output the database does not have; its balance effect is skipped', {
      eventId: event.id,
      type: event.type,
      txId: u.spender,
      spentTxId: u.txId,
      spentIndex: u.index,
    });
  }
}

export async function readCursor(db: Queryable, forUpdate = false): Promise<Cursor | null> {
  const row = await selectOne<SyncMetadataRow>(db, `SELECT * FROM sync_metadata WHERE id = 0${forUpdate ? ' FOR UPDATE' : ''}`);
  if (!row) return null;
  return {
    lastEventId: row.last_event_id,
    streamId: row.stream_id ?? '',
    peerId: row.peer_id ?? '',
    network: row.network ?? '',
  };
}

function checkContinuity(cursor: Cursor | null, events: readonly StreamEvent[], identity: StreamIdentity): void {
  const expected = cursor ? cursor.lastEventId + 1 : 0;
  if (events[0].id !== expected) {
    throw new CursorError(`batch starts at event ${events[0].id} but the database expects event ${expected} next`);
  }
  events.forEach((e, i) => {
    if (e.id !== expected + i) throw new CursorError(`batch is not consecutive: event ${e.id} at position ${i} (expected ${expected + i})`);
  });
  if (!cursor) return;
  for (const [field, stored, received] of [
    ['stream_id', cursor.streamId, identity.streamId],
    ['peer_id', cursor.peerId, identity.peerId],
    ['network', cursor.network, identity.network],
  ] as const) {
    if (stored && stored !== received) {
      throw new CursorError(`database was synced from ${field} ${stored} but the events come from ${field} ${received}`);
    }
  }
}

/**
 * How every transaction of the daemon ends, a batch's or a settle's: locks set for best height `after` and
 * `now` (every output the working set holds, height locks between `before` and `after`, locked outputs
 * whose timelock has passed), then every changed row written and the non-additive aggregates recounted.
 * Returns how many outputs' locks flipped.
 */
async function settleLocksAndWrite(
  conn: Connection,
  state: State,
  span: { before: number; after: number; now: number },
  stages: StageClock,
  cache: RowCache,
  ids: OutputIds,
): Promise<number> {
  const { before, after, now } = span;
  await stages.time('load', () => loadLockCandidates(conn, state, before, after, now));
  const candidates = [...state.outputs.entries()].flatMap(([, row]) => (row ? [row] : []));
  let flipped = 0;
  await planWithLoads(
    conn,
    state,
    (layer) => {
      layer.bestHeight = after;
      layer.bestHeightStale = false;
      flipped = reconcileLocks(layer, candidates, after, now);
    },
    stages,
    cache,
  );
  await stages.time('write', () => flush(conn, state, ids));
  await stages.time('recount', () => recompute(conn, state));
  return flipped;
}

/**
 * The data side of the daemon: plans each event against the batch's working set (loading rows as the
 * planner asks for them), settles locks for the batch's final best height, writes every changed row and
 * the cursor, and commits — all in one transaction, whose first statement takes the sync lock (common's
 * syncLock.ts). Alerts are returned, not sent: the caller sends them after this resolves, i.e. after the
 * commit; notifications, which must not be lost, are outbox rows of the same transaction instead (outbox/).
 * Between batches, `settleTimelocks` applies what the clock alone has unlocked.
 */
export function createStore(options: StoreOptions): EventStore {
  const { pool, log } = options;
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  const cache = new RowCache(options.cacheSize ?? 0);
  const ids = new OutputIds();

  /** The cache is filled only from a committed transaction; after any failure nothing of it is trusted. */
  async function cached<T extends { root: State; cursor: number | undefined }>(step: () => Promise<T>): Promise<T> {
    let done: T;
    try {
      done = await step();
    } catch (err) {
      cache.clear();
      throw err;
    }
    cache.remember(done.root, done.cursor);
    return done;
  }

  return {
    readCursor: () => readCursor(pool),

    async applyBatch(events, identity): Promise<BatchResult> {
      if (events.length === 0) throw new CursorError('empty batch');
      const rules: Rules = {
        rewardSpendMinBlocks: options.rewardSpendMinBlocks,
        now: clock(),
        deriveAddress: options.deriveAddress,
        pushNotifications: options.pushNotifications ?? false,
      };
      const stages = new StageClock();
      const { hits, misses } = cache.counts;
      let bodyDone = 0;
      let before = -1;
      const last = events[events.length - 1].id;
      const { root } = await cached(() => withSyncLock(pool, async (conn) => {
        const state = await stages.time('load', async () => {
          const cursor = await readCursor(conn, true);
          checkContinuity(cursor, events, identity);
          cache.checkCursor(cursor?.lastEventId);
          before = await committedBestHeight(conn);
          const loaded = new State(null, before);
          await load(conn, loaded, prefetchRequests(events), cache);
          // Second round: the blocks a miner row points at, which a new block is compared with.
          const minerBlocks = [...loaded.miners.entries()].flatMap(([, m]): LoadRequest[] =>
            m ? [{ kind: 'tx', txId: m.firstBlock }, { kind: 'tx', txId: m.lastBlock }] : [],
          );
          await load(conn, loaded, minerBlocks, cache);
          return loaded;
        });
        for (const event of events) {
          const unknownBefore = state.unknownSpends.length;
          await planWithLoads(
            conn,
            state,
            (layer) => {
              const note = planEvent(layer, event, rules);
              if (note.kind === 'skipped') log.warn('event skipped', { eventId: event.id, type: event.type, reason: note.reason });
              if (note.kind === 'unknown-type') log.warn('unknown event type passed', { eventId: event.id, type: note.type });
            },
            stages,
            cache,
          );
          logUnknownSpends(log, event, state.unknownSpends.slice(unknownBefore));
        }
        const after = state.bestHeightStale ? await stages.time('load', () => bestHeightAfter(conn, state)) : state.bestHeight;
        await settleLocksAndWrite(conn, state, { before, after, now: rules.now }, stages, cache, ids);
        await stages.time('write', async () => {
          await writeOutbox(conn, outboxRows(state, identity.streamId), Date.now());
          await conn.query(
            'INSERT INTO sync_metadata (id, last_event_id, stream_id, peer_id, network) VALUES (0, ?, ?, ?, ?) ' +
              'ON DUPLICATE KEY UPDATE last_event_id = VALUES(last_event_id), stream_id = VALUES(stream_id), ' +
              'peer_id = VALUES(peer_id), network = VALUES(network)',
            [last, identity.streamId, identity.peerId, identity.network],
          );
        });
        bodyDone = performance.now();
        return { root: state, cursor: last };
      }));
      // What withSyncLock does after the body returned is the COMMIT.
      stages.add('commit', bodyDone);
      const report = { hits: cache.counts.hits - hits, misses: cache.counts.misses - misses, entries: cache.held };
      return { lastEventId: last, alerts: root.alerts, eventsByType: countByType(events), stageSeconds: stages.seconds, cache: report };
    },

    async settleTimelocks(): Promise<SettleResult | null> {
      const now = clock();
      // Outside any transaction and without the sync lock: an idle daemon asks this every interval.
      if (!(await hasExpiredTimelock(pool, now))) return null;
      const settled = await cached(() => withSyncLock(pool, async (conn) => {
        const cursor = (await readCursor(conn))?.lastEventId;
        cache.checkCursor(cursor);
        const bestHeight = await committedBestHeight(conn);
        const root = new State(null, bestHeight);
        const unlocked = await settleLocksAndWrite(conn, root, { before: bestHeight, after: bestHeight, now }, new StageClock(), cache, ids);
        return { root, cursor, unlocked, bestHeight };
      }));
      return { unlocked: settled.unlocked, bestHeight: settled.bestHeight, now };
    },
  };
}

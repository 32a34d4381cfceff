import type { SimConnection } from 'fullnode-simulator';
import { META, MemoryStore, eventText, range, startHarness, syntheticStream, type Harness } from './support/stream-support';
import { QUIET_ACK_MS } from '../source/stream';

/** The sync loop against the real simulator: ordering, batching, flow control, ACKs, observer reports. */

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const batchSizes = (store: MemoryStore) => store.batches.map((b) => b.length);

describe('streaming a whole stream', () => {
  it.each([
    [1, 1],
    [500, 500],
    [4, 16],
    [16, 4],
    [7, 7],
  ])('batch %i / window %i: applies every event exactly once, in order, in batches no larger than either', async (batchSize, windowSize) => {
    const ackBehindCommit: string[] = [];
    const store = new MemoryStore();
    // At every send, the node's record of our last ACK must be an id we had committed by then.
    const beforeSend = (eventId: number, conn: SimConnection) => {
      const committed = store.cursor?.lastEventId ?? -1;
      if ((conn.ackEventId ?? -1) > committed) ackBehindCommit.push(`ack ${conn.ackEventId} > committed ${committed} at ${eventId}`);
      return 'send' as const;
    };
    h = await startHarness({ store, simulator: { beforeSend }, settings: { batchSize, windowSize } });
    await store.committed(59);
    expect(store.appliedIds()).toEqual(range(0, 59));
    expect(Math.max(...batchSizes(store))).toBeLessThanOrEqual(Math.min(batchSize, windowSize));
    expect(ackBehindCommit).toEqual([]);
    expect(h.observer.reconnects()).toBe(0);
  });

  it('batch 1 / window 1 is one event at a time: one frame per event, each batch a single event', async () => {
    let frames = 0;
    h = await startHarness({
      settings: { batchSize: 1, windowSize: 1 },
      simulator: { beforeSend: (_id, conn) => ((frames = conn.framesSent + 1), 'send') },
    });
    await h.store.committed(59);
    expect(batchSizes(h.store).every((n) => n === 1)).toBe(true);
    expect(frames).toBe(60);
  });

  it('fills batches up to SYNC_BATCH_SIZE while catching up', async () => {
    h = await startHarness({ stream: syntheticStream(200), settings: { batchSize: 50, windowSize: 50 } });
    await h.store.committed(199);
    expect(batchSizes(h.store)).toEqual([50, 50, 50, 50]);
  });

  it('window larger than the batch: ACKs only once all the node sent is committed, so it re-sends nothing', async () => {
    let frames = 0;
    const acks: (number | null)[] = [];
    h = await startHarness({
      settings: { batchSize: 5, windowSize: 40 },
      simulator: {
        beforeSend: (_id, conn) => {
          frames = Math.max(frames, conn.framesSent + 1);
          if (acks[acks.length - 1] !== conn.ackEventId) acks.push(conn.ackEventId);
          return 'send';
        },
      },
    });
    h.store.delayMs = 5;
    await h.store.committed(59);
    expect(h.store.appliedIds()).toEqual(range(0, 59));
    // Several batches per window, yet one frame per event: the ACK came at the window's end (39).
    expect(frames).toBe(60);
    expect(acks).toEqual([null, 39]);
    expect(Math.max(...batchSizes(h.store))).toBeLessThanOrEqual(5);
  });

  it.each([
    [4, 16, 0],
    [5, 7, 1],
    [16, 16, 0],
    [1, 1, 0],
  ])('batch %i / window %i, store delay %i ms: never ACKs past what a paced node has re-sent (no ACK_TOO_LARGE)', async (batchSize, windowSize, delayMs) => {
    // A paced node re-sends slowly after each ACK, and frames cross ACKs in flight.
    h = await startHarness({ stream: syntheticStream(120), settings: { batchSize, windowSize }, simulator: { eventsPerSecond: 3000 } });
    h.store.delayMs = delayMs;
    await h.store.committed(119);
    expect(h.store.appliedIds()).toEqual(range(0, 119));
    expect(h.observer.reconnects()).toBe(0);
  });

  it('resumes after the committed event of a database synced before', async () => {
    const firstSent: number[] = [];
    const store = new MemoryStore({ ...META, lastEventId: 19 });
    h = await startHarness({
      store,
      simulator: { beforeSend: (id, conn) => (conn.framesSent === 0 && firstSent.push(id, conn.ackEventId ?? -1), 'send') },
    });
    await store.committed(59);
    expect(store.appliedIds()).toEqual(range(20, 59));
    expect(firstSent).toEqual([20, 19]);
  });

  it('applies events appended live without waiting for a full batch', async () => {
    h = await startHarness({ stream: syntheticStream(10), settings: { batchSize: 500, windowSize: 500, lingerMs: 10_000 } });
    await h.store.committed(9);
    const started = Date.now();
    h.sim.append([11, 12, 13].map((_, i) => eventText(10 + i, 99)));
    await h.store.committed(12);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(h.store.appliedIds()).toEqual(range(0, 12));
  });

  it('ACKs a committed partial window once the node goes quiet, so its next send is fresh', async () => {
    const sends: { id: number; ack: number | null; frame: number }[] = [];
    h = await startHarness({
      stream: syntheticStream(10),
      settings: { batchSize: 500, windowSize: 500 },
      simulator: { beforeSend: (id, conn) => (sends.push({ id, ack: conn.ackEventId, frame: conn.framesSent }), 'send') },
    });
    await h.store.committed(9);
    await new Promise((r) => setTimeout(r, QUIET_ACK_MS + 200));
    h.sim.append([eventText(10, 10)]);
    await h.store.committed(10);
    // Event 10 goes out after the ACK of 9, once: nothing was re-sent.
    expect(sends.map((s) => s.id)).toEqual(range(0, 10));
    expect(sends[10]).toEqual({ id: 10, ack: 9, frame: 10 });
  });

  it('passes an event type it does not know to the store', async () => {
    const stream = syntheticStream(5);
    stream.events[2] = '{"id":2,"timestamp":1,"type":"SHINY_NEW_EVENT","data":{"foo":[1,2]},"group_id":null}';
    h = await startHarness({ stream });
    await h.store.committed(4);
    expect(h.store.applied[2]).toMatchObject({ type: 'SHINY_NEW_EVENT', data: { foo: [1, 2] } });
  });
});

describe('what the observer hears', () => {
  it('reports states, received events, batches and, after each commit, its alerts', async () => {
    const store = new MemoryStore();
    store.alertsAt.set(30, { title: 'Reorg', message: 'size 2', severity: 'minor' });
    h = await startHarness({ store, settings: { batchSize: 10, windowSize: 10 } });
    await store.committed(59);
    await h.loop.stop();
    const calls = h.observer.calls;
    expect(h.observer.states()).toEqual(['initializing', 'connecting', 'streaming', 'stopping', 'stopped']);
    const received = calls.flatMap((c) => (c.kind === 'received' ? [c.eventId] : []));
    expect(received).toEqual(range(0, 59));
    expect(calls.find((c) => c.kind === 'received')).toMatchObject({ latestEventId: 59 });
    const committed = calls.flatMap((c) => (c.kind === 'batchCommitted' ? [c.report] : []));
    expect(committed.map((r) => [r.firstEventId, r.lastEventId, r.size])).toEqual(range(0, 5).map((i) => [i * 10, i * 10 + 9, 10]));
    expect(committed[0].eventsByType).toEqual({ LOAD_STARTED: 1, VERTEX_REMOVED: 6, REORG_FINISHED: 3 });
    const alertAt = calls.findIndex((c) => c.kind === 'alert');
    const commitOf30 = calls.findIndex((c) => c.kind === 'batchCommitted' && c.report.lastEventId === 39);
    expect(alertAt).toBe(commitOf30 + 1);
    expect(h.observer.alerts()).toEqual([{ title: 'Reorg', message: 'size 2', severity: 'minor' }]);
  });

  it('keeps syncing when the observer throws', async () => {
    h = await startHarness();
    const observer = h.observer;
    observer.eventReceived = () => {
      throw new Error('observer bug');
    };
    await h.store.committed(59);
  });
});

describe('settling expired timelocks between batches', () => {
  const settled = (h: Harness) => h.observer.calls.filter((c) => c.kind === 'timelocksSettled');
  const until = async (cond: () => boolean, what: string, ms = 5_000) => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('settles on its timer between batches, never during one, and reports only settles that unlocked something', async () => {
    const store = new MemoryStore();
    store.delayMs = 3;
    store.settleDelayMs = 3;
    store.settleResult = { unlocked: 2, bestHeight: 7, now: 1_700_000_000 };
    // A paced node leaves gaps between batches for the timer to fall into.
    h = await startHarness({
      store,
      stream: syntheticStream(120),
      settings: { batchSize: 4, windowSize: 16, timelockSettleIntervalMs: 2 },
      simulator: { eventsPerSecond: 300 },
    });
    await store.committed(119);
    expect(store.appliedIds()).toEqual(range(0, 119));
    expect(store.settleCalls).toBeGreaterThan(0);
    await until(() => store.settlesFinished >= 10, 'ten settles');
    expect(h.watch.overlaps).toEqual([]);
    expect(settled(h).length).toBe(store.settlesFinished);
    expect(settled(h)[0]).toMatchObject({ report: { unlocked: 2 } });

    store.settleResult = null;
    const reported = settled(h).length;
    const calls = store.settleCalls;
    await until(() => store.settleCalls >= calls + 5, 'five more settles');
    expect(settled(h).length).toBe(reported);
    expect(h.watch.overlaps).toEqual([]);
  });

  it('never settles with an interval of 0', async () => {
    h = await startHarness({ settings: { timelockSettleIntervalMs: 0 } });
    await h.store.committed(59);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.store.settleCalls).toBe(0);
  });

  it('stop during a settle waits for it to finish and starts no other', async () => {
    const store = new MemoryStore();
    store.settleDelayMs = 300;
    store.settleResult = { unlocked: 1, bestHeight: 0, now: 0 };
    h = await startHarness({ store, stream: syntheticStream(5), settings: { timelockSettleIntervalMs: 10 } });
    await store.committed(4);
    await until(() => store.settleCalls > store.settlesFinished, 'a settle in flight');
    await h.loop.stop();
    expect(store.settlesFinished).toBe(store.settleCalls);
    expect(await h.outcome).toBe('stopped');
    const calls = store.settleCalls;
    await new Promise((r) => setTimeout(r, 100));
    expect(store.settleCalls).toBe(calls);
    expect(h.observer.states().slice(-2)).toEqual(['stopping', 'stopped']);
  });
});

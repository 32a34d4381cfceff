import type { SimConnection } from 'fullnode-simulator';
import { BatchError } from '../batch';
import { GuardError } from '../decode/guards';
import { StreamError } from '../loop';
import { SettleError } from '../settle';
import { META, MemoryStore, envelopeText, range, startHarness, syntheticStream, type Harness } from './support/stream-support';

/** The loop when things go wrong: dropped sockets, bad frames, gaps, wrong streams, database outages. */

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const stream = syntheticStream(60);
/** beforeSend that replaces event `at` with `raw` the first `times` times it is sent. */
const replaceAt = (at: number, raw: string, times = 1) => {
  let left = times;
  return (id: number) => (id === at && left-- > 0 ? { raw } : ('send' as const));
};
const outage = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });

describe('reconnecting', () => {
  it('resumes from the committed cursor after the node drops the socket', async () => {
    let dropped = 0;
    h = await startHarness({
      settings: { batchSize: 5, windowSize: 5 },
      simulator: { beforeSend: (id) => (id === 23 && dropped++ === 0 ? 'drop' : 'send') },
    });
    await h.store.committed(59);
    expect(h.store.appliedIds()).toEqual(range(0, 59));
    expect(h.observer.reconnects()).toBe(1);
    expect(h.observer.states().slice(0, 6)).toEqual(['initializing', 'connecting', 'streaming', 'reconnecting', 'connecting', 'streaming']);
  });

  it('finishes the batch in flight before restarting the stream from the cursor it committed', async () => {
    const store = new MemoryStore();
    store.delayMs = 150;
    const firstSendPerConnection: { conn: number; id: number; ack: number | null; afterCommitOf: number }[] = [];
    const ref: { sim?: Harness['sim'] } = {};
    store.beforeApply = (_events, call) => {
      if (call === 2) setTimeout(() => ref.sim?.dropConnections(), 20);
    };
    h = await startHarness({
      store,
      settings: { batchSize: 10, windowSize: 10 },
      simulator: {
        beforeSend: (id, conn: SimConnection) => {
          if (conn.framesSent === 0) firstSendPerConnection.push({ conn: conn.id, id, ack: conn.ackEventId, afterCommitOf: store.cursor?.lastEventId ?? -1 });
          return 'send';
        },
      },
    });
    ref.sim = h.sim;
    await store.committed(59);
    expect(store.appliedIds()).toEqual(range(0, 59));
    // The second batch (10..19) was in flight when the socket dropped: it committed, and the new stream
    // started right after it, only once it had committed.
    expect(firstSendPerConnection[1]).toEqual({ conn: 2, id: 20, ack: 19, afterCommitOf: 19 });
  });

  it('keeps retrying while the node is down and connects once it is back', async () => {
    h = await startHarness();
    await h.store.committed(59);
    const port = h.sim.port;
    await h.sim.close();
    await new Promise((r) => setTimeout(r, 100));
    const { startSimulator } = await import('fullnode-simulator');
    h.sim = await startSimulator({ stream: syntheticStream(70), port });
    await h.store.committed(69);
    expect(h.store.appliedIds()).toEqual(range(0, 69));
    expect(h.observer.reconnects()).toBeGreaterThan(1);
  });

  it('treats EVENT_WS_NOT_RUNNING like an unavailable node: reconnects and carries on', async () => {
    h = await startHarness({ simulator: { beforeSend: replaceAt(0, '{"type":"EVENT_WS_NOT_RUNNING","invalid_request":null,"error_message":null}') } });
    await h.store.committed(59);
    expect(h.observer.reconnects()).toBe(1);
  });
});

describe('malformed frames', () => {
  const envelopeOf = (raw: string) => envelopeText(raw, 59);
  it.each([
    ['invalid JSON', '{"type":"EVENT","peer_id":', /not valid JSON/],
    ['an event failing the schema', envelopeOf(stream.events[10].replace('"value":1000', '"value":-1')), /VERTEX_REMOVED event 10 fails the schema: event\.data\.outputs\.0\.value/],
    ['an invalid-request reply', '{"type":"VALIDATION_ERROR","invalid_request":"{}","error_message":"bad"}', /rejected a request with VALIDATION_ERROR/],
  ])('resumes after %s, applying nothing from it and every event once', async (_what, raw, reason) => {
    h = await startHarness({ settings: { batchSize: 3, windowSize: 3 }, simulator: { beforeSend: replaceAt(10, raw) } });
    await h.store.committed(59);
    expect(h.store.appliedIds()).toEqual(range(0, 59));
    const reconnect = h.observer.calls.find((c) => c.kind === 'reconnecting');
    expect(reconnect).toMatchObject({ reason: expect.stringMatching(reason) });
  });

  it('stops with a clear reason when the node keeps sending an unusable frame', async () => {
    h = await startHarness({ settings: { batchSize: 3, windowSize: 3, maxDecodeFailures: 2 }, simulator: { beforeSend: replaceAt(10, '{oops', 100) } });
    const outcome = await h.outcome;
    expect(outcome).toBeInstanceOf(StreamError);
    expect((outcome as Error).message).toMatch(/^stopping: 3 unusable frames in a row from the node at event 10; last: frame is not valid JSON/);
    expect(h.store.appliedIds()).toEqual(range(0, 9));
    expect(h.observer.states().at(-1)).toBe('error');
  });

  it('counts unusable frames in a row even when events received before the bad one commit after it', async () => {
    // Batches of 2 committing slowly: each failure at event 10 leaves a batch of earlier events in flight.
    h = await startHarness({ settings: { batchSize: 2, windowSize: 6, maxDecodeFailures: 2 }, simulator: { beforeSend: replaceAt(10, '{oops', 1000) } });
    h.store.delayMs = 30;
    const outcome = await h.outcome;
    expect((outcome as Error).message).toMatch(/^stopping: 3 unusable frames in a row from the node at event 10/);
    const resumes = h.observer.calls.filter((c) => c.kind === 'reconnecting' && /not valid JSON/.test(String(c.reason)));
    expect(resumes).toHaveLength(2);
    expect(h.store.appliedIds()).toEqual(range(0, 9));
  });
});

describe('event id sequence', () => {
  it('resumes on a gap instead of applying past it', async () => {
    h = await startHarness({ settings: { batchSize: 4, windowSize: 8 }, simulator: { beforeSend: replaceAt(10, envelopeText(stream.events[12], 59)) } });
    await h.store.committed(59);
    expect(h.store.appliedIds()).toEqual(range(0, 59));
    expect(h.observer.calls.find((c) => c.kind === 'reconnecting')).toMatchObject({ reason: 'gap in event ids: expected 10, received 12' });
  });

  it('skips a duplicate and asks the node for what it missed when the stream goes quiet', async () => {
    // The last event is replaced by a copy of the one before: dropped as a duplicate, then nothing
    // more comes. Only the /v1a/event probe can notice that event 59 exists.
    h = await startHarness({ settings: { ackTimeoutMs: 100 }, simulator: { beforeSend: replaceAt(59, envelopeText(stream.events[58], 59)) } });
    await h.store.committed(59);
    expect(h.store.appliedIds()).toEqual(range(0, 59));
    expect(h.observer.calls.find((c) => c.kind === 'reconnecting')).toMatchObject({ reason: 'missed events found past the cursor' });
  });

  it('does not reconnect when the quiet stream really is at the end', async () => {
    h = await startHarness({ settings: { ackTimeoutMs: 50 } });
    await h.store.committed(59);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.observer.reconnects()).toBe(0);
  });
});

describe('stream identity', () => {
  it.each([
    ['peer_id', { peerId: 'peer-b' }, 'peer-a', 'peer-b'],
    ['network', { network: 'testnet-golf' }, 'unittests', 'testnet-golf'],
    ['stream_id', { streamId: 'stream-b' }, 'stream-a', 'stream-b'],
  ])('stops on a %s mismatch before any write, with a critical alert naming both values', async (field, override, expected, received) => {
    h = await startHarness({ simulator: override });
    const outcome = await h.outcome;
    expect(outcome).toBeInstanceOf(GuardError);
    expect(outcome).toMatchObject({ field, expected, received });
    expect((outcome as Error).message).toBe(`event 0 has ${field} "${received}" but the daemon follows "${expected}"`);
    expect(h.store.applyCalls).toBe(0);
    expect(h.observer.alerts()).toEqual([expect.objectContaining({ severity: 'critical', metadata: expect.objectContaining({ field, expected, received }) })]);
  });

  it('stops mid-stream on an event from another stream, without writing it', async () => {
    const other = { ...META, streamId: 'rebuilt' };
    h = await startHarness({ settings: { batchSize: 1, windowSize: 1 }, simulator: { beforeSend: replaceAt(5, envelopeText(stream.events[5], 59, other)) } });
    expect(await h.outcome).toMatchObject({ field: 'stream_id', received: 'rebuilt' });
    expect(h.store.appliedIds()).toEqual(range(0, 4));
  });

  it('refuses a database synced from another stream before connecting', async () => {
    let sent = 0;
    const store = new MemoryStore({ ...META, streamId: 'old-stream', lastEventId: 3 });
    h = await startHarness({ store, simulator: { beforeSend: () => (sent++, 'send') } });
    const outcome = await h.outcome;
    expect(outcome).toMatchObject({ field: 'stream_id', origin: 'database', expected: 'stream-a', received: 'old-stream' });
    expect(sent).toBe(0);
    expect(h.observer.states()).toEqual(['initializing', 'error']);
    expect(h.observer.alerts()).toHaveLength(1);
  });

  it('learns stream id and network from the node when told to (FETCH_FULLNODE_IDS)', async () => {
    h = await startHarness({ settings: { expected: { peerId: META.peerId } } });
    await h.store.committed(59);
    expect(h.store.cursor).toMatchObject({ streamId: META.streamId, network: META.network });
  });
});

describe('applying', () => {
  it('retries a batch while the database is unreachable, then carries on', async () => {
    const store = new MemoryStore();
    store.beforeApply = (_e, call) => {
      if (call === 2 || call === 3) throw outage();
    };
    h = await startHarness({ store, settings: { batchSize: 10, windowSize: 10 } });
    await store.committed(59);
    expect(store.appliedIds()).toEqual(range(0, 59));
    const details = h.observer.calls.flatMap((c) => (c.kind === 'state' && c.detail ? [c.detail] : []));
    expect(details).toEqual(['database unreachable: connect ECONNREFUSED 127.0.0.1:3306', 'database unreachable: connect ECONNREFUSED 127.0.0.1:3306', 'database reachable again']);
  });

  it('does not apply a batch twice when its COMMIT landed but the reply was lost', async () => {
    const store = new MemoryStore();
    store.afterCommit = (_e, call) => {
      if (call === 2) throw outage();
    };
    h = await startHarness({ store, settings: { batchSize: 10, windowSize: 10 } });
    await store.committed(59);
    await new Promise((r) => setTimeout(r, 50));
    expect(store.appliedIds()).toEqual(range(0, 59));
    expect(await Promise.race([h.outcome, Promise.resolve('running')])).toBe('running');
  });

  it('stops on any other apply error, naming the event and its type', async () => {
    const store = new MemoryStore();
    store.beforeApply = (events) => {
      if (events[0].id === 7) throw new Error('unique constraint violated');
    };
    h = await startHarness({ store, settings: { batchSize: 1, windowSize: 1 } });
    const outcome = await h.outcome;
    expect(outcome).toBeInstanceOf(BatchError);
    expect((outcome as Error).message).toBe('applying event 7 failed at event 7 (VERTEX_REMOVED): unique constraint violated');
    expect(store.appliedIds()).toEqual(range(0, 6));
  });

  it('names the failing event of a larger batch when the store says which one', async () => {
    const store = new MemoryStore();
    store.beforeApply = (events) => {
      if (events.some((e) => e.id === 12)) throw Object.assign(new Error('no such output'), { eventId: 12 });
    };
    h = await startHarness({ store, settings: { batchSize: 10, windowSize: 10 } });
    expect((await h.outcome as Error).message).toBe('applying events 10..19 failed at event 12 (REORG_FINISHED): no such output');
  });
});

describe('stopping', () => {
  it('lets the batch in flight commit, closes the socket and stops', async () => {
    const store = new MemoryStore();
    store.delayMs = 200;
    let stopRequested!: Promise<void>;
    h = await startHarness({ store, settings: { batchSize: 10, windowSize: 10 } });
    const loop = h.loop;
    store.beforeApply = (_e, call) => {
      if (call === 2) stopRequested = loop.stop();
    };
    await h.outcome;
    await stopRequested;
    expect(store.appliedIds()).toEqual(range(0, 19));
    expect(h.observer.states().slice(-2)).toEqual(['stopping', 'stopped']);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.sim.connections()).toBe(0);
  });

  it('stops promptly while waiting to reconnect to a node that is down', async () => {
    h = await startHarness({ settings: { reconnect: { baseMs: 60_000, maxMs: 60_000 } } });
    await h.store.committed(59);
    await h.sim.close();
    while (h.observer.reconnects() === 0) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    await h.loop.stop();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await h.outcome).toBe('stopped');
  });

  it('stops while the database is out, abandoning only the uncommitted retry', async () => {
    const store = new MemoryStore();
    store.beforeApply = () => {
      throw outage();
    };
    h = await startHarness({ store, settings: { dbRetry: { baseMs: 50, maxMs: 50 } } });
    while (store.applyCalls < 2) await new Promise((r) => setTimeout(r, 10));
    await h.loop.stop();
    expect(await h.outcome).toBe('stopped');
    expect(store.applied).toEqual([]);
  });
});

describe('a failing timelock settle', () => {
  const until = async (cond: () => boolean, what: string, ms = 5_000) => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('after a database outage, tries again at the next tick and keeps syncing', async () => {
    const store = new MemoryStore();
    store.settleResult = { unlocked: 1, bestHeight: 0, now: 0 };
    store.settleFailures = [outage(), outage()];
    h = await startHarness({ store, settings: { timelockSettleIntervalMs: 5 } });
    await store.committed(59);
    await until(() => h!.observer.calls.some((c) => c.kind === 'timelocksSettled'), 'a settle after the outage');
    expect(store.settleCalls).toBeGreaterThanOrEqual(3);
    expect(await Promise.race([h.outcome, Promise.resolve('running')])).toBe('running');
  });

  it('for any other reason, stops the loop with a SettleError naming the cause', async () => {
    const store = new MemoryStore();
    store.settleFailures = [new Error('address X token 00 would go negative')];
    h = await startHarness({ store, settings: { timelockSettleIntervalMs: 5 } });
    const outcome = await h.outcome;
    expect(outcome).toBeInstanceOf(SettleError);
    expect((outcome as Error).message).toBe('settling expired timelocks failed: address X token 00 would go negative');
    expect(h.observer.states().at(-1)).toBe('error');
  });
});

import type { ChildProcess } from 'child_process';
import { FullNodeEvent, parseJson, selectRows } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { generateRandom, startSimulator } from 'fullnode-simulator';
import { waitForExit } from '../bench/daemonProcess';
import { assertBuilt, cursorOf, startDaemon, stopDaemon, waitForCursor } from './support/e2e';
import { expectedNotifications, summarize, walletAddresses } from './support/notifications';
import { startLocalSqs, type LocalSqs } from './support/sqs';
import { resetData } from './support/sync';
import { registerWallets } from './support/wallets';

/**
 * The daemon process SIGKILLed at random instants, restarted each time, with a real local SQS queue
 * consumed all along: every notification the stream implies is published at least once (a kill between
 * the send and the outbox delete resends it) and an id never comes with two different bodies, so a
 * consumer that dedupes by id sees each notification exactly once.
 */
let db: TestDatabase;
let sqs: LocalSqs;
beforeAll(async () => {
  assertBuilt();
  db = await createTestDatabase('outbox_crash');
  sqs = await startLocalSqs();
});
afterAll(async () => {
  await sqs?.close();
  await db?.drop();
});

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const outboxDepth = async () => Number((await selectRows<{ n: number }>(db.pool, 'SELECT COUNT(*) AS n FROM notification_outbox'))[0].n);

test('SIGKILL at random instants: every notification published, each id with one body', async () => {
  const generated = generateRandom({ seed: 12, blocks: 24, txsPerBlock: 4, wallets: 2, reorgRate: 0.2, conflictRate: 0.2 });
  const { meta } = generated.stream;
  const last = generated.stream.events.length - 1;
  await resetData(db.pool);
  await registerWallets(db.pool, generated.truth.setup?.wallets ?? []);
  const sim = await startSimulator({ stream: generated.stream, eventsPerSecond: 300 });
  const env = { NEW_TX_SQS: sqs.queueUrl, OUTBOX_RETRY_BASE_MS: '20', OUTBOX_RETRY_MAX_MS: '200' };
  const random = prng(20261204);
  let consuming = true;
  const consumer = (async () => {
    while (consuming) await sqs.receive(sqs.received.length + 1, 100);
  })();
  const cursors: number[] = [];
  let daemon: ChildProcess | undefined;
  try {
    for (let kills = 0; ; kills++) {
      const before = await cursorOf(db.pool);
      daemon = await startDaemon(db, sim, meta, { batch: 8, window: 8 }, env);
      if (kills >= 8 || before >= last) {
        await waitForCursor(db.pool, last, daemon, 120_000);
        const end = Date.now() + 30_000;
        while ((await outboxDepth()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
        expect(await stopDaemon(daemon)).toBe(0);
        break;
      }
      // Counted from the restarted daemon's first commit, so slow starts do not put every kill before it.
      await waitForCursor(db.pool, before + 1, daemon, 60_000);
      await new Promise((r) => setTimeout(r, random() * 300));
      daemon.kill('SIGKILL');
      await waitForExit(daemon, 5_000);
      cursors.push(await cursorOf(db.pool));
    }
    expect(await outboxDepth()).toBe(0);
    // Let the consumer take what is still in the queue.
    let n: number;
    do {
      n = sqs.received.length;
      await new Promise((r) => setTimeout(r, 400));
    } while (sqs.received.length > n);
  } finally {
    consuming = false;
    await consumer;
    if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
      daemon.kill('SIGKILL');
      await waitForExit(daemon, 5_000);
    }
    await sim.close();
  }
  expect(new Set(cursors).size).toBeGreaterThan(3);

  const events = generated.stream.events.map((t) => FullNodeEvent.parse(parseJson(t)));
  const expected = expectedNotifications(events, meta.streamId, await walletAddresses(db.pool));
  const bodies = new Map<string, Set<string>>();
  for (const body of sqs.received) {
    const id = summarize(body).id;
    bodies.set(id, (bodies.get(id) ?? new Set()).add(body));
  }
  expect([...bodies].filter(([, b]) => b.size > 1).map(([id]) => id)).toEqual([]);
  // Deduped by id, in order of first arrival: exactly what the stream implies.
  const firsts = [...bodies.values()].map((b) => summarize([...b][0]));
  expect([...firsts].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([...expected].sort((a, b) => (a.id < b.id ? -1 : 1)));
}, 180_000);

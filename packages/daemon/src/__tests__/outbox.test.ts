import { createLogger, FullNodeEvent, parseJson, selectRows, type Pool } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { wsTransactionSchema } from '@hathor/wallet-lib/lib/wallet/api/schemas/walletApi';
import { generateRandom, generateScenario, type Generated } from 'fullnode-simulator';
import { createPublisher, type Publisher } from '../outbox/publisher';
import { sqsSink } from '../outbox/sinks';
import type { Channel } from '../outbox/write';
import { expectedNotifications, summarize, truthDifferences, walletAddresses, type Expected } from './support/notifications';
import { startLocalSqs, type LocalSqs } from './support/sqs';
import { applyEvents, resetData } from './support/sync';
import { registerWallets } from './support/wallets';

/**
 * The outbox on generated streams (voids, unvoids, reorgs, removals, wallet activity): what the batches
 * write equals what the stream implies whatever the batch size, and what a real local SQS queue receives
 * equals it too — in commit order, exactly once — through an outage of the queue and a rolled-back batch.
 */
const log = createLogger({ service: 'outbox-test', level: 'fatal' });
let db: TestDatabase;
let sqs: LocalSqs;
beforeAll(async () => {
  db = await createTestDatabase('outbox');
  sqs = await startLocalSqs();
});
afterAll(async () => {
  await sqs?.close();
  await db?.drop();
});

const decode = (g: Generated) => g.stream.events.map((t) => FullNodeEvent.parse(parseJson(t)));
const identity = (g: Generated) => ({ streamId: g.stream.meta.streamId, peerId: g.stream.meta.peerId, network: g.stream.meta.network });

async function sync(g: Generated, batch: number, events = decode(g)): Promise<void> {
  await applyEvents(db.pool, events, identity(g), { batch, rewardSpendMinBlocks: g.stream.meta.rewardSpendMinBlocks });
}

async function fresh(g: Generated): Promise<void> {
  await resetData(db.pool);
  await registerWallets(db.pool, g.truth.setup?.wallets ?? []);
}

async function outboxBodies(pool: Pool, channel: Channel = 'new-tx'): Promise<string[]> {
  const rows = await selectRows<{ body: string }>(pool, 'SELECT body FROM notification_outbox WHERE channel = ? ORDER BY id', [channel]);
  return rows.map((r) => r.body);
}

async function outboxDepth(pool: Pool): Promise<number> {
  const [row] = await selectRows<{ n: number }>(pool, 'SELECT COUNT(*) AS n FROM notification_outbox');
  return Number(row.n);
}

async function until(cond: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What the stream owes, with the wallets' addresses as they end up after syncing it. */
async function owed(g: Generated): Promise<Expected[]> {
  return expectedNotifications(decode(g), g.stream.meta.streamId, await walletAddresses(db.pool));
}

function schemaFailures(bodies: string[]): string[] {
  const out: string[] = [];
  for (const body of bodies) {
    // The client's own parsing: plain JSON.parse (wallet-lib's JSONBigInt needs Node 22), then its schema.
    const m = JSON.parse(body) as { id: string; tx?: unknown; update?: unknown };
    const r = wsTransactionSchema.safeParse(m.tx ?? m.update);
    if (!r.success) out.push(`${m.id}: ${r.error.message}`);
  }
  return out;
}

// The named scenario with registered wallets, and random streams with reorgs, conflicts and removals.
const streams: [string, () => Generated][] = [
  ['WALLET_ACTIVITY', () => generateScenario('WALLET_ACTIVITY')],
  ...[3, 8, 12, 21].map((seed): [string, () => Generated] => [
    `random seed ${seed}`,
    () => generateRandom({ seed, blocks: 14, txsPerBlock: 3, wallets: 2, reorgRate: 0.2, conflictRate: 0.2 }),
  ]),
];

describe('the outbox holds exactly what the stream implies', () => {
  test.each(streams)('%s: the same notifications at batch sizes 1, 7 and 500, as the truth implies, in the client schema', async (_name, make) => {
    const g = make();
    const written: string[][] = [];
    let expected: Expected[] = [];
    for (const batch of [1, 7, 500]) {
      await fresh(g);
      await sync(g, batch);
      expected = await owed(g);
      const bodies = await outboxBodies(db.pool);
      expect(bodies.map(summarize)).toEqual(expected);
      expect(schemaFailures(bodies)).toEqual([]);
      written.push(bodies.map((b) => JSON.stringify(summarize(b))));
    }
    expect(written[1]).toEqual(written[0]);
    expect(written[2]).toEqual(written[0]);
    expect(truthDifferences(g.truth, expected)).toEqual([]);
    // Something to see: the streams are chosen for wallet activity and state changes.
    expect(expected.filter((n) => n.kind === 'new-tx').length).toBeGreaterThan(0);
    expect(expected.filter((n) => n.kind === 'update-tx').length).toBeGreaterThan(0);
  });

  test('amounts above 2^53 and block nonces stay exact in the body', async () => {
    const g = generateScenario('WALLET_ACTIVITY');
    await fresh(g);
    await sync(g, 50);
    const bodies = await outboxBodies(db.pool);
    const events = decode(g);
    const nonces = new Map(events.flatMap((e) => ('hash' in (e.data as object) ? [[(e.data as { hash: string }).hash, (e.data as { nonce: number | bigint }).nonce]] : [])));
    for (const body of bodies) {
      const m = parseJson(body) as { tx?: { tx_id: string; nonce: number | bigint }; update?: { tx_id: string; nonce: number | bigint } };
      const tx = (m.tx ?? m.update) as { tx_id: string; nonce: number | bigint };
      expect(BigInt(tx.nonce)).toBe(BigInt(nonces.get(tx.tx_id) as number | bigint));
    }
  });
});

describe('publishing to a real local SQS queue', () => {
  let publisher: Publisher | undefined;
  const failures: Channel[] = [];
  const published: number[] = [];
  afterEach(async () => {
    await publisher?.stop();
    publisher = undefined;
    failures.length = 0;
    published.length = 0;
    // A fresh server: whatever a failed test left in the queue must not reach the next one.
    await sqs.stop();
    await sqs.start();
    sqs.received.length = 0;
  });

  const startPublisher = () => {
    publisher = createPublisher({
      pool: db.pool,
      sinks: [sqsSink(sqs.queueUrl, 'us-east-1', 2_000, {})],
      log,
      retry: { baseMs: 20, maxMs: 200 },
      hooks: {
        published: (_c, latencies) => published.push(...latencies),
        failed: (c) => failures.push(c),
        depth: () => undefined,
      },
    });
    publisher.start();
    return publisher;
  };

  /** Receives until nothing more arrives for a while. */
  const quiet = async () => {
    let n: number;
    do {
      n = sqs.received.length;
      await sqs.receive(n + 1, 300);
    } while (sqs.received.length > n);
  };

  const generated = () => generateRandom({ seed: 5, blocks: 20, txsPerBlock: 4, wallets: 2, reorgRate: 0.2, conflictRate: 0.2 });

  test('every notification arrives once, in commit order, and the outbox empties', async () => {
    const g = generated();
    await fresh(g);
    await sync(g, 16);
    const expected = await owed(g);
    startPublisher();
    await until(async () => (await outboxDepth(db.pool)) === 0, 'the outbox to drain');
    await quiet();
    const got = sqs.received;
    expect(got.map(summarize)).toEqual(expected);
    expect(published.length).toBe(expected.length);
    expect(failures).toEqual([]);
  });

  test('a queue down for a while: nothing lost, nothing twice, once it is back', async () => {
    const g = generated();
    const events = decode(g);
    const half = Math.floor(events.length / 2);
    await fresh(g);
    startPublisher();
    await sync(g, 16, events.slice(0, half));
    publisher?.wake();
    await until(async () => (await outboxDepth(db.pool)) === 0, 'the first half to drain');
    await quiet();

    await sqs.stop();
    await sync(g, 16, events);
    publisher?.wake();
    await until(async () => failures.length >= 3, 'failed attempts while the queue is down');
    expect(await outboxDepth(db.pool)).toBeGreaterThan(0);

    await sqs.start();
    await until(async () => (await outboxDepth(db.pool)) === 0, 'the outbox to drain after the outage');
    const expected = await owed(g);
    await quiet();
    expect(sqs.received.map(summarize)).toEqual(expected);
  });

  test('a batch that rolled back (the database failing mid-batch) publishes nothing', async () => {
    const g = generated();
    const events = decode(g);
    await fresh(g);
    await sync(g, 500, events);
    const expected = await owed(g);
    await fresh(g);
    // Fail the batch at its last statement, the cursor's, after its outbox rows were written.
    const failAt = expected[Math.floor(expected.length / 2)].id.split(':')[1];
    const trigger = (when: 'INSERT' | 'UPDATE') =>
      `CREATE TRIGGER outbox_test_fail_${when.toLowerCase()} BEFORE ${when} ON sync_metadata FOR EACH ROW ` +
      `BEGIN IF NEW.last_event_id >= ${Number(failAt)} THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF; END`;
    await db.pool.query(trigger('INSERT'));
    await db.pool.query(trigger('UPDATE'));
    try {
      startPublisher();
      await expect(sync(g, 1_000_000, events)).rejects.toThrow('injected failure');
      await sync(g, Number(failAt), events.slice(0, Number(failAt)));
      publisher?.wake();
      await until(async () => (await outboxDepth(db.pool)) === 0, 'the committed part to drain');
      const before = expected.filter((n) => Number(n.id.split(':')[1]) < Number(failAt));
      await quiet();
      expect(sqs.received.map(summarize)).toEqual(before);
    } finally {
      await db.pool.query('DROP TRIGGER IF EXISTS outbox_test_fail_insert');
      await db.pool.query('DROP TRIGGER IF EXISTS outbox_test_fail_update');
    }
    await sync(g, 16, events);
    publisher?.wake();
    await until(async () => (await outboxDepth(db.pool)) === 0, 'the rest to drain');
    await quiet();
    expect(sqs.received.map(summarize)).toEqual(expected);
  });
});

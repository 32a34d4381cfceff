import { createLogger, FullNodeEvent, lockSync, parseJson, selectRows, type Connection, type FullNodeEvent as Event } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { generateScenario, type Generated } from 'fullnode-simulator';
import { snapshot } from '../__tests__/support/dump';
import { cursorOf } from '../__tests__/support/e2e';
import { compareExtras, compareWithExpected, type Expected } from '../__tests__/support/expected';
import { applyEvents, resetData } from '../__tests__/support/sync';
import { registerWallets } from '../__tests__/support/wallets';
import { createAddressDeriver } from '../hathor/derive';
import type { EventStore, StreamIdentity } from '../sync/contract';
import { verify } from '../verify/run';
import { createStore } from './store';

/**
 * The daemon's side of the sync-lock handshake (common's syncLock.ts), with the real store on the real
 * server: a batch waits for a wallet load holding the lock and then sees what it committed; the lock is
 * the batch's first statement; a truncated sync_lock heals.
 */
let db: TestDatabase;
let generated: Generated;
let events: Event[];
let identity: StreamIdentity;
/** Index of the first event that touches a wallet address: before it, a wallet load has nothing to build. */
let firstWalletEvent: number;

const log = createLogger({ service: 'test', level: 'error' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await createTestDatabase('daemon_sync_lock');
  generated = generateScenario('WALLET_ACTIVITY');
  events = generated.stream.events.map((t) => FullNodeEvent.parse(parseJson(t)));
  const { meta } = generated.stream;
  identity = { streamId: meta.streamId, peerId: meta.peerId, network: meta.network };
  const addresses = (generated.truth.setup?.wallets ?? []).flatMap((w) => w.addresses.map((a) => a.address));
  firstWalletEvent = generated.stream.events.findIndex((t) => addresses.some((a) => t.includes(a)));
});
afterAll(async () => db?.drop());

function store(): EventStore {
  return createStore({
    pool: db.pool,
    log,
    rewardSpendMinBlocks: generated.stream.meta.rewardSpendMinBlocks,
    deriveAddress: createAddressDeriver('mainnet'),
  });
}

/** The stream up to the first wallet event committed, the wallets registered but still loading. */
async function upToTheWallets(): Promise<void> {
  await resetData(db.pool);
  await registerWallets(db.pool, generated.truth.setup?.wallets ?? []);
  await db.pool.query("UPDATE wallet SET status = 'creating', ready_at = NULL");
  await applyEvents(db.pool, events.slice(0, firstWalletEvent), identity, { rewardSpendMinBlocks: generated.stream.meta.rewardSpendMinBlocks });
}

async function withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await db.pool.getConnection();
  try {
    return await fn(conn);
  } finally {
    // A failed assertion must not leave the sync lock held for the next test (after a commit: a no-op).
    await conn.rollback();
    conn.release();
  }
}

/** Whether another transaction can take the sync lock within one second: 'taken' or the error code. */
function probe(): Promise<string> {
  return withConnection(async (conn) => {
    await conn.query('SET SESSION innodb_lock_wait_timeout = 1');
    await conn.beginTransaction();
    try {
      return (await lockSync(conn)) ? 'taken' : 'missing';
    } catch (err) {
      return (err as { code?: string }).code ?? String(err);
    } finally {
      await conn.rollback();
    }
  });
}

describe('the sync lock in the daemon', () => {
  it('a batch waits for a connection holding the sync lock, and then sees the wallet it made ready', async () => {
    expect(firstWalletEvent).toBeGreaterThan(0);
    await upToTheWallets();
    await withConnection(async (holder) => {
      await holder.beginTransaction();
      expect(await lockSync(holder)).toBe(true);
      let done = false;
      const batch = store()
        .applyBatch(events.slice(firstWalletEvent), identity)
        .finally(() => (done = true));
      await sleep(500);
      expect(done).toBe(false);
      expect(await cursorOf(db.pool)).toBe(firstWalletEvent - 1);
      // The wallet load: nothing has reached the wallets' addresses yet, so marking them ready is all of it.
      await holder.query("UPDATE wallet SET status = 'ready', ready_at = 1");
      await holder.commit();
      await batch;
    });
    expect(await cursorOf(db.pool)).toBe(events.length - 1);
    const truth = generated.truth as unknown as Expected;
    const snap = await snapshot(db.pool);
    expect(Object.keys(snap.wallets).length).toBeGreaterThan(0);
    expect([...compareWithExpected(snap, truth), ...compareExtras(snap, truth)]).toEqual([]);
    expect((await verify(db.pool)).differences).toEqual([]);
  });

  it('takes the lock as the first statement of a batch, and holds it to the commit', async () => {
    await upToTheWallets();
    await withConnection(async (holder) => {
      await holder.beginTransaction();
      expect(await lockSync(holder)).toBe(true);
      const batch = store().applyBatch(events.slice(firstWalletEvent, firstWalletEvent + 5), identity);
      await sleep(300);
      // The waiting batch asks for the sync lock, and the row it waits for is its only lock, in the only
      // table it has touched: no locking read came before it.
      const waiting = await selectRows<{ trx_query: string; trx_rows_locked: string; trx_tables_locked: string }>(
        db.pool,
        // Only this test's database: other suites run beside it on the same server.
        "SELECT t.trx_query, t.trx_rows_locked, t.trx_tables_locked FROM information_schema.innodb_trx t " +
          "JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id WHERE t.trx_state = 'LOCK WAIT' AND p.db = DATABASE()",
      );
      expect(waiting.map((w) => [w.trx_query, Number(w.trx_rows_locked), Number(w.trx_tables_locked)])).toEqual([
        ['SELECT id FROM sync_lock WHERE id = 1 FOR UPDATE', 1, 1],
      ]);
      await holder.commit();
      await batch;
    });

    // Hold the batch after its first statement (on the cursor row, its second) and probe the sync lock.
    await withConnection(async (blocker) => {
      await blocker.beginTransaction();
      await blocker.query('SELECT last_event_id FROM sync_metadata WHERE id = 0 FOR UPDATE');
      let done = false;
      const batch = store()
        .applyBatch(events.slice(firstWalletEvent + 5, firstWalletEvent + 10), identity)
        .finally(() => (done = true));
      await sleep(200);
      expect(await probe()).toBe('ER_LOCK_WAIT_TIMEOUT');
      expect(done).toBe(false);
      await blocker.commit();
      await batch;
    });
    expect(await probe()).toBe('taken');
    expect(await cursorOf(db.pool)).toBe(firstWalletEvent + 9);
  });

  it('heals a truncated sync_lock: the next batch puts the row back and commits', async () => {
    await upToTheWallets();
    await db.pool.query('TRUNCATE TABLE sync_lock');
    await store().applyBatch(events.slice(firstWalletEvent, firstWalletEvent + 5), identity);
    expect(await cursorOf(db.pool)).toBe(firstWalletEvent + 4);
    const [rows] = await db.pool.query('SELECT id FROM sync_lock');
    expect(rows).toEqual([{ id: 1 }]);
  });
});

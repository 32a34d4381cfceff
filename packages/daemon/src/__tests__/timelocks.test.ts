import { createLogger, FullNodeEvent, lockSync, parseJson, toBigInt, type Pool } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { generateScenario, startSimulator, type Generated, type Simulator } from 'fullnode-simulator';
import { createStore } from '../apply/store';
import { parseDaemonConfig } from '../config';
import { createAddressDeriver } from '../hathor/derive';
import { createLoop, type LoopSettings, type SyncLoop } from '../loop';
import { startDaemon } from '../main';
import { STAGES, type StreamIdentity } from '../sync/contract';
import { verify } from '../verify/run';
import { dumpTables } from './support/dump';
import { cursorOf } from './support/e2e';
import { fastSettings, OverlapWatch, RecordingObserver, testLogger } from './support/stream-support';
import { applyEvents, resetData } from './support/sync';
import { registerWallets } from './support/wallets';

/**
 * Timelocks that expire while no event arrives, settled by the daemon's own timer: the real loop and store
 * over a real websocket to the simulator, on the real server, with the store's clock in the test's hands.
 */
let db: TestDatabase;
let generated: Generated;
let identity: StreamIdentity;
let last: number;
/** Before every future timelock of the scenario, after every expired one. */
const BEFORE = 2_000_000_000;
const clock = { now: BEFORE };

interface Sync {
  sim: Simulator;
  loop: SyncLoop;
  watch: OverlapWatch;
  observer: RecordingObserver;
  outcome: Promise<'stopped' | Error>;
  close(): Promise<void>;
}
let sync: Sync | undefined;

beforeAll(async () => {
  db = await createTestDatabase('timelock_settle');
  generated = generateScenario('WALLET_ACTIVITY');
  const { meta } = generated.stream;
  identity = { streamId: meta.streamId, peerId: meta.peerId, network: meta.network };
  last = generated.stream.events.length - 1;
});
afterAll(async () => db?.drop());
afterEach(async () => {
  await sync?.close();
  sync = undefined;
});

function storeOn(pool: Pool) {
  return createStore({
    pool,
    log: testLogger(),
    rewardSpendMinBlocks: generated.stream.meta.rewardSpendMinBlocks,
    deriveAddress: createAddressDeriver('mainnet'),
    clock: () => clock.now,
    // As in production (TX_CACHE_SIZE's default): settles must keep the row cache exact too.
    cacheSize: 10_000,
  });
}

async function fresh(pool: Pool): Promise<void> {
  await resetData(pool);
  await registerWallets(pool, generated.truth.setup?.wallets ?? []);
}

/** The real loop and store on the test database; the node serves the first `served` events (default all). */
async function startSync(settings: Partial<LoopSettings>, served = generated.stream.events.length): Promise<Sync> {
  const sim = await startSimulator({ stream: { ...generated.stream, events: generated.stream.events.slice(0, served) } });
  const watch = new OverlapWatch(storeOn(db.pool));
  const observer = new RecordingObserver();
  const loop = createLoop({
    store: watch,
    observer,
    log: testLogger(),
    settings: fastSettings(sim.wsUrl, { expected: { ...identity }, batchSize: 50, windowSize: 50, ...settings }),
  });
  const outcome = loop.run().then(
    () => 'stopped' as const,
    (err: unknown) => err as Error,
  );
  return { sim, loop, watch, observer, outcome, close: async () => (await loop.stop(), await sim.close()) };
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 15_000, everyMs = 20): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

interface LockedOutput {
  tx_id: string;
  index: number;
  address: string;
  token_id: string;
  value: string;
  timelock: number;
  wallet_id: string | null;
}

const lockedByTime = async (): Promise<LockedOutput[]> =>
  (
    await db.pool.query(
      'SELECT o.tx_id, o.`index`, o.address, o.token_id, o.value, o.timelock, a.wallet_id FROM tx_output o ' +
        'LEFT JOIN address a ON a.address = o.address WHERE o.locked = TRUE AND o.timelock IS NOT NULL ' +
        'AND o.spent_by IS NULL AND o.voided = FALSE ORDER BY o.timelock, o.tx_id, o.`index`',
    )
  )[0] as LockedOutput[];

type Balances = Map<string, { unlocked: bigint; locked: bigint }>;
async function balances(table: 'address_balance' | 'wallet_balance'): Promise<Balances> {
  const owner = table === 'address_balance' ? 'address' : 'wallet_id';
  const [rows] = await db.pool.query(`SELECT ${owner} AS owner, token_id, unlocked_balance, locked_balance FROM ${table}`);
  const out: Balances = new Map();
  for (const r of rows as { owner: string; token_id: string; unlocked_balance: string; locked_balance: string }[]) {
    out.set(`${r.owner}|${r.token_id}`, { unlocked: toBigInt(r.unlocked_balance), locked: toBigInt(r.locked_balance) });
  }
  return out;
}

/** What unlocking `outputs` should move from locked to unlocked, per owner and token. */
function moved(outputs: LockedOutput[], owner: (o: LockedOutput) => string | null): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const o of outputs) {
    const who = owner(o);
    if (who !== null) out.set(`${who}|${o.token_id}`, (out.get(`${who}|${o.token_id}`) ?? 0n) + toBigInt(o.value));
  }
  return out;
}

function expectMoved(before: Balances, after: Balances, delta: Map<string, bigint>): void {
  for (const [key, amount] of delta) {
    const b = before.get(key);
    expect([key, after.get(key)]).toEqual([key, { unlocked: (b?.unlocked ?? 0n) + amount, locked: (b?.locked ?? 0n) - amount }]);
  }
  for (const [key, b] of before) if (!delta.has(key)) expect([key, after.get(key)]).toEqual([key, b]);
}

describe('expired timelocks settled by the timer', () => {
  it('an output whose timelock passes with no further event is unlocked, with its address and wallet balances, and verify agrees', async () => {
    clock.now = BEFORE;
    await fresh(db.pool);
    sync = await startSync({ timelockSettleIntervalMs: 40 });
    await until(async () => (await cursorOf(db.pool)) === last, 'the stream synced');

    const locked = await lockedByTime();
    const target = locked.find((o) => o.wallet_id !== null);
    if (!target) throw new Error('WALLET_ACTIVITY has no timelocked wallet output');
    const T = target.timelock;
    const unlocking = locked.filter((o) => o.timelock <= T);
    // Ticks while nothing is due ask the database and commit nothing.
    const s = sync;
    await until(() => s.watch.settles >= 5, 'five idle ticks');
    expect(s.observer.calls.filter((c) => c.kind === 'timelocksSettled')).toEqual([]);
    expect((await verify(db.pool, { now: BEFORE })).differences).toEqual([]);
    // At T the stored locks are stale until something settles them.
    expect((await verify(db.pool, { now: T })).differences.map((d) => d.check)).toContain('tx_output.locked');

    const addressBefore = await balances('address_balance');
    const walletBefore = await balances('wallet_balance');
    const tablesBefore = await dumpTables(db.pool);
    clock.now = T;
    await until(async () => (await lockedByTime()).length === locked.length - unlocking.length, 'the timelocks settled');

    expect((await lockedByTime()).map((o) => o.timelock)).toEqual(locked.filter((o) => o.timelock > T).map((o) => o.timelock));
    expectMoved(addressBefore, await balances('address_balance'), moved(unlocking, (o) => o.address));
    expectMoved(walletBefore, await balances('wallet_balance'), moved(unlocking, (o) => o.wallet_id));
    expect(moved(unlocking, (o) => o.wallet_id).size).toBeGreaterThan(0);
    expect((await verify(db.pool, { now: T })).differences).toEqual([]);
    expect(await cursorOf(db.pool)).toBe(last);
    expect((await dumpTables(db.pool)).sync_metadata).toEqual(tablesBefore.sync_metadata);
    expect(s.observer.calls.filter((c) => c.kind === 'timelocksSettled')).toEqual([
      { kind: 'timelocksSettled', report: { unlocked: unlocking.length, durationMs: expect.any(Number) } },
    ]);
    expect(s.watch.overlaps).toEqual([]);

    // Exactly the tables of a database that received the whole stream at T.
    const reference = await createTestDatabase('timelock_reference');
    try {
      await fresh(reference.pool);
      await applyEvents(reference.pool, generated.stream.events.map((t) => FullNodeEvent.parse(parseJson(t))), identity, {
        batch: 1000,
        rewardSpendMinBlocks: generated.stream.meta.rewardSpendMinBlocks,
        now: T,
      });
      expect(await dumpTables(db.pool)).toEqual(await dumpTables(reference.pool));
    } finally {
      await reference.drop();
    }
  });

  it('never overlaps a batch while the stream is still arriving, the clock passing timelocks in between', async () => {
    // The node gets the stream in chunks. After each chunk the clock moves to the earliest timelock still
    // locked; every other time it moves the test waits for the timer to settle, the other times it sends the
    // next chunk at once so that it races the timer.
    const END = 4_100_000_000;
    clock.now = BEFORE;
    await fresh(db.pool);
    const CHUNK = 5;
    sync = await startSync({ timelockSettleIntervalMs: 2, batchSize: 2, windowSize: 8 }, 50);
    const s = sync;
    const reports = () => s.observer.calls.filter((c) => c.kind === 'timelocksSettled').length;
    let settledBetween = 0;
    let moves = 0;
    for (let from = 50; from <= last; from += CHUNK) {
      s.sim.append(generated.stream.events.slice(from, from + CHUNK));
      const upTo = Math.min(from + CHUNK, last + 1) - 1;
      await until(async () => (await cursorOf(db.pool)) === upTo, `events up to ${upTo}`);
      const earliest = (await lockedByTime())[0]?.timelock;
      if (earliest === undefined || earliest <= clock.now) continue;
      const before = reports();
      clock.now = earliest;
      if (moves++ % 2 === 1) continue;
      await until(() => reports() > before, `a settle after event ${upTo}`);
      settledBetween++;
    }
    clock.now = END;
    await until(async () => (await lockedByTime()).length === 0, 'every timelock settled');
    expect(settledBetween).toBeGreaterThanOrEqual(2);
    expect(s.watch.batches).toBeGreaterThan(20);
    expect(s.watch.overlaps).toEqual([]);
    expect((await verify(db.pool, { now: END })).differences).toEqual([]);
  });

  it('stopping during a settle waits for its commit and stops cleanly', async () => {
    clock.now = BEFORE;
    await fresh(db.pool);
    sync = await startSync({ timelockSettleIntervalMs: 20 });
    const s = sync;
    await until(async () => (await cursorOf(db.pool)) === last, 'the stream synced');
    const locked = await lockedByTime();

    // A wallet load holds the sync lock, so the settle that the clock makes due waits inside its transaction.
    const holder = await db.pool.getConnection();
    let stopped = false;
    try {
      await holder.beginTransaction();
      expect(await lockSync(holder)).toBe(true);
      clock.now = locked[0].timelock;
      await until(async () => {
        const [rows] = await db.pool.query(
          "SELECT t.trx_query FROM information_schema.innodb_trx t JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id WHERE t.trx_state = 'LOCK WAIT' AND p.db = DATABASE()",
        );
        return (rows as { trx_query: string }[]).some((r) => r.trx_query.includes('sync_lock'));
        // innodb_trx is a snapshot refreshed only when it was last read more than 0.1 s ago.
      }, 'a settle waiting for the sync lock', 15_000, 150);
      const stopping = s.loop.stop().then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 200));
      expect(stopped).toBe(false);
      await holder.commit();
      await stopping;
    } finally {
      await holder.rollback();
      holder.release();
    }
    expect(await s.outcome).toBe('stopped');
    expect(s.observer.states().slice(-2)).toEqual(['stopping', 'stopped']);
    const settles = s.watch.settles;
    expect((await lockedByTime()).length).toBe(locked.filter((o) => o.timelock > locked[0].timelock).length);
    expect((await verify(db.pool, { now: clock.now })).differences).toEqual([]);
    // Only this test's database: other suites (and anything else on the server) have transactions of their own.
    const [open] = await db.pool.query(
      'SELECT t.trx_id FROM information_schema.innodb_trx t JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id WHERE p.db = DATABASE()',
    );
    expect(open).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.watch.settles).toBe(settles);
  });
});

describe('the daemon process with its wall clock', () => {
  it('settles a timelock a few seconds ahead on TIMELOCK_SETTLE_INTERVAL_MS, logging it and counting it in /metrics', async () => {
    await fresh(db.pool);
    // The node has the stream up to just before the first timelocked output; the rest is sent once the
    // first timelock has been moved to a few seconds from now.
    const split = generated.stream.events.findIndex((e) => /"timelock":[34]\d{9}/.test(e));
    const sim = await startSimulator({ stream: { ...generated.stream, events: generated.stream.events.slice(0, split) } });
    const raw: string[] = [];
    const log = createLogger({ service: 'test', level: 'info', write: (l) => raw.push(l) });
    const lines = () => raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    const config = parseDaemonConfig({
      ...Object.fromEntries(Object.entries(db.config).map(([k, v]) => [k, String(v)])),
      NETWORK: 'mainnet',
      FULLNODE_NETWORK: identity.network,
      FULLNODE_PEER_ID: identity.peerId,
      FULLNODE_STREAM_ID: identity.streamId,
      WS_URL: sim.wsUrl,
      PROGRESS_INTERVAL_MS: '60000',
      TIMELOCK_SETTLE_INTERVAL_MS: '100',
    });
    const daemon = startDaemon({ ...config, HEALTH_PORT: 0 }, { log });
    try {
      await until(async () => (await cursorOf(db.pool)) === split - 1, 'the events before the timelock');
      const original = /"timelock":([34]\d{9})/.exec(generated.stream.events[split])?.[1] as string;
      // Far enough ahead that the rest of the stream is committed before it, even on a loaded machine.
      const T = Math.floor(Date.now() / 1000) + 6;
      sim.append(generated.stream.events.slice(split).map((e) => e.split(`"timelock":${original}`).join(`"timelock":${T}`)));
      await until(async () => (await cursorOf(db.pool)) === last, 'the rest of the stream');
      const locked = async () => (await lockedByTime()).some((o) => o.timelock === T);
      expect(Math.floor(Date.now() / 1000)).toBeLessThan(T);
      expect(await locked()).toBe(true);

      await until(async () => !(await locked()), 'the timelock settled without an event', 15_000, 100);
      expect(Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(T);
      expect(await cursorOf(db.pool)).toBe(last);
      expect((await verify(db.pool)).differences).toEqual([]);
      expect(lines().filter((l) => l.msg === 'expired timelocks settled')).toEqual([
        expect.objectContaining({ level: 'info', unlocked: 1, now: expect.any(Number), bestHeight: expect.any(Number) }),
      ]);
      const port = lines().find((l) => l.msg === 'health and metrics listening')?.port as number;
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/^daemon_timelock_settles_total 1$/m);
      expect(metrics).toMatch(/^daemon_timelock_outputs_unlocked_total 1$/m);
      // Every stage of the batches that synced the stream took some time.
      const stageSeconds = (stage: string) => Number(new RegExp(`^daemon_stage_seconds_total\\{stage="${stage}"\\} (\\S+)$`, 'm').exec(metrics)?.[1]);
      for (const stage of STAGES) expect({ stage, positive: stageSeconds(stage) > 0 }).toEqual({ stage, positive: true });
    } finally {
      daemon.stop('test over');
      expect(await daemon.done).toBe(0);
      await sim.close();
    }
  });
});

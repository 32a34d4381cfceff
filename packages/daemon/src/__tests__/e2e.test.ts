import type { ChildProcess } from 'child_process';
import { FullNodeEvent, parseJson } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { describeWithFixtures, FIXTURE_SCENARIOS, fixturePath } from '@wallet-service/common/testing/fixtures';
import { generateRandom, loadReplayFile, startSimulator, type Generated } from 'fullnode-simulator';
import { waitForExit } from '../bench/daemonProcess';
import { verify } from '../verify/run';
import { dumpTables, snapshot } from './support/dump';
import { assertBuilt, cursorOf, startDaemon, stopDaemon, waitForCursor } from './support/e2e';
import { compareExtras, compareWithExpected, readExpectedFile } from './support/expected';
import { applyEvents, resetData } from './support/sync';
import { registerWallets } from './support/wallets';

/**
 * The whole path: simulator → websocket → daemon process → MariaDB, with the process killed, the socket
 * dropped and the batch shape changed, always ending at the same database.
 */
let db: TestDatabase;
beforeAll(async () => {
  assertBuilt();
  db = await createTestDatabase('e2e');
});
afterAll(async () => db?.drop());

/** Deterministic pseudo-random numbers (the kill points are reproducible). */
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

describeWithFixtures('recorded streams through the daemon process', () => {
  test.each(FIXTURE_SCENARIOS)('%s: the database equals the expected state and verify passes', async (scenario) => {
    await resetData(db.pool);
    const stream = loadReplayFile(fixturePath(scenario, 'jsonl'));
    const sim = await startSimulator({ stream });
    const daemon = await startDaemon(db, sim, stream.meta, { batch: 100, window: 100 });
    try {
      await waitForCursor(db.pool, stream.events.length - 1, daemon);
    } finally {
      expect(await stopDaemon(daemon)).toBe(0);
      await sim.close();
    }
    expect(compareWithExpected(await snapshot(db.pool), readExpectedFile(fixturePath(scenario, 'expected.json')))).toEqual([]);
    expect((await verify(db.pool)).differences).toEqual([]);
  });
});

describe('crash safety and batch shape on a generated stream', () => {
  let generated: Generated;
  let reference: Record<string, unknown[]>;
  const last = () => generated.stream.events.length - 1;

  beforeAll(async () => {
    generated = generateRandom({ seed: 11, blocks: 40, txsPerBlock: 4, wallets: 2, reorgRate: 0.1, conflictRate: 0.12 });
    // The reference: the same stream applied straight to the store, in one pass.
    await resetData(db.pool);
    await registerWallets(db.pool, generated.truth.setup?.wallets ?? []);
    const events = generated.stream.events.map((t) => FullNodeEvent.parse(parseJson(t)));
    const { meta } = generated.stream;
    await applyEvents(db.pool, events, { streamId: meta.streamId, peerId: meta.peerId, network: meta.network }, {
      batch: 1000,
      rewardSpendMinBlocks: meta.rewardSpendMinBlocks,
    });
    const snap = await snapshot(db.pool);
    expect([...compareWithExpected(snap, generated.truth), ...compareExtras(snap, generated.truth)]).toEqual([]);
    reference = await dumpTables(db.pool);
  });

  async function fresh(): Promise<void> {
    await resetData(db.pool);
    await registerWallets(db.pool, generated.truth.setup?.wallets ?? []);
  }

  test.each([
    { batch: 1, window: 1 },
    { batch: 7, window: 13 },
    { batch: 500, window: 500 },
  ])('batch $batch / window $window gives the reference tables', async (sync) => {
    await fresh();
    const sim = await startSimulator({ stream: generated.stream });
    const daemon = await startDaemon(db, sim, generated.stream.meta, sync);
    try {
      await waitForCursor(db.pool, last(), daemon, 120_000);
    } finally {
      await stopDaemon(daemon);
      await sim.close();
    }
    expect(await dumpTables(db.pool)).toEqual(reference);
  });

  test('SIGKILL at 20+ random instants, each restart resuming from the committed cursor, gives the reference tables', async () => {
    await fresh();
    const random = prng(20261128);
    // Paced so that 20 kills, each a fraction of a second into streaming, stay well inside the stream.
    const sim = await startSimulator({ stream: generated.stream, eventsPerSecond: 200 });
    const cursors: number[] = [];
    let kills = 0;
    let daemon: ChildProcess | undefined;
    try {
      while (kills < 20 || (await cursorOf(db.pool)) < last()) {
        const before = await cursorOf(db.pool);
        daemon = await startDaemon(db, sim, generated.stream.meta, { batch: 16, window: 16 });
        if (kills >= 20) {
          await waitForCursor(db.pool, last(), daemon, 120_000);
          await stopDaemon(daemon);
          break;
        }
        // The instant is counted from the restarted daemon's first commit, not from the spawn: how long a
        // process takes to start (seconds on a loaded machine) must not put every kill before any commit.
        if (before < last()) await waitForCursor(db.pool, before + 1, daemon, 60_000);
        await new Promise((r) => setTimeout(r, random() * 200));
        daemon.kill('SIGKILL');
        await waitForExit(daemon, 5_000);
        kills++;
        cursors.push(await cursorOf(db.pool));
      }
    } finally {
      // A failure must not leave a daemon writing into the database the next test starts from.
      if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
        daemon.kill('SIGKILL');
        await waitForExit(daemon, 5_000);
      }
      await sim.close();
    }
    expect(kills).toBeGreaterThanOrEqual(20);
    // The kills landed at different points of the stream, not all before the first commit.
    expect(new Set(cursors).size).toBeGreaterThan(5);
    expect(await dumpTables(db.pool)).toEqual(reference);
    // 21 daemon starts, each taking seconds when the whole suite loads the machine.
  }, 300_000);

  test('the node dropping the socket at random events gives the reference tables', async () => {
    await fresh();
    const random = prng(7);
    const dropAt = new Set(Array.from({ length: 12 }, () => 1 + Math.floor(random() * (last() - 1))));
    const sim = await startSimulator({
      stream: generated.stream,
      beforeSend: (eventId) => (dropAt.delete(eventId) ? 'drop' : 'send'),
    });
    const daemon = await startDaemon(db, sim, generated.stream.meta, { batch: 32, window: 32 }, {
      RECONNECT_BASE_DELAY_MS: '50',
      RECONNECT_MAX_DELAY_MS: '200',
    });
    try {
      await waitForCursor(db.pool, last(), daemon, 120_000);
    } finally {
      await stopDaemon(daemon);
      await sim.close();
    }
    expect(dropAt.size).toBe(0);
    expect(await dumpTables(db.pool)).toEqual(reference);
  });
});

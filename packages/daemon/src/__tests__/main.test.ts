import { createLogger, dbEnv, selectRows, type SyncMetadataRow } from '@wallet-service/common';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { describeWithFixtures, fixturePath } from '@wallet-service/common/testing/fixtures';
import { freePort as closedPort } from '@wallet-service/common/testing/ports';
import { loadReplayFile, startSimulator, type Simulator } from 'fullnode-simulator';
import { parseDaemonConfig, type DaemonConfig } from '../config';
import { startDaemon, type DaemonHandle, type StoreDeps } from '../main';
import { META, MemoryStore, syntheticStream } from './support/stream-support';

/** The daemon process wiring: real database, real simulator, real ops server; the store is in memory. */


function daemonConfig(db: TestDatabase['config'], wsUrl: string, env: Record<string, string> = {}): DaemonConfig {
  const config = parseDaemonConfig({
    ...dbEnv(db),
    NETWORK: 'mainnet',
    FULLNODE_NETWORK: META.network,
    WS_URL: wsUrl,
    FULLNODE_PEER_ID: META.peerId,
    FULLNODE_STREAM_ID: META.streamId,
    RECONNECT_BASE_DELAY_MS: '10',
    RECONNECT_MAX_DELAY_MS: '50',
    PROGRESS_INTERVAL_MS: '60000',
    DAEMON_SHUTDOWN_TIMEOUT_MS: '5000',
    ...env,
  });
  return { ...config, HEALTH_PORT: 0 };
}

function capture() {
  const lines: string[] = [];
  const log = createLogger({ service: 'daemon-test', level: 'debug', write: (l) => lines.push(l) });
  return { log, text: () => lines.join('\n') };
}

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let db: TestDatabase;
let sim: Simulator | undefined;
let daemon: DaemonHandle | undefined;
beforeAll(async () => {
  db = await createTestDatabase('daemon_main');
});
afterAll(() => db.drop());
afterEach(async () => {
  daemon?.stop('test over');
  await daemon?.done;
  daemon = undefined;
  await sim?.close();
  sim = undefined;
});

describe('daemon process', () => {
  it('checks the schema, restores the sync_lock row, reads the reward lock, syncs, reports health and stops with exit code 0', async () => {
    sim = await startSimulator({ stream: syntheticStream(60), rewardSpendMinBlocks: 13 });
    // The store below never touches the database: the row can only come back from the daemon's start.
    await db.pool.query('TRUNCATE TABLE sync_lock');
    const store = new MemoryStore();
    let deps: StoreDeps | undefined;
    const { log, text } = capture();
    daemon = startDaemon(daemonConfig(db.config, sim.wsUrl), { log, store: (d) => ((deps = d), store) });
    await store.committed(59);
    expect(deps).toMatchObject({ rewardSpendMinBlocks: 13, network: 'mainnet' });
    expect((await db.pool.query('SELECT id FROM sync_lock'))[0]).toEqual([{ id: 1 }]);
    const port = Number(/"msg":"health and metrics listening".*?"port":(\d+)/.exec(text())?.[1]);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ state: 'streaming', lastEventId: 59 });
    daemon.stop('SIGTERM');
    expect(await daemon.done).toBe(0);
    const node = sim;
    await until(() => node.connections() === 0, 'the node to see the socket closed', 1_000);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('refuses a database without the schema, saying to run the migrations (exit code 1)', async () => {
    const empty = await createEmptyDatabase('daemon_noschema');
    try {
      sim = await startSimulator({ stream: syntheticStream(3) });
      const { log, text } = capture();
      daemon = startDaemon(daemonConfig(empty.config, sim.wsUrl), { log, store: () => new MemoryStore() });
      expect(await daemon.done).toBe(1);
      expect(text()).toMatch(/daemon stopped: database '.*' has no schema: run the migrations first/);
    } finally {
      await empty.drop();
    }
  });

  it('waits for an unreachable database, saying where it tried, and stops cleanly meanwhile', async () => {
    sim = await startSimulator({ stream: syntheticStream(3) });
    const { log, text } = capture();
    const config = daemonConfig({ ...db.config, DB_PORT: await closedPort() }, sim.wsUrl);
    daemon = startDaemon(config, { log, store: () => new MemoryStore() });
    await until(() => /database unreachable: cannot connect to MySQL at .*connection refused.*; retrying/.test(text()), 'a retry line');
    daemon.stop('SIGINT');
    expect(await daemon.done).toBe(0);
  });

  it('waits for an unreachable node and syncs once it is up', async () => {
    const port = await closedPort();
    const store = new MemoryStore();
    const { log, text } = capture();
    daemon = startDaemon(daemonConfig(db.config, `ws://127.0.0.1:${port}/v1a/event_ws`), { log, store: () => store });
    await until(() => text().includes(`full node at http://127.0.0.1:${port} unreachable: GET http://127.0.0.1:${port}/v1a/version failed: ECONNREFUSED; retrying`), 'a retry line');
    sim = await startSimulator({ stream: syntheticStream(10), port });
    await store.committed(9);
  });

  it('refuses a node that reports no reward lock (exit code 1)', async () => {
    sim = await startSimulator({ stream: syntheticStream(3), rewardSpendMinBlocks: 0 });
    const { log, text } = capture();
    daemon = startDaemon(daemonConfig(db.config, sim.wsUrl), { log, store: () => new MemoryStore() });
    expect(await daemon.done).toBe(1);
    expect(text()).toMatch(/daemon stopped: .*reward_spend_min_blocks=0; a positive integer is required/);
  });

  it('stops with exit code 1 and a line naming the field on a stream mismatch', async () => {
    sim = await startSimulator({ stream: syntheticStream(3), streamId: 'rebuilt-stream' });
    const store = new MemoryStore();
    const { log, text } = capture();
    daemon = startDaemon(daemonConfig(db.config, sim.wsUrl), { log, store: () => store });
    expect(await daemon.done).toBe(1);
    expect(text()).toContain('daemon stopped: event 0 has stream_id \\"rebuilt-stream\\" but the daemon follows \\"stream-a\\"');
    expect(store.applyCalls).toBe(0);
  });

  it('takes the peer id from /v1a/status with FETCH_FULLNODE_IDS (development only)', async () => {
    sim = await startSimulator({ stream: syntheticStream(5) });
    const store = new MemoryStore();
    const { log, text } = capture();
    const config = daemonConfig(db.config, sim.wsUrl, { FETCH_FULLNODE_IDS: 'true', FULLNODE_PEER_ID: '', FULLNODE_STREAM_ID: '' });
    daemon = startDaemon(config, { log, store: () => store });
    await store.committed(4);
    expect(store.cursor).toMatchObject({ peerId: META.peerId, streamId: META.streamId });
    expect(text()).toMatch(/FETCH_FULLNODE_IDS=true.*development only/);
  });

  it('exits within DAEMON_SHUTDOWN_TIMEOUT_MS even when the batch in flight never finishes', async () => {
    sim = await startSimulator({ stream: syntheticStream(5) });
    const store = new MemoryStore();
    store.delayMs = 60_000;
    const { log, text } = capture();
    daemon = startDaemon(daemonConfig(db.config, sim.wsUrl, { DAEMON_SHUTDOWN_TIMEOUT_MS: '300' }), { log, store: () => store });
    await until(() => store.applyCalls > 0, 'a batch in flight');
    const started = Date.now();
    daemon.stop('SIGTERM');
    expect(await daemon.done).toBe(0);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(text()).toContain('shutdown took too long');
  });

  it('a second daemon on the same database waits, saying so in its log and /health, and takes over when the first stops', async () => {
    sim = await startSimulator({ stream: syntheticStream(40) });
    const first = new MemoryStore();
    daemon = startDaemon(daemonConfig(db.config, sim.wsUrl), { log: capture().log, store: () => first });
    await first.committed(39);
    const second = new MemoryStore();
    const { log, text } = capture();
    const other = startDaemon(daemonConfig(db.config, sim.wsUrl), { log, store: () => second });
    try {
      await until(() => text().includes('another daemon is syncing this database; waiting for it to stop'), 'the waiting line');
      const port = Number(/"msg":"health and metrics listening".*?"port":(\d+)/.exec(text())?.[1]);
      const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
      expect(health).toMatchObject({ state: 'initializing' });
      expect(JSON.stringify(health)).toMatch(/another daemon is syncing this database \(server connection \d+\)/);
      expect(second.applyCalls).toBe(0);
      daemon.stop('SIGTERM');
      expect(await daemon.done).toBe(0);
      daemon = undefined;
      await second.committed(39);
      expect(text()).toContain('daemon lock taken');
    } finally {
      other.stop('test over');
      await other.done;
    }
  });
});

describeWithFixtures('daemon process with the real store', () => {
  it('wires the real store: a recorded stream lands in the database with its cursor', async () => {
    const fixture = fixturePath('SINGLE_CHAIN_ONE_BLOCK', 'jsonl');
    const target = await createTestDatabase('daemon_main_store');
    try {
      sim = await startSimulator({ stream: loadReplayFile(fixture) });
      const { log } = capture();
      const config = daemonConfig(target.config, sim.wsUrl, {
        FULLNODE_PEER_ID: 'simulator_peer_id',
        FULLNODE_STREAM_ID: 'simulator_stream_id',
        FULLNODE_NETWORK: 'unittests',
      });
      daemon = startDaemon(config, { log });
      const deadline = Date.now() + 15_000;
      for (;;) {
        const rows = await selectRows<Pick<SyncMetadataRow, 'last_event_id' | 'stream_id'>>(target.pool, 'SELECT last_event_id, stream_id FROM sync_metadata');
        if (rows[0]?.last_event_id === 8) {
          expect(rows[0].stream_id).toBe('simulator_stream_id');
          break;
        }
        if (Date.now() > deadline) throw new Error(`sync did not reach event 8: ${JSON.stringify(rows)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const [blocks] = await selectRows<{ n: number | string }>(target.pool, 'SELECT COUNT(*) AS n FROM `transaction` WHERE version = 0');
      expect(Number(blocks.n)).toBe(2);
    } finally {
      daemon?.stop('test over');
      await daemon?.done;
      daemon = undefined;
      await target.drop();
    }
  });
});

import { existsSync } from 'fs';
import type { ChildProcess } from 'child_process';
import { selectOne } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { freePort } from '@wallet-service/common/testing/ports';
import { DAEMON_MAIN, spawnDaemon, waitForExit } from 'daemon';
import { startSimulator, type Generated, type Simulator } from 'fullnode-simulator';
import { startOffline, type Offline } from '../support/offline';

/**
 * Everything between the real client and the generated chain, each as it runs in production: the
 * simulator serving the stream over its real event websocket (and the node's HTTP API the proxies and
 * /version use), the built daemon process syncing it into a fresh database, and the API bundle under
 * serverless-offline on that database. The stream is served in parts: `part(n)` appends more events to
 * what the simulator serves; the daemon picks them up on its open connection.
 */
export interface Stack {
  db: TestDatabase;
  sim: Simulator;
  api: Offline;
  /** Starts the daemon process (once); before it, the database holds no chain data at all. */
  startDaemon(): Promise<void>;
  /** Serves events [served, to) next. */
  serveUpTo(to: number): void;
  /** Resolves once the daemon has committed every event served so far. */
  synced(timeoutMs?: number): Promise<void>;
  /** The last lines the API and the daemon wrote, for a failure message. */
  logs(): string;
  stop(): Promise<void>;
}

export async function startStack(g: Generated, firstPart: number, apiEnv: Record<string, string>): Promise<Stack> {
  if (!existsSync(DAEMON_MAIN)) throw new Error(`${DAEMON_MAIN} is missing: run \`yarn build\` first`);
  const { meta, events } = g.stream;
  const db = await createTestDatabase('e2e_client');
  let served = firstPart;
  const sim = await startSimulator({ stream: { meta, events: events.slice(0, firstPart) } });
  let api: Offline;
  try {
    api = await startOffline(db, { DEFAULT_SERVER: `${sim.httpUrl}/v1a/`, ...apiEnv });
  } catch (err) {
    await sim.close();
    await db.drop();
    throw err;
  }
  let daemon: ChildProcess | undefined;
  let daemonOut = '';

  const cursor = async () => (await selectOne<{ last_event_id: number }>(db.pool, 'SELECT last_event_id FROM sync_metadata WHERE id = 0'))?.last_event_id ?? -1;

  return {
    db,
    sim,
    api,
    async startDaemon() {
      if (daemon) throw new Error('the daemon runs already');
      daemon = spawnDaemon(
        {
          db: db.config,
          wsUrl: sim.wsUrl,
          peerId: meta.peerId,
          streamId: meta.streamId,
          network: meta.network,
          batchSize: 50,
          windowSize: 50,
          healthPort: await freePort(),
        },
        'pipe',
      );
      daemon.stdout?.on('data', (d: Buffer) => (daemonOut += d.toString()));
      daemon.stderr?.on('data', (d: Buffer) => (daemonOut += d.toString()));
    },
    serveUpTo(to) {
      if (to <= served) throw new Error(`events up to ${served} are served already`);
      sim.append(events.slice(served, to));
      served = to;
    },
    async synced(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const at = await cursor();
        if (at >= served - 1) return;
        if (!daemon || daemon.exitCode !== null) throw new Error(`the daemon is not running (cursor ${at}):\n${daemonOut.slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`the daemon reached event ${at} of ${served - 1} within ${timeoutMs} ms:\n${daemonOut.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    logs: () => `--- API (serverless-offline) ---\n${api.output().slice(-4000)}\n--- daemon ---\n${daemonOut.slice(-2000)}`,
    async stop() {
      if (daemon && daemon.exitCode === null) {
        daemon.kill('SIGTERM');
        await waitForExit(daemon, 15_000);
      }
      await api.stop();
      await sim.close();
      await db.drop();
    },
  };
}

import { existsSync } from 'fs';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { DAEMON_MAIN } from 'daemon';
import { startSimulator, type Generated, type Simulator } from 'fullnode-simulator';
import { followingDaemon } from '../../offline/daemon';
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
  // The daemon publishes to the queue the offline process serves and feeds into the websocket.
  const daemon = followingDaemon(db, { wsUrl: sim.wsUrl, peerId: meta.peerId, streamId: meta.streamId, network: meta.network }, undefined, { NEW_TX_SQS: api.newTxQueue });

  return {
    db,
    sim,
    api,
    startDaemon: () => daemon.start(),
    serveUpTo(to) {
      if (to <= served) throw new Error(`events up to ${served} are served already`);
      sim.append(events.slice(served, to));
      served = to;
    },
    synced: (timeoutMs) => daemon.reach(served - 1, timeoutMs),
    logs: () => `--- API (serverless-offline) ---\n${api.output().slice(-4000)}\n--- daemon ---\n${daemon.output().slice(-2000)}`,
    async stop() {
      await daemon.stop();
      await api.stop();
      await sim.close();
      await db.drop();
    },
  };
}

import { randomBytes } from 'crypto';
import { dbEnv } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { startLiveNode, type LiveNode, type LiveNodeOptions } from 'fullnode-simulator';
import { followingDaemon, type FollowingDaemon } from './daemon';
import { startOfflineProcess, type OfflineProcess } from './process';

/**
 * A whole stack a wallet can send through, each part as it runs in production: a live node (accepts
 * pushed txs, mines, stands in for tx-mining; its premine pays the development seed), the built daemon
 * process following its event websocket into a fresh database, and the API bundle under serverless
 * offline on that database pushing to the node; the daemon publishes its notifications to the queue the
 * offline start serves, which feeds the websocket. For the e2e tests, the demo's test and the benches.
 */
export interface LiveStack {
  db: TestDatabase;
  node: LiveNode;
  api: OfflineProcess;
  daemon: FollowingDaemon;
  /** Resolves once the daemon has committed every event the node has served so far. */
  synced(timeoutMs?: number): Promise<void>;
  /** The last lines the API and the daemon wrote, for a failure message. */
  logs(): string;
  stop(): Promise<void>;
}

export interface LiveStackOptions {
  /** Seconds between blocks; 0 (the default) mines only on `node.mine()`. */
  blockInterval?: number;
  node?: Omit<LiveNodeOptions, 'blockInterval'>;
  /** The API's settings on top of the stack's own (database, network, secret, node). */
  apiEnv?: Record<string, string>;
  dbPrefix?: string;
  /** Offline prints a few lines per request: a long run keeps only the tail. */
  apiOutputLimit?: number;
  /** The daemon's settings on top of the stack's own, given the started API (a queue URL in front of its queue, say). */
  daemonEnv?: (api: OfflineProcess) => Promise<Record<string, string>>;
}

export async function startLiveStack(o: LiveStackOptions = {}): Promise<LiveStack> {
  const db = await createTestDatabase(o.dbPrefix ?? 'live_stack');
  const stopped: (() => Promise<void>)[] = [() => db.drop()];
  const stopAll = async () => {
    for (const stop of stopped.splice(0).reverse()) await stop();
  };
  try {
    const node = await startLiveNode({ ...o.node, blockInterval: o.blockInterval ?? 0 });
    stopped.push(() => node.close());
    const api = await startOfflineProcess({
      env: {
        ...dbEnv(db.config),
        NETWORK: 'mainnet',
        // Tokens of this stack mean nothing anywhere else.
        AUTH_SECRET: randomBytes(32).toString('hex'),
        DEFAULT_SERVER: `${node.httpUrl}/v1a/`,
        WALLET_LOAD_INVOKER: 'lambda',
        METRICS_FLUSH_INTERVAL_MS: '0',
        LOG_LEVEL: 'info',
        ...o.apiEnv,
      },
      timeoutMs: 180_000,
      outputLimit: o.apiOutputLimit,
      killAfterMs: 8_000,
    });
    stopped.push(() => api.stop());
    const daemon = followingDaemon(db, { wsUrl: node.wsUrl, peerId: node.peerId, streamId: node.streamId, network: node.network }, undefined, {
      NEW_TX_SQS: api.newTxQueue,
      ...(await o.daemonEnv?.(api)),
    });
    stopped.push(() => daemon.stop());
    await daemon.start();
    const stack: LiveStack = {
      db,
      node,
      api,
      daemon,
      synced: (timeoutMs) => daemon.reach(node.events().length - 1, timeoutMs),
      logs: () => `--- API (serverless-offline) ---\n${api.output().slice(-4000)}\n--- daemon ---\n${daemon.output().slice(-2000)}`,
      stop: stopAll,
    };
    await stack.synced();
    return stack;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

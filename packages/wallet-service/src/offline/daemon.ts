import type { ChildProcess } from 'child_process';
import { selectOne, type DbConfig, type Pool } from '@wallet-service/common';
import { freePort } from '@wallet-service/common/testing/ports';
import { spawnDaemon, waitForExit } from 'daemon';

/** The node stream a daemon is told to follow, as the node announces it. */
export interface FollowedStream {
  wsUrl: string;
  peerId: string;
  streamId: string;
  network: string;
}

/**
 * The built daemon process (dist/main.js) following a node into a database, as the e2e tests, the demo
 * test and the send benchmark run it; its output is kept for failure messages.
 */
export interface FollowingDaemon {
  /** Starts the process (once). */
  start(): Promise<void>;
  /** The last committed event id (-1 before the first). */
  cursor(): Promise<number>;
  /** Resolves once the daemon has committed event `target`; fails at once if the process died. */
  reach(target: number, timeoutMs?: number): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

const OUTPUT_LIMIT = 20_000;

export function followingDaemon(
  db: { config: DbConfig; pool: Pool },
  stream: FollowedStream,
  sync = { batch: 50, window: 50 },
  /** More of the daemon's settings (its new-tx queue, say). */
  extra: Record<string, string> = {},
): FollowingDaemon {
  let daemon: ChildProcess | undefined;
  let out = '';
  const collect = (d: Buffer) => {
    out += d.toString();
    if (out.length > OUTPUT_LIMIT) out = out.slice(-OUTPUT_LIMIT);
  };
  const cursor = async () => (await selectOne<{ last_event_id: number }>(db.pool, 'SELECT last_event_id FROM sync_metadata WHERE id = 0'))?.last_event_id ?? -1;
  return {
    async start() {
      if (daemon) throw new Error('the daemon runs already');
      daemon = spawnDaemon({ db: db.config, ...stream, batchSize: sync.batch, windowSize: sync.window, healthPort: await freePort(), extra }, 'pipe');
      daemon.stdout?.on('data', collect);
      daemon.stderr?.on('data', collect);
    },
    cursor,
    async reach(target, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const at = await cursor();
        if (at >= target) return;
        if (!daemon || daemon.exitCode !== null) throw new Error(`the daemon is not running (cursor ${at}):\n${out.slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`the daemon reached event ${at} of ${target} within ${timeoutMs} ms:\n${out.slice(-3000)}`);
        // Short: the send benchmark times how soon a pushed tx is visible, and waits here for it.
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    output: () => out,
    async stop() {
      if (daemon && daemon.exitCode === null) {
        daemon.kill('SIGTERM');
        await waitForExit(daemon, 15_000);
      }
    },
  };
}

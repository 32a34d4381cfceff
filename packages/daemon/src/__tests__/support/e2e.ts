import { existsSync } from 'fs';
import type { ChildProcess } from 'child_process';
import { freePort } from '@wallet-service/common/testing/ports';
export { freePort };
import { selectOne, type Pool } from '@wallet-service/common';
import type { TestDatabase } from '@wallet-service/common/testing/database';
import type { Simulator, StreamMeta } from 'fullnode-simulator';
import { DAEMON_MAIN, spawnDaemon, waitForExit } from '../../bench/daemonProcess';

/** The real daemon process (dist/main.js) against a real simulator and a test database. */
export function assertBuilt(): void {
  if (!existsSync(DAEMON_MAIN)) throw new Error(`${DAEMON_MAIN} is missing: run \`yarn build\` first (yarn test does)`);
}


export async function startDaemon(
  db: TestDatabase,
  sim: Simulator,
  meta: StreamMeta,
  sync: { batch: number; window: number },
  extra: Record<string, string> = {},
): Promise<ChildProcess> {
  return spawnDaemon({
    db: db.config,
    wsUrl: sim.wsUrl,
    peerId: meta.peerId,
    streamId: meta.streamId,
    network: meta.network,
    batchSize: sync.batch,
    windowSize: sync.window,
    healthPort: await freePort(),
    extra,
  });
}

export async function cursorOf(pool: Pool): Promise<number> {
  return (await selectOne<{ last_event_id: number }>(pool, 'SELECT last_event_id FROM sync_metadata WHERE id = 0'))?.last_event_id ?? -1;
}

/** Waits until the committed cursor reaches `target` (or the daemon dies, or time runs out). */
export async function waitForCursor(pool: Pool, target: number, daemon: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const cursor = await cursorOf(pool);
    if (cursor >= target) return;
    if (daemon.exitCode !== null) throw new Error(`daemon exited with code ${daemon.exitCode} at event ${cursor}`);
    if (Date.now() > deadline) throw new Error(`cursor at ${cursor}, expected ${target} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function stopDaemon(daemon: ChildProcess): Promise<number | null> {
  daemon.kill('SIGTERM');
  return waitForExit(daemon, 15_000);
}

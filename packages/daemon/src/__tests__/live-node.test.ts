import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { ChildProcess } from 'child_process';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { buildTx, checkStream, devKey, loadReplayFile, onNode, startLiveNode, startSimulator, type LiveNode } from 'fullnode-simulator';
import { verify } from '../verify/run';
import { dumpTables, snapshot } from './support/dump';
import { assertBuilt, startDaemon, stopDaemon, waitForCursor } from './support/e2e';
import { compareExtras, compareWithExpected } from './support/expected';
import { resetData } from './support/sync';

/**
 * The live node feeding the real daemon process over its websocket: wallet-lib-signed txs pushed to it,
 * blocks mined on demand, and after every block the database equals what the independent checker derives
 * from the live node's own events. The recorded session then replays to the same database.
 */
let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  assertBuilt();
  db = await createTestDatabase('live');
  dir = mkdtempSync(join(tmpdir(), 'live-daemon-'));
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const REWARD_LOCK = 2;

async function caughtUp(node: LiveNode, daemon: ChildProcess): Promise<string[]> {
  const events = node.events();
  await waitForCursor(db.pool, events.length - 1, daemon, 20_000);
  const truth = checkStream({ meta: { ...node.chain.meta }, events }, { rewardSpendMinBlocks: REWARD_LOCK });
  const snap = await snapshot(db.pool);
  return [...compareWithExpected(snap, truth), ...compareExtras(snap, truth), ...(await verify(db.pool)).differences.map((d) => `verify ${d.check}`)];
}

function push(node: LiveNode, opts: Parameters<typeof onNode>[1]): string {
  const { hex, hash } = buildTx(onNode(node, opts));
  const result = node.pushTx(hex);
  if (!result.body.success) throw new Error(`push refused: ${result.body.message}`);
  return hash;
}

test('pushed txs and mined blocks reach the daemon, which matches the checker after every block; the recording replays the same', async () => {
  const a = devKey(0);
  const b = devKey(1);
  const miner = devKey(2);
  const record = join(dir, 'session.jsonl');
  await resetData(db.pool);
  const node = await startLiveNode({ rewardSpendMinBlocks: REWARD_LOCK, minerAddress: miner.address, record });
  const daemon = await startDaemon(db, node.simulator, node.chain.meta, { batch: 50, window: 100 });
  let reference: Record<string, unknown[]>;
  try {
    expect(await caughtUp(node, daemon)).toEqual([]);
    const genesis = node.chain.dag.path[0];
    const premine = 100_000_000_000n;

    const pay = push(node, {
      inputs: [{ txId: genesis, index: 0, key: a }],
      outputs: [
        { address: b.address, value: 5_000n },
        { address: a.address, value: premine - 5_000n },
      ],
    });
    // a chain of unconfirmed txs: b spends what it just received
    const back = push(node, { inputs: [{ txId: pay, index: 0, key: b }], outputs: [{ address: a.address, value: 1_000n }, { address: b.address, value: 4_000n }] });
    expect(await caughtUp(node, daemon)).toEqual([]);
    node.mine();
    expect(await caughtUp(node, daemon)).toEqual([]);

    const token = push(node, {
      create: { name: 'Daemon Token', symbol: 'DMN' },
      inputs: [{ txId: pay, index: 1, key: a }],
      outputs: [
        { address: a.address, value: 1_000n, tokenIndex: 1 },
        { address: a.address, value: 1n, tokenIndex: 1, authority: true },
        { address: a.address, value: 2n, tokenIndex: 1, authority: true },
        { address: a.address, value: premine - 5_000n - 10n },
      ],
    });
    node.mine();
    expect(await caughtUp(node, daemon)).toEqual([]);

    push(node, {
      tokens: [token],
      inputs: [
        { txId: token, index: 1, key: a },
        { txId: token, index: 3, key: a },
      ],
      outputs: [
        { address: b.address, value: 300n, tokenIndex: 1 },
        { address: a.address, value: 1n, tokenIndex: 1, authority: true },
        { address: a.address, value: premine - 5_000n - 10n - 3n },
      ],
    });
    push(node, {
      tokens: [token],
      inputs: [
        { txId: token, index: 0, key: a },
        { txId: token, index: 2, key: a },
      ],
      outputs: [
        { address: a.address, value: 800n, tokenIndex: 1 },
        { address: a.address, value: 2n, tokenIndex: 1, authority: true },
        { address: a.address, value: 2n },
      ],
    });
    node.mine();
    expect(await caughtUp(node, daemon)).toEqual([]);

    // the miner's first reward is unlocked now, and spent
    const reward = node.chain.dag.path[node.chain.dag.bestHeight - REWARD_LOCK];
    push(node, { inputs: [{ txId: reward, index: 0, key: miner }], outputs: [{ address: b.address, value: 6_400n }] });
    push(node, { inputs: [{ txId: back, index: 1, key: b }], outputs: [{ address: a.address, value: 4_000n }] });
    // txs pushed within one second are separate tips, and a block confirms two of them
    for (let i = 0; i < 4 && node.chain.dag.mempool.size > 0; i++) {
      node.mine();
      expect(await caughtUp(node, daemon)).toEqual([]);
    }
    expect(node.chain.dag.mempool.size).toBe(0);
    const balances = (await snapshot(db.pool)).balances[b.address];
    expect(balances).toEqual({ '00': { unlocked: 6_400n, locked: 0n }, [token]: { unlocked: 300n, locked: 0n } });
    reference = await dumpTables(db.pool);
  } finally {
    expect(await stopDaemon(daemon)).toBe(0);
    await node.close();
  }

  await resetData(db.pool);
  const replayed = loadReplayFile(record, { rewardSpendMinBlocks: REWARD_LOCK });
  const sim = await startSimulator({ stream: replayed });
  const again = await startDaemon(db, sim, replayed.meta, { batch: 7, window: 20 });
  try {
    await waitForCursor(db.pool, replayed.events.length - 1, again, 20_000);
  } finally {
    expect(await stopDaemon(again)).toBe(0);
    await sim.close();
  }
  expect(await dumpTables(db.pool)).toEqual(reference);
});

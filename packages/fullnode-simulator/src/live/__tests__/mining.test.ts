import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressUtils, config, Network, stopGLLBackgroundTask } from '@hathor/wallet-lib';
import MineTransaction from '@hathor/wallet-lib/lib/wallet/mineTransaction';
import { DEV_SEED, parseJson } from '@wallet-service/common';
import { loadReplayFile } from '../../replay/load';
import { startSimulator } from '../../server/simulator';
import { TestClient } from '../../server/__tests__/ws-client';
import { startLiveNode, type LiveNode } from '../node';
import { buildTx, devKey, signedTx, type DevKey } from '../dev-wallet';

stopGLLBackgroundTask();

/** The tx-mining stand-in, mining on demand and on an interval, the node-API routes over live txs, recording. */
let node: LiveNode;
let dir: string;
let a: DevKey;
let b: DevKey;
/** the tx the client flow below pushes (paying b 10) */
let sent: string;

beforeAll(async () => {
  a = devKey(0);
  b = devKey(1);
  dir = mkdtempSync(join(tmpdir(), 'live-node-'));
  node = await startLiveNode({ rewardSpendMinBlocks: 2, record: join(dir, 'session.jsonl') });
});
afterAll(async () => {
  await node?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(path: string, init?: { method: string; body?: unknown }): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${node.url}${path}`, init && { method: init.method, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: res.status, json: parseJson(await res.text()) as Record<string, unknown> };
}

test('the development seed derives the documented addresses, and its first one holds the premine', () => {
  expect(a.address).toBe(DEV_SEED.addresses.mainnet[0]);
  expect(b.address).toBe(DEV_SEED.addresses.mainnet[1]);
  const testnet = addressUtils.getAddressFromPubkey(a.privateKey.toPublicKey().toString(), new Network('testnet'));
  expect(testnet.base58).toBe(DEV_SEED.addresses.testnet[0]);
  expect(node.premineAddress).toBe(a.address);
  const genesis = node.chain.dag.get(node.chain.dag.path[0]);
  expect(genesis.outputs[0].script.address).toBe(a.address);
  // the premine is buried under reward_spend_min_blocks blocks: spendable from the start
  expect(node.chain.dag.rewardUnlocked(genesis)).toBe(true);
});

test('submit-job then job-status give the client real values; the tx it builds from them is accepted', async () => {
  const genesis = node.chain.dag.path[0];
  // what the client submits: signed, no parents, nonce 0
  const unsent = buildTx({
    inputs: [{ txId: genesis, index: 0, key: a }],
    outputs: [
      { address: b.address, value: 10n },
      { address: a.address, value: 100_000_000_000n - 10n },
    ],
    parents: [],
    timestamp: Math.floor(Date.now() / 1000),
  });
  const submitted = await call('/tx-mining/submit-job', { method: 'POST', body: { tx: unsent.hex, propagate: false, add_parents: true } });
  expect(submitted.status).toBe(200);
  expect(submitted.json).toMatchObject({ status: 'done', expected_total_time: 0 });
  const jobId = submitted.json.job_id as string;
  expect(typeof jobId).toBe('string');

  const polled = await call(`/tx-mining/job-status?job-id=${jobId}`);
  expect(polled.status).toBe(200);
  const job = polled.json as { status: string; expected_total_time: number; tx: { nonce: string; parents: string[]; timestamp: number; weight: number } };
  expect(job.status).toBe('done');
  expect(job.expected_total_time).toBe(0);
  expect(job.tx.parents).toHaveLength(2);
  expect(job.tx.parents.every((p) => node.chain.dag.vertices.has(p))).toBe(true);
  expect(Number.isInteger(parseInt(job.tx.nonce, 16))).toBe(true);
  expect(job.tx.timestamp).toBeGreaterThan(0);
  expect(job.tx.weight).toBe(8);

  // the client copies parents, timestamp and nonce in; the signatures do not cover them
  const mined = buildTx({
    inputs: [{ txId: genesis, index: 0, key: a }],
    outputs: [
      { address: b.address, value: 10n },
      { address: a.address, value: 100_000_000_000n - 10n },
    ],
    parents: job.tx.parents,
    timestamp: job.tx.timestamp,
  });
  const pushed = await call('/v1a/push_tx', { method: 'POST', body: { hex_tx: mined.hex, force: false } });
  sent = mined.hash;
  expect(pushed.json).toMatchObject({ success: true, message: '', tx: { hash: mined.hash } });

  const seen = await call(`/v1a/transaction?id=${mined.hash}`);
  expect(seen.json).toMatchObject({ success: true, tx: { hash: mined.hash }, meta: { first_block: null } });
});

test('tx-mining errors name what is wrong', async () => {
  expect(await call('/tx-mining/submit-job', { method: 'POST', body: {} })).toMatchObject({ status: 400, json: { error: 'missing-tx' } });
  expect(await call('/tx-mining/submit-job', { method: 'POST', body: { tx: 'beef' } })).toMatchObject({ status: 400, json: { error: 'invalid-tx' } });
  expect(await call('/tx-mining/job-status?job-id=nope')).toMatchObject({ status: 404, json: { error: 'job-not-found' } });
  expect(await call('/tx-mining/job-status')).toMatchObject({ status: 400, json: { error: 'missing-job-id' } });
});

test('POST /v1a/mine confirms the mempool and returns the block; connected streams get its events', async () => {
  const client = await TestClient.connect(node.wsUrl);
  client.send({ type: 'START_STREAM', window_size: 1000, last_ack_event_id: node.events().length - 1 });
  const pending = [...node.chain.dag.mempool];
  expect(pending).toHaveLength(1);
  const mined = await call('/v1a/mine', { method: 'POST' });
  const block = mined.json.block as { hash: string; height: number; confirms: string[]; outputs: Array<{ value: number; address: string }> };
  expect(block.confirms).toEqual(pending);
  expect(block.outputs).toEqual([expect.objectContaining({ value: 6400, address: node.minerAddress })]);
  expect(node.chain.dag.mempool.size).toBe(0);

  const frames: Array<{ event: { type: string; data: { hash: string } } }> = [];
  for (;;) {
    const frame = (await client.nextJson()) as unknown as { event: { type: string; data: { hash: string } } };
    frames.push(frame);
    if (frame.event.type === 'NEW_VERTEX_ACCEPTED') break;
  }
  expect(frames.map((f) => [f.event.type, f.event.data.hash])).toEqual([
    ['VERTEX_METADATA_CHANGED', block.hash],
    ['VERTEX_METADATA_CHANGED', pending[0]],
    ['NEW_VERTEX_ACCEPTED', block.hash],
  ]);
  client.close();
  const tx = await call(`/v1a/transaction?id=${pending[0]}`);
  expect(tx.json).toMatchObject({ meta: { first_block: block.hash } });
});

test('a block interval mines on its own', async () => {
  const timed = await startLiveNode({ blockInterval: 0.2, rewardSpendMinBlocks: 1 });
  try {
    const start = timed.chain.dag.bestHeight;
    await new Promise((r) => setTimeout(r, 750));
    expect(timed.chain.dag.bestHeight - start).toBeGreaterThanOrEqual(2);
  } finally {
    await timed.close();
  }
});

test('the recorded session replays as the same stream', async () => {
  const served = node.events();
  const replayed = loadReplayFile(join(dir, 'session.jsonl'), { rewardSpendMinBlocks: 2 });
  expect(replayed.events).toEqual(served);
  expect(replayed.meta).toMatchObject({ peerId: node.peerId, streamId: node.streamId, network: node.network });
  const sim = await startSimulator({ stream: replayed });
  try {
    const res = await fetch(`${sim.httpUrl}/v1a/version`);
    expect(((await res.json()) as { reward_spend_min_blocks: number }).reward_spend_min_blocks).toBe(2);
  } finally {
    await sim.close();
  }
});

test("wallet-lib's own miner (the client's MineTransaction) finishes against the stand-in and its result is accepted", async () => {
  config.setTxMiningUrl(node.txMiningUrl);
  const tx = signedTx({
    inputs: [{ txId: sent, index: 0, key: b }],
    outputs: [{ address: a.address, value: 10n }],
    parents: [],
    timestamp: Math.floor(Date.now() / 1000),
  });
  const miner = new MineTransaction(tx);
  miner.start();
  const mined = await miner.promise;
  tx.nonce = mined.nonce;
  tx.parents = mined.parents;
  tx.timestamp = mined.timestamp;
  tx.weight = mined.weight;
  tx.updateHash();
  expect(node.pushTx(tx.toHex()).body).toMatchObject({ success: true, tx: { hash: tx.hash } });
});

test('the node API routes answer for live vertices: token info, accumulated weight, graphviz', async () => {
  const funding = node.chain.dag.get(sent);
  const token = buildTx({
    create: { name: 'Route Token', symbol: 'RTK' },
    inputs: [{ txId: sent, index: 1, key: a }],
    outputs: [
      { address: a.address, value: 100n, tokenIndex: 1 },
      { address: a.address, value: funding.outputs[1].value - 1n },
    ],
    ...node.nextTxGraph(),
  });
  expect(node.pushTx(token.hex).body.success).toBe(true);
  node.mine();
  const info = await call(`/v1a/thin_wallet/token?id=${token.hash}`);
  expect(info.json).toMatchObject({ success: true, name: 'Route Token', symbol: 'RTK', total: 100 });
  const weight = await call(`/v1a/transaction_acc_weight?id=${token.hash}`);
  expect(weight.json).toMatchObject({ success: true, confirmation_level: expect.any(Number) as number });
  const dot = await fetch(`${node.url}/v1a/graphviz/neighbours.dot?tx=${token.hash}&graph_type=verification&max_level=1`);
  expect(dot.status).toBe(200);
  expect(await dot.text()).toContain(token.hash.slice(0, 8));
});

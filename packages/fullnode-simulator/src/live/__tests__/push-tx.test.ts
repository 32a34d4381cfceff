import { parseJson } from '@wallet-service/common';
import { startLiveNode, type LiveNode } from '../node';
import { DOUBLE_SPEND, formatTimelock } from '../validate-tx';
import { buildTx, devKey, onNode, type DevKey, type TxSpecOptions } from '../dev-wallet';

/**
 * push_tx against a live node with txs built and signed by wallet-lib from the development seed: what it
 * accepts, and every rejection with the node's message and nothing changed.
 */
let node: LiveNode;
let offset = 0;
let genesis: string;
let a: DevKey;
let b: DevKey;
let miner: DevKey;
const PREMINE = 100_000_000_000n;

beforeAll(async () => {
  a = devKey(0);
  b = devKey(1);
  miner = devKey(2);
  node = await startLiveNode({ minerAddress: miner.address, rewardSpendMinBlocks: 3, clock: () => Math.floor(Date.now() / 1000) + offset });
  genesis = node.chain.dag.path[0];
});
afterAll(async () => node?.close());

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${node.url}${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  expect(res.status).toBe(200);
  return parseJson(await res.text()) as Record<string, unknown>;
}

function state() {
  return { events: node.events().length, vertices: node.chain.dag.vertices.size, mempool: [...node.chain.dag.mempool] };
}

/** Pushes over HTTP and expects the node's rejection, with no event, vertex or mempool change. */
async function expectRejected(opts: TxSpecOptions, message: string, canForce = true): Promise<void> {
  const before = state();
  const { hex } = buildTx(opts);
  expect(await post('/v1a/push_tx', { hex_tx: hex, force: false })).toEqual({ success: false, message, can_force: canForce });
  expect(state()).toEqual(before);
}

async function accept(opts: TxSpecOptions): Promise<string> {
  const { hex, hash } = buildTx(opts);
  const reply = await post('/v1a/push_tx', { hex_tx: hex, force: false });
  expect(reply).toMatchObject({ success: true, message: '', tx: { hash } });
  return hash;
}

let pay: string;
test('a signed transfer of the premine is accepted and announced', async () => {
  const before = node.events().length;
  pay = await accept(
    onNode(node, {
      inputs: [{ txId: genesis, index: 0, key: a }],
      outputs: [
        { address: b.address, value: 1000n },
        { address: a.address, value: PREMINE - 1000n },
      ],
    }),
  );
  const types = node.events().slice(before).map((e) => (JSON.parse(e) as { type: string; data: { hash: string } }));
  // the funder's metadata changes (its output is spent), then the new tx's, then the tx itself
  expect(types.map((e) => [e.type, e.data.hash])).toEqual([
    ['VERTEX_METADATA_CHANGED', pay],
    ['VERTEX_METADATA_CHANGED', genesis],
    ['NEW_VERTEX_ACCEPTED', pay],
  ]);
  expect(node.chain.dag.mempool.has(pay)).toBe(true);
});

test('malformed pushes get the node answers', async () => {
  expect(await post('/v1a/push_tx', {})).toEqual({ success: false, message: 'Missing hexadecimal data', can_force: false });
  expect(await post('/v1a/push_tx', { hex_tx: 'xyz' })).toEqual({ success: false, message: 'Invalid hexadecimal data', can_force: false });
  expect(await post('/v1a/push_tx', { hex_tx: '0001' })).toEqual({
    success: false,
    message: 'This transaction is invalid. Try to decode it first to validate it.',
    can_force: false,
  });
  expect((await post('/v1a/push_tx', '{"hex_tx":')).message).toMatch(/^request body is not valid JSON/);
  const viaGet = async (query: string) => (await fetch(`${node.url}/v1a/push_tx${query}`)).json();
  expect(await viaGet('')).toEqual({ success: false, message: 'Missing hexadecimal data', can_force: false });
  expect(await viaGet('?hex_tx=0z')).toEqual({ success: false, message: 'Invalid hexadecimal data', can_force: false });
});

test('a double spend of a mempool tx input is refused', async () => {
  const opts = onNode(node, { inputs: [{ txId: genesis, index: 0, key: a }], outputs: [{ address: b.address, value: PREMINE }] });
  await expectRejected(opts, DOUBLE_SPEND, false);
});

test('a double spend of a confirmed input is refused', async () => {
  node.mine();
  expect(node.chain.dag.get(pay).firstBlock).not.toBeNull();
  const opts = onNode(node, { inputs: [{ txId: genesis, index: 0, key: a }], outputs: [{ address: b.address, value: PREMINE }] });
  await expectRejected(opts, DOUBLE_SPEND, false);
});

test('a bad signature and a signature by another key are refused', async () => {
  const spend = { inputs: [{ txId: pay, index: 0, key: b }], outputs: [{ address: a.address, value: 1000n }] };
  await expectRejected(onNode(node, { ...spend, breakSignatures: true }), 'OP_CHECKSIG: failed\nStack left with False value');
  await expectRejected(onNode(node, { ...spend, signWith: a }), 'Failed to verify if elements are equal');
});

test('unbalanced values and missing inputs are refused', async () => {
  const more = onNode(node, { inputs: [{ txId: pay, index: 0, key: b }], outputs: [{ address: a.address, value: 1001n }] });
  await expectRejected(more, "HTR balance is different than expected. (amount=1, expected=0)");
  const less = onNode(node, { inputs: [{ txId: pay, index: 0, key: b }], outputs: [{ address: a.address, value: 999n }] });
  await expectRejected(less, "HTR balance is different than expected. (amount=-1, expected=0)");
  const ghost = 'ab'.repeat(32);
  await expectRejected(onNode(node, { inputs: [{ txId: ghost, index: 0, key: b }], outputs: [{ address: a.address, value: 1n }] }), `Input tx does not exist: ${ghost}`);
  await expectRejected(
    onNode(node, { inputs: [{ txId: pay, index: 7, key: b }], outputs: [{ address: a.address, value: 1n }] }),
    `Output spent by this input does not exist: ${pay} index 7`,
  );
});

test('a block reward is refused until it is buried reward_spend_min_blocks deep', async () => {
  const block = node.mine();
  const spend = () => onNode(node, { inputs: [{ txId: block, index: 0, key: miner }], outputs: [{ address: a.address, value: 6400n }] });
  await expectRejected(spend(), `Reward ${block} still needs 3 to be unlocked.`);
  node.mine();
  node.mine();
  await expectRejected(spend(), `Reward ${block} still needs 1 to be unlocked.`);
  node.mine();
  await accept(spend());
});

test('a timelocked output is refused before its time and accepted after it', async () => {
  const change = node.chain.dag.get(pay).outputs[1].value;
  const until = node.chain.clock() + 3600;
  const locked = await accept(
    onNode(node, {
      inputs: [{ txId: pay, index: 1, key: a }],
      outputs: [
        { address: b.address, value: 500n, timelock: until },
        { address: a.address, value: change - 500n },
      ],
    }),
  );
  const spend = (timestamp?: number) =>
    onNode(node, { inputs: [{ txId: locked, index: 0, key: b }], outputs: [{ address: a.address, value: 500n }], timestamp });
  await expectRejected(spend(), `The output is locked until ${formatTimelock(until)}`);
  offset = 3601;
  await accept(spend(until + 1));
});

test('token creation needs its deposit; mint and melt need their authorities', async () => {
  const htr = await accept(
    onNode(node, { inputs: [{ txId: node.chain.dag.path[1], index: 0, key: miner }], outputs: [{ address: a.address, value: 6400n }] }),
  );
  const supply = 10_000n;
  const creation = (deposit: bigint) =>
    onNode(node, {
      create: { name: 'Live Token', symbol: 'LIVE' },
      inputs: [{ txId: htr, index: 0, key: a }],
      outputs: [
        { address: a.address, value: supply, tokenIndex: 1 },
        { address: a.address, value: 1n, tokenIndex: 1, authority: true },
        { address: a.address, value: 2n, tokenIndex: 1, authority: true },
        { address: a.address, value: 6400n - deposit },
      ],
    });
  const noDeposit = creation(0n);
  const { hash: uidIfAccepted } = buildTx(noDeposit);
  expect(uidIfAccepted).toHaveLength(64);
  await expectRejected(noDeposit, "HTR balance is different than expected. (amount=0, expected=-100)");
  const token = await accept(creation(100n));
  expect(node.chain.dag.get(token).tokenName).toBe('Live Token');

  // minting 500 without the mint authority, paying its deposit
  await expectRejected(
    onNode(node, {
      tokens: [token],
      inputs: [{ txId: token, index: 3, key: a }],
      outputs: [
        { address: b.address, value: 500n, tokenIndex: 1 },
        { address: a.address, value: 6300n - 5n },
      ],
    }),
    `500 ${token} tokens minted, but there is no mint authority input`,
  );
  // melting 1000 without the melt authority
  await expectRejected(
    onNode(node, { tokens: [token], inputs: [{ txId: token, index: 0, key: a }], outputs: [{ address: b.address, value: 9000n, tokenIndex: 1 }] }),
    `1000 ${token} tokens melted, but there is no melt authority input`,
  );
  // the same mint and melt with their authorities pass
  const minted = await accept(
    onNode(node, {
      tokens: [token],
      inputs: [
        { txId: token, index: 1, key: a },
        { txId: token, index: 3, key: a },
      ],
      outputs: [
        { address: b.address, value: 500n, tokenIndex: 1 },
        { address: a.address, value: 1n, tokenIndex: 1, authority: true },
        { address: a.address, value: 6300n - 5n },
      ],
    }),
  );
  await accept(
    onNode(node, {
      tokens: [token],
      inputs: [
        { txId: token, index: 0, key: a },
        { txId: token, index: 2, key: a },
      ],
      outputs: [
        { address: b.address, value: 9000n, tokenIndex: 1 },
        { address: a.address, value: 2n, tokenIndex: 1, authority: true },
        { address: a.address, value: 10n },
      ],
    }),
  );
  expect(node.chain.dag.mempool.has(minted)).toBe(true);
  // txs of one second cannot be each other's parents, so they are separate tips; a block confirms two
  const tips = node.chain.dag.mempoolTips().length;
  for (let i = 0; i < Math.ceil(tips / 2); i++) node.mine();
  expect(node.chain.dag.mempool.size).toBe(0);
});

test('graph errors (parents, timestamps, repeated inputs) and a forced invalid tx get the node texts', async () => {
  const spend = { inputs: [{ txId: pay, index: 0, key: b }], outputs: [{ address: a.address, value: 1000n }] };
  await expectRejected(onNode(node, { ...spend, parents: [] }), 'wrong number of parents (tx type): 0, expecting 2');
  const ghost = 'cd'.repeat(32);
  const withGhost = onNode(node, { ...spend, parents: [node.chain.dag.genesisTxs[0], ghost] });
  await expectRejected(withGhost, `tx=${buildTx(withGhost).hash} parent=${ghost}`);
  const early = onNode(node, { ...spend, parents: node.chain.dag.genesisTxs, timestamp: node.chain.dag.get(pay).timestamp });
  await expectRejected(early, `tx=${buildTx(early).hash} timestamp=${early.timestamp}, spent_tx=${pay} timestamp=${early.timestamp}`);
  const future = onNode(node, { ...spend, timestamp: node.chain.clock() + 10_000 });
  await expectRejected(future, `Ignoring transaction in the future ${buildTx(future).hash} (timestamp=${future.timestamp})`);
  const twice = onNode(node, { inputs: [spend.inputs[0], spend.inputs[0]], outputs: [{ address: a.address, value: 2000n }] });
  await expectRejected(twice, `tx ${buildTx(twice).hash} inputs spend the same output: ${pay} index 0`);

  const forced = await post('/v1a/push_tx', { hex_tx: buildTx(onNode(node, { ...spend, breakSignatures: true })).hex, force: true });
  expect(forced).toEqual({ success: false, message: 'OP_CHECKSIG: failed\nStack left with False value' });
  expect(await post('/v1a/push_tx', { hex_tx: buildTx(onNode(node, spend)).hex, force: 'yes' })).toEqual({
    success: false,
    message: '"force" must be a boolean',
    can_force: false,
  });
});

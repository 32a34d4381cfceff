import { randomUUID } from 'crypto';
import { DEV_SEED, receivingAddressDeriver } from '@wallet-service/common';
import { buildTx, devKey, KNOWN_WALLETS, onNode, startLiveNode, type InputSpec, type LiveNode, type OutputSpec } from 'fullnode-simulator';
import type { App } from '../app';
import { createProposal } from '../data/proposals';
import { storeVersion } from '../data/versionData';
import { httpFullNode } from '../fullnode/client';
import { ROUTES } from '../routes';
import { createTestApi, rows, type TestApi } from './support/api';
import { call, type Answer } from './support/http';
import { createAndLoad, syncStream } from './support/scenario';
import { freePort } from '@wallet-service/common/testing/ports';

/**
 * POST / PUT / DELETE /tx/proposal against the real database and a live stand-in node: the wallet is the
 * development seed, funded by the node's premine and synced by the daemon's own store; what the routes
 * push is judged by the node (signatures, double spends), and what it accepts comes back as events.
 */
jest.setTimeout(60_000);

const route = (name: string) => ROUTES.find((r) => r.name === name)!;
const create = route('txProposalCreate');
const send = route('txProposalSend');
const destroy = route('txProposalDestroy');

let api: TestApi;
let live: LiveNode;
let app: App;
let synced = 0;
let wallet: string;
let other: string;
const as = () => ({ walletId: wallet, mode: 'full' as const });

interface Utxo {
  tx_id: string;
  index: number;
  value: string;
  address: string;
}

async function sync(): Promise<void> {
  const events = live.events();
  await syncStream(api.db.pool, { meta: live, events }, { from: synced });
  synced = events.length;
}

/** The wallet's unspent, unheld outputs as the daemon wrote them. */
async function freeUtxos(walletId = wallet): Promise<Utxo[]> {
  return rows<Utxo>(
    api.db.pool,
    `SELECT o.tx_id, o.\`index\`, o.value, o.address FROM tx_output o JOIN address a ON a.address = o.address
     WHERE a.wallet_id = ? AND o.spent_by IS NULL AND o.voided = FALSE AND o.tx_proposal IS NULL AND o.locked = FALSE AND o.authorities = 0
     ORDER BY o.value DESC`,
    [walletId],
  );
}

const held = (id: string) => rows<{ tx_id: string; index: number; tx_proposal_index: number }>(api.db.pool, 'SELECT tx_id, `index`, tx_proposal_index FROM tx_output WHERE tx_proposal = ? ORDER BY tx_proposal_index', [id]);
const statusOf = async (id: string) => (await rows<{ status: string }>(api.db.pool, 'SELECT status FROM tx_proposal WHERE id = ?', [id]))[0]?.status;

/** The dev seed's key for an address of it (key 0 for outputs that are not the seed's: a test of something else). */
const keyFor = (address?: string) => devKey(Math.max(0, (DEV_SEED.addresses.mainnet as readonly (string | undefined)[]).indexOf(address)));

/** A signed tx spending `inputs`, each signed by the key of its address, with outputs paying `outputs`. */
function txHex(inputs: Array<{ tx_id: string; index: number; address?: string }>, outputs: OutputSpec[], opts: { signWith?: InputSpec['key']; breakSignatures?: boolean } = {}): string {
  const specs: InputSpec[] = inputs.map((i) => ({ txId: i.tx_id, index: i.index, key: keyFor(i.address) }));
  return buildTx(onNode(live, { inputs: specs, outputs, ...(opts.signWith ? { signWith: opts.signWith } : {}), breakSignatures: opts.breakSignatures })).hex;
}

/** Spends `u` whole: `amount` to `to`, the rest back to the dev seed's address 0. */
function payment(u: Utxo, to: string, amount: bigint, opts: Parameters<typeof txHex>[2] = {}): string {
  const change = BigInt(u.value) - amount;
  return txHex([u], [{ address: to, value: amount }, ...(change > 0n ? [{ address: DEV_SEED.addresses.mainnet[0], value: change }] : [])], opts);
}

const propose = (hex: string, walletId = wallet) => call(create, app, { body: { txHex: hex }, as: { walletId, mode: 'full' } });
const push = (id: string, hex: string) => call(send, app, { params: { txProposalId: id }, body: { txHex: hex }, as: as() });

beforeAll(async () => {
  live = await startLiveNode();
  api = await createTestApi('proposals', { DEFAULT_SERVER: `${live.httpUrl}/v1a/`, FULLNODE_TIMEOUT_MS: '2000' });
  app = api.app;
  await sync();
  wallet = await createAndLoad(app, { xpubkey: DEV_SEED.xpubkey });
  other = await createAndLoad(app, KNOWN_WALLETS[0]);
  // Several outputs to work with: the premine split in eight.
  const [premine] = await freeUtxos();
  const part = BigInt(premine.value) / 8n;
  const outputs = Array.from({ length: 8 }, (_, i) => ({ address: DEV_SEED.addresses.mainnet[i % 2], value: i === 7 ? BigInt(premine.value) - 7n * part : part }));
  const accepted = live.pushTx(txHex([premine], outputs));
  if (!accepted.accepted) throw new Error(`the split was refused: ${JSON.stringify(accepted.body)}`);
  live.mine();
  await sync();
});

afterAll(async () => {
  await api?.close();
  await live?.close();
});

describe('create', () => {
  test.each([
    ['not hexadecimal', 'zz', /hexadecimal/],
    ['an odd length', 'abc', /hexadecimal/],
    ['bytes that are not a tx', '0001ff', /"txHex" is not a transaction/],
  ])('%s is a 400 naming txHex', async (_what, hex, message) => {
    const res = await propose(hex);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, error: 'invalid-payload', details: [{ path: ['txHex'] }] });
    expect(res.body.details![0].message).toMatch(message);
  });

  test('a tx with bytes after its end, or one input twice, is refused before anything is held', async () => {
    const [u] = await freeUtxos();
    const res = await propose(`${payment(u, DEV_SEED.addresses.mainnet[1], 1n)}00`);
    expect(res.body).toMatchObject({ error: 'invalid-payload', details: [{ path: ['txHex'], message: '"txHex" has bytes after the end of the transaction' }] });
    const twice = await propose(txHex([u, u], [{ address: DEV_SEED.addresses.mainnet[1], value: 2n * BigInt(u.value) }]));
    expect(twice.body).toMatchObject({ error: 'invalid-payload', details: [{ message: `"txHex" spends ${u.tx_id}:${u.index} twice` }] });
    expect(await rows(api.db.pool, 'SELECT * FROM tx_output WHERE tx_proposal IS NOT NULL')).toEqual([]);
  });

  test('missing, unknown keys and no body are 400s naming the field', async () => {
    expect((await call(create, app, { body: {}, as: as() })).body).toMatchObject({ error: 'invalid-payload', details: [{ path: ['txHex'] }] });
    expect((await call(create, app, { body: { txHex: 'ab', x: 1 }, as: as() })).body.details).toEqual([{ path: ['x'], message: '"x" is not allowed' }]);
  });

  test('the wallet must exist and be ready', async () => {
    const [u] = await freeUtxos();
    const hex = payment(u, DEV_SEED.addresses.mainnet[1], 1n);
    expect((await propose(hex, 'no-such-wallet')).body.error).toBe('wallet-not-found');
    await api.db.pool.query("INSERT INTO wallet (id, xpubkey, auth_xpubkey, status, max_gap, created_at) VALUES ('creating-one', 'x', 'x', 'creating', 20, 1)");
    expect((await propose(hex, 'creating-one')).body.error).toBe('wallet-not-ready');
  });

  test('missing and spent inputs are listed exactly, with txId and index', async () => {
    const [u] = await freeUtxos();
    const spent = (await rows<Utxo>(api.db.pool, 'SELECT tx_id, `index` FROM tx_output WHERE spent_by IS NOT NULL LIMIT 1'))[0];
    const ghost = { tx_id: 'ab'.repeat(32), index: 3 };
    const res = await propose(txHex([u, ghost, spent, { tx_id: u.tx_id, index: 99 }], [{ address: DEV_SEED.addresses.mainnet[1], value: 1n }]));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'inputs-not-found',
      missing: [
        { txId: ghost.tx_id, index: 3 },
        { txId: spent.tx_id, index: spent.index },
        { txId: u.tx_id, index: 99 },
      ],
    });
  });

  test("another wallet's outputs are refused, each listed", async () => {
    const [u] = await freeUtxos();
    const paid = live.pushTx(payment(u, receivingAddressDeriver(KNOWN_WALLETS[0].xpubkey, 'mainnet')(0), 5n));
    expect(paid.accepted).toBeTruthy();
    live.mine();
    await sync();
    const [theirs] = await freeUtxos(other);
    const [mine] = await freeUtxos();
    const res = await propose(txHex([mine, theirs], [{ address: DEV_SEED.addresses.mainnet[1], value: 5n }]));
    expect(res.body).toMatchObject({ error: 'inputs-not-in-wallet', missing: [{ txId: theirs.tx_id, index: theirs.index }] });
  });

  test('a height-locked reward is refused as locked', async () => {
    const reward = (await rows<Utxo>(api.db.pool, 'SELECT o.tx_id, o.`index` FROM tx_output o WHERE o.heightlock IS NOT NULL AND o.spent_by IS NULL ORDER BY o.heightlock DESC LIMIT 1'))[0];
    // The miner address is not the wallet's: make the wallet own it for this check.
    await api.db.pool.query('UPDATE tx_output SET address = ? WHERE tx_id = ? AND `index` = ?', [DEV_SEED.addresses.mainnet[1], reward.tx_id, reward.index]);
    const res = await propose(txHex([reward], [{ address: DEV_SEED.addresses.mainnet[1], value: 1n }]));
    expect(res.body).toMatchObject({ error: 'inputs-locked', locked: [{ txId: reward.tx_id, index: reward.index }] });
  });

  test('the node limits on outputs and inputs, from its version data', async () => {
    const [a, b] = await freeUtxos();
    const version = JSON.parse((await (await fetch(`${live.httpUrl}/v1a/version`)).text())) as Record<string, unknown>;
    await storeVersion(api.db.pool, JSON.stringify({ ...version, max_number_outputs: 1, max_number_inputs: 1 }), app.clock());
    try {
      expect((await propose(payment(a, DEV_SEED.addresses.mainnet[1], 1n))).body).toMatchObject({ error: 'too-many-outputs', outputs: 2, max: 1 });
      const two = txHex([a, b], [{ address: DEV_SEED.addresses.mainnet[1], value: BigInt(a.value) + BigInt(b.value) }]);
      expect((await propose(two)).body).toMatchObject({ error: 'too-many-inputs', inputs: 2, max: 1 });
    } finally {
      await api.db.pool.query('DELETE FROM version_data');
    }
  });

  test('201 holds every input in order and answers their signing paths; a second proposal over one of them is refused', async () => {
    const [a, b] = await freeUtxos();
    const hex = txHex([a, b], [{ address: DEV_SEED.addresses.mainnet[1], value: BigInt(a.value) + BigInt(b.value) }]);
    const res = await propose(hex);
    expect(res.status).toBe(201);
    const id = res.body.txProposalId as string;
    const path = (address: string) => `m/44'/280'/0'/0/${(DEV_SEED.addresses.mainnet as readonly string[]).indexOf(address)}`;
    expect(res.body).toEqual({
      success: true,
      txProposalId: id,
      inputs: [
        { txId: a.tx_id, index: a.index, addressPath: path(a.address) },
        { txId: b.tx_id, index: b.index, addressPath: path(b.address) },
      ],
    });
    expect(await held(id)).toEqual([
      { tx_id: a.tx_id, index: a.index, tx_proposal_index: 0 },
      { tx_id: b.tx_id, index: b.index, tx_proposal_index: 1 },
    ]);
    const again = await propose(txHex([b], [{ address: DEV_SEED.addresses.mainnet[1], value: BigInt(b.value) }]));
    expect(again.body).toMatchObject({ error: 'inputs-already-used', used: [{ txId: b.tx_id, index: b.index }] });
    expect((await call(destroy, app, { params: { txProposalId: id }, as: as() })).status).toBe(200);
  });

  test('20 concurrent creates over one output: exactly one holds it, every other gets inputs-already-used', async () => {
    const [u] = await freeUtxos();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => propose(payment(u, DEV_SEED.addresses.mainnet[1], BigInt(i + 1)))));
    const won = answers.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    expect(answers.filter((r) => r.status !== 201).map((r) => r.body.error)).toEqual(Array(19).fill('inputs-already-used'));
    expect((await held(won[0].body.txProposalId as string)).length).toBe(1);
    await call(destroy, app, { params: { txProposalId: won[0].body.txProposalId as string }, as: as() });
  });

  test('50 concurrent creates over overlapping sets of six outputs: no output held twice, every loser told which of its inputs were taken', async () => {
    const pool = (await freeUtxos()).slice(0, 6);
    expect(pool).toHaveLength(6);
    // Proposal i spends one to three consecutive outputs of the six, starting at i mod 6: every set overlaps others.
    const sets = Array.from({ length: 50 }, (_, i) => Array.from({ length: 1 + (i % 3) }, (_, k) => pool[(i + k) % 6]));
    const hexOf = (set: Utxo[], i: number) => {
      const total = set.reduce((sum, u) => sum + BigInt(u.value), 0n);
      return txHex(set, [{ address: DEV_SEED.addresses.mainnet[1], value: BigInt(i + 1) }, { address: DEV_SEED.addresses.mainnet[0], value: total - BigInt(i + 1) }]);
    };
    const answers = await Promise.all(sets.map((set, i) => propose(hexOf(set, i))));
    const key = (u: { txId?: string; tx_id?: string; index: number }) => `${u.txId ?? u.tx_id}:${u.index}`;
    const holder = new Map<string, string>();
    answers.forEach((r, i) => {
      if (r.status !== 201) return;
      for (const u of sets[i]) {
        expect({ input: key(u), alreadyHeldBy: holder.get(key(u)) }).toEqual({ input: key(u), alreadyHeldBy: undefined });
        holder.set(key(u), r.body.txProposalId as string);
      }
    });
    expect(holder.size).toBeGreaterThan(0);
    answers.forEach((r, i) => {
      if (r.status === 201) return;
      expect({ i, status: r.status, error: r.body.error }).toEqual({ i, status: 400, error: 'inputs-already-used' });
      const used = (r.body.used as { txId: string; index: number }[]).map(key);
      expect(used.length).toBeGreaterThan(0);
      // Only its own inputs, each held by a winner (winners stay open, so whatever beat it still holds it).
      for (const u of used) {
        expect(sets[i].map(key)).toContain(u);
        expect(holder.has(u)).toBe(true);
      }
    });
    const rowsHeld = await rows<{ tx_id: string; index: number; tx_proposal: string }>(
      api.db.pool,
      'SELECT tx_id, `index`, tx_proposal FROM tx_output WHERE tx_proposal IS NOT NULL',
    );
    expect(new Map(rowsHeld.map((r) => [key(r), r.tx_proposal]))).toEqual(holder);
    for (const id of new Set(holder.values())) await call(destroy, app, { params: { txProposalId: id }, as: as() });
  });
});

describe('send and cancel', () => {
  const proposal = async (hex: string) => {
    const res = await propose(hex);
    if (res.status !== 201) throw new Error(`create failed: ${res.text}`);
    return res.body.txProposalId as string;
  };

  test('a pushed tx the node accepts: 200, sent, held until the daemon records the spend, then not open', async () => {
    const [u] = await freeUtxos();
    const hex = payment(u, DEV_SEED.addresses.mainnet[1], 7n);
    const id = await proposal(hex);
    const res = await push(id, hex);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, txProposalId: id, txHex: hex });
    expect(await statusOf(id)).toBe('sent');
    expect(await held(id)).toHaveLength(1);
    live.mine();
    await sync();
    const [row] = await rows<{ spent_by: string | null; tx_proposal: string | null }>(api.db.pool, 'SELECT spent_by, tx_proposal FROM tx_output WHERE tx_id = ? AND `index` = ?', [u.tx_id, u.index]);
    expect(row.spent_by).not.toBeNull();
    expect(row.tx_proposal).toBeNull();
    expect((await push(id, hex)).body).toMatchObject({ error: 'tx-proposal-not-open', status: 'sent' });
    expect((await call(destroy, app, { params: { txProposalId: id }, as: as() })).body).toMatchObject({ error: 'tx-proposal-not-open', status: 'sent' });
  });

  test('a tx that does not spend the held inputs, in order, is refused and nothing is pushed', async () => {
    const [a, b] = await freeUtxos();
    const hex = txHex([a, b], [{ address: DEV_SEED.addresses.mainnet[1], value: BigInt(a.value) + BigInt(b.value) }]);
    const id = await proposal(hex);
    const swapped = txHex([b, a], [{ address: DEV_SEED.addresses.mainnet[1], value: BigInt(a.value) + BigInt(b.value) }]);
    const res = await push(id, swapped);
    expect(res.body).toMatchObject({ error: 'tx-proposal-no-match', txProposalId: id });
    expect(res.body.message).toBe(`the tx spends ${b.tx_id}:${b.index}, ${a.tx_id}:${a.index} but the proposal holds ${a.tx_id}:${a.index}, ${b.tx_id}:${b.index}`);
    expect(await statusOf(id)).toBe('open');
    expect(live.chain.dag.mempool.size).toBe(0);
    await call(destroy, app, { params: { txProposalId: id }, as: as() });
  });

  test("the node's refusal: 400 with its message, send_error, inputs free; a corrected retry takes them back and is sent", async () => {
    const [u] = await freeUtxos();
    const bad = payment(u, DEV_SEED.addresses.mainnet[1], 3n, { breakSignatures: true });
    const id = await proposal(bad);
    const res = await push(id, bad);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, error: 'tx-proposal-send-error', txProposalId: id, txHex: bad });
    expect(res.body.message).toBe(live.pushTx(bad).body.message);
    expect(res.body.message).not.toBe('');
    expect(await statusOf(id)).toBe('send_error');
    expect(await held(id)).toEqual([]);
    const good = payment(u, DEV_SEED.addresses.mainnet[1], 3n);
    expect((await push(id, good)).body).toEqual({ success: true, txProposalId: id, txHex: good });
    expect(await statusOf(id)).toBe('sent');
    live.mine();
    await sync();
  });

  test('two sends of one proposal at once: one is sent, the other finds it sent; the node got the tx once', async () => {
    const [u] = await freeUtxos();
    const hex = payment(u, DEV_SEED.addresses.mainnet[1], 2n);
    const id = await proposal(hex);
    const pushed = live.events().length;
    const answers = await Promise.all([push(id, hex), push(id, hex), push(id, hex)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    for (const r of answers.filter((a) => a.status === 400)) expect(r.body).toMatchObject({ error: 'tx-proposal-not-open', status: 'sent' });
    expect(await statusOf(id)).toBe('sent');
    expect(await held(id)).toHaveLength(1);
    const accepted = live.events().slice(pushed).filter((e) => e.includes('NEW_VERTEX_ACCEPTED'));
    expect(accepted).toHaveLength(1);
    live.mine();
    await sync();
  });

  test('a send and a cancel at once: exactly one wins, and the outcome is whole either way', async () => {
    const [u] = await freeUtxos();
    const hex = payment(u, DEV_SEED.addresses.mainnet[1], 2n);
    const id = await proposal(hex);
    const mempool = live.chain.dag.mempool.size;
    const [sent, cancelled] = await Promise.all([push(id, hex), call(destroy, app, { params: { txProposalId: id }, as: as() })]);
    expect([sent.status, cancelled.status].sort()).toEqual([200, 400]);
    if (sent.status === 200) {
      expect(cancelled.body).toMatchObject({ error: 'tx-proposal-not-open', status: 'sent' });
      expect(await statusOf(id)).toBe('sent');
      expect(await held(id)).toHaveLength(1);
      expect(live.chain.dag.mempool.size).toBe(mempool + 1);
    } else {
      expect(sent.body).toMatchObject({ error: 'tx-proposal-not-open', status: 'cancelled' });
      expect(await statusOf(id)).toBe('cancelled');
      expect(await held(id)).toEqual([]);
      expect(live.chain.dag.mempool.size).toBe(mempool);
    }
    live.mine();
    await sync();
  });

  test('a node that is down: a prompt 502 naming it, send_error, inputs free', async () => {
    const [u] = await freeUtxos();
    const hex = payment(u, DEV_SEED.addresses.mainnet[1], 4n);
    const id = await proposal(hex);
    const down = api.withApp({}, { pool: api.db.pool, fullNode: httpFullNode(`http://127.0.0.1:${await freePort()}/v1a/`, 1000) });
    const res = await call(send, down, { params: { txProposalId: id }, body: { txHex: hex }, as: as() });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ error: 'fullnode-unavailable', txProposalId: id, txHex: hex });
    expect(res.body.message).toMatch(/unreachable/);
    expect(await statusOf(id)).toBe('send_error');
    expect(await held(id)).toEqual([]);
    expect((await call(destroy, app, { params: { txProposalId: id }, as: as() })).status).toBe(200);
  });

  test('cancel frees the inputs once; ids that are not proposals, or not ours, are refused', async () => {
    const [u] = await freeUtxos();
    const id = await proposal(payment(u, DEV_SEED.addresses.mainnet[1], 1n));
    const cancel = (txProposalId: string, walletId = wallet) => call(destroy, app, { params: { txProposalId }, as: { walletId, mode: 'full' } });
    expect((await cancel(id, other)).status).toBe(403);
    expect((await call(send, app, { params: { txProposalId: id }, body: { txHex: 'ab' }, as: { walletId: other, mode: 'full' } })).status).toBe(403);
    expect(await statusOf(id)).toBe('open');
    expect((await cancel(id)).body).toEqual({ success: true, txProposalId: id });
    expect(await held(id)).toEqual([]);
    expect(await statusOf(id)).toBe('cancelled');
    expect((await cancel(id)).body).toMatchObject({ error: 'tx-proposal-not-open', status: 'cancelled' });
    expect((await cancel(randomUUID())).status).toBe(404);
    expect((await cancel('not-a-uuid')).body).toMatchObject({ error: 'invalid-payload', details: [{ path: ['txProposalId'] }] });
  });

  test('read-only tokens can neither hold, send nor cancel', async () => {
    const [u] = await freeUtxos();
    const hex = payment(u, DEV_SEED.addresses.mainnet[1], 1n);
    const id = randomUUID();
    await createProposal(api.db.pool, { id, walletId: wallet, inputs: [{ txId: u.tx_id, index: u.index }], now: app.clock() });
    const ro = { walletId: wallet, mode: 'ro' as const };
    const answers: Answer[] = [
      await call(create, app, { body: { txHex: hex }, as: ro }),
      await call(send, app, { params: { txProposalId: id }, body: { txHex: hex }, as: ro }),
      await call(destroy, app, { params: { txProposalId: id }, as: ro }),
    ];
    for (const res of answers) expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'forbidden' });
    expect(await statusOf(id)).toBe('open');
    expect(live.chain.dag.mempool.size).toBe(0);
    await call(destroy, app, { params: { txProposalId: id }, as: as() });
  });
});

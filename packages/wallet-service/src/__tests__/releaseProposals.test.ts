import { randomUUID } from 'crypto';
import { createLogger, executeWrite, selectRows } from '@wallet-service/common';
import { releaseStaleProposals } from '../cron/releaseProposals';
import { closeProposal, createProposal, type OutputKey } from '../data/proposals';
import { createTestApi, testEnv, type TestApi } from './support/api';

/**
 * The cron that frees abandoned proposals, on the real server: old open, send_error and still-holding
 * cancelled proposals are cancelled with their outputs freed, each in its own transaction; young and sent
 * ones are left alone, finished ones are not touched again, and a proposal whose status moves on while the
 * cron works keeps what the other side made of it.
 */
const WALLET = 'w'.repeat(64);
const ADDRESS = 'HH5As5aLtzFkcbmbXZmE65wSd22GqPWq2T';
const NOW = 1_800_000_000;
const AFTER = 300;
const txId = (n: number) => n.toString(16).padStart(64, '0');

let api: TestApi;
let lines: string[];
const app = () =>
  api.withApp({ TX_PROPOSAL_RELEASE_AFTER_S: String(AFTER) }, { clock: () => NOW, log: createLogger({ service: 'test', write: (l) => lines.push(l) }) });

beforeAll(async () => {
  api = await createTestApi('release_proposals');
});
afterAll(async () => api?.close());
beforeEach(async () => {
  lines = [];
  await api.db.pool.query('DELETE FROM tx_output');
  await api.db.pool.query('DELETE FROM tx_proposal');
});

let nextTx = 1;
async function outputs(count: number): Promise<OutputKey[]> {
  const keys = Array.from({ length: count }, () => ({ txId: txId(nextTx++), index: 0 }));
  await executeWrite(
    api.db.pool,
    'INSERT INTO tx_output (tx_id, `index`, token_id, address, value, authorities) VALUES ' + keys.map(() => "(?, ?, '00', ?, 100, 0)").join(', '),
    keys.flatMap((k) => [k.txId, k.index, ADDRESS]),
  );
  return keys;
}

/** A proposal created `age` seconds before NOW holding two fresh outputs. */
async function proposal(age: number): Promise<{ id: string; inputs: OutputKey[] }> {
  const p = { id: randomUUID(), inputs: await outputs(2) };
  await createProposal(api.db.pool, { ...p, walletId: WALLET, now: NOW - age });
  return p;
}

/** What an older release could leave: the status moved but the outputs still held. */
const setStatusOnly = (id: string, status: string) => executeWrite(api.db.pool, 'UPDATE tx_proposal SET status = ? WHERE id = ?', [status, id]);

const state = async (p: { id: string; inputs: OutputKey[] }) => {
  const [row] = await selectRows<{ status: string; updated_at: number | null }>(api.db.pool, 'SELECT status, updated_at FROM tx_proposal WHERE id = ?', [p.id]);
  const held = await selectRows<{ tx_proposal: string | null }>(api.db.pool, 'SELECT tx_proposal FROM tx_output WHERE tx_id IN (?) ORDER BY tx_id', [
    p.inputs.map((k) => k.txId),
  ]);
  return { ...row, held: held.filter((h) => h.tx_proposal === p.id).length };
};

test('releases old open, send_error and still-holding cancelled proposals; leaves young, sent and finished ones alone', async () => {
  const open = await proposal(AFTER + 1);
  const sendError = await proposal(AFTER + 50);
  await setStatusOnly(sendError.id, 'send_error');
  const cancelledHolding = await proposal(AFTER + 100);
  await setStatusOnly(cancelledHolding.id, 'cancelled');
  const cancelledFree = await proposal(AFTER + 200);
  await closeProposal(api.db.pool, { id: cancelledFree.id, from: ['open'], to: 'cancelled', now: NOW - AFTER - 150 });
  const young = await proposal(AFTER - 1);
  const sent = await proposal(AFTER + 300);
  await closeProposal(api.db.pool, { id: sent.id, from: ['open'], to: 'sent', now: NOW - AFTER - 250 });

  expect(await releaseStaleProposals(app())).toEqual({ released: 3, skipped: 0, more: false });
  for (const p of [open, sendError, cancelledHolding]) expect(await state(p)).toEqual({ status: 'cancelled', updated_at: NOW, held: 0 });
  expect(await state(cancelledFree)).toEqual({ status: 'cancelled', updated_at: NOW - AFTER - 150, held: 0 });
  expect(await state(young)).toEqual({ status: 'open', updated_at: null, held: 2 });
  expect(await state(sent)).toEqual({ status: 'sent', updated_at: NOW - AFTER - 250, held: 2 });

  // The freed outputs can be reserved again; a second run finds nothing left to do.
  await createProposal(api.db.pool, { id: randomUUID(), walletId: WALLET, inputs: open.inputs, now: NOW });
  expect(await releaseStaleProposals(app())).toEqual({ released: 0, skipped: 0, more: false });

  const summaries = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'stale tx proposals released');
  expect(summaries.map(({ level, released, skipped, more, before }) => ({ level, released, skipped, more, before }))).toEqual([
    { level: 'info', released: 3, skipped: 0, more: false, before: NOW - AFTER },
    { level: 'info', released: 0, skipped: 0, more: false, before: NOW - AFTER },
  ]);
});

test('a backlog is taken oldest first, at most the limit per run', async () => {
  const [oldest, middle, newest] = [await proposal(AFTER + 30), await proposal(AFTER + 20), await proposal(AFTER + 10)];
  expect(await releaseStaleProposals(app(), 2)).toEqual({ released: 2, skipped: 0, more: true });
  expect([(await state(oldest)).status, (await state(middle)).status, (await state(newest)).status]).toEqual(['cancelled', 'cancelled', 'open']);
  expect(await releaseStaleProposals(app(), 2)).toEqual({ released: 1, skipped: 0, more: false });
  expect(await state(newest)).toEqual({ status: 'cancelled', updated_at: NOW, held: 0 });
});

test('a proposal sent while the cron works on it stays sent and keeps its outputs', async () => {
  const p = await proposal(AFTER + 1);
  const conn = await api.db.pool.getConnection();
  try {
    // The send's transaction has moved the proposal but not committed: the cron lists it as open and
    // its guarded UPDATE waits on the row.
    await conn.beginTransaction();
    await conn.query("UPDATE tx_proposal SET status = 'sent', updated_at = ? WHERE id = ?", [NOW, p.id]);
    const run = releaseStaleProposals(app());
    const deadline = Date.now() + 5_000;
    // In flight on the server is as far as it can get: the row is locked until the send commits.
    const inFlight = "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE db = DATABASE() AND command = 'Query' AND info LIKE 'UPDATE tx\\_proposal SET status = ''cancelled''%'";
    while (Number((await selectRows<{ n: number }>(api.db.pool, inFlight))[0].n) === 0) {
      if (Date.now() > deadline) throw new Error('the cron never reached the proposal row');
      await new Promise((r) => setTimeout(r, 20));
    }
    await conn.commit();
    expect(await run).toEqual({ released: 0, skipped: 1, more: false });
  } finally {
    await conn.rollback();
    conn.release();
  }
  expect(await state(p)).toEqual({ status: 'sent', updated_at: NOW, held: 2 });
});

test('the Lambda export runs the release with the configuration of the environment', async () => {
  const saved = { ...process.env };
  const handlers = await import('../handlers');
  const { closeContainerApp } = await import('../app');
  // The container app runs on the real clock.
  const p = await proposal(NOW - Math.floor(Date.now() / 1000) + 24 * 3600);
  try {
    Object.assign(process.env, testEnv(api.db));
    expect(await handlers.cleanUnsentTxProposals()).toEqual({ released: 1, skipped: 0, more: false });
  } finally {
    await closeContainerApp();
    process.env = saved;
  }
  expect((await state(p)).status).toBe('cancelled');
});

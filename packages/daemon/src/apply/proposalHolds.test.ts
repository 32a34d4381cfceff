import { randomUUID } from 'crypto';
import { createLogger, executeWrite, selectRows, type FullNodeEvent, type TxData } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { dumpTables } from '../__tests__/support/dump';
import { ev, hash, out, vertex } from '../__tests__/support/vertices';
import { resetData } from '../__tests__/support/sync';
import { createAddressDeriver } from '../hathor/derive';
import type { EventStore, StreamIdentity } from '../sync/contract';
import { createStore } from './store';

/**
 * The wallet API holds tx_output rows for its tx proposals (tx_proposal / tx_proposal_index). On the real
 * server, through the real store: the daemon's own writes to a held row (lock flips, placement) leave the
 * hold exactly as it was, and the hold ends when the daemon records the output spent, unspent again,
 * voided or removed — in the batch's own statements, whatever the batch split.
 */
const ALICE = 'HH5As5aLtzFkcbmbXZmE65wSd22GqPWq2T';
const BOB = 'HBCQgVR8Xsyv1BLDjf9NJPK1Hwg4rKUh62';
const IDENTITY: StreamIdentity = { streamId: 's', peerId: 'p', network: 'unittests' };
const NOW = 1_700_000_000;
const clock = { now: NOW };
const log = createLogger({ service: 'test', level: 'error' });

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('daemon_proposal_holds');
});
afterAll(async () => db?.drop());
beforeEach(async () => {
  clock.now = NOW;
  await resetData(db.pool);
  await db.pool.query('DELETE FROM tx_proposal');
});

const store = (): EventStore =>
  createStore({ pool: db.pool, log, rewardSpendMinBlocks: 2, deriveAddress: createAddressDeriver('mainnet'), clock: () => clock.now });

/** Applies events after the committed cursor, `batch` at a time (default: all in one batch). */
async function apply(events: FullNodeEvent[], batch = events.length): Promise<void> {
  const s = store();
  const first = ((await s.readCursor())?.lastEventId ?? -1) + 1;
  const numbered = events.map((e, i) => ({ ...e, id: first + i }));
  for (let i = 0; i < numbered.length; i += batch) await s.applyBatch(numbered.slice(i, i + batch), IDENTITY);
}

interface Held {
  tx_proposal: string | null;
  tx_proposal_index: number | null;
  spent_by: string | null;
  voided: number;
  locked: number;
}
async function row(txId: string, index: number): Promise<Held | undefined> {
  const [r] = await selectRows<Held>(db.pool, 'SELECT tx_proposal, tx_proposal_index, spent_by, voided, locked FROM tx_output WHERE tx_id = ? AND `index` = ?', [
    txId,
    index,
  ]);
  return r;
}

/**
 * What the API's reservation does (a proposal row, then a conditional UPDATE that takes only free, unspent,
 * non-voided outputs): true when it got every output, i.e. they are spendable again.
 */
async function hold(outputs: [string, number][], status: 'open' | 'sent' = 'open', id: string = randomUUID()): Promise<string | false> {
  await executeWrite(db.pool, 'INSERT INTO tx_proposal (id, wallet_id, status, created_at) VALUES (?, ?, ?, 1)', [id, 'w'.repeat(64), status]);
  let taken = 0;
  for (const [i, [txId, index]] of outputs.entries()) {
    const r = await executeWrite(
      db.pool,
      'UPDATE tx_output SET tx_proposal = ?, tx_proposal_index = ? WHERE tx_id = ? AND `index` = ? AND tx_proposal IS NULL AND spent_by IS NULL AND voided = FALSE',
      [id, i, txId, index],
    );
    taken += r.affectedRows;
  }
  return taken === outputs.length ? id : false;
}

const accept = (v: TxData) => ev('NEW_VERTEX_ACCEPTED', v);
const changed = (v: TxData) => ev('VERTEX_METADATA_CHANGED', v);
const voided = (v: TxData) => ({ ...v, metadata: { ...v.metadata, voided_by: [v.hash] } });

/** A funding tx paying ALICE 100 and 50 (the second output timelocked until NOW + 100). */
function funding(): TxData {
  return vertex({ hash: hash(), outputs: [out(ALICE, 100), out(ALICE, 50, 0, NOW + 100)] });
}
function spender(funded: TxData, index = 0): TxData {
  return vertex({ hash: hash(), inputs: [{ tx_id: funded.hash, index, spent: out(ALICE, 100) }], outputs: [out(BOB, 100)] });
}
const aliceUnlocked = async () =>
  (await selectRows<{ unlocked_balance: string }>(db.pool, "SELECT unlocked_balance FROM address_balance WHERE address = ? AND token_id = '00'", [ALICE]))[0]
    ?.unlocked_balance;

test('a held output stays held through the daemon writes that do not spend or void it: lock flips and placement', async () => {
  const reward = vertex({ hash: hash(), version: 0, height: 0, outputs: [out(ALICE, 6400)] });
  const f = funding();
  await apply([accept(reward), accept(f)]);
  expect(await row(reward.hash, 0)).toMatchObject({ locked: 1 });
  expect(await row(f.hash, 1)).toMatchObject({ locked: 1 });
  const p = await hold([[reward.hash, 0], [f.hash, 1], [f.hash, 0]]);
  expect(p).not.toBe(false);

  // Two blocks unlock the reward (its row is rewritten with locked = FALSE); f gets a first block.
  const b1 = vertex({ hash: hash(), version: 0, height: 1, outputs: [out(BOB, 6400)] });
  const b2 = vertex({ hash: hash(), version: 0, height: 2, outputs: [out(BOB, 6400)] });
  await apply([accept(b1), accept(b2), changed({ ...f, metadata: { ...f.metadata, first_block: b1.hash } })]);
  expect(await row(reward.hash, 0)).toEqual({ tx_proposal: p, tx_proposal_index: 0, spent_by: null, voided: 0, locked: 0 });
  // The clock alone passes f's timelock: the daemon's timer rewrites that row.
  clock.now = NOW + 200;
  expect(await store().settleTimelocks()).toMatchObject({ unlocked: 1 });
  expect(await row(f.hash, 1)).toEqual({ tx_proposal: p, tx_proposal_index: 1, spent_by: null, voided: 0, locked: 0 });
  expect(await row(f.hash, 0)).toEqual({ tx_proposal: p, tx_proposal_index: 2, spent_by: null, voided: 0, locked: 0 });
});

test('the hold ends when the daemon records the spend; the other outputs of the same tx stay held', async () => {
  const f = funding();
  await apply([accept(f)]);
  const p = await hold([[f.hash, 0], [f.hash, 1]], 'sent');
  const s = spender(f);
  await apply([accept(s)]);
  expect(await row(f.hash, 0)).toEqual({ tx_proposal: null, tx_proposal_index: null, spent_by: s.hash, voided: 0, locked: 0 });
  expect(await row(f.hash, 1)).toMatchObject({ tx_proposal: p, tx_proposal_index: 1, spent_by: null });
});

test('the hold ends when the output’s tx is voided', async () => {
  const f = funding();
  await apply([accept(f)]);
  expect(await hold([[f.hash, 0], [f.hash, 1]])).not.toBe(false);
  await apply([changed(voided(f))]);
  for (const index of [0, 1]) expect(await row(f.hash, index)).toMatchObject({ tx_proposal: null, tx_proposal_index: null, voided: 1 });
});

test('the hold ends when the node removes the output’s tx, also when it is removed and accepted again in one batch', async () => {
  const f = funding();
  await apply([accept(f)]);
  expect(await hold([[f.hash, 0]])).not.toBe(false);
  await apply([ev('VERTEX_REMOVED', f)]);
  expect(await row(f.hash, 0)).toBeUndefined();

  const g = funding();
  await apply([accept(g)]);
  expect(await hold([[g.hash, 0]])).not.toBe(false);
  await apply([ev('VERTEX_REMOVED', g), accept(g)]);
  expect(await row(g.hash, 0)).toEqual({ tx_proposal: null, tx_proposal_index: null, spent_by: null, voided: 0, locked: 0 });
});

test('a sent proposal whose tx is accepted and then voided leaves its inputs free and spendable, in one batch or two, with identical tables', async () => {
  const f = vertex({ hash: hash(0xf1), outputs: [out(ALICE, 100)] });
  const s = vertex({ hash: hash(0x51), inputs: [{ tx_id: f.hash, index: 0, spent: out(ALICE, 100) }], outputs: [out(BOB, 100)] });
  const tables: unknown[] = [];
  for (const batch of [1, 2]) {
    await resetData(db.pool);
    await db.pool.query('DELETE FROM tx_proposal');
    await apply([accept(f)]);
    expect(await hold([[f.hash, 0]], 'sent', 'a5e1f7c2-0000-4000-8000-000000000001')).not.toBe(false);
    await apply([accept(s), changed(voided(s))], batch);
    expect(await row(f.hash, 0)).toEqual({ tx_proposal: null, tx_proposal_index: null, spent_by: null, voided: 0, locked: 0 });
    expect(await aliceUnlocked()).toBe('100');
    tables.push(await dumpTables(db.pool));
    expect(await hold([[f.hash, 0]])).not.toBe(false);
  }
  expect(tables[1]).toEqual(tables[0]);
});

test('an output still held while spent (as the daemon left them before it released on spend) is freed when its spender is voided', async () => {
  const f = funding();
  const s = spender(f);
  await apply([accept(f), accept(s)]);
  const p = randomUUID();
  await executeWrite(db.pool, 'UPDATE tx_output SET tx_proposal = ?, tx_proposal_index = 0 WHERE tx_id = ? AND `index` = 0', [p, f.hash]);
  await apply([changed(voided(s))]);
  expect(await row(f.hash, 0)).toEqual({ tx_proposal: null, tx_proposal_index: null, spent_by: null, voided: 0, locked: 0 });
  expect(await hold([[f.hash, 0]])).not.toBe(false);
});

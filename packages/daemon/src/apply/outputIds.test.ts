import { selectRows } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import type { OutputState } from '../state/rows';
import { OutputIds } from './outputIds';

/** New outputs get their ids from the daemon; a given id is never given again by the same process. */
describe('tx_output ids given by the daemon', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('output_ids');
  });
  afterAll(async () => db.drop());

  const row = (txId: string, index: number, id: string | null = null): OutputState => ({
    id,
    txId,
    index,
    token: '00',
    address: 'H' + 'a'.repeat(33),
    value: 1n,
    authorities: 0,
    timelock: null,
    heightlock: null,
    locked: false,
    spentBy: null,
    voided: false,
    txProposal: null,
    txProposalIndex: null,
  });
  const insert = (rows: OutputState[]) =>
    db.pool.query('INSERT INTO tx_output (id, tx_id, `index`, token_id, address, value) VALUES ?', [
      rows.map((o) => [o.id, o.txId, o.index, o.token, o.address, o.value.toString()]),
    ]);

  it('numbers rows without an id above the largest stored, keeps ids already known, never gives one twice', async () => {
    const tx = (n: number) => String(n).padStart(64, '0');
    // Rows written elsewhere (auto-increment) before this process started.
    await db.pool.query('INSERT INTO tx_output (tx_id, `index`, token_id, address, value) VALUES ?', [
      [0, 1, 2].map((i) => [tx(1), i, '00', 'H' + 'a'.repeat(33), '1']),
    ]);
    const [{ top }] = await selectRows<{ top: string }>(db.pool, 'SELECT MAX(id) AS top FROM tx_output');
    const ids = new OutputIds();
    const first = [row(tx(2), 0), row(tx(1), 0, '77'), row(tx(2), 1)];
    await ids.assign(db.pool, first);
    expect(first.map((o) => o.id)).toEqual([String(BigInt(top) + 1n), '77', String(BigInt(top) + 2n)]);
    await insert([first[0], first[2]]);

    // The newest row goes away (a removed vertex): its id, and the one given to a row that never landed,
    // are not given again.
    const lost = [row(tx(3), 0)];
    await ids.assign(db.pool, lost);
    await db.pool.query('DELETE FROM tx_output WHERE tx_id = ?', [tx(2)]);
    const next = [row(tx(4), 0)];
    await ids.assign(db.pool, next);
    expect(BigInt(next[0].id as string)).toBe(BigInt(lost[0].id as string) + 1n);

    // A row stored by someone else meanwhile moves the numbering above it.
    await db.pool.query('INSERT INTO tx_output (id, tx_id, `index`, token_id, address, value) VALUES (1000, ?, 0, ?, ?, 1)', [tx(5), '00', 'H' + 'a'.repeat(33)]);
    const after = [row(tx(6), 0)];
    await ids.assign(db.pool, after);
    expect(after[0].id).toBe('1001');
  });
});

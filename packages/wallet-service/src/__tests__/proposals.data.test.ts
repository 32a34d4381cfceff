import { randomUUID } from 'crypto';
import { createPool, executeWrite, selectRows, type Pool } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { closeProposal, createProposal, InputsTakenError, type OutputKey } from '../data/proposals';

/**
 * The proposal aggregate's writes on the real server: the input reservation is atomic under
 * concurrency (no input ever held by two proposals, losers leave nothing behind), and closing a
 * proposal frees its inputs unless it was sent.
 */
const WALLET = 'w'.repeat(64);
const ADDRESS = 'HH5As5aLtzFkcbmbXZmE65wSd22GqPWq2T';
const txId = (n: number) => n.toString(16).padStart(64, '0');

let db: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  db = await createTestDatabase('proposals_data');
  // More connections than the server needs for 50 creates to really overlap.
  pool = createPool(db.config, { connectionLimit: 16 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function seedOutputs(first: number, count: number, extra: { spentBy?: string; voided?: boolean } = {}): Promise<OutputKey[]> {
  const keys = Array.from({ length: count }, (_, i) => ({ txId: txId(first + i), index: 0 }));
  await executeWrite(
    db.pool,
    'INSERT INTO tx_output (tx_id, `index`, token_id, address, value, authorities, spent_by, voided) VALUES ' + keys.map(() => '(?, ?, ?, ?, ?, 0, ?, ?)').join(', '),
    keys.flatMap((k) => [k.txId, k.index, '00', ADDRESS, '100', extra.spentBy ?? null, extra.voided ?? false]),
  );
  return keys;
}

const holders = (keys: readonly OutputKey[]) =>
  selectRows<{ tx_id: string; tx_proposal: string | null; tx_proposal_index: number | null }>(
    db.pool,
    `SELECT tx_id, tx_proposal, tx_proposal_index FROM tx_output WHERE tx_id IN (${keys.map(() => '?').join(', ')}) ORDER BY tx_id`,
    keys.map((k) => k.txId),
  );

/** A small seeded generator, so a failure replays with the same overlaps. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('50 concurrent creates over overlapping inputs: no input is ever held twice, every loser gets InputsTakenError and leaves no row', async () => {
  const utxos = await seedOutputs(1000, 20);
  const next = rng(7);
  const attempts = Array.from({ length: 50 }, () => {
    const picked = new Set<number>();
    const size = 2 + Math.floor(next() * 4);
    while (picked.size < size) picked.add(Math.floor(next() * utxos.length));
    return { id: randomUUID(), inputs: [...picked].map((i) => utxos[i]) };
  });

  const outcomes = await Promise.allSettled(attempts.map((a) => createProposal(pool, { id: a.id, walletId: WALLET, inputs: a.inputs, now: 1 })));
  const winners = attempts.filter((_, i) => outcomes[i].status === 'fulfilled');
  const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  expect(winners.length).toBeGreaterThan(0);
  expect(losers.length).toBeGreaterThan(0);
  for (const err of losers) expect(err).toBeInstanceOf(InputsTakenError);

  // Winners are pairwise disjoint and hold exactly their inputs, at their positions in the tx.
  const seen = new Map<string, string>();
  for (const w of winners) {
    for (const k of w.inputs) {
      expect(seen.get(k.txId)).toBeUndefined();
      seen.set(k.txId, w.id);
    }
  }
  const rows = await holders(utxos);
  for (const r of rows) {
    const owner = seen.get(r.tx_id) ?? null;
    expect({ tx: r.tx_id, holder: r.tx_proposal }).toEqual({ tx: r.tx_id, holder: owner });
    if (owner) {
      const w = winners.find((x) => x.id === owner)!;
      expect(r.tx_proposal_index).toBe(w.inputs.findIndex((k) => k.txId === r.tx_id));
    }
  }
  // Only the winners' proposal rows exist: a loser rolled back its insert with its reservation.
  const proposals = await selectRows<{ id: string }>(db.pool, 'SELECT id FROM tx_proposal WHERE id IN (?)', [attempts.map((a) => a.id)]);
  expect(proposals.map((p) => p.id).sort()).toEqual(winners.map((w) => w.id).sort());
});

test('spent or voided outputs are never reserved, and the whole proposal is refused', async () => {
  const free = await seedOutputs(2000, 2);
  const [spent] = await seedOutputs(2100, 1, { spentBy: txId(9999) });
  const [voided] = await seedOutputs(2200, 1, { voided: true });
  for (const bad of [spent, voided]) {
    const id = randomUUID();
    await expect(createProposal(pool, { id, walletId: WALLET, inputs: [...free, bad], now: 1 })).rejects.toEqual(new InputsTakenError(3, 2));
    expect((await holders(free)).map((r) => r.tx_proposal)).toEqual([null, null]);
  }
});

test('cancelling or failing a proposal frees its inputs once; a sent one keeps them until the daemon records the spend', async () => {
  const inputs = await seedOutputs(3000, 2);
  const first = randomUUID();
  await createProposal(pool, { id: first, walletId: WALLET, inputs, now: 1 });
  expect(await closeProposal(pool, { id: first, from: ['open', 'send_error'], to: 'cancelled', now: 2 })).toBe(true);
  expect((await holders(inputs)).map((r) => r.tx_proposal)).toEqual([null, null]);
  // A second close of the same proposal changes nothing.
  expect(await closeProposal(pool, { id: first, from: ['open', 'send_error'], to: 'send_error', now: 3 })).toBe(false);

  const second = randomUUID();
  await createProposal(pool, { id: second, walletId: WALLET, inputs, now: 4 });
  expect(await closeProposal(pool, { id: second, from: ['open', 'send_error'], to: 'sent', now: 5 })).toBe(true);
  expect((await holders(inputs)).map((r) => r.tx_proposal)).toEqual([second, second]);
  await expect(createProposal(pool, { id: randomUUID(), walletId: WALLET, inputs: inputs.slice(0, 1), now: 6 })).rejects.toBeInstanceOf(InputsTakenError);
  const [row] = await selectRows<{ status: string; updated_at: number }>(db.pool, 'SELECT status, updated_at FROM tx_proposal WHERE id = ?', [second]);
  expect(row).toEqual({ status: 'sent', updated_at: 5 });
});

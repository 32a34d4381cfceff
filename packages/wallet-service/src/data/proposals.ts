import { executeWrite, selectOne, selectRows, withTransaction, type Pool, type Queryable } from '@wallet-service/common';

/**
 * The tx proposal aggregate: a proposal row and the tx_output rows it holds (tx_proposal /
 * tx_proposal_index). Only the API sets these columns; the daemon clears them when it records an output
 * spent, unspent again or voided (a hold is over then) and otherwise leaves them alone.
 */
export type ProposalStatus = 'open' | 'sent' | 'send_error' | 'cancelled';

export interface ProposalRow {
  id: string;
  wallet_id: string;
  status: ProposalStatus;
  created_at: number;
  updated_at: number | null;
}

export interface OutputKey {
  txId: string;
  index: number;
}

/** Some inputs were taken (by another proposal or a spend) between the checks and the reservation. */
export class InputsTakenError extends Error {
  override name = 'InputsTakenError';
  constructor(readonly wanted: number, readonly reserved: number) {
    super(`${wanted - reserved} of ${wanted} inputs are no longer free`);
  }
}

/** `(tx_id = ? AND index = ?) OR …`: index-friendly on MariaDB and MySQL 8 alike (row-constructor IN is not on both). */
function keysWhere(keys: readonly OutputKey[], alias = ''): { sql: string; params: unknown[] } {
  const col = alias ? `${alias}.` : '';
  return {
    sql: keys.map(() => `(${col}tx_id = ? AND ${col}\`index\` = ?)`).join(' OR '),
    params: keys.flatMap((k) => [k.txId, k.index]),
  };
}

const ER_LOCK_DEADLOCK = 1213;
const DEADLOCK_ATTEMPTS = 3;

export interface NewProposal {
  id: string;
  walletId: string;
  /** In the tx's input order. */
  inputs: readonly OutputKey[];
  now: number;
}

/**
 * Creates an open proposal holding `inputs`, in one transaction. The reservation is one conditional
 * UPDATE that only takes outputs nobody holds and nobody spent: a concurrent create that got there
 * first leaves its rows with tx_proposal set, InnoDB re-checks the condition after the row lock, and the
 * affected-row count then falls short, so this proposal rolls back whole with InputsTakenError. Two
 * proposals can never share an input, whatever the interleaving.
 */
export async function createProposal(pool: Pool, p: NewProposal): Promise<void> {
  if (p.inputs.length === 0) throw new Error('a proposal needs at least one input');
  for (let attempt = 1; ; attempt++) {
    try {
      return await reserve(pool, p);
    } catch (err) {
      // A deadlock victim was rolled back whole: trying again decides it against the rows as they now are.
      if ((err as { errno?: number }).errno !== ER_LOCK_DEADLOCK || attempt >= DEADLOCK_ATTEMPTS) throw err;
    }
  }
}

async function reserve(pool: Pool, p: NewProposal): Promise<void> {
  await withTransaction(pool, async (conn) => {
    await executeWrite(conn, "INSERT INTO tx_proposal (id, wallet_id, status, created_at) VALUES (?, ?, 'open', ?)", [p.id, p.walletId, p.now]);
    await holdInputs(conn, p.id, p.inputs);
  });
}

/** The one conditional UPDATE that takes `inputs` for proposal `id`, or throws InputsTakenError (the caller rolls back). */
async function holdInputs(conn: Queryable, id: string, inputs: readonly OutputKey[]): Promise<void> {
  const where = keysWhere(inputs);
  // The position of each input in the tx, so the send can match the pushed tx against it in order.
  const position = inputs.map(() => 'WHEN tx_id = ? AND `index` = ? THEN ?').join(' ');
  const positionParams = inputs.flatMap((k, i) => [k.txId, k.index, i]);
  const r = await executeWrite(
    conn,
    `UPDATE tx_output SET tx_proposal = ?, tx_proposal_index = CASE ${position} END ` +
      `WHERE (${where.sql}) AND tx_proposal IS NULL AND spent_by IS NULL AND voided = FALSE`,
    [id, ...positionParams, ...where.params],
  );
  if (r.affectedRows !== inputs.length) throw new InputsTakenError(inputs.length, r.affectedRows);
}

/**
 * The proposal row, locked until the caller's transaction ends: a send holds it across the push, so a
 * second send, a cancel or the cron that comes meanwhile waits and then sees what the send decided.
 */
export async function lockProposal(conn: Queryable, id: string): Promise<ProposalRow | null> {
  return selectOne<ProposalRow>(conn, 'SELECT * FROM tx_proposal WHERE id = ? FOR UPDATE', [id]);
}

/** Takes `inputs` for a proposal whose failed send freed them (inside the caller's transaction). */
export const rehold = holdInputs;

/** Ends a send inside the caller's transaction: sent keeps the inputs held, send_error frees them. */
export async function recordSend(conn: Queryable, id: string, outcome: 'sent' | 'send_error', now: number): Promise<void> {
  await executeWrite(conn, 'UPDATE tx_proposal SET status = ?, updated_at = ? WHERE id = ?', [outcome, now, id]);
  if (outcome === 'send_error') await executeWrite(conn, 'UPDATE tx_output SET tx_proposal = NULL, tx_proposal_index = NULL WHERE tx_proposal = ?', [id]);
}

/** An input of a tx as the database knows it, with the wallet and index of the address it pays. */
export interface InputRow {
  tx_id: string;
  index: number;
  spent_by: string | null;
  voided: number;
  tx_proposal: string | null;
  timelock: number | null;
  heightlock: number | null;
  wallet_id: string | null;
  address_index: number | null;
}

export async function inputRows(db: Queryable, keys: readonly OutputKey[]): Promise<InputRow[]> {
  const where = keysWhere(keys, 'o');
  return selectRows<InputRow>(
    db,
    'SELECT o.tx_id, o.`index`, o.spent_by, o.voided, o.tx_proposal, o.timelock, o.heightlock, a.wallet_id, a.`index` AS address_index ' +
      `FROM tx_output o LEFT JOIN address a ON a.address = o.address WHERE ${where.sql}`,
    where.params,
  );
}

/** The outputs proposal `id` holds, in the order of the tx's inputs. */
export async function heldInputs(db: Queryable, id: string): Promise<OutputKey[]> {
  const rows = await selectRows<{ tx_id: string; index: number }>(
    db,
    'SELECT tx_id, `index` FROM tx_output WHERE tx_proposal = ? ORDER BY tx_proposal_index',
    [id],
  );
  return rows.map((r) => ({ txId: r.tx_id, index: r.index }));
}

export async function findProposal(db: Queryable, id: string): Promise<ProposalRow | null> {
  return selectOne<ProposalRow>(db, 'SELECT * FROM tx_proposal WHERE id = ?', [id]);
}

/**
 * Moves a proposal that is still in one of `from` to `to` and, unless it was sent, frees its outputs:
 * one transaction, guarded by the status so a concurrent send and cancel cannot both win. False when the
 * proposal was no longer in `from`.
 */
export async function closeProposal(
  pool: Pool,
  p: { id: string; from: readonly ProposalStatus[]; to: Exclude<ProposalStatus, 'open'>; now: number },
): Promise<boolean> {
  return withTransaction(pool, async (conn) => {
    const moved = await executeWrite(
      conn,
      `UPDATE tx_proposal SET status = ?, updated_at = ? WHERE id = ? AND status IN (${p.from.map(() => '?').join(', ')})`,
      [p.to, p.now, p.id, ...p.from],
    );
    if (moved.affectedRows !== 1) return false;
    if (p.to !== 'sent') {
      await executeWrite(conn, 'UPDATE tx_output SET tx_proposal = NULL, tx_proposal_index = NULL WHERE tx_proposal = ?', [p.id]);
    }
    return true;
  });
}

export interface StaleProposal {
  id: string;
  status: Exclude<ProposalStatus, 'sent'>;
}

/**
 * Proposals created before `before` that nobody finished: open or send_error ones, and cancelled ones
 * that still hold outputs (closed by an older release that did not free them in the same transaction).
 * Sent ones keep their outputs until the daemon records the spend, so they are never listed; cancelled
 * ones that hold nothing are done and are not listed again. Oldest first, at most `limit`.
 */
export async function staleProposals(db: Queryable, before: number, limit: number): Promise<StaleProposal[]> {
  const rows = await selectRows<StaleProposal & { created_at: number }>(
    db,
    // The cancelled ones are found from the held outputs (few) rather than from every cancelled proposal
    // ever made (many): STRAIGHT_JOIN keeps the optimizer on that side.
    `SELECT id, status, created_at FROM tx_proposal WHERE status IN ('open', 'send_error') AND created_at < ?
     UNION
     SELECT DISTINCT p.id, p.status, p.created_at FROM tx_output o STRAIGHT_JOIN tx_proposal p ON p.id = o.tx_proposal
       WHERE o.tx_proposal IS NOT NULL AND p.status = 'cancelled' AND p.created_at < ?
     ORDER BY created_at, id LIMIT ?`,
    [before, before, limit],
  );
  return rows.map(({ id, status }) => ({ id, status }));
}

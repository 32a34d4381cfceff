import { selectRows, type Queryable, type TxOutputRow } from '@wallet-service/common';
import { outputKey } from '../state/rows';
import { toOutputState } from '../state/load';
import type { State } from '../state/state';

/**
 * The best height is the height of the highest active (non-voided) block: active blocks are exactly the
 * node's best chain. Read per block version so each query walks the (voided, version, height) index from
 * the top instead of sorting every block.
 */
const BLOCK_VERSIONS = [0, 3, 5];

async function topActiveBlocks(db: Queryable, limit: number): Promise<{ tx_id: string; height: number }[]> {
  const parts = BLOCK_VERSIONS.map(
    () => '(SELECT tx_id, height FROM `transaction` WHERE voided = FALSE AND version = ? AND height IS NOT NULL ORDER BY height DESC LIMIT ?)',
  );
  const params = BLOCK_VERSIONS.flatMap((v) => [v, limit]);
  return selectRows<{ tx_id: string; height: number }>(db, parts.join(' UNION ALL '), params);
}

export async function committedBestHeight(db: Queryable): Promise<number> {
  const rows = await topActiveBlocks(db, 1);
  return rows.reduce((max, r) => Math.max(max, r.height), -1);
}

/**
 * After a batch that voided a block: the database still holds the state before the batch, and the batch
 * changed at most `changed` block rows, so the top `changed + 1` active blocks in the database, with the
 * batch's own rows taking precedence, always contain the new best block.
 */
export async function bestHeightAfter(db: Queryable, s: State): Promise<number> {
  const changed = s.txs.changes();
  const changedIds = new Set(changed.map(([id]) => id));
  let best = -1;
  for (const [, row] of changed) {
    if (row && !row.voided && BLOCK_VERSIONS.includes(row.version) && row.height !== null) best = Math.max(best, row.height);
  }
  for (const r of await topActiveBlocks(db, changed.length + 1)) {
    if (!changedIds.has(r.tx_id)) best = Math.max(best, r.height);
  }
  return best;
}

/**
 * Outputs whose lock may differ at the new best height or the current time but that the batch did not
 * read: height locks between the old and new best height, and locked outputs whose timelock has passed.
 */
export async function loadLockCandidates(db: Queryable, s: State, before: number, after: number, now: number): Promise<void> {
  const rows: TxOutputRow[] = [];
  if (before !== after) {
    const heightLocked = await selectRows<TxOutputRow>(db, 'SELECT * FROM tx_output WHERE heightlock > ? AND heightlock <= ?', [
      Math.min(before, after),
      Math.max(before, after),
    ]);
    rows.push(...heightLocked);
  }
  rows.push(...(await selectRows<TxOutputRow>(db, 'SELECT * FROM tx_output WHERE locked = TRUE AND timelock IS NOT NULL AND timelock <= ?', [now])));
  for (const r of rows) s.outputs.load(outputKey(r.tx_id, r.index), toOutputState(r));
}

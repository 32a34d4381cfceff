import { isBlockVersion, readBestHeight, readTopActiveBlocks, selectOne, selectRows, type Queryable, type TxOutputRow } from '@wallet-service/common';
import { outputKey } from '../state/rows';
import { toOutputState } from '../state/load';
import type { State } from '../state/state';

export const committedBestHeight = readBestHeight;

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
    if (row && !row.voided && isBlockVersion(row.version) && row.height !== null) best = Math.max(best, row.height);
  }
  for (const r of await readTopActiveBlocks(db, changed.length + 1)) {
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

/** Whether a locked output's timelock is at or before `now`: one probe of the (locked, timelock) index. */
export async function hasExpiredTimelock(db: Queryable, now: number): Promise<boolean> {
  const row = await selectOne<{ due: number }>(db, 'SELECT 1 AS due FROM tx_output WHERE locked = TRUE AND timelock <= ? LIMIT 1', [now]);
  return row !== null;
}

import { executeWrite, selectOne } from './query';
import type { Queryable } from './pool';

/**
 * The handshake between the sync daemon and the wallet API's wallet load (see the sync_lock migration).
 * Each side takes this row's lock as the FIRST statement of the transaction that must not interleave
 * with the other: every daemon batch, and the load's claim-build-ready transaction. InnoDB starts a
 * transaction's read view at its first consistent read, so a transaction that waited here sees
 * everything the other side committed. A locking read of a missing row only takes a gap lock, which
 * does not exclude: `lockSync` says so by returning false, and the caller restores the row with
 * `ensureSyncLockRow` (outside its transaction) and retries.
 */
export async function lockSync(conn: Queryable): Promise<boolean> {
  return (await selectOne<{ id: number }>(conn, 'SELECT id FROM sync_lock WHERE id = 1 FOR UPDATE')) !== null;
}

export async function ensureSyncLockRow(db: Queryable): Promise<void> {
  await executeWrite(db, 'INSERT IGNORE INTO sync_lock (id) VALUES (1)');
}

import { withTransaction, type Connection, type Pool, type Queryable } from './pool';
import { selectRows } from './query';

/**
 * The sync lock: the handshake between the sync daemon and the wallet API's wallet load.
 *
 * Contract (both sides use this module, so they cannot drift apart):
 * - Every transaction the daemon commits (each batch, each timelock settle) and the wallet load's
 *   transaction (claim a wallet's addresses, build wallet_balance / wallet_tx_history from the address
 *   tables, flip the wallet to 'ready') take `SELECT id FROM sync_lock WHERE id = 1 FOR UPDATE` as their
 *   FIRST statement, before any other read.
 * - A locking read creates no read view; the transaction's snapshot starts at its first plain read, i.e.
 *   after the lock was granted. So a wallet load sees every batch committed before it, and every batch
 *   after it sees the wallet 'ready' (and from then on keeps its wallet tables itself). They never
 *   interleave, whatever the isolation level.
 * - The row must exist: a locking read of a missing row takes only a gap lock, and gap locks do not
 *   exclude each other. `lockSync` says so (false); the caller rolls back, re-inserts the row with
 *   `ensureSyncLockRow` outside any transaction, and starts again — `withSyncLock` does all of it.
 */
export const SYNC_LOCK_ID = 1;

/** The sync_lock row stayed missing after healing it (something keeps deleting it). */
export class SyncLockMissingError extends Error {
  override name = 'SyncLockMissingError';
}

/**
 * Takes the sync lock in the transaction open on `conn`; must be its first statement. Blocks while another
 * transaction holds it (up to innodb_lock_wait_timeout: ER_LOCK_WAIT_TIMEOUT). Returns false, holding no
 * lock that excludes anyone, when the row is missing.
 */
export async function lockSync(conn: Queryable): Promise<boolean> {
  const rows = await selectRows<{ id: number }>(conn, 'SELECT id FROM sync_lock WHERE id = ? FOR UPDATE', [SYNC_LOCK_ID]);
  return rows.length > 0;
}

/** Re-creates the sync_lock row if it is missing. Outside any transaction (on the pool). */
export async function ensureSyncLockRow(db: Queryable): Promise<void> {
  await db.query('INSERT IGNORE INTO sync_lock (id) VALUES (?)', [SYNC_LOCK_ID]);
}

/** Starting again after healing the row; more than that means the row is being removed continually. */
const LOCK_ATTEMPTS = 3;

/**
 * `withTransaction` whose first statement takes the sync lock. When the row is missing the transaction is
 * rolled back before `fn` runs, the row is re-inserted and the transaction started again.
 */
export async function withSyncLock<T>(pool: Pool, fn: (conn: Connection) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(pool, async (conn) => {
        if (!(await lockSync(conn))) throw new SyncLockMissingError('the sync_lock row is missing');
        return fn(conn);
      });
    } catch (err) {
      if (!(err instanceof SyncLockMissingError) || attempt >= LOCK_ATTEMPTS) throw err;
      await ensureSyncLockRow(pool);
    }
  }
}

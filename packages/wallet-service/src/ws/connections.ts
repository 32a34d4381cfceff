import { executeWrite, selectRows, type Queryable } from '@wallet-service/common';

/**
 * Websocket connections and the wallets they joined (tables of migration 20261204000002). A connection
 * row is written on $connect; deleting it (on $disconnect, or when the gateway says the connection is
 * gone) takes its joins with it through the foreign key's cascade.
 */
export async function addConnection(db: Queryable, connectionId: string, now: number): Promise<void> {
  // A retried $connect (the gateway may run it again) must not fail on its own first row.
  await executeWrite(db, 'INSERT IGNORE INTO ws_connection (connection_id, connected_at) VALUES (?, ?)', [connectionId, now]);
}

export async function removeConnection(db: Queryable, connectionId: string): Promise<void> {
  await executeWrite(db, 'DELETE FROM ws_connection WHERE connection_id = ?', [connectionId]);
}

/**
 * Joins a connection to a wallet. The connection row is (re)written first: a join that arrives after its
 * $connect's row was lost (a reset, a failed write the gateway did not see) still takes effect, and a
 * connection that really is gone is purged by the consumer's first send to it.
 */
export async function joinWallet(db: Queryable, connectionId: string, walletId: string, now: number): Promise<void> {
  await addConnection(db, connectionId, now);
  await executeWrite(
    db,
    'INSERT INTO ws_wallet_connection (wallet_id, connection_id, joined_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE joined_at = VALUES(joined_at)',
    [walletId, connectionId, now],
  );
}

/** The distinct connections joined to any of `walletIds` (one primary-key range read per wallet). */
export async function connectionsOf(db: Queryable, walletIds: readonly string[]): Promise<string[]> {
  if (walletIds.length === 0) return [];
  const rows = await selectRows<{ connection_id: string }>(
    db,
    'SELECT DISTINCT connection_id FROM ws_wallet_connection WHERE wallet_id IN (?) ORDER BY connection_id',
    [walletIds],
  );
  return rows.map((r) => r.connection_id);
}

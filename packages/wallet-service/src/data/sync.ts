import { selectOne, selectRows, type Queryable } from '@wallet-service/common';

/** The daemon's cursor: the last event whose effects are committed, and when it was committed (unix s). */
export interface SyncPoint {
  lastEventId: number;
  committedAt: number;
}

export async function readSyncPoint(db: Queryable): Promise<SyncPoint | null> {
  const row = await selectOne<{ last_event_id: number; committed_at: string | number }>(
    db,
    'SELECT last_event_id, UNIX_TIMESTAMP(updated_at) AS committed_at FROM sync_metadata WHERE id = 0',
  );
  return row ? { lastEventId: row.last_event_id, committedAt: Math.floor(Number(row.committed_at)) } : null;
}

const BLOCK_VERSIONS = [0, 3, 5];

export interface BestBlock {
  txId: string;
  height: number;
  timestamp: number;
}

/**
 * The best block as the daemon defines it: the highest block that is not voided (active blocks are the
 * node's best chain), read per block version from the top of the (voided, version, height) index.
 */
export async function readBestBlock(db: Queryable): Promise<BestBlock | null> {
  const part = '(SELECT tx_id, height, timestamp FROM `transaction` WHERE voided = FALSE AND version = ? AND height IS NOT NULL ORDER BY height DESC LIMIT 1)';
  const rows = await selectRows<{ tx_id: string; height: number; timestamp: number }>(
    db,
    BLOCK_VERSIONS.map(() => part).join(' UNION ALL '),
    BLOCK_VERSIONS,
  );
  let best: BestBlock | null = null;
  for (const r of rows) if (!best || r.height > best.height) best = { txId: r.tx_id, height: r.height, timestamp: r.timestamp };
  return best;
}

/** Height of the best block, -1 before the first block. */
export async function readBestHeight(db: Queryable): Promise<number> {
  return (await readBestBlock(db))?.height ?? -1;
}

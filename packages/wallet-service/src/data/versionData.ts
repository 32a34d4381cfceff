import { executeWrite, selectOne, type Queryable } from '@wallet-service/common';

/** The cached copy of the node's GET /version (version_data, row 1) and when it was fetched (unix s). */
export interface CachedVersion {
  timestamp: number;
  data: string;
}

export async function readCachedVersion(db: Queryable): Promise<CachedVersion | null> {
  const row = await selectOne<{ timestamp: string; data: string }>(db, 'SELECT timestamp, data FROM version_data WHERE id = 1');
  return row ? { timestamp: Number(row.timestamp), data: row.data } : null;
}

/** Stores a fresh copy stamped with the time it was fetched (the API we replace kept the old stamp). */
export async function storeVersion(db: Queryable, data: string, fetchedAt: number): Promise<void> {
  await executeWrite(
    db,
    'INSERT INTO version_data (id, timestamp, data) VALUES (1, ?, ?) ON DUPLICATE KEY UPDATE timestamp = VALUES(timestamp), data = VALUES(data)',
    [fetchedAt, data],
  );
}

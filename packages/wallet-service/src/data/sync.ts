import { selectOne, type Queryable } from '@wallet-service/common';

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

export { readBestBlock, readBestHeight } from '@wallet-service/common';

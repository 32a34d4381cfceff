import { createTestDatabase, type TestDatabase } from '../testing/database';
import type { Connection } from './pool';
import { ensureSyncLockRow, lockSync, withSyncLock } from './syncLock';

/** The sync lock on the real server: what it excludes, what a missing row means, and the healing. */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('sync_lock', { seed: false });
});
afterAll(async () => db?.drop());
afterEach(async () => ensureSyncLockRow(db.pool));

/** A connection whose lock waits give up after one second instead of innodb_lock_wait_timeout. */
async function impatient(): Promise<Connection> {
  const conn = await db.pool.getConnection();
  await conn.query('SET SESSION innodb_lock_wait_timeout = 1');
  return conn;
}

/** Tries to take the sync lock from another transaction: 'taken', 'missing' (row absent) or the error code. */
async function probe(): Promise<string> {
  const conn = await impatient();
  try {
    await conn.beginTransaction();
    return (await lockSync(conn)) ? 'taken' : 'missing';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  } finally {
    await conn.rollback();
    conn.release();
  }
}

const rows = async () => ((await db.pool.query('SELECT id FROM sync_lock'))[0] as { id: number }[]).map((r) => r.id);

describe('lockSync', () => {
  it('holds the row until the transaction ends: another transaction cannot take it meanwhile', async () => {
    const holder = await db.pool.getConnection();
    try {
      await holder.beginTransaction();
      expect(await lockSync(holder)).toBe(true);
      expect(await probe()).toBe('ER_LOCK_WAIT_TIMEOUT');
      await holder.commit();
      expect(await probe()).toBe('taken');
    } finally {
      holder.release();
    }
  });

  it('answers false for a missing row, and then excludes nobody (gap locks do not conflict)', async () => {
    await db.pool.query('DELETE FROM sync_lock');
    const holder = await db.pool.getConnection();
    try {
      await holder.beginTransaction();
      expect(await lockSync(holder)).toBe(false);
      expect(await probe()).toBe('missing');
      await holder.rollback();
    } finally {
      holder.release();
    }
  });
});

describe('ensureSyncLockRow', () => {
  it('re-inserts a missing row and leaves an existing one alone', async () => {
    await db.pool.query('TRUNCATE TABLE sync_lock');
    await ensureSyncLockRow(db.pool);
    await ensureSyncLockRow(db.pool);
    expect(await rows()).toEqual([1]);
  });
});

describe('withSyncLock', () => {
  it('waits for the holder, and its reads then see what the holder committed', async () => {
    const holder = await db.pool.getConnection();
    const order: string[] = [];
    try {
      await holder.beginTransaction();
      expect(await lockSync(holder)).toBe(true);
      const waiting = withSyncLock(db.pool, async (conn) => {
        order.push('locked');
        const [r] = await conn.query('SELECT last_event_id FROM sync_metadata WHERE id = 0');
        return (r as { last_event_id: number }[])[0]?.last_event_id ?? null;
      });
      await new Promise((r) => setTimeout(r, 300));
      await holder.query('INSERT INTO sync_metadata (id, last_event_id) VALUES (0, 41)');
      order.push('holder commits');
      await holder.commit();
      expect(await waiting).toBe(41);
      expect(order).toEqual(['holder commits', 'locked']);
    } finally {
      holder.release();
      await db.pool.query('DELETE FROM sync_metadata');
    }
  });

  it('heals a truncated table: the row comes back and the body runs once, holding the lock', async () => {
    await db.pool.query('TRUNCATE TABLE sync_lock');
    let calls = 0;
    const seen = await withSyncLock(db.pool, async () => {
      calls++;
      return probe();
    });
    expect(calls).toBe(1);
    expect(seen).toBe('ER_LOCK_WAIT_TIMEOUT');
    expect(await rows()).toEqual([1]);
  });
});

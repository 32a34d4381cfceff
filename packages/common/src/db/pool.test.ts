import { createEmptyDatabase } from '../testing/database';
import { createPool } from './pool';
import { selectRows } from './query';

/**
 * Every API container has its own pool: connections it no longer uses must go back to the server, or a
 * burst over many containers leaves the server at max_connections (seen: bench:api answered 503s).
 */
describe('createPool idleTimeoutMs', () => {
  it('closes a connection that stayed idle longer than the timeout', async () => {
    const db = await createEmptyDatabase('pool_idle');
    const pool = createPool(db.config, { connectionLimit: 2, idleTimeoutMs: 1000 });
    const watcher = createPool(db.config, { connectionLimit: 1 });
    try {
      const [{ id }] = await selectRows<{ id: number }>(pool, 'SELECT CONNECTION_ID() AS id');
      const alive = async () =>
        (await selectRows<{ n: number }>(watcher, 'SELECT COUNT(*) AS n FROM information_schema.processlist WHERE id = ?', [id]))[0].n;
      expect(Number(await alive())).toBe(1);
      // The pool checks every second; the connection is over the timeout on the second or third check.
      const deadline = Date.now() + 5000;
      while (Number(await alive()) === 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(Number(await alive())).toBe(0);
      // The pool still serves: a new connection is opened on demand.
      await expect(selectRows(pool, 'SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
      await watcher.end();
      await db.drop();
    }
  });
});

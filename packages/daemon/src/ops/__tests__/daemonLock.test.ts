import mysql from 'mysql2/promise';
import { createLogger, selectOne } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { acquireDaemonLock, daemonLockName } from '../daemonLock';

/** The daemon lock's connection dying (a database restart, a KILL): taken again, or lost to another daemon. */
describe('daemon lock', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('daemon_lock');
  });
  afterAll(() => db.drop());

  const log = createLogger({ service: 'test', level: 'fatal' });
  const holder = async (name: string) => (await selectOne<{ id: number | null }>(db.pool, 'SELECT IS_USED_LOCK(?) AS id', [name]))?.id ?? null;
  const until = async (cond: () => Promise<boolean>, what: string) => {
    const end = Date.now() + 10_000;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('names the lock by database, within the server limit of 64 characters', () => {
    expect(daemonLockName('wallet_service')).toBe('wallet-service-daemon:wallet_service');
    expect(daemonLockName('x'.repeat(64)).length).toBeLessThanOrEqual(64);
    expect(daemonLockName('x'.repeat(64))).not.toBe(daemonLockName('y'.repeat(64)));
  });

  it('takes the lock again on a new connection when its connection is killed', async () => {
    const name = daemonLockName(db.name);
    const lock = await acquireDaemonLock(db.config, { log, signal: new AbortController().signal, onWait: () => undefined, checkIntervalMs: 100 });
    try {
      const killed = await holder(name);
      expect(killed).not.toBeNull();
      await db.pool.query(`KILL ${Number(killed)}`);
      await until(async () => {
        const now = await holder(name);
        return now !== null && now !== killed;
      }, 'the lock on a new connection');
    } finally {
      await lock.release();
    }
    expect(await holder(name)).toBeNull();
  });

  it('reports the lock lost when another daemon took it while its connection was gone', async () => {
    const name = daemonLockName(db.name);
    const lock = await acquireDaemonLock(db.config, { log, signal: new AbortController().signal, onWait: () => undefined, checkIntervalMs: 300 });
    const other = await mysql.createConnection({ host: db.config.DB_ENDPOINT, port: db.config.DB_PORT, user: db.config.DB_USER, password: db.config.DB_PASS });
    try {
      // The other one queues for the lock first, so the server hands it over the moment the holder dies.
      const [{ id: otherId }] = (await other.query('SELECT CONNECTION_ID() AS id'))[0] as { id: number }[];
      const taken = selectOne<{ got: number }>(other, 'SELECT GET_LOCK(?, 20) AS got', [name]);
      await until(async () => Number((await selectOne<{ n: number }>(db.pool, "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE id = ? AND state LIKE '%lock%'", [otherId]))?.n) === 1, 'the other daemon to wait');
      await db.pool.query(`KILL ${Number(await holder(name))}`);
      expect(await taken).toEqual({ got: 1 });
      const err = await lock.lost;
      expect(err.message).toMatch(/another daemon took the daemon lock of this database \(server connection \d+\) while this one was disconnected/);
    } finally {
      await lock.release();
      await other.end();
    }
  });
});

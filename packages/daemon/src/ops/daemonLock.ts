import { createHash } from 'crypto';
import { createPool, describeDbError, isDbOutage, selectOne, type Connection, type DbConfig, type Logger, type Pool } from '@wallet-service/common';
import { AbortedError, sleep } from '../source/backoff';

/**
 * One daemon per database. Two would both apply batches (the sync lock and the cursor keep the tables
 * right, but one of them stops on a CursorError), both publish the notification outbox (duplicates), and
 * the row cache assumes its process is the only writer. So the daemon holds a named server lock
 * (GET_LOCK: MariaDB and MySQL 8 alike) on a connection of its own while it runs. The server releases it
 * when that connection ends, a crash included, so a second daemon waits and takes over from a dead one.
 */

/** Lock names are server-wide and at most 64 characters: the database's name, hashed when too long. */
export function daemonLockName(database: string): string {
  const name = `wallet-service-daemon:${database}`;
  return name.length <= 64 ? name : `wallet-service-daemon:${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

export interface DaemonLock {
  /** Resolves if another daemon took the lock while this one had lost its connection: it must stop. */
  readonly lost: Promise<Error>;
  release(): Promise<void>;
}

export interface DaemonLockOptions {
  log: Logger;
  signal: AbortSignal;
  /** While waiting: why (another daemon holds it, the database is unreachable). */
  onWait(detail: string): void;
  /** How long each GET_LOCK waits on the server before the wait is reported again. */
  pollSeconds?: number;
  /** How often the held lock's connection is checked (and the lock taken again if it was lost). */
  checkIntervalMs?: number;
}

type Conn = Connection;

/** The lock's connection, taken out of a pool of one and never given back (the lock lives on it). */
async function connect(pool: Pool): Promise<Conn> {
  const conn = await pool.getConnection();
  // A connection that dies emits 'error' (fatal without a listener); the next query on it fails instead.
  conn.on('error', () => undefined);
  return conn;
}

/** A connection that is no longer trusted leaves the pool, which opens a new one on the next connect. */
const drop = (conn: Conn | null) => conn?.destroy();

async function tryLock(conn: Conn, name: string, waitSeconds: number): Promise<{ got: boolean; holder: number | null }> {
  const got = await selectOne<{ got: number | null }>(conn, 'SELECT GET_LOCK(?, ?) AS got', [name, waitSeconds]);
  if (got?.got === 1) return { got: true, holder: null };
  const used = await selectOne<{ holder: number | null }>(conn, 'SELECT IS_USED_LOCK(?) AS holder', [name]);
  return { got: false, holder: used?.holder ?? null };
}

/** Waits until this process holds the lock (or the signal aborts: AbortedError). */
export async function acquireDaemonLock(cfg: DbConfig, o: DaemonLockOptions): Promise<DaemonLock> {
  const name = daemonLockName(cfg.DB_NAME);
  const pollSeconds = o.pollSeconds ?? 2;
  const pool = createPool(cfg, { connectionLimit: 1 });
  let conn: Conn | null = null;
  for (let reported = false; ; ) {
    if (o.signal.aborted) {
      drop(conn);
      await pool.end().catch(() => undefined);
      throw new AbortedError();
    }
    try {
      conn ??= await connect(pool);
      const r = await tryLock(conn, name, pollSeconds);
      if (r.got) {
        o.log.info('daemon lock taken', { lock: name });
        return holdLock(pool, name, conn, o);
      }
      if (!reported) {
        o.log.warn('another daemon is syncing this database; waiting for it to stop', { lock: name, holderConnectionId: r.holder });
        reported = true;
      }
      o.onWait(`another daemon is syncing this database (server connection ${r.holder ?? '?'}); waiting for it to stop`);
    } catch (err) {
      drop(conn);
      conn = null;
      if (!isDbOutage(err)) {
        await pool.end().catch(() => undefined);
        throw err;
      }
      o.onWait(`database unreachable while taking the daemon lock: ${describeDbError(err, cfg)}`);
      await sleep(1000, o.signal);
    }
  }
}

/**
 * Checks the held lock every interval. A connection that died (the database restarted) takes the lock
 * again on a new one; if another daemon got it meanwhile, `lost` resolves.
 */
function holdLock(pool: Pool, name: string, first: Conn, o: DaemonLockOptions): DaemonLock {
  let conn: Conn | null = first;
  let resolveLost: (err: Error) => void = () => undefined;
  const lost = new Promise<Error>((resolve) => (resolveLost = resolve));
  let checking = false;
  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      if (conn) {
        const mine = await selectOne<{ mine: number | null }>(conn, 'SELECT IS_USED_LOCK(?) = CONNECTION_ID() AS mine', [name]);
        if (mine?.mine === 1) return;
      }
      drop(conn);
      conn = null;
      conn = await connect(pool);
      const r = await tryLock(conn, name, 0);
      if (r.got) {
        o.log.warn('daemon lock taken again on a new connection', { lock: name });
        return;
      }
      clearInterval(timer);
      resolveLost(new Error(`another daemon took the daemon lock of this database (server connection ${r.holder ?? '?'}) while this one was disconnected`));
    } catch (err) {
      // Unreachable: nothing can be committed meanwhile either; try again on the next check.
      if (!isDbOutage(err)) o.log.warn('checking the daemon lock failed', { err });
      drop(conn);
      conn = null;
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), o.checkIntervalMs ?? 30_000);
  timer.unref();
  return {
    lost,
    async release() {
      clearInterval(timer);
      const c = conn;
      conn = null;
      if (c) await selectOne(c, 'SELECT RELEASE_LOCK(?) AS released', [name]).catch(() => undefined);
      drop(c);
      await pool.end().catch(() => undefined);
    },
  };
}
